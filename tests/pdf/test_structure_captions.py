"""Captions: appendix labels as printed, table captions without the table, one label per
part of the file; and section kinds from position and content."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from tests.pdf.paper import FILLER, Paper, Run
from tui.pdf import parse_pdf
from tui.pdf.captions import normalise


def plots(p: Paper, xs: tuple[float, ...], top: float, width: float, height: float) -> None:
    """Line plots drawn side by side from ``top`` (a frame and two curves each)."""
    for x in xs:
        p.page.draw_rect((x, top, x + width, top + height), color=(0, 0, 0))
        p.page.draw_line((x + 10, top + height - 10), (x + width - 10, top + 20))
        p.page.draw_line((x + 10, top + height - 30), (x + width - 10, top + 40))


def parsed(paper: Paper, tmp_path: Path):
    return parse_pdf(paper.save(tmp_path / "paper.pdf"), use_cache=False)


def table(p: Paper, rows: list[list[str]]) -> None:
    """Cells as a typesetter places them: each on its own, at its column's x."""
    for row in rows:
        p.room(12)
        p.y += 11
        for k, cell in enumerate(row):
            p.page.insert_text((p.x() + 8 + 90 * k, p.y), cell, fontname="tiro", fontsize=9)
    p.y += 6


def test_appendix_labels_keep_their_dot_and_tables_lose_their_cells(tmp_path):
    p = Paper()
    p.front()
    p.heading("1 Introduction")
    p.filler()
    p.para("Table 1: Accuracy of every model on the benchmark.", size=9, indent=0)
    table(p, [["Model", "Accuracy", "F1"], ["Baseline", "71.0", "70.2"], ["Ours", "92.5", "91.0"]])
    p.filler()
    p.references()
    p.heading("A Extra Results")
    p.page.draw_rect((120, p.y + 8, 480, p.y + 120), fill=(0.8, 0.8, 0.9))
    p.y += 126
    p.para("Figure A.1: Accuracy per class on the held-out split.", size=9, indent=0)
    p.para("Table A.1: Hyper-parameters of the runs.", size=9, indent=0)
    table(p, [["Rate", "0.001"], ["Batch", "256"]])
    p.filler()
    doc = parsed(p, tmp_path)
    assert [(c.label, c.caption) for c in doc.tables] == [
        ("Table 1", "Accuracy of every model on the benchmark."),
        ("Table A.1", "Hyper-parameters of the runs."),
    ]
    assert [(c.label, c.caption) for c in doc.figures] == [
        ("Figure A.1", "Accuracy per class on the held-out split.")
    ]


def test_caption_labels_are_unique_within_each_part(tmp_path):
    p = Paper()
    p.front("Rethinking Bottlenecks")
    p.heading("1 Introduction")
    p.para("Figure 1: The block in the main paper.", size=9, indent=0)
    p.para("Figure 1: a second line that only mentions the label again.", size=9, indent=0)
    p.filler()
    p.references()
    p.second_title("Supplementary Material for Rethinking Bottlenecks")
    p.heading("1 Variants")
    p.para("Figure 1: The first variant of the block.", size=9, indent=0)
    p.filler()
    doc = parsed(p, tmp_path)
    assert [(c.label, c.page) for c in doc.figures] == [("Figure 1", 1), ("Figure 1", 2)]
    assert doc.figures[1].caption == "The first variant of the block."


@given(
    st.sampled_from(["Figure", "Fig.", "FIGURE", "Table", "TABLE"]),
    st.one_of(
        st.integers(1, 199).map(str),
        st.builds(lambda a, n: f"{a}.{n}", st.sampled_from("ABCDS"), st.integers(1, 30)),
        st.builds(lambda a, n: f"{a}{n}", st.sampled_from("S"), st.integers(1, 30)),
    ),
)
def test_labels_are_normalised_but_never_lose_a_component(word, number):
    label = normalise(word, number)
    kind, printed = label.split(" ", 1)
    assert kind in ("Figure", "Table")
    assert printed == number


def test_roman_table_numbers_become_arabic():
    assert normalise("TABLE", "IV") == "Table 4"
    assert normalise("Table", "XII") == "Table 12"


def _section(p: Paper, title: str, text: str, subs: tuple[tuple[str, str], ...] = ()) -> None:
    p.heading(title)
    p.para(text)
    for sub, body in subs:
        p.heading(sub, size=10)
        p.para(body)


def test_kinds_from_position_and_content_not_only_words(tmp_path):
    cites = " ".join(
        f"Prior systems [{k}] and later work [{k + 1}, {k + 2}] studied it."
        for k in range(1, 12, 3)
    )
    numbers = (
        "Table 2 shows 71.3% accuracy with 8 GPUs over 40 epochs, and 3.2 points over the baseline."
    )
    theory = "Theorem 1. Let x be a point. We define f = g + h. Proof. By Lemma 2 and the equation."
    method = "We propose PixelNet. We define the loss L = a + b and our model samples pixels."
    p = Paper()
    p.front()
    _section(p, "1 Introduction", f"Papers are long. {FILLER}.")
    _section(p, "2 Background", f"{cites} {FILLER}.")
    _section(p, "3 PixelNet", f"{method} {FILLER}.", (("3.1 Dataset", f"{method} {FILLER}."),))
    _section(p, "4 Convergence Analysis", f"{theory} {theory} {FILLER}.")
    _section(p, "5 Training", f"{numbers} {numbers} {FILLER}.",
             (("5.1 Optimizer", f"{numbers} {FILLER}."),))  # fmt: skip
    _section(p, "6 Conclusion", f"We showed that sampling works. {FILLER}.")
    doc = parsed(p, tmp_path)
    assert [(s.heading, s.kind) for s in doc.sections] == [
        ("Introduction", "introduction"),
        ("Background", "related"),
        ("PixelNet", "method"),
        ("Dataset", "method"),
        ("Convergence Analysis", "method"),
        ("Training", "experiments"),
        ("Optimizer", "experiments"),
        ("Conclusion", "conclusion"),
    ]


def test_a_background_of_definitions_is_part_of_the_method(tmp_path):
    defs = "We define a layout tree. Let each node carry a box. We denote the width by w = p - c."
    p = Paper()
    p.front()
    _section(p, "1 Introduction", f"Layout is slow. {FILLER}.")
    _section(p, "2 Web Layout Background", f"{defs} {defs} {FILLER}.")
    _section(p, "3 Incremental Layout", f"Our algorithm visits dirty nodes. {FILLER}.")
    _section(p, "4 Evaluation", "Table 1 shows a 1.8x speedup on 83.0% of 2216 benchmarks.")
    doc = parsed(p, tmp_path)
    assert [s.kind for s in doc.sections] == ["introduction", "method", "method", "experiments"]


def test_run_in_bold_paragraph_heads_stay_in_the_text(tmp_path):
    p = Paper()
    p.front()
    p.heading("1 Introduction")
    p.line([Run("Encoder-Decoder Network", "tibo"), Run("  To capture temporal dynamics we use")])
    p.para("an encoder and a decoder. " + FILLER, indent=0)
    p.line([Run("Encoder-Decoder Network with Recurrent Skip Con-", "tibo")], before=6)
    p.line([Run("nection", "tibo"), Run("  Convolutions are windowed over the kernel size.")])
    p.para(FILLER, indent=0)
    doc = parsed(p, tmp_path)
    assert [s.heading for s in doc.sections] == ["Introduction"]
    assert "Encoder-Decoder Network To capture temporal dynamics" in doc.sections[0].text


def test_sub_captions_between_a_drawing_and_its_caption_belong_to_the_figure(tmp_path):
    p = Paper()
    p.front()
    p.heading("1 Introduction")
    p.filler()
    top = p.y + 10
    plots(p, (80, 320), top, 200, 90)
    for x, sub in ((140, "(a) Training loss"), (385, "(b) Test loss")):
        p.page.insert_text((x, top + 104), sub, fontname="tiro", fontsize=10)
    p.y = top + 110
    p.para("Figure 1: Loss curves of every model we trained.", size=9, indent=0)
    p.para("AFTERFIGURE the text goes on. " + FILLER)
    doc = parsed(p, tmp_path)
    text = "\n".join(s.text for s in doc.sections)
    assert "Training loss" not in text and "Test loss" not in text
    assert "AFTERFIGURE" in text
    (figure,) = doc.figures
    assert figure.region is not None and figure.region[3] >= top + 104


def test_titles_set_just_above_a_drawing_belong_to_the_figure(tmp_path):
    # the Transformer's Figure 2: sub-figure titles above the drawing, at body size, at the
    # top of a page where a sentence of the page before goes on
    p = Paper()
    p.front()
    p.heading("1 Introduction")
    p.filler(count=2)
    p.line("The output is computed as a weighted sum")
    p.new_page()
    p.line(
        [
            Run("Scaled Dot-Product Attention"),
            Run("                    "),
            Run("Multi-Head Attention"),
        ]
    )
    top = p.y + 6
    plots(p, (130, 330), top, 150, 120)
    p.y = top + 130
    p.para("Figure 1: Two kinds of attention.", size=9, indent=0)
    p.line("of the values, where the weight of each value comes from its key.", before=8)
    p.filler()
    doc = parsed(p, tmp_path)
    text = " ".join(" ".join(s.text for s in doc.sections).split())
    assert "weighted sum of the values, where the weight" in text
    assert "Multi-Head" not in text


def test_a_wrapped_heading_above_a_table_keeps_its_second_line(tmp_path):
    # S2ORC: a 12 pt bold heading over an 11 pt body, its second line alone is no heading
    p = Paper(body=11)
    p.front()
    p.heading("1 Introduction")
    p.filler(count=2)
    p.references()
    p.line("E Training corpus sizes for other", size=12, font="tibo", before=10)
    p.line("language models", size=12, font="tibo")
    p.y += 6
    table(p, [["Language model", "Training data"], ["ELMO", "1BW (800M)"], ["BERT", "BW (3.3B)"]])
    p.para("Table 5: Training data of each language model.", size=9, indent=0)
    p.filler()
    doc = parsed(p, tmp_path)
    assert doc.sections[-1].heading == "Training corpus sizes for other language models"
    assert [t.label for t in doc.tables] == ["Table 5"]


def test_a_subsection_named_related_work_is_related_work_whatever_its_parent(tmp_path):
    method = "We propose PixelNet. We define the loss L = a + b and our model samples pixels."
    p = Paper()
    p.front()
    _section(p, "1 Introduction", f"Papers are long. {FILLER}.")
    _section(
        p,
        "2 Computing Equilibria",
        f"{method} {FILLER}.",
        (("2.1 Solvers", f"{method} {FILLER}."), ("2.2 Related works on games", FILLER)),
    )
    _section(p, "3 Conclusion", f"We showed that sampling works. {FILLER}.")
    doc = parsed(p, tmp_path)
    assert [s.kind for s in doc.sections] == [
        "introduction", "method", "method", "related", "conclusion"
    ]  # fmt: skip


def test_captions_side_by_side_and_a_caption_beside_wrapped_text_are_found(tmp_path):
    # acmsmall: two figures side by side, their captions on one baseline; ICML: a caption
    # beside a narrow column of text that wraps round its figure
    p = Paper()
    p.front()
    p.heading("1 Introduction")
    p.filler()
    top = p.y + 10
    plots(p, (80, 330), top, 200, 80)
    p.y = top + 90
    p.line("Fig. 6. Setting the summary bit for a node.", size=9)
    p.page.insert_text((330, p.y), "Fig. 7. Finding the dirty nodes in a tree.", fontsize=9)
    p.filler()
    p.page.draw_rect((330, p.y + 10, 540, p.y + 80), color=(0, 0, 0))
    p.page.draw_line((340, p.y + 70), (530, p.y + 20))
    p.y += 84
    left = (
        "pute log probabilities. In-",
        "stead, we use log probabil-",
        "ities computed by a surro-",
        "gate model B. We consider",
        "three models in all.",
    )
    right = (
        "Figure 8. DetectGPT performs",
        "best when scoring samples",
        "with the same model that",
        "generated them.",
    )
    for k, text in enumerate(left):
        p.line(text)
        if k < len(right):
            p.page.insert_text((330, p.y), right[k], fontname="tiro", fontsize=10)
    p.filler()
    doc = parsed(p, tmp_path)
    captions = {c.label: c.caption for c in doc.figures}
    assert captions == {
        "Figure 6": "Setting the summary bit for a node.",
        "Figure 7": "Finding the dirty nodes in a tree.",
        "Figure 8": "DetectGPT performs best when scoring samples with the same model that "
        "generated them.",
    }
    text = " ".join(" ".join(s.text for s in doc.sections).split())
    assert "log probabilities. Instead, we use log probabilities computed by a surrogate" in text
    assert "scoring samples" not in text


def test_a_list_item_or_a_sentence_just_above_a_drawing_stays_text(tmp_path):
    p = Paper()
    p.front()
    p.heading("1 Introduction")
    p.filler()
    p.line("Our contributions are as follows:", before=8)
    p.line("- We release code and trained models.", indent=80, before=10)
    p.line("- We show a short closing sentence.", indent=80, before=10)
    top = p.y + 8
    p.page.draw_rect((120, top, 480, top + 100), color=(0, 0, 0))
    p.page.draw_line((130, top + 90), (470, top + 10))
    p.y = top + 110
    p.para("Figure 1: Speed of every model.", size=9, indent=0)
    p.filler()
    text = " ".join(s.text for s in parsed(p, tmp_path).sections)
    assert "- We release code and trained models." in text
    assert "- We show a short closing sentence." in text

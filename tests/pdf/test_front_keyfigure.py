"""The stage-1 key figure: Figure 1 unless it is neither a result nor an overview; never an
appendix figure while the body has one; the rule that chose it is said."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tests.pdf import fixtures_body as F
from tui.pdf import build_stage, parse_pdf, stage_text
from tui.pdf.keyfigure import choose, in_appendix, role
from tui.pdf.model import Caption, Section


def test_a_diagram_figure_1_beats_an_appendix_figure_that_repeats_the_abstract(tmp_path):
    doc = parse_pdf(F.key_diagram(tmp_path / "diagram.pdf"), use_cache=False)
    assert doc.key_figure is not None and doc.key_figure.label == "Figure 1"
    assert doc.key_figure_rule == "Figure 1 (default: an overview of the work)"
    text = stage_text(build_stage(doc, 1))
    assert "[Figure 1: Overview of the model architecture.]" in text
    assert "key figure: Figure 1 (default: an overview of the work)" in text
    assert "Figure 3" not in text


def test_figure_1_of_data_examples_gives_way_to_the_body_result(tmp_path):
    doc = parse_pdf(F.key_examples(tmp_path / "examples.pdf"), use_cache=False)
    assert [in_appendix(f, doc.sections) for f in doc.figures] == [False, False, True]
    assert doc.key_figure is not None and doc.key_figure.label == "Figure 2"
    assert doc.key_figure_rule.startswith("Figure 2: the body figure whose caption best states")


def test_roles():
    assert role("Overview of the model architecture.") == "overview"
    assert role("Accuracy of our model compared with the baselines.") == "result"
    assert role("Examples of questions from the dataset.") == "other"
    assert role("Example outputs of our model.") == "result"
    assert role("A cat.") == "unknown"


_CAPTIONS = st.sampled_from(
    [
        "Overview of the pipeline.",
        "Accuracy against the baselines.",
        "Examples from the dataset.",
        "Attention maps.",
        "Loss curves during training.",
    ]
)


@given(st.lists(st.tuples(_CAPTIONS, st.booleans()), min_size=1, max_size=8))
def test_never_an_appendix_figure_while_the_body_has_one(figures):
    """Any mix of body and appendix figures: the choice is from the body when it can be."""
    sections = (
        Section("1", "Introduction", "introduction", 1, "x"),
        Section(None, "References", "references", 5, "x"),
        Section("A", "More", "appendix", 6, "x"),
    )
    caps = tuple(
        Caption(f"Figure {k + 1}", text, 1, (0, 0, 1, 1), None, 2 if appendix else 0)
        for k, (text, appendix) in enumerate(figures)
    )
    chosen, why = choose(caps, "Accuracy and loss of the pipeline.", sections)
    assert chosen is not None and why
    if any(not appendix for _, appendix in figures):
        assert not in_appendix(chosen, sections)
        first = caps[0]
        if not figures[0][1] and role(first.caption) != "other":
            assert chosen is first  # a body Figure 1 that is a result, overview or unknown
    else:
        assert "only appendix figures" in why

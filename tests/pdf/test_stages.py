"""Reading stages, figure rendering and the CLI."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from tui.pdf import StageMeta, build_stage, figure_png, stage_text


def _kinds(blocks):
    return [b.kind for b in blocks]


def test_stage1_front_matter_key_figure_abstract(parsed):
    blocks = build_stage(parsed["one"], 1, StageMeta(tldr="Winnow reads papers."))
    text = stage_text(blocks)
    assert _kinds(blocks)[:4] == ["title", "authors", "affiliations", "links"]
    assert any(b.kind == "figure" and b.figure.label == "Figure 1" for b in blocks)
    assert "We present Winnow" in text and "TL;DR: Winnow reads papers." in text
    assert "1 Introduction" not in text


def test_stage2_intro_contributions_conclusion_checklist(parsed):
    blocks = build_stage(parsed["one"], 2)
    text = stage_text(blocks)
    assert sum(b.kind == "contribution" and b.highlight for b in blocks) == 2
    assert "1 Introduction" in text and "4 Conclusion" in text and "2 Method" not in text
    assert "✓ limitations: A limitation of our approach" in text
    heading = next(b for b in blocks if b.kind == "heading" and b.text == "4 Conclusion")
    assert parsed["one"].sections[heading.section].kind == "conclusion"


def test_stage3_folds_math_and_lists_captions(parsed):
    text = stage_text(build_stage(parsed["one"], 3))
    assert "⟨equation 1⟩" in text and "L = W x + b" not in text
    assert "[Table 1: Results on the benchmark.]" in text
    assert "[Figure 2: Pipeline overview" in text
    assert "2 Method" in text and "3 Experiments" in text and "1 Introduction" not in text


def test_stage4_everything_in_order_with_math(parsed):
    text = stage_text(build_stage(parsed["one"], 4))
    order = ["Winnowing Papers", "Abstract", "1 Introduction", "L = W x + b", "4 Conclusion"]
    positions = [text.index(part) for part in order]
    assert positions == sorted(positions)
    assert "[Figure 1: Accuracy" in text


def test_stage1_without_pdf_uses_metadata():
    meta = StageMeta(
        title="A Paper",
        authors=("Ann Lee",),
        abstract="It works.",
        missing_reason="no open-access PDF",
    )
    blocks = build_stage(None, 1, meta)
    text = stage_text(blocks)
    assert text.startswith("A Paper") and "It works." in text
    assert "PDF not available: no open-access PDF" in text
    assert build_stage(None, 3, meta)[0].kind == "note"


def test_figure_png(made, parsed):
    data = figure_png(made["one"], parsed["one"].figures[0], zoom=1.0)
    assert data.startswith(b"\x89PNG")


def test_cli_sections_json(made, capsys):
    from tui.cli import main

    assert main(["sections", str(made["one"]), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["title"] == "Winnowing Papers with Layout Statistics"
    assert [s["heading"] for s in data["sections"]][:2] == ["Introduction", "Method"]


def test_cli_read_stage(made, capsys):
    from tui.cli import main

    assert main(["read", str(made["one"]), "--stage", "3"]) == 0
    assert "⟨equation 1⟩" in capsys.readouterr().out


def test_cli_bad_file_is_one_line(tmp_path, capsys):
    from tui.cli import main

    bad = tmp_path / "notes.pdf"
    bad.write_text("hello")
    assert main(["sections", str(bad)]) == 1
    err = capsys.readouterr().err
    assert err == "winnow: not a PDF: notes.pdf\n"


# --- the conclusion checklist: the paper's own results, limitations and future work -----

_TRUE = {
    "results": "We show that our parser outperforms the baselines on every benchmark.",
    "limitations": "A limitation of our approach is that it cannot read scanned pages.",
    "future_work": "In future work, we plan to extend the parser to tables.",
}
_TRAPS = (
    "Prior work has shown that layout models outperform rules [3].",  # not our result
    "Existing methods have several shortcomings on long documents.",  # not our limitation
    "Our design has no limitations regarding the number of columns.",  # denied
    "To overcome these drawbacks, we propose a new parser.",  # others' drawbacks
    "In this section, we aim to summarise the paper.",  # not future work
    "The parser runs on every page. 1085",  # a page number after the sentence
)


@given(st.permutations(list(_TRUE.values()) + list(_TRAPS)))
def test_checklist_ticks_the_papers_own_statements(order):
    from tui.pdf.conclusion import checklist
    from tui.pdf.model import Section

    conclusion = Section("6", "Conclusion", "conclusion", 9, " ".join(order))
    found = {c.kind: c.sentence for c in checklist([conclusion])}
    assert found == _TRUE


def test_checklist_not_without_limitations_is_a_limitation():
    from tui.pdf.conclusion import checklist
    from tui.pdf.model import Section

    text = "Our corpus is not without its limitations. It was built in one year."
    found = {
        c.kind: c.sentence for c in checklist([Section(None, "Conclusion", "conclusion", 1, text)])
    }
    assert found["limitations"] == "Our corpus is not without its limitations."
    assert found["results"] is None and found["future_work"] is None

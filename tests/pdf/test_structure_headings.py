"""Headings on layouts the corpus does not have: each failure class drawn on purpose."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.pdf.paper import FILLER, Paper, Run, smallcaps
from tui.pdf import parse_pdf


def heads(doc) -> list[tuple[str | None, str, int]]:
    return [(s.number, s.heading, s.level) for s in doc.sections]


def parsed(paper: Paper, tmp_path: Path, name: str = "paper.pdf"):
    return parse_pdf(paper.save(tmp_path / name), use_cache=False)


def test_revtex_nine_point_bold_capitals_on_a_ten_point_body(tmp_path):
    p = Paper(columns=2)
    p.front("Ultra Light Bosons and the Microwave Background")
    for number, title in [("I.", "INTRODUCTION"), ("II.", "BOSONS AS DARK MATTER")]:
        p.heading([Run(number, "tibo", 9), Run("  ", "tibo", 9), Run(title, "tibo", 9)], size=9)
        p.filler(count=2)
    p.heading([Run("III.", "tibo", 9), Run("  TESTING WITH THE CMB", "tibo", 9)], size=9)
    p.filler(count=2)
    p.heading("IV.  CONCLUSIONS", size=9)
    p.filler()
    p.heading("Acknowledgements", size=9)
    p.para("We thank the referee. " + FILLER)
    assert heads(parsed(p, tmp_path)) == [
        ("I", "INTRODUCTION", 1),
        ("II", "BOSONS AS DARK MATTER", 1),
        ("III", "TESTING WITH THE CMB", 1),
        ("IV", "CONCLUSIONS", 1),
        (None, "Acknowledgements", 1),
    ]


def test_elsevier_bold_sections_and_italic_subsections_at_body_size(tmp_path):
    p = Paper(body=10)
    p.front("A Game of Competition")
    p.heading("1. Introduction", size=10)
    p.filler(count=2)
    p.heading("2. A simple model", size=10)
    p.heading("2.1. Description", size=10, font="tiit")
    p.filler()
    # a theorem: bold run-in head, statement in the italic of the subsections
    p.line([Run("Theorem 2.2.", "tibo"), Run(" The game admits no pure equilibrium", "tiit")])
    p.line([Run("when players choose risks at random.", "tiit")])
    p.line([Run("We have", "tiit")], before=4)
    p.para("where the risk is bounded. " + FILLER)
    p.heading("2.2. Nash equilibrium", size=10, font="tiit")
    p.filler()
    p.heading("3. Conclusion", size=10)
    p.filler()
    p.heading("References", size=10)
    p.para("[1] A. Author. A paper about games. Journal of Games, 2020.", indent=0)
    p.heading("Appendix A. Proof of Theorem 2.2", size=10)
    p.filler()
    assert heads(parsed(p, tmp_path)) == [
        ("1", "Introduction", 1),
        ("2", "A simple model", 1),
        ("2.1", "Description", 2),
        ("2.2", "Nash equilibrium", 2),
        ("3", "Conclusion", 1),
        (None, "References", 1),
        ("A", "Proof of Theorem 2.2", 1),
    ]


def test_acmsmall_only_number_depth_tells_the_levels_apart(tmp_path):
    p = Paper(page=(486, 720))
    p.front("Spineless Traversal")
    for title in ["1 Introduction", "2 Background", "2.1 The Layout Phase", "2.2 A Model",
                  "3 Evaluation", "3.1 Setup", "3.2 Results"]:  # fmt: skip
        p.heading(title, size=10)
        p.filler()
    p.heading("Acknowledgments", size=10)
    p.para("Thanks to the reviewers. " + FILLER)
    p.heading("References", size=10)
    p.para("[1] A. Author. 2020. A Paper. In Proc. of Things. 1-10.", indent=0)
    assert heads(parsed(p, tmp_path)) == [
        ("1", "Introduction", 1),
        ("2", "Background", 1),
        ("2.1", "The Layout Phase", 2),
        ("2.2", "A Model", 2),
        ("3", "Evaluation", 1),
        ("3.1", "Setup", 2),
        ("3.2", "Results", 2),
        (None, "Acknowledgments", 1),
        (None, "References", 1),
    ]


def test_word_ieee_regular_weight_small_capitals_in_separate_spans(tmp_path):
    p = Paper(columns=2, body=9.4)
    p.front("Energy Efficient Routing")
    for number, title in [("I.", "INTRODUCTION"), ("II.", "RELATED WORK"), ("III.", "SETUP")]:
        p.heading([Run(number, size=9.4), Run("  ", "helv", 9.4), *smallcaps(title, 9.4)],
                  size=9.4, font="tiro", center=True)  # fmt: skip
        p.filler(count=2)
    p.heading("A. Zone Head Selection", size=9.4, font="tiit")
    p.filler()
    assert heads(parsed(p, tmp_path)) == [
        ("I", "INTRODUCTION", 1),
        ("II", "RELATED WORK", 1),
        ("III", "SETUP", 1),
        ("A", "Zone Head Selection", 2),
    ]


def test_wrapped_headings_hyphen_overlap_and_final_period(tmp_path):
    p = Paper()
    p.front()
    p.heading("1 Introduction")
    p.filler()
    p.heading("2 Encoder-Decoder Networks with Recurrent Skip Con-")
    p.line("nections", size=12, font="tibo")
    p.filler()
    # 14 pt lines only 11 pt apart: the line boxes overlap
    p.heading("3 A Rather Long Heading That Needs", size=14)
    p.line("Two Lines To Be Set", size=14, font="tibo", leading=11)
    p.filler()
    p.heading("4. Results on the Benchmark Suite of")
    p.line("Many Tasks.", size=12, font="tibo")
    p.filler()
    assert heads(parsed(p, tmp_path)) == [
        ("1", "Introduction", 1),
        ("2", "Encoder-Decoder Networks with Recurrent Skip Connections", 1),
        ("3", "A Rather Long Heading That Needs Two Lines To Be Set", 1),
        ("4", "Results on the Benchmark Suite of Many Tasks", 1),
    ]


def test_section_number_alone_at_the_top_of_a_column(tmp_path):
    p = Paper(columns=2, numbers="top")
    p.top = 52  # the columns start inside the band where page numbers live
    p.front()
    p.heading("1 Introduction")
    p.filler(count=3)
    p.heading("2 Related Work")
    while p.col == 0:
        p.para(FILLER)
    p.next_column()  # the right column of page 2 starts with the heading
    p.y = p.band = p.top
    p.line([Run("3", "tibo", 12), Run("    Method", "tibo", 12)])
    p.filler(count=2)
    p.line("4", size=12, font="tibo", before=10)  # the number on a line of its own
    p.line("Experiments", size=12, font="tibo")
    p.filler()
    doc = parsed(p, tmp_path)
    assert heads(doc) == [
        ("1", "Introduction", 1),
        ("2", "Related Work", 1),
        ("3", "Method", 1),
        ("4", "Experiments", 1),
    ]


def test_appendix_forms_and_a_heading_below_a_table(tmp_path):
    p = Paper()
    p.front()
    p.heading("1 Introduction")
    p.filler()
    p.heading("2 Method")
    p.heading("2.1 Model", size=10)
    p.filler()
    p.heading("References")
    p.para("[1] A. Author. A paper about layouts. In Proceedings, 2020.", indent=0)
    p.heading("APPENDIX A", size=10)
    p.line("PROOF OF THE MAIN RESULT", size=10, font="tibo")
    p.filler()
    p.heading("Appendix B. Additional Experiments")
    p.heading("B.1 iNaturalist results", size=10)
    p.filler()
    p.para("Table 3: Accuracy on the held-out species.", size=9, indent=0)
    for row in (["Model", "Top-1", "Top-5"], ["Ours", "71.2", "90.1"], ["Base", "65.0", "86.3"]):
        p.line("      ".join(row), size=8)
    p.heading("B.2 fastText baselines", size=10, before=4)
    p.filler()
    doc = parsed(p, tmp_path)
    assert heads(doc) == [
        ("1", "Introduction", 1),
        ("2", "Method", 1),
        ("2.1", "Model", 2),
        (None, "References", 1),
        ("A", "PROOF OF THE MAIN RESULT", 1),
        ("B", "Additional Experiments", 1),
        ("B.1", "iNaturalist results", 2),
        ("B.2", "fastText baselines", 2),
    ]
    assert [s.kind for s in doc.sections][-4:] == ["appendix"] * 4


def test_a_supplement_restarts_its_numbering_in_a_new_part(tmp_path):
    p = Paper()
    p.front("Rethinking Bottlenecks")
    for title in ("1 Introduction", "2 Method", "3 Conclusion"):
        p.heading(title)
        p.filler()
    p.references()
    p.second_title("Supplementary Material for Rethinking Bottlenecks")
    for title in ("1 Variants of the Block", "2 Searched Architectures"):
        p.heading(title)
        p.filler()
    doc = parsed(p, tmp_path)
    assert heads(doc) == [
        ("1", "Introduction", 1),
        ("2", "Method", 1),
        ("3", "Conclusion", 1),
        (None, "References", 1),
        (None, "Supplementary Material for Rethinking Bottlenecks", 1),
        ("1", "Variants of the Block", 1),
        ("2", "Searched Architectures", 1),
    ]
    assert [s.kind for s in doc.sections][-3:] == ["appendix"] * 3


def test_spurious_heads_ccs_concepts_formulas_references_theorems(tmp_path):
    p = Paper(columns=2)
    p.front("CiteSee")
    p.heading("CCS CONCEPTS", size=9)
    p.para("• Human-centered computing → Interactive systems and tools.", size=9, indent=0)
    p.heading("KEYWORDS", size=9)
    p.para("citations, reading, personalization", size=9, indent=0)
    p.heading("1 INTRODUCTION", size=10)
    p.filler(count=2)
    # a display formula in capitals with a lowered subscript, on a line of its own
    p.line([Run("ELBO", "tiro", 12), Run("VAE", "tiro", 8, rise=-3)], center=True, before=6)
    p.filler()
    p.heading("2 THEORY", size=10)
    p.line("Theorem 1 (Convergence)", font="tibo", before=6)
    p.line([Run("The iterates converge to a fixed point for every start.", "tiit")])
    p.line("Algorithm 1 Greedy search", font="tibo", before=6)
    p.para("Proof. We argue by induction on the number of steps. " + FILLER)
    p.heading("3 CONCLUSION", size=10)
    p.filler()
    p.heading("REFERENCES", size=10)
    for entry in (
        "[1] K. Toutanova, M. Chang and J. Devlin. 2019. Pre-training deep bidirectional",
        "transformers for language understanding. In Proceedings of",
    ):
        p.line(entry, size=9)
    p.line([Run("A. Smith. Neural networks. In NAACL, 2016.", "tiit", 9)])
    p.line("[2] B. Writer. 2019. Columns. In Proceedings of Layout, 1-9.", size=9)
    doc = parsed(p, tmp_path)
    assert heads(doc) == [
        ("1", "INTRODUCTION", 1),
        ("2", "THEORY", 1),
        ("3", "CONCLUSION", 1),
        (None, "REFERENCES", 1),
    ]


@pytest.mark.parametrize("underline", [True, False])
def test_unnumbered_documents_big_sections_and_underlined_subsections(tmp_path, underline):
    p = Paper(body=11)
    p.front("Residues Near a Binding Motif")
    for title, subs in [("Introduction", []), ("Material and methods", ["Growth conditions",
                        "Cloning"]), ("Results", []), ("Discussion", [])]:  # fmt: skip
        p.heading(title, size=20, font="helv")
        p.filler()
        for sub in subs:
            p.line(sub, size=11, before=12)
            if underline:
                length = pymupdf_length(sub, 11)
                p.rule(p.x(), p.y + 1.5, p.x() + length)
            p.filler()
    doc = parsed(p, tmp_path)
    expected = [(None, "Introduction", 1), (None, "Material and methods", 1)]
    if underline:
        expected += [(None, "Growth conditions", 2), (None, "Cloning", 2)]
    expected += [(None, "Results", 1), (None, "Discussion", 1)]
    assert heads(doc) == expected


def pymupdf_length(text: str, size: float) -> float:
    import pymupdf

    return pymupdf.get_text_length(text, fontname="tiro", fontsize=size)


def test_numbered_bold_run_in_sections_split_from_their_paragraph(tmp_path):
    p = Paper()
    p.front("On Run-in Sections")
    for lead, rest in [("1. Introduction.", "Papers in this style run the heading"),
                       ("2. Main results.", "The second section starts the same"),
                       ("2.1. Setup.", "A subsection is set the same way")]:  # fmt: skip
        p.line([Run(lead, "tibo"), Run(f" {rest} into the first line.")], indent=12, before=6)
        p.para(FILLER, indent=0)
    doc = parsed(p, tmp_path)
    assert heads(doc) == [("1", "Introduction", 1), ("2", "Main results", 1), ("2.1", "Setup", 2)]
    assert doc.sections[0].text.startswith("Papers in this style run the heading into the")

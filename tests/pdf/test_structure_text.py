"""Reading order, furniture and text clean-up on drawn pages: running heads, line
numbers, columns around a display equation, drawing labels, hyphens, superscripts,
accents and glyphs nobody can read."""

from __future__ import annotations

import re
from pathlib import Path

import pymupdf
from hypothesis import given
from hypothesis import strategies as st

from tests.pdf.paper import FILLER, Paper, Run
from tui.pdf import parse_pdf
from tui.pdf.glyphs import clean
from tui.pdf.spans import page_lines
from tui.pdf.text import join_two, vocabulary, words_of


def parsed(paper: Paper, tmp_path: Path):
    return parse_pdf(paper.save(tmp_path / "paper.pdf"), use_cache=False)


def body_text(doc) -> str:
    return "\n".join(s.text for s in doc.sections)


def test_running_heads_outside_the_old_band_never_reach_the_text(tmp_path):
    # CHI-style: the head sits at y = 62-69 on a 792 pt page, alternating left and right
    p = Paper(
        columns=2, heads=("CHI ’23, April 23–28, 2023, Hamburg, Germany", "Chang et al."), head_y=68
    )
    p.front()
    for k in range(1, 5):
        p.heading(f"{k} Section Number {k}", size=10)
        p.filler(count=12)
    doc = parsed(p, tmp_path)
    assert doc.pages >= 4
    text = body_text(doc)
    assert "Hamburg" not in text and "Chang et al." not in text
    assert [s.number for s in doc.sections] == ["1", "2", "3", "4"]
    assert not re.search(r"(?m)^\d+$", text)  # page numbers


def test_line_numbers_in_both_margins_are_dropped(tmp_path):
    p = Paper(columns=2, line_numbers=True)
    p.front()
    p.heading("1 Introduction", size=11)
    p.filler(count=4)
    p.heading("2 Method", size=11)
    p.filler(count=4)
    doc = parsed(p, tmp_path)
    text = body_text(doc)
    assert [s.heading for s in doc.sections] == ["Introduction", "Method"]
    assert not re.search(r"\b\d{1,3} (?:Learning|world|and|the)\b", text)
    assert FILLER.split()[5] in text


def test_a_display_equation_overhanging_the_gutter_keeps_the_columns_apart(tmp_path):
    p = Paper(columns=2)
    p.front()
    p.heading("1 Introduction", size=11)
    p.para("LEFTBEFORE the equation we define the loss as follows.")
    # wider than the column: it reaches into the gutter, not into the right column
    formula = "L = E[log p(x|z)] - KL(q(z|x) || p(z)) + c |w|"
    while pymupdf.get_text_length(formula, fontname="tiit", fontsize=10) < p.column + 14:
        formula += " + c"
    p.line([Run(formula, "tiit", 10)], before=4)
    p.para("LEFTAFTER the equation the text of the left column goes on. " + FILLER)
    while p.col == 0:
        p.para(FILLER)
    p.para("RIGHTSIDE of the page starts here and reads last. " + FILLER)
    p.filler(count=2)
    doc = parsed(p, tmp_path)
    text = body_text(doc)
    assert text.index("LEFTBEFORE") < text.index("LEFTAFTER") < text.index("RIGHTSIDE")


def test_labels_inside_an_uncaptioned_plot_stay_out_of_sentences(tmp_path):
    p = Paper()
    p.front()
    p.heading("1 Introduction")
    p.para("The loss falls quickly as the plot shows and the text goes on after it.")
    top = p.y + 6
    for k in range(6):  # a plot: axes, bars and tick labels in 6 pt
        p.page.draw_rect((100 + 40 * k, top + 80 - 10 * k, 120 + 40 * k, top + 80), fill=(0, 0, 1))
        p.page.insert_text((100 + 40 * k, top + 92), f"{0.5 * k:.1f}", fontsize=6)
    p.page.draw_line((95, top), (95, top + 80))
    p.page.draw_line((95, top + 80), (345, top + 80))
    p.page.insert_text((210, top + 102), "Epoch", fontsize=6)
    p.y = top + 110
    p.para("AFTERPLOT the paragraph continues. " + FILLER)
    text = body_text(parsed(p, tmp_path))
    assert "Epoch" not in text and "2.5" not in text
    assert "AFTERPLOT" in text


def test_hyphens_kept_in_compounds_and_dropped_in_broken_words(tmp_path):
    p = Paper()
    p.front()
    p.heading("1 Introduction")
    p.para("We embed words in a high-dimensional space and keep the embedding well-known.")
    p.line("Points in the high-")
    p.line("dimensional space are translated from English-")
    p.line("to-German with a model that is state-of-the-")
    p.line("art and our experi-")
    p.line("ments confirm it in a well-")
    p.line("known benchmark.")
    p.filler()
    text = " ".join(body_text(parsed(p, tmp_path)).split())
    assert "high-dimensional space are translated" in text
    assert "English-to-German" in text and "state-of-the-art" in text
    assert "our experiments confirm" in text and "well-known benchmark" in text


def test_superscript_exponents_and_footnote_marks(tmp_path):
    p = Paper()
    p.front()
    p.heading("1 Introduction")
    up = {"size": 7, "rise": 4}
    p.line([Run("We train with a budget of 1.0 · 10"), Run("20", **up), Run(" FLOPs and a"),
            Run(" rate of 10"), Run("-3", **up), Run(" for the Adam runs.")])  # fmt: skip
    p.filler()
    text = body_text(parsed(p, tmp_path))
    assert "1.0 · 10²⁰ FLOPs and a rate of 10⁻³ for" in text


def test_spacing_accents_compose_and_unknown_glyphs_vanish(tmp_path):
    p = Paper()
    p.front()
    p.heading("1 Introduction")
    p.line([Run("The Panth"), Run("´"), Run("eon and the Universit"), Run("`"), Run("a of Rome.")])
    p.filler()
    text = body_text(parsed(p, tmp_path))
    assert "The Panthéon and the Università of Rome." in text
    assert "\ufffd" not in text


def _dict(*spans):
    """A one-line page dict as ``get_text("dict")`` gives it."""
    out = []
    x = 50.0
    for text, size, base, font in spans:
        out.append(
            {
                "text": text,
                "size": size,
                "font": font,
                "flags": 0,
                "origin": (x, base),
                "bbox": (x, base - size, x + 5 * len(text), base),
            }  # fmt: skip
        )
        x += 5 * len(text)
    line = {"spans": out, "bbox": (50.0, 90.0, x, 102.0), "dir": (1.0, 0.0)}
    return {"blocks": [{"type": 0, "lines": [line]}]}


def test_fffd_from_math_fonts_is_dropped_and_accents_over_math_compose():
    lines, _ = page_lines(
        _dict(("where ", 10, 100, "Times"), ("ˆ", 10, 100, "CMR10"), ("m", 10, 100, "CMMI10"),
              (" = ", 10, 100, "CMR10"), ("\ufffd", 10, 100, "CMEX10"), ("x", 10, 100, "CMMI10")),
        0,
    )  # fmt: skip
    assert lines[0].text == "where m̂ = x"


def test_small_capitals_need_one_baseline():
    caps, _ = page_lines(_dict(("R", 10, 100, "Times"), ("ELATED", 8, 100, "Times")), 0)
    sub, _ = page_lines(_dict(("L", 10, 100, "Times"), ("CE", 7, 102.5, "Times")), 0)
    assert caps[0].smallcaps and caps[0].text == "RELATED"
    assert not sub[0].smallcaps and sub[0].scripts


@given(st.text(max_size=60))
def test_clean_never_emits_replacement_or_private_glyphs(text):
    out = clean(text)
    assert "\ufffd" not in out
    assert not any(0xE000 <= ord(c) <= 0xF8FF for c in out)
    assert clean(out) == out  # idempotent: repaired once is repaired


@given(
    st.sampled_from("´ˆ˜¨˘ˇ˙¯˚"),
    st.sampled_from("aeiouAEIOUnoscgz"),
    st.text(alphabet="abcdefghij ", max_size=8),
)
def test_a_spacing_accent_joins_the_letter_after_it(accent, letter, tail):
    import unicodedata

    out = clean(f"x{accent}{letter}{tail}")
    decomposed = unicodedata.normalize("NFD", out)
    assert accent not in out
    assert decomposed.startswith("x" + letter)
    assert unicodedata.combining(decomposed[2])


@given(
    st.from_regex(r"[a-z]{2,9}", fullmatch=True),
    st.from_regex(r"[a-z]{2,9}", fullmatch=True),
    st.booleans(),
)
def test_a_line_end_hyphen_follows_the_paper_s_own_spelling(left, right, compound):
    seen = f"{left}-{right}" if compound else f"{left}{right}"
    words = words_of([f"the {seen} again", "filler words"])
    with vocabulary(words):
        joined = join_two(f"the {left}-", f"{right} again")
    assert joined == f"the {seen} again"


@given(st.text(alphabet="0123456789-+=()niTabc,*†./xyzqw", min_size=1, max_size=8))
def test_raised_text_is_shown_raised_or_marked_never_run_in(raised):
    from tui.pdf.glyphs import superscript

    shown = superscript([raised])
    if shown.startswith("^"):
        assert raised.strip() in shown
    else:
        assert not any(c in "0123456789" for c in shown)  # each digit shown raised


def test_cells_of_an_uncaptioned_table_do_not_split_a_word(tmp_path):
    p = Paper()
    p.front()
    p.heading("1 Introduction")
    p.filler()
    p.line("Our method improves the accu-")
    for row in (["Model", "71.3", "65.0", "80.2"], ["Base", "60.1", "58.4", "70.0"]):
        p.y += 12
        for k, cell in enumerate(row):
            p.page.insert_text((p.x() + 20 + 80 * k, p.y), cell, fontname="tiro", fontsize=10)
    p.line("racy on every task we tried.", before=4)
    p.filler()
    text = body_text(parsed(p, tmp_path))
    assert "improves the accuracy on every task" in text
    assert "71.3" not in text


def test_a_footnote_mark_stays_on_the_word_it_marks():
    lines, _ = page_lines(
        _dict(("needs to be recomputed.", 10, 100, "Times"), ("5", 7, 96, "Times"),
              (" ", 10, 100, "Times"), ("APIs that write", 10, 100, "Times")),
        0,
    )  # fmt: skip
    assert lines[0].text == "needs to be recomputed.⁵ APIs that write"


def test_a_mark_after_a_space_in_its_own_small_size_stays_on_the_name():
    # ICML: the footnote mark's own thin space comes before it
    lines, _ = page_lines(
        _dict(("Eric Mitchell", 10, 100, "Times"), (" ", 7, 100, "Times"), ("1", 7, 96.4, "Times"),
              (" ", 10, 96.4, "Times"), ("Yoonho Lee", 10, 100, "Times"), (" ", 7, 100, "Times"),
              ("1", 7, 96.4, "Times")),
        0,
    )  # fmt: skip
    assert lines[0].text == "Eric Mitchell¹ Yoonho Lee¹"


def test_a_raised_mark_opening_a_line_reads_raised():
    lines, _ = page_lines(
        _dict(("1", 7, 96.4, "Times"), (" National University of Singapore", 10, 100, "Times")), 0
    )
    assert lines[0].text == "¹ National University of Singapore"


def test_symbol_font_spaces_and_digits_read_as_what_they_draw():
    # Word through doPDF: the label of a display set in SymbolMT's private-use code points
    lines, _ = page_lines(
        _dict(("\uf020" * 12, 9.4, 100, "SymbolMT"), ("e' > 0", 9.4, 100, "Times"),
              ("\uf020" * 6 + "\uf028\uf031\uf029\uf020", 9.4, 100, "SymbolMT")),
        0,
    )  # fmt: skip
    assert lines[0].text == "e' > 0 (1)"


@given(
    st.from_regex(r"[A-Z][a-z]{2,8}", fullmatch=True),
    st.from_regex(r"[A-Z]{2,5}", fullmatch=True),
    st.booleans(),
)
def test_a_line_end_hyphen_before_a_capital_follows_the_paper_s_own_spelling(left, right, joined):
    # "Detect-" / "GPT" where the paper writes DetectGPT; "GPT-" / "NeoX" where it writes GPT-NeoX
    seen = f"{left}{right}" if joined else f"{left}-{right}"
    with vocabulary(words_of([f"the {seen} again", "filler words"])):
        assert join_two(f"the {left}-", f"{right} again") == f"the {seen} again"


def test_a_whole_adverb_keeps_its_hyphen():
    with vocabulary(words_of(["mentions were detected", "filler words"])):
        assert join_two("with automatically-", "detected mentions") == (
            "with automatically-detected mentions"
        )
        assert join_two("we ap-", "ply it") == "we apply it"


def test_a_superscript_is_raised_against_the_text_before_it_not_the_commonest_size():
    # the Transformer's R^(d_model×d_k): more of the line is in the exponent's 5 and 7 pt
    # than in the 10 pt it is raised above
    lines, _ = page_lines(
        _dict(("∈", 10, 100, "CMSY10"), ("R", 10, 100, "MSBM10"), ("d", 7, 96.4, "CMMI7"),
              ("model", 5, 97.4, "Times"), ("×", 7, 96.4, "CMSY7"), ("d", 7, 96.4, "CMMI7"),
              ("k", 5, 97.5, "CMMI5"), (",", 9.9, 100, "Times")),
        0,
    )  # fmt: skip
    assert lines[0].text == "∈R^(dmodel×dk),"
    assert lines[0].size == 10
    sub_sup, _ = page_lines(
        _dict(("with x", 10, 100, "Times"), ("i", 7, 102, "Times"), ("2", 7, 96, "Times"),
              (" for all i", 10, 100, "Times")),
        0,
    )  # fmt: skip
    assert sub_sup[0].text == "with xi² for all i"


def test_a_supplement_that_numbers_its_own_pages_loses_its_page_numbers(tmp_path):
    p = Paper()
    p.front()
    p.heading("1 Introduction")
    p.filler(count=8)
    p.references()
    p.second_title("Supplementary Material for A Study of Reading Papers")
    p.heading("1 Variants")
    start = p.doc.page_count
    p.filler(count=45)
    for k in range(start, p.doc.page_count):
        page = p.doc[k]
        page.insert_text((p.pw - 70, 40), str(k - start + 2), fontname="tiro", fontsize=11)
    doc = parsed(p, tmp_path)
    assert doc.pages - start >= 2  # two numbered pages after the supplement's first
    assert not re.search(r"(?<![\w.,\[])[23](?![\w.,%\]])", body_text(doc))  # no bare 2, 3


def test_a_gap_between_spans_reads_as_a_space_kerning_does_not():
    def spans(*pieces):
        out = [
            {"text": t, "size": 9.0, "font": f, "flags": 0, "origin": (x0, 100.0),
             "bbox": (x0, 91.0, x1, 100.0)}
            for t, f, x0, x1 in pieces
        ]  # fmt: skip
        return {"blocks": [{"type": 0, "lines": [{"spans": out, "bbox": (45, 91, 320, 100)}]}]}

    # pldi: math-italic letters set apart from the words by a gap, no space character
    lines, _ = page_lines(
        spans(("𝑊", "LibertineMathMI", 45.0, 52.7), ("and height", "Biolinum", 57.1, 98.2),
              (" 𝐻", "LibertineMathMI", 98.2, 106.8), (", with 5 pixels", "Biolinum", 107.8, 170)),
        0,
    )  # fmt: skip
    assert lines[0].text == "𝑊 and height 𝐻, with 5 pixels"
    kerned, _ = page_lines(
        spans(("Bold", "Times-Bold", 45.0, 64.0), ("ing text", "Times", 64.4, 100.0)), 0
    )
    assert kerned[0].text == "Bolding text"


def test_stray_punctuation_of_a_stamp_repeated_on_every_page_is_furniture(tmp_path):
    # bioRxiv: the stamp at the top of each page leaves a lone ';' and '.' behind
    p = Paper()
    p.front()
    p.heading("1 Introduction")
    p.filler(count=40)
    for page in p.doc:
        page.insert_text((287, 10), ";", fontname="tiro", fontsize=8)
        page.insert_text((389, 26), ".", fontname="tiro", fontsize=8)
    doc = parsed(p, tmp_path)
    assert doc.pages >= 3
    assert not re.search(r"(?:^|\s)[;.](?:\s|$)", body_text(doc))

"""The heading engine over a family of layouts: random body sizes, heading sizes relative
to the body, weights, styles, capitals, numbering schemes and depths. Every drawn
heading must come out exactly, with its number and level, and nothing else."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.pdf.paper import FILLER, Paper
from tui.pdf import parse_pdf

WORDS = ["Model", "Data", "Training", "Results", "Sampling", "Layout", "Graphs", "Proofs",
         "Memory", "Search", "Ranking", "Errors", "Signals", "Bounds", "Design"]  # fmt: skip
ROMAN = ["I", "II", "III", "IV", "V", "VI"]

# (font, size above or below the body, capitals): each a style some publisher uses
SECTION_STYLES = [("tibo", 2, False), ("tibo", 0, False), ("tibo", -1, True),
                  ("tiro", 4, False), ("tiro", 0, True), ("hebo", 1, False)]  # fmt: skip
SUB_STYLES = [("tiit", 0, False), ("tibo", 0, False), ("tibo", 1, False), ("hebo", 0, False)]


@st.composite
def layouts(draw):
    body = draw(st.sampled_from([9.0, 10.0, 11.0, 12.0]))
    section = draw(st.sampled_from(SECTION_STYLES))
    sub = draw(st.sampled_from(SUB_STYLES))
    numbering = draw(st.sampled_from(["arabic", "arabic.", "roman"]))
    if section[1] >= 2 and section[0] != "tiro":
        numbering = draw(st.sampled_from([numbering, "none"]))
    if numbering == "none" and sub[0] == "tiit":
        sub = ("tibo", 0, False)  # an unnumbered italic line at body size is text, by design
    count = draw(st.integers(3, 5))
    outline = []
    for _ in range(count):
        title = " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=3)))
        subs = [
            " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=3)))
            for _ in range(draw(st.integers(0, 2)))
        ]
        outline.append((title, subs))
    if numbering == "none" and sum(len(s) for _, s in outline) == 1:
        outline[-1][1].append("Closing Remarks")  # a style is learned from more than one use
    return body, section, sub, numbering, outline


def _number(numbering: str, k: int) -> tuple[str, str]:
    """(printed, as the engine reports it)."""
    if numbering == "roman":
        return f"{ROMAN[k]}.", ROMAN[k]
    if numbering == "arabic.":
        return f"{k + 1}.", str(k + 1)
    if numbering == "arabic":
        return str(k + 1), str(k + 1)
    return "", ""


def _sub_number(numbering: str, k: int, j: int) -> tuple[str, str]:
    if numbering == "roman":
        return f"{'ABC'[j]}.", "ABC"[j]
    if numbering == "none":
        return "", ""
    dot = "." if numbering == "arabic." else ""
    return f"{k + 1}.{j + 1}{dot}", f"{k + 1}.{j + 1}"


def draw_paper(body, section, sub, numbering, outline, path: Path):
    p = Paper(body=body)
    p.front("Reading Papers at Scale", abstract=f"We read papers. {FILLER}.")
    expected = []
    font, delta, caps = section
    for k, (title, subs) in enumerate(outline):
        shown = title.upper() if caps else title
        printed, number = _number(numbering, k)
        p.heading(f"{printed} {shown}".strip(), size=body + delta, font=font)
        p.para(f"{FILLER}.")
        expected.append((number or None, shown, 1))
        for j, sub_title in enumerate(subs):
            printed, number = _sub_number(numbering, k, j)
            sfont, sdelta, _ = sub
            p.heading(f"{printed} {sub_title}".strip(), size=body + sdelta, font=sfont)
            p.para(f"{FILLER}.")
            expected.append((number or None, sub_title, 2))
    p.save(path)
    return expected


@settings(max_examples=25)
@given(layouts())
def test_every_drawn_heading_comes_out_with_its_number_and_level(layout):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "paper.pdf"
        expected = draw_paper(*layout, path)
        doc = parse_pdf(path, use_cache=False)
    assert [(s.number, s.heading, s.level) for s in doc.sections] == expected


_TITLE = st.lists(st.sampled_from(WORDS), min_size=1, max_size=4).map(" ".join)


@given(
    st.lists(st.integers(1, 29), min_size=1, max_size=3).map(lambda n: ".".join(map(str, n))),
    st.sampled_from(["", "."]),
    _TITLE,
)
def test_numbering_reads_any_depth_back(number, dot, title):
    from tui.pdf import numbering

    found = numbering.parse(f"{number}{dot} {title}")
    assert found is not None and found.form == "arabic"
    assert (found.text, found.head, found.depth) == (number, title, number.count(".") + 1)


@given(st.sampled_from(ROMAN), st.sampled_from("ABCDEFG"), _TITLE, st.booleans())
def test_numbering_roman_letters_and_the_appendix_word(roman, letter, title, upper):
    from tui.pdf import numbering

    assert numbering.parse(f"{roman}. {title}").text == roman
    assert numbering.parse(f"{letter}.2 {title}").text == f"{letter}.2"
    word = "APPENDIX" if upper else "Appendix"
    found = numbering.parse(f"{word} {letter}. {title}")
    assert (found.form, found.text, found.head) == ("appendix", letter, title)
    assert numbering.parse(title) is None or numbering.parse(title).form == "letter"


@given(st.lists(st.integers(1, 12), min_size=2, max_size=8))
def test_top_level_numbers_never_go_back_within_a_part(tops):
    from tui.pdf import numbering

    seq = numbering.Sequence()
    kept = []
    for top in tops:
        number = numbering.parse(f"{top} Title")
        if seq.accept(number, 1, restart_ok=False):
            seq.commit(number, 1)
            kept.append(top)
    assert kept == sorted(kept) and kept[0] == tops[0]

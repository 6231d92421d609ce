"""Front matter on generated PDFs, one per failure class: exact authors, affiliations, abstract."""

from __future__ import annotations

import unicodedata

import pymupdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.pdf import fixtures_front as F
from tui.pdf import parse_pdf
from tui.pdf.authors import is_name
from tui.pdf.glyphs import SPACING, clean
from tui.textsafe import repair

LOREM_END = "when it decides where the columns are."


@pytest.fixture(scope="module")
def front(tmp_path_factory):
    folder = tmp_path_factory.mktemp("front")
    makers = {
        "accents": F.accents,
        "acm": F.acm,
        "two_blocks": F.two_blocks,
        "revtex": F.revtex,
        "marks": F.marks,
        "numbered": F.numbered,
    }
    return {
        name: parse_pdf(make(folder / f"{name}.pdf"), use_cache=False)
        for name, make in makers.items()
    }


def test_spacing_accents_are_put_back_on_their_letters(front):
    doc = front["accents"]
    assert doc.authors == ("Barlas Oğuz", "José Müller", "Antonín Dvořák", "Françoise Lefèvre")
    assert doc.affiliations == (
        "Université de Montréal",
        "École Polytechnique Fédérale de Lausanne",
    )
    assert doc.title == "Spacing Accents in Author Names"


def test_acm_name_affiliation_country_lines(front):
    doc = front["acm"]
    # the capitals are printed in their own case in the ACM Reference Format line
    assert doc.authors == ("Alice Smith", "Béla Kovács")
    assert doc.affiliations == ("University of Utah, USA", "Tongji University, China")


def test_unlabelled_acmsmall_abstract_is_the_paragraphs_after_the_authors(front):
    doc = front["acm"]
    assert doc.abstract == " ".join(F.ACM_ABSTRACT)  # both paragraphs, not the CCS block
    assert doc.sections[0].heading == "Introduction"
    assert "CCS Concepts" not in doc.sections[0].text


def test_second_author_block_in_the_right_column(front):
    doc = front["two_blocks"]
    assert doc.authors == ("Usama Ahmed", "Faisal Bashir Hussain")
    assert doc.affiliations == (
        "Information Security Department, College of Signals",
        "Computer Sciences Department, College of Signals",
        "National University of Sciences and Technology",
    )
    body = "\n".join(s.text for s in doc.sections)
    for leaked in ("Faisal", "Computer Sciences", "Islamabad", "@mcs.edu.pk"):
        assert leaked not in body
    assert body.startswith("Wireless sensor networks are studied here.")


def test_run_in_abstract_stops_at_the_keywords(front):
    assert front["two_blocks"].abstract == F.IEEE_ABSTRACT


def test_revtex_indented_block_without_label(front):
    doc = front["revtex"]
    assert doc.authors == ("Ivan Rodriguez Montoya", "Tonatiuh Matos Chassin")
    assert doc.affiliations == (clean(F.REVTEX_PLACE),)
    assert doc.abstract == F.REVTEX_ABSTRACT


def test_footnote_marks_leave_the_abstract_exponents_stay(front):
    doc = front["marks"]
    assert (
        doc.abstract
        == "We introduce S2ORC, a large corpus of 10⁶ papers. It is the largest one to date."
    )
    assert doc.authors == ("Kyle Lo", "Lucy Lu Wang")


def test_numbered_affiliations_that_read_like_names_addresses_or_wrap(front):
    doc = front["numbered"]
    assert doc.authors == ("Ann Lee", "Bo Chen", "Cy Dunn")
    assert doc.affiliations == F.NUMBERED_AFFILIATIONS


def test_labelled_abstracts_end_before_the_introduction(front):
    for name in ("accents", "marks"):
        doc = front[name]
        assert doc.abstract.endswith(("columns are.", "to date.")), name
        assert doc.sections[0].number == "1" and "Introduction" not in doc.abstract


# --- the class, not the example -------------------------------------------------------

_LETTERS = "aeiouAEIOUcnsgzrCNSGZRıt"


@given(st.sampled_from(sorted(SPACING)), st.sampled_from(_LETTERS))
def test_a_spacing_accent_before_a_letter_goes_on_that_letter(accent, letter):
    """The accent is drawn on the letter after it: the composed letter where Unicode has
    one, else the letter and its combining mark (``t́``), never the spacing accent."""
    base = {"ı": "i"}.get(letter, letter)
    want = unicodedata.normalize("NFC", f"X{base}{SPACING[accent]}y")
    assert clean(f"X{accent}{letter}y") == want
    assert clean(f"X{accent} {letter}y") == want  # "O˘ guz": a space after the accent


@given(st.text(max_size=40))
def test_clean_is_idempotent_and_never_grows(text):
    once = clean(text)
    assert clean(once) == once
    assert len(once) <= len(unicodedata.normalize("NFC", text)) or not text


@given(
    st.text(
        alphabet=st.characters(
            blacklist_characters=[*SPACING, "`", "\ufffd", "\u0131", "\u0237"],
            blacklist_categories=("Co", "Cs", "Mn"),
            codec="utf-8",
        ),
        max_size=40,
    )
)
def test_text_without_accents_is_only_repaired(text):
    assert clean(text) == repair(text)


_FIRST = st.sampled_from(["Barlas", "José", "Ana", "Wen-tau", "Łukasz", "Chloé", "Jörg", "Ivan"])
_LAST = st.sampled_from(
    ["Oğuz", "Müller", "Dvořák", "Lefèvre", "García", "Smith", "O’Brien", "Chen"]
)
_MARKS = st.sampled_from(["", "1", "1,2", "∗", "†", "a,b", "2∗"])


def _spaced(name: str) -> str:
    """The name as pdfTeX stores it: a composed letter becomes a spacing accent + letter."""
    reverse = {v: k for k, v in SPACING.items() if k not in "\u02ca\u02cb\u02c9"}
    out = []
    for ch in name:
        parts = unicodedata.normalize("NFD", ch)
        if len(parts) == 2 and parts[1] in reverse:
            out.append(reverse[parts[1]] + parts[0])
        else:
            out.append(ch)
    return "".join(out)


@settings(max_examples=25)
@given(
    st.lists(st.tuples(_FIRST, _LAST, _MARKS), min_size=1, max_size=4, unique_by=lambda t: t[:2])
)
def test_random_names_with_accents_and_marks(tmp_path_factory, people):
    path = tmp_path_factory.mktemp("names") / "names.pdf"
    doc = pymupdf.open()
    s = F.Sheet(doc)
    s.centre(90, "A Title For Random Authors", size=17, font="tibo")
    parts = []
    for k, (first, last, mark) in enumerate(people):
        parts.append((("" if k == 0 else ", ") + _spaced(f"{first} {last}"), 11, "tibo", 0))
        if mark:
            parts.append((mark, 7, "tiro", 3.5))
    s.spans(100, 120, parts)
    s.centre(136, "University of Testing", size=10)
    s.centre(170, "Abstract", size=12, font="tibo")
    s.para(144, 468, 190, "We test random names. " + F.LOREM + ".")
    s.section(280, "1 Introduction", F.BODY)
    s.finish()
    doc.save(path)
    parsed = parse_pdf(path, use_cache=False)
    assert parsed.authors == tuple(f"{first} {last}" for first, last, _ in people)
    assert parsed.affiliations == ("University of Testing",)


@pytest.mark.parametrize(
    "chunk, expected",
    [
        ("Barlas Oğuz", True),
        ("Aidan N. Gomez", True),
        ("Wen-tau Yih", True),
        ("Ludwig van Beethoven", True),
        ("MARISA KIRISAME", True),
        ("Student Member", True),  # a name by form; the membership filter drops it first
        ("University of Utah", False),
        ("G1V 0A6", False),
        ("GV A", False),
        ("Deep mutational scanning", False),
        ("Smith", False),
        ("Google AI Language", False),
        ("John SMITH", False),
    ],
)
def test_is_name(chunk, expected):
    assert is_name(chunk) is expected


def test_capital_and_run_in_labels(parsed):
    assert parsed["caps"].abstract.startswith("We introduce PixelNet for dense prediction.")
    assert parsed["ieee"].abstract.startswith("This paper studies reading order. We show that")
    assert "INTRODUCTION" not in parsed["ieee"].abstract


_SENTENCES = st.lists(
    st.sampled_from(
        [
            "We study how abstracts are laid out.",
            "Our method finds them on any layout.",
            "It outperforms strong baselines by a wide margin.",
            "The code and data are released.",
            "Results hold on ten layout families.",
        ]
    ),
    min_size=1,
    max_size=4,
)
_STYLES = st.sampled_from(["label", "capitals", "run-in dash", "run-in period", "block"])


@settings(max_examples=20)
@given(_STYLES, _SENTENCES, st.booleans())
def test_abstracts_of_any_style_end_where_they_end(tmp_path_factory, style, sentences, mark):
    """Labelled, in capitals, run-in or an unlabelled smaller block; with or without a
    footnote mark after the first word: the abstract is exactly its sentences."""
    path = tmp_path_factory.mktemp("abstracts") / "a.pdf"
    doc = pymupdf.open()
    s = F.Sheet(doc)
    s.centre(90, "Where Abstracts End", size=17, font="tibo")
    s.centre(116, "Ann Lee, Bo Chen", size=11, font="tibo")
    s.centre(130, "University of Testing", size=10)
    text = " ".join(sentences) + " " + F.LOREM + "."  # an abstract has a few lines
    first, rest = text.split(" ", 1)
    size = 9 if style == "block" else 10
    y = 160.0
    if style in ("label", "capitals"):
        s.centre(y, "Abstract" if style == "label" else "ABSTRACT", size=12, font="tibo")
        y += 20
    lead = {"run-in dash": "Abstract—", "run-in period": "Abstract."}.get(style)
    x = s.put(110, y, lead + " ", size=size, font="tibo") if lead else 110.0
    parts = [(first, size, "tiro", 0)] + ([("1", 6, "tiro", 3)] if mark else [])
    x = s.spans(x, y, parts)
    s.para(110, 502, y, rest, size=size, indent=x - 110 + s.length(" ", size))
    s.section(y + 70, "1 Introduction", "Layouts vary a lot. " + F.BODY)
    s.finish()
    doc.save(path)
    assert parse_pdf(path, use_cache=False).abstract == text

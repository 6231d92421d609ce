"""Checks that hold for any real paper, over every PDF of ../shared/corpus/pdfs and
../shared/corpus/layouts (skipped when the corpus is absent)."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest

from tests.pdf.conftest import corpus_files

FILES = corpus_files()
pytestmark = pytest.mark.skipif(not FILES, reason="no corpus at ../shared/corpus")
IDS = [p.name for p in FILES]
_DIGITS = re.compile(r"\d+")
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9}


def _fold(text: str) -> str:
    return " ".join(_DIGITS.sub("#", text.lower()).split())


def running_heads(path) -> set[str]:
    """Text that sits at a page's top or bottom edge on many pages, by plain extraction."""
    import pymupdf

    seen: Counter[str] = Counter()
    with pymupdf.open(path) as doc:
        pages = doc.page_count
        for page in doc:
            rows = []
            for block in page.get_text("dict")["blocks"]:
                for line in block.get("lines", ()):
                    if abs(line["dir"][0] - 1) < 0.05:
                        text = "".join(s["text"] for s in line["spans"]).strip()
                        rows.append((line["bbox"][1], text))
            rows.sort()
            edge = {_fold(t) for _, t in rows[:2] + rows[-2:] if sum(c.isalpha() for c in t) >= 8}
            seen.update(edge)
    need = max(3, 0.25 * pages)
    return {text for text, n in seen.items() if n >= need}


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_title_and_authors(path, corpus_docs):
    doc = corpus_docs[path.name]
    if doc.pages == 1:
        pytest.skip("a single inner page has no front matter")
    assert len(doc.title) > 10
    assert doc.authors


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_abstract_ends_before_the_first_section(path, corpus_docs):
    doc = corpus_docs[path.name]
    if doc.pages == 1:
        pytest.skip("a single inner page has no front matter")
    first = doc.sections[0]
    assert 200 < len(doc.abstract) < 4000
    assert first.text[:80] not in doc.abstract
    assert first.heading not in doc.abstract[-200:]


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_headings_in_reading_order_numbers_rise_within_each_part(path, corpus_docs):
    doc = corpus_docs[path.name]
    if doc.pages > 1:
        assert len(doc.sections) >= 4
    pages = [s.page for s in doc.sections]
    assert pages == sorted(pages)
    for part in {s.part for s in doc.sections}:
        tops = [s.number for s in doc.sections if s.part == part and s.level == 1 and s.number]
        arabic = [int(n) for n in tops if n.isdigit()]
        roman = [_ROMAN[n] for n in tops if n in _ROMAN]
        letters = [n for n in tops if len(n) == 1 and n.isalpha() and n not in _ROMAN]
        assert arabic == sorted(arabic)
        assert roman == sorted(roman)
        assert letters == sorted(letters)


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_caption_labels_unique_within_each_part(path, corpus_docs):
    doc = corpus_docs[path.name]
    labels = Counter((c.part, c.label) for c in (*doc.figures, *doc.tables))
    assert [key for key, n in labels.items() if n > 1] == []
    assert all(c.caption for c in (*doc.figures, *doc.tables))


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_no_running_head_inside_a_section(path, corpus_docs):
    doc = corpus_docs[path.name]
    heads = [h for h in running_heads(path) if len(h) >= 12]
    for section in doc.sections:
        text = _fold(section.text)
        leaked = [h for h in heads if h in text]
        assert not leaked, f"{section.heading}: {leaked}"


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_no_replacement_character_anywhere(path, corpus_docs):
    doc = corpus_docs[path.name]
    assert "\ufffd" not in json.dumps(doc.to_cache(), ensure_ascii=False)

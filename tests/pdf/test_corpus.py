"""The papers of ../shared/corpus/pdfs (skipped when the folder is absent); the checks that
hold for any paper, over pdfs/ and layouts/ both, are in test_corpus_invariants.py."""

from __future__ import annotations

import json
import re

import pytest

from tests.pdf.conftest import corpus_dir
from tui.pdf.model import SECTION_KINDS

PDFS = corpus_dir() / "pdfs"
FILES = sorted(PDFS.glob("*.pdf")) if PDFS.is_dir() else []
_CAPTION_LINE = re.compile(r"^(?:Figure|Fig\.|FIG\.|FIGURE|Table|TABLE)\s*([0-9]+|[IVX]+)\s*[:.|]")


def _printed_captions(path):
    """Labels printed at the start of a line with caption punctuation, via plain get_text."""
    import pymupdf

    from tui.pdf.captions import normalise

    labels = set()
    with pymupdf.open(path) as doc:
        for page in doc:
            for line in page.get_text().splitlines():
                m = _CAPTION_LINE.match(line.strip())
                if m:
                    labels.add(normalise(line.strip().split()[0], m.group(1)))
    return labels


@pytest.fixture(scope="module")
def parsed_corpus(corpus_docs):
    return corpus_docs  # parsed once per session, shared with the invariant checks


@pytest.fixture(scope="module")
def index():
    data = json.loads((PDFS / "index.json").read_text()) if (PDFS / "index.json").exists() else {}
    return data


pytestmark = pytest.mark.skipif(not FILES, reason="no corpus at ../shared/corpus/pdfs")


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_front_matter(path, parsed_corpus):
    doc = parsed_corpus[path.name]
    if doc.pages == 1:  # a single inner page: no front matter to find
        assert doc.title == "" and doc.abstract == ""
        return
    assert len(doc.title) > 10 and doc.title == doc.title.strip()
    assert doc.authors, "no authors"
    assert all(2 <= len(a.split()) <= 5 for a in doc.authors)
    assert len(doc.abstract) > 300
    assert doc.abstract[0].isupper()


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_sections(path, parsed_corpus):
    doc = parsed_corpus[path.name]
    kinds = [s.kind for s in doc.sections]
    assert set(kinds) <= set(SECTION_KINDS)  # SPEC §5: kind is one of these
    assert doc.sections and all(s.heading for s in doc.sections)
    if doc.pages == 1:
        assert [s.number for s in doc.sections][:1] == ["5.1"]
        return
    assert "introduction" in kinds
    intro = doc.sections[kinds.index("introduction")]
    assert intro.page <= 2 and len(intro.text) > 500
    assert "references" in kinds
    # a closing section, when the paper has one (ResNet famously ends with its experiments)
    closing = [s for s in doc.sections if s.kind in ("conclusion", "discussion")]
    if closing:
        assert max(len(s.text) for s in closing) > 200
        assert kinds.index(closing[0].kind) < kinds.index("references")
    numbers = [s.number for s in doc.sections if s.number and s.number.isdigit()]
    assert numbers == sorted(numbers, key=int), "top-level numbers out of order"


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_every_printed_caption_found(path, parsed_corpus):
    doc = parsed_corpus[path.name]
    found = {c.label for c in (*doc.figures, *doc.tables)}
    printed = _printed_captions(path)
    assert printed <= found, f"missed {sorted(printed - found)}"
    for cap in (*doc.figures, *doc.tables):
        assert cap.caption, f"{cap.label} has no caption text"


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_stages_build(path, parsed_corpus):
    from tui.pdf import build_stage, stage_text

    doc = parsed_corpus[path.name]
    for stage in (1, 2, 3, 4):
        assert stage_text(build_stage(doc, stage)).strip()

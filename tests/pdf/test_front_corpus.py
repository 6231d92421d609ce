"""Front matter and the key figure on every real paper in ``pdfs/`` and ``layouts/``.

Checks that hold for any paper (skipped cleanly when the corpus is absent): at least one
author, each a plausible name; an abstract that ends before the first section; a key
figure from the body whenever the body has a figure.
"""

from __future__ import annotations

import re

import pytest

from tests.pdf.fixtures_front import corpus_files, parsed

FILES = list(corpus_files())
pytestmark = pytest.mark.skipif(not FILES, reason="no corpus at ../shared/corpus")


@pytest.fixture(scope="module")
def papers():
    return {path.name: parsed(path) for path in FILES}


def _front_page(doc) -> bool:
    return doc.pages > 1  # the one-page excerpt has no front matter


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_authors(path, papers):
    doc = papers[path.name]
    if not _front_page(doc):
        return
    assert doc.authors, "no authors"
    for name in doc.authors:
        assert 2 <= len(name.split()) <= 5, name
        assert not re.search(r"[\d@{}˘´¨ˆ˜`ˇ¸]", name), name
        assert not name.isupper(), name
    assert len(set(doc.authors)) == len(doc.authors)


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_abstract_ends_before_the_first_section(path, papers):
    doc = papers[path.name]
    if not _front_page(doc):
        assert doc.abstract == ""
        return
    abstract = doc.abstract
    assert 300 < len(abstract) < 3000, len(abstract)
    assert abstract[0].isupper() and abstract.rstrip()[-1] in ".)!?", abstract[-60:]
    assert not re.search(r"[˘´¨ˆ˜ˇ¸]", abstract)
    first = next((s for s in doc.sections if s.text.strip()), None)
    if first is not None and first.heading != "Text":
        assert first.heading not in abstract or len(first.heading) < 12
        opening = " ".join(first.text.split())[:60]
        assert opening not in abstract, "the abstract runs into the first section"
    for stop in ("CCS Concepts", "Index Terms", "Keywords", "ACM Reference Format"):
        assert stop.lower() not in abstract.lower()


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_key_figure_is_from_the_body(path, papers):
    from tui.pdf.keyfigure import in_appendix

    doc = papers[path.name]
    body = [f for f in doc.figures if not in_appendix(f, doc.sections)]
    if not body:
        return
    assert doc.key_figure is not None and doc.key_figure in body, doc.key_figure_rule
    assert doc.key_figure_rule

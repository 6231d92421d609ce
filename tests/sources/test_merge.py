"""De-duplication across sources and which source each merged field comes from."""

from __future__ import annotations

from tui.models import Author, Paper, PaperIds
from tui.sources.merge import merge_lists, merge_papers, sort_papers

ARXIV = Paper(
    "Attention Is All You Need",
    ids=PaperIds(arxiv="1706.03762"),
    authors=(Author("Ashish Vaswani"), Author("Noam Shazeer")),
    year=2017,
    abstract="The dominant sequence transduction models...",
    pdf_url="https://arxiv.org/pdf/1706.03762v7",
    open_access=True,
    categories=("cs.CL", "cs.LG"),
    comment="15 pages, 5 figures",
    published="2017-06-12",
    updated="2023-08-02",
    sources=("arxiv",),
)
S2 = Paper(
    "Attention is All you Need",
    ids=PaperIds(s2="204e3073870fae3d05bcbc2f6a8e263d9b72e776", arxiv="1706.03762", doi=None),
    authors=(Author("Ashish Vaswani", ("Google Brain",)), Author("Noam M. Shazeer")),
    year=2017,
    venue="Neural Information Processing Systems",
    tldr="A new simple network architecture, the Transformer...",
    citations=100000,
    influential_citations=15000,
    pdf_url="https://example.org/oa.pdf",
    bibtex="@inproceedings{vaswani}",
    sources=("s2",),
)


def test_merge_by_arxiv_id_keeps_the_richest_fields():
    (merged,) = merge_lists([[ARXIV], [S2]])
    assert merged.sources == ("arxiv", "s2")
    assert merged.ids == PaperIds(arxiv="1706.03762", s2=S2.ids.s2)
    assert merged.citations == 100000 and merged.influential_citations == 15000
    assert merged.venue == S2.venue and merged.tldr == S2.tldr and merged.bibtex == S2.bibtex
    assert merged.categories == ("cs.CL", "cs.LG") and merged.comment == ARXIV.comment
    assert merged.published == "2017-06-12" and merged.updated == "2023-08-02"
    assert merged.pdf_url == ARXIV.pdf_url  # arXiv's link first, S2's open PDF otherwise
    assert merged.title == ARXIV.title and merged.abstract == ARXIV.abstract
    assert merged.authors[0].affiliations == ("Google Brain",)  # S2 knows where they work
    assert merged.open_access


def test_merge_order_does_not_change_the_preferences():
    assert merge_papers(S2, ARXIV) == merge_papers(ARXIV, S2).with_(
        title=merge_papers(S2, ARXIV).title
    )
    assert merge_papers(S2, ARXIV).citations == 100000
    assert merge_papers(S2, ARXIV).categories == ARXIV.categories


def test_s2_pdf_is_used_when_arxiv_has_none():
    s2 = S2.with_(ids=PaperIds(s2="abc", doi="10.1/x"))
    other = Paper("Something", ids=PaperIds(doi="10.1/X"), sources=("arxiv",))
    (merged,) = merge_lists([[other], [s2]])  # DOI compared case-insensitively
    assert merged.pdf_url == S2.pdf_url
    assert merged.ids.doi == "10.1/x"


def test_merge_by_normalised_title():
    a = Paper("Déjà vu: A Study!", ids=PaperIds(arxiv="2101.00001"), year=2021, sources=("arxiv",))
    b = Paper("deja VU — a study", ids=PaperIds(s2="s2id"), year=2021, sources=("s2",))
    assert len(merge_lists([[a], [b]])) == 1


def test_title_alone_does_not_merge_different_papers():
    a = Paper("Introduction", sources=("arxiv",))
    b = Paper("Introduction", sources=("s2",))
    assert len(merge_lists([[a], [b]])) == 2  # too short a title to mean anything
    c = Paper("A Long Enough Title Here", ids=PaperIds(arxiv="1111.1111"), year=2011)
    d = Paper("A Long Enough Title Here", ids=PaperIds(arxiv="2222.2222"), year=2022)
    assert len(merge_lists([[c], [d]])) == 2
    e = Paper("A Long Enough Title Here", year=2001, sources=("s2",))
    assert len(merge_lists([[c], [e]])) == 2  # years ten apart


def test_interleaves_by_rank_and_chains_ids():
    a1 = Paper("Paper number one", ids=PaperIds(arxiv="1"), sources=("arxiv",))
    a2 = Paper("Paper number two", ids=PaperIds(arxiv="2"), sources=("arxiv",))
    s1 = Paper("Paper number three", ids=PaperIds(s2="c", doi="10.3/c"), sources=("s2",))
    s2 = Paper("Paper NUMBER two", ids=PaperIds(s2="b", doi="10.2/b"), sources=("s2",))
    s3 = Paper("Different title", ids=PaperIds(doi="10.2/b"), sources=("s2",))  # via merged DOI
    merged = merge_lists([[a1, a2], [s1, s2, s3]])
    assert [p.title for p in merged] == [
        "Paper number one",
        "Paper number three",
        "Paper number two",
    ]
    assert merged[2].ids == PaperIds(arxiv="2", s2="b", doi="10.2/b")


def test_sorts():
    old = Paper("Old paper title", year=2001, citations=5, published="2001-01-01")
    new = Paper("New paper title", year=2024, citations=None, published="2024-05-01")
    mid = Paper("Mid paper title", year=2015, citations=50)
    assert sort_papers([old, new, mid], "newest") == [new, mid, old]
    assert sort_papers([old, new, mid], "citations") == [mid, old, new]
    assert sort_papers([old, new, mid], "relevance") == [old, new, mid]

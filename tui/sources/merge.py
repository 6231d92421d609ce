"""Merging what the sources answered into one de-duplicated list.

Two records are the same paper when they share an arXiv id (any version), a
DOI, or a normalised title (unless their years are more than a year apart).
The merged paper keeps every id and the richest fields: citation counts,
venue, TLDR, BibTeX and affiliations from S2; categories, comment, dates,
title, abstract and the PDF link from arXiv.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields

from tui.models import Paper, PaperIds, normalise_title


@dataclass(frozen=True)
class SourcePage:
    """One page of one source's answer, already converted to papers."""

    source: str
    papers: tuple[Paper, ...]
    total: int | None


_FROM_S2 = ("citations", "influential_citations", "venue", "tldr", "bibtex", "year")
_FROM_ARXIV = (
    "title",
    "abstract",
    "categories",
    "comment",
    "published",
    "updated",
    "pdf_url",
    "version",
)
_SPECIAL = {"ids", "authors", "sources", "open_access"} | set(_FROM_S2) | set(_FROM_ARXIV)
_OTHER = tuple(f.name for f in fields(Paper) if f.name not in _SPECIAL)


def _empty(value: object) -> bool:
    return value is None or value == "" or value == ()


def _first(papers: Iterable[Paper], name: str) -> object:
    for paper in papers:
        value = getattr(paper, name)
        if not _empty(value):
            return value
    return None


def _affiliated(paper: Paper) -> int:
    return sum(bool(a.affiliations) for a in paper.authors)


def merge_papers(a: Paper, b: Paper) -> Paper:
    """One paper from two records of it; ``a`` wins where neither source is preferred."""
    s2_first = (a, b) if "s2" in a.sources or "s2" not in b.sources else (b, a)
    arxiv_first = (a, b) if "arxiv" in a.sources or "arxiv" not in b.sources else (b, a)
    values: dict[str, object] = {}
    for name in _FROM_S2:
        values[name] = _first(s2_first, name)
    for name in _FROM_ARXIV:
        values[name] = _first(arxiv_first, name)
    for name in _OTHER:
        values[name] = _first((a, b), name)
    values["title"] = values["title"] or a.title
    values["categories"] = values["categories"] or ()
    values["ids"] = PaperIds(
        arxiv=a.ids.arxiv or b.ids.arxiv,
        s2=a.ids.s2 or b.ids.s2,
        doi=(a.ids.doi or b.ids.doi or "").lower() or None,
    )
    # Names as arXiv spells them, unless the other list says where the authors work.
    authors = max(arxiv_first, key=lambda p: (bool(p.authors), _affiliated(p)))
    values["authors"] = authors.authors
    values["open_access"] = a.open_access or b.open_access
    values["sources"] = tuple(s for s in ("arxiv", "s2") if s in a.sources + b.sources) + tuple(
        dict.fromkeys(s for s in a.sources + b.sources if s not in ("arxiv", "s2"))
    )
    return Paper(**values)  # type: ignore[arg-type]


def _keys(paper: Paper) -> list[tuple[str, str]]:
    keys = []
    if paper.ids.arxiv:
        keys.append(("arxiv", paper.ids.arxiv.lower()))
    if paper.ids.doi:
        keys.append(("doi", paper.ids.doi.lower()))
    if paper.ids.s2:
        keys.append(("s2", paper.ids.s2.lower()))
    title = normalise_title(paper.title)
    if len(title.split()) >= 3:  # a title of one or two words ("0", "Introduction") is no id
        keys.append(("title", title))
    return keys


def _title_match(a: Paper, b: Paper) -> bool:
    """Same title is not enough when the years or the arXiv ids say otherwise."""
    if a.ids.arxiv and b.ids.arxiv and a.ids.arxiv.lower() != b.ids.arxiv.lower():
        return False
    return a.year is None or b.year is None or abs(a.year - b.year) <= 1


class Merger:
    """Accumulates papers, merging each into the one it duplicates, keeping first-seen order."""

    def __init__(self) -> None:
        self.papers: list[Paper] = []
        self._index: dict[tuple[str, str], int] = {}

    def add(self, paper: Paper) -> int:
        """Merge ``paper`` in; the index of the row it now is (new rows go last)."""
        at = None
        for key in _keys(paper):
            found = self._index.get(key)
            if found is not None and (key[0] != "title" or _title_match(self.papers[found], paper)):
                at = found
                break
        if at is None:
            at = len(self.papers)
            self.papers.append(paper)
        else:
            paper = merge_papers(self.papers[at], paper)
            self.papers[at] = paper
        for key in _keys(paper):
            self._index.setdefault(key, at)
        return at


def merge_lists(lists: Sequence[Sequence[Paper]]) -> list[Paper]:
    """Interleave the sources by rank (first of each, then second of each…) and de-duplicate."""
    merger = Merger()
    longest = max((len(papers) for papers in lists), default=0)
    for rank in range(longest):
        for papers in lists:
            if rank < len(papers):
                merger.add(papers[rank])
    return merger.papers


def merge_pages(shown: Sequence[Paper], lists: Sequence[Sequence[Paper]]) -> list[Paper]:
    """A new page merged into what is shown (11.9): a paper already shown is updated in
    place (arXiv's record on page 1 gains S2's citations from page 2); the rest follow."""
    merger = Merger()
    for paper in shown:
        merger.add(paper)
    for paper in merge_lists(lists):
        merger.add(paper)
    return merger.papers


def sort_papers(papers: list[Paper], sort: str) -> list[Paper]:
    """Relevance keeps the interleaved order; the others sort the merged list (stable)."""
    if sort == "newest":
        return sorted(papers, key=lambda p: p.published or str(p.year or ""), reverse=True)
    if sort == "citations":
        return sorted(
            papers, key=lambda p: -1 if p.citations is None else p.citations, reverse=True
        )
    return papers

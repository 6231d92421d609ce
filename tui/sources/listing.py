"""A listing of citation rows with its paging cursor, its order, and how rows merge.

:class:`Listing` is what one hop of a trail shows (references, citations or
recommendations of S2); :func:`merge_rows` folds a new page in like search
results are folded (same arXiv id, DOI, S2 id or title), joining the sentences
of a duplicate; :func:`sort_rows` orders them by S2's order, citations, year or
the influential flag.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import Enum
from typing import Any

from tui.errors import UserError
from tui.models import Citation, Paper
from tui.sources.merge import Merger, merge_papers

MAX_CONTEXTS = 20  # sentences kept per row (an influential citation may have dozens)


class Kind(str, Enum):
    REFERENCES = "references"
    CITATIONS = "citations"
    RECOMMENDATIONS = "recommendations"


SORTS = ("relevance", "citations", "year", "influential")


def sort_rows(rows: Sequence[Citation], sort: str) -> list[Citation]:
    """S2's order ("relevance"), most cited, newest, or influential first (stable)."""
    if sort == "citations":
        return sorted(rows, key=lambda r: -1 if r.paper.citations is None else r.paper.citations,
                      reverse=True)  # fmt: skip
    if sort == "year":
        return sorted(rows, key=lambda r: (r.paper.year or 0, r.paper.published or ""),
                      reverse=True)  # fmt: skip
    if sort == "influential":
        return sorted(rows, key=lambda r: (r.influential, len(r.contexts)), reverse=True)
    return list(rows)


def merge_rows(rows: Sequence[Citation], more: Sequence[Citation]) -> list[Citation]:
    """Rows de-duplicated like search results; a duplicate's sentences join the first."""
    merger = Merger()
    out: list[Citation] = []
    for row in [*rows, *more]:
        at = merger.add(row.paper)
        if at == len(out):
            out.append(row)
            continue
        old = out[at]
        contexts = old.contexts + tuple(c for c in row.contexts if c not in old.contexts)
        out[at] = Citation(
            merge_papers(old.paper, row.paper),
            contexts[:MAX_CONTEXTS],
            old.intents + tuple(i for i in row.intents if i not in old.intents),
            old.influential or row.influential,
        )
    return out


@dataclass(frozen=True)
class Listing:
    """What one hop of a trail shows: rows so far, the cursor to the next page, the order.

    ``rows`` stay in S2's order as fetched; :attr:`shown` is them in ``sort``
    order. ``total`` is how many S2 holds when known (citation listings carry no
    count: it comes from the subject paper's citation count).
    """

    kind: Kind
    subject: Paper | None  # the paper whose references/citations these are
    rows: tuple[Citation, ...] = ()
    next: int | None = None  # offset of the next page; None once complete
    total: int | None = None
    unresolved: int = 0
    sort: str = "relevance"
    status: str = "ok"  # ok | cached
    cached_at: float | None = None

    @property
    def has_more(self) -> bool:
        return self.next is not None

    @property
    def shown(self) -> tuple[Citation, ...]:
        return tuple(sort_rows(self.rows, self.sort))

    def sorted_by(self, sort: str) -> Listing:
        if sort not in SORTS:
            raise UserError(f"unknown sort {sort!r} (use {', '.join(SORTS)})")
        return replace(self, sort=sort)

    @property
    def sort_note(self) -> str | None:
        """Says when a sort covers only the rows fetched so far (S2 sorts none of these)."""
        if self.sort == "relevance" or not self.has_more:
            return None
        held = f" of {self.total:,}" if self.total else ""
        return f"sorted within the {len(self.rows):,}{held} fetched so far"

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "subject": self.subject.to_json() if self.subject else None,
            "sort": self.sort,
            "sort_note": self.sort_note,
            "total": self.total,
            "has_more": self.has_more,
            "next": self.next,
            "unresolved": self.unresolved,
            "status": {"s2": self.status},
            "cached_at": self.cached_at,
            "results": [row.to_json() for row in self.shown],
        }

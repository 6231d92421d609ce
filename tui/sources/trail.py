"""The citation trail: where the search pane has been, hop by hop, and the way back.

A :class:`Trail` is an immutable stack of :class:`Hop` s. The first hop is a
search (or a recommendations list); ``r`` / ``c`` on a row push a references /
citations hop for that row's paper; ``Backspace`` pops one. Each hop keeps what
it showed (its :class:`~tui.sources.graph.Listing` or
:class:`~tui.sources.search.SearchResult`, with the paging cursor inside) and
the highlighted row, so going back is instant and lands where the user was.

The UI holds one ``Trail`` per search pane and replaces it on every change::

    trail = Trail.start(search_hop(result))
    listing = await graph.open(Kind.CITATIONS, paper)
    trail = trail.push(Hop.of(listing), cursor=7)      # remember row 7 of the search
    trail = trail.with_current(Hop.of(await graph.more(trail.current.listing)))
    trail = trail.back()                               # the search, at row 7
    trail.breadcrumb(60)   # 'search “attention” › cited by › Attention Is All You…'
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from tui.models import Citation, Paper
from tui.sources.graph import Kind, Listing
from tui.textsafe import one_line

if TYPE_CHECKING:
    from tui.sources.search import SearchResult

_VERB = {
    Kind.REFERENCES: "references of",
    Kind.CITATIONS: "cited by",
    Kind.RECOMMENDATIONS: "recommended",
}


@dataclass(frozen=True)
class Hop:
    """One step of the trail: a search answer or a graph listing, and the row the user was on."""

    listing: Listing | None = None
    search: SearchResult | None = None
    cursor: int = 0  # the highlighted row, restored on the way back
    topic: str = ""  # for recommendations: the topic they came from

    @classmethod
    def of(cls, listing: Listing, *, topic: str = "") -> Hop:
        return cls(listing=listing, topic=topic)

    @classmethod
    def of_search(cls, result: SearchResult) -> Hop:
        return cls(search=result)

    @property
    def kind(self) -> str:
        """``search``, ``references``, ``citations`` or ``recommendations``."""
        return "search" if self.listing is None else self.listing.kind.value

    @property
    def subject(self) -> Paper | None:
        return self.listing.subject if self.listing else None

    @property
    def rows(self) -> tuple[Citation, ...]:
        """What the pane lists, in the order shown (a search row carries no sentence)."""
        if self.listing is not None:
            return self.listing.shown
        if self.search is not None:
            return tuple(Citation(p) for p in self.search.papers)
        return ()

    @property
    def has_more(self) -> bool:
        if self.listing is not None:
            return self.listing.has_more
        return bool(self.search and self.search.has_more)

    def label(self, width: int = 60) -> str:
        """This hop in a few words, safe for a terminal: ``cited by › Attention Is…``."""
        if self.listing is None:
            query = self.search.query if self.search else ""
            return _cut(f"search “{one_line(query)}”", width)
        verb = _VERB[self.listing.kind]
        if self.listing.kind is Kind.RECOMMENDATIONS:
            return _cut(f"{verb} for “{one_line(self.topic)}”" if self.topic else verb, width)
        title = one_line(self.subject.title) if self.subject else "?"
        return _cut(f"{verb} › {title}", width)


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


@dataclass(frozen=True)
class Trail:
    """The hops so far, oldest first; never empty once started."""

    hops: tuple[Hop, ...] = ()

    @classmethod
    def start(cls, hop: Hop) -> Trail:
        return cls((hop,))

    @property
    def current(self) -> Hop | None:
        return self.hops[-1] if self.hops else None

    @property
    def depth(self) -> int:
        return len(self.hops)

    @property
    def can_go_back(self) -> bool:
        return len(self.hops) > 1

    def push(self, hop: Hop, *, cursor: int | None = None) -> Trail:
        """Follow a row to ``hop``; ``cursor`` is the row the user left (kept for the way back)."""
        hops = self.hops
        if hops and cursor is not None:
            hops = (*hops[:-1], replace(hops[-1], cursor=cursor))
        return Trail((*hops, hop))

    def with_current(self, hop: Hop) -> Trail:
        """The current hop replaced: a next page merged in, a new sort, a cursor move."""
        if not self.hops:
            return Trail((hop,))
        return Trail((*self.hops[:-1], hop))

    def back(self) -> Trail:
        """One hop back (the first hop stays: there is nowhere further back to go)."""
        return Trail(self.hops[:-1]) if len(self.hops) > 1 else self

    def breadcrumb(self, width: int = 80) -> str:
        """Where the pane is: ``search “x” › cited by › Title``, the oldest hops cut first;
        where even ``… › `` and the current hop do not fit, the current hop alone, cut."""
        labels = [hop.label(width) for hop in self.hops]
        for start in range(len(labels)):
            text = " › ".join(labels if start == 0 else ["…", *labels[start:]])
            if len(text) <= width:
                return text
        return labels[-1] if labels else ""

"""Snowballing on Semantic Scholar: references, citations (with their sentences), recommendations.

Parsing (S2 JSON → :class:`~tui.models.Citation` rows, never a crash on odd
shapes) and :class:`GraphService`, which turns a paper into a paged
:class:`Listing` and pages it on, merged and de-duplicated like search results.

The answers, as S2 gives them (recorded in ``shared/corpus/api/s2``)::

    /paper/{id}/references | /citations?fields=contexts,intents,contextsWithIntent,
        isInfluential,<paper fields>&offset=0&limit=100
      -> {"offset": 0, "next": 100, "data": [{"citedPaper"|"citingPaper": {...},
          "contexts": [...], "intents": [...], "contextsWithIntent": [...],
          "isInfluential": bool}]}                 # no "next" on the last page, no total
    POST /recommendations/v1/papers {"positivePaperIds": [...], "negativePaperIds": [...]}
      -> {"recommendedPapers": [...]}              # 400 when there is no positive

Unresolved entries (``paperId`` null: S2 could not match the reference to a
paper, and its "title" is often junk such as "References IV") are left out
and counted in :attr:`GraphPage.unresolved`.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Protocol

from tui.errors import UserError, WinnowError
from tui.models import Citation, Context, IdKind, Intent, Paper, PaperRef
from tui.sources.errors import BadResponse
from tui.sources.listing import MAX_CONTEXTS, Kind, Listing, merge_rows
from tui.textsafe import repair

if TYPE_CHECKING:
    from tui.config import Config
    from tui.sources.s2_client import S2Client

SOURCE = "s2"
PAGE_SIZE = 100  # S2 times out (504) on 1,000 rich citations at once
MAX_CONTEXT_CHARS = 2000


# ---------------------------------------------------------------- parsing


@dataclass(frozen=True)
class GraphPage:
    """One page of a references or citations listing."""

    rows: tuple[Citation, ...]
    offset: int
    next: int | None  # the next page's offset; None on the last page
    unresolved: int = 0  # entries S2 could not match to a paper (left out)


def _text(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    text = " ".join(repair(value).split())[:MAX_CONTEXT_CHARS]
    return text or None


def _intents(value: Any) -> tuple[Intent, ...]:
    if not isinstance(value, list):
        return ()
    found = (Intent.parse(v) for v in value if isinstance(v, str))
    return tuple(dict.fromkeys(i for i in found if i is not None))


def parse_contexts(item: dict[str, Any]) -> tuple[Context, ...]:
    """The citing sentences, each with its own intents where S2 gives them."""
    out: dict[str, Context] = {}
    with_intent = item.get("contextsWithIntent")
    if isinstance(with_intent, list):
        for entry in with_intent:
            if isinstance(entry, dict) and (text := _text(entry.get("context"))):
                out.setdefault(text, Context(text, _intents(entry.get("intents"))))
    contexts = item.get("contexts")
    if isinstance(contexts, list):
        for value in contexts:
            if (text := _text(value)) and text not in out:
                out[text] = Context(text)
    return tuple(out.values())[:MAX_CONTEXTS]


def _paper(data: Any) -> Paper | None:
    """An S2 paper object, or None when it names no paper S2 knows."""
    from tui.sources.s2_client import paper_from_s2  # (s2_client imports this module)

    if not isinstance(data, dict) or not isinstance(data.get("paperId"), str):
        return None
    try:
        return paper_from_s2(data)
    except (TypeError, ValueError, AttributeError, KeyError):
        return None  # a field of a type S2 never sends: not a row we can show


def parse_item(item: Any, kind: Kind) -> Citation | None:
    if not isinstance(item, dict):
        return None
    paper = _paper(item.get("citingPaper" if kind is Kind.CITATIONS else "citedPaper"))
    if paper is None:
        return None
    contexts = parse_contexts(item)
    intents = _intents(item.get("intents"))
    for context in contexts:  # the per-sentence intents count too
        intents += tuple(i for i in context.intents if i not in intents)
    return Citation(paper, contexts, intents, item.get("isInfluential") is True)


def _offset(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def parse_graph_page(data: Any, kind: Kind, *, offset: int = 0) -> GraphPage:
    """A ``/references`` or ``/citations`` answer as rows; a :class:`BadResponse` otherwise."""
    if not isinstance(data, dict):
        raise BadResponse(SOURCE, f"the answer is not a {kind.value} listing")
    items = data.get("data", [])
    if items is None:
        items = []
    if not isinstance(items, list):
        raise BadResponse(SOURCE, f"the {kind.value} listing's data is not a list")
    rows = [parse_item(item, kind) for item in items]
    start = _offset(data.get("offset"))
    start = offset if start is None else start
    following = _offset(data.get("next"))
    if following is not None and following <= start:
        following = None  # a "next" that does not move on would loop for ever
    kept = tuple(r for r in rows if r is not None)
    return GraphPage(kept, start, following, len(rows) - len(kept))


def parse_recommendations(data: Any) -> tuple[Paper, ...]:
    if not isinstance(data, dict) or "recommendedPapers" not in data:
        raise BadResponse(SOURCE, "the answer is not a list of recommendations")
    items = data.get("recommendedPapers") or []
    if not isinstance(items, list):
        raise BadResponse(SOURCE, "the recommendations are not a list")
    return tuple(p for p in map(_paper, items) if p is not None)


def s2_id(paper: Paper | PaperRef) -> PaperRef:
    """The id S2 knows a paper by: its S2 id, else arXiv, else DOI."""
    if isinstance(paper, PaperRef):
        return paper
    ids = paper.ids
    for kind, value in ((IdKind.S2, ids.s2), (IdKind.ARXIV, ids.arxiv), (IdKind.DOI, ids.doi)):
        if value:
            return PaperRef(kind, value)
    raise UserError(
        f"“{paper.title[:60]}” has no arXiv id, DOI or S2 id: Semantic Scholar cannot follow it"
    )


class Cache(Protocol):
    def cache_get(self, namespace: str, key: str) -> tuple[Any, float] | None: ...
    def cache_put(self, namespace: str, key: str, value: Any) -> None: ...


def _cache_get(cache: Cache | None, key: str) -> tuple[Any, float] | None:
    if cache is None:
        return None
    try:
        hit = cache.cache_get("graph", key)
    except (WinnowError, OSError, ValueError):
        return None
    return hit if hit and isinstance(hit[0], dict) else None


def _cache_put(cache: Cache | None, key: str, value: Any) -> None:
    if cache is None:
        return
    # A cache that cannot be written costs a request next time, nothing more.
    with contextlib.suppress(WinnowError, OSError, ValueError):
        cache.cache_put("graph", key, value)


def _row_to_dict(row: Citation) -> dict[str, Any]:
    return {
        "paper": row.paper.to_dict(),
        "contexts": [[c.text, [i.value for i in c.intents]] for c in row.contexts],
        "intents": [i.value for i in row.intents],
        "influential": row.influential,
    }


def _row_from_dict(doc: dict[str, Any]) -> Citation:
    contexts = tuple(
        Context(text, tuple(i for i in map(Intent.parse, intents) if i))
        for text, intents in doc.get("contexts") or ()
    )
    intents = tuple(i for i in map(Intent.parse, doc.get("intents") or ()) if i)
    return Citation(Paper.from_dict(doc["paper"]), contexts, intents, bool(doc.get("influential")))


class GraphService:
    """References, citations and recommendations as :class:`Listing` pages, cached."""

    def __init__(
        self,
        s2: S2Client,
        cache: Cache | None = None,
        *,
        page_size: int = PAGE_SIZE,
        max_age: float = 24 * 3600.0,
    ) -> None:
        self.s2 = s2
        self.cache = cache
        self.page_size = page_size
        self.max_age = max_age

    @classmethod
    def from_config(cls, config: Config, cache: Cache | None) -> GraphService:
        from tui.sources.s2_client import S2Client

        return cls(
            S2Client.from_config(config),
            cache,
            max_age=config.cache.search_max_age_hours * 3600,
        )

    async def aclose(self) -> None:
        await self.s2.aclose()

    async def _page(self, kind: Kind, ref: PaperRef, offset: int) -> tuple[GraphPage, float | None]:
        """One page, from the cache when fresh (its storage time), else from S2 (None)."""
        key = f"{kind.value}|{ref.key}|{offset}|{self.page_size}"
        hit = await asyncio.to_thread(_cache_get, self.cache, key)
        if hit and time.time() - hit[1] <= self.max_age:
            try:
                doc = hit[0]
                rows = tuple(_row_from_dict(d) for d in doc["rows"])
                return GraphPage(rows, doc["offset"], doc["next"], doc["unresolved"]), hit[1]
            except (KeyError, TypeError, ValueError):
                pass  # an entry of another version: ask again
        fetch = self.s2.references if kind is Kind.REFERENCES else self.s2.citations
        page = await fetch(ref, offset=offset, limit=self.page_size)
        value = {
            "rows": [_row_to_dict(r) for r in page.rows],
            "offset": page.offset,
            "next": page.next,
            "unresolved": page.unresolved,
        }
        await asyncio.to_thread(_cache_put, self.cache, key, value)
        return page, None

    async def open(self, kind: Kind, subject: Paper, *, sort: str = "relevance") -> Listing:
        """The first page of ``subject``'s references or citations."""
        if kind is Kind.RECOMMENDATIONS:
            raise ValueError("recommendations come from recommend()")
        page, cached_at = await self._page(kind, s2_id(subject), 0)
        total = subject.citations if kind is Kind.CITATIONS else None
        if page.next is None:
            total = len(page.rows)
        listing = Listing(kind, subject, (), 0, total, sort=sort)
        return self._grown(listing, page, cached_at)

    async def more(self, listing: Listing) -> Listing:
        """The next page merged into ``listing`` (the same listing when it is complete)."""
        if listing.next is None or listing.subject is None:
            return listing
        page, cached_at = await self._page(listing.kind, s2_id(listing.subject), listing.next)
        return self._grown(listing, page, cached_at)

    @staticmethod
    def _grown(listing: Listing, page: GraphPage, cached_at: float | None) -> Listing:
        rows = tuple(merge_rows(listing.rows, page.rows))
        total = listing.total
        if page.next is None and listing.kind is Kind.REFERENCES:
            total = len(rows)
        return replace(
            listing,
            rows=rows,
            next=page.next,
            total=total,
            unresolved=listing.unresolved + page.unresolved,
            status="cached" if cached_at is not None else "ok",
            cached_at=cached_at if cached_at is not None else listing.cached_at,
        )

    async def recommend(
        self, positives: Sequence[Paper], negatives: Sequence[Paper] = (), *, limit: int = 100
    ) -> Listing:
        """Papers like ``positives`` and unlike ``negatives`` (S2 needs at least one positive)."""
        pos = [s2_id(p) for p in positives if _followable(p)]
        neg = [s2_id(p) for p in negatives if _followable(p)]
        if not pos:
            raise UserError(
                "recommendations need at least one kept or candidate paper that S2 can know "
                "(an arXiv id, DOI or S2 id) on the list"
            )
        papers = await self.s2.recommend(pos, neg, limit=limit)
        rows = tuple(merge_rows((), [Citation(p) for p in papers]))
        return Listing(Kind.RECOMMENDATIONS, None, rows, None, len(rows))


def _followable(paper: Paper) -> bool:
    return bool(paper.ids.s2 or paper.ids.arxiv or paper.ids.doi)

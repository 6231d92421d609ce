"""The search engine behind the search pane and ``winnow search``.

One query goes to arXiv and S2 at once; each answer is merged into the list so
far and handed to ``on_update`` as it lands. Answers are cached per (query,
filters, page); a repeat within ``search_max_age_hours`` sends no request, and a
source that fails falls back to what the cache last held for it, with its age.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Protocol

from tui.errors import UserError, WinnowError
from tui.models import IdKind, Paper, PaperRef, SearchFilters
from tui.sources import query as q
from tui.sources.arxiv_client import ArxivClient
from tui.sources.errors import NAMES, SourceError
from tui.sources.merge import SourcePage, merge_lists, merge_papers, sort_papers
from tui.sources.s2_client import MAX_OFFSET, S2Client, backoff_listener

if TYPE_CHECKING:
    from tui.config import Config

SOURCES = ("arxiv", "s2")
CACHE_VERSION = 1


class Cache(Protocol):
    def cache_get(self, namespace: str, key: str) -> tuple[Any, float] | None: ...
    def cache_put(self, namespace: str, key: str, value: Any) -> None: ...


@dataclass(frozen=True)
class SearchUpdate:
    """The merged list so far, sent each time a source answers — or backs off.

    ``retry_in`` maps a source that is waiting before its next try (S2 answered 429) to
    the seconds of that wait; its status stays ``pending`` meanwhile. :meth:`note`
    gives the words to show for a source: ``retrying in 4 s``, ``server error``…
    """

    source: str  # the source that just answered (or "cache"), or is backing off
    papers: tuple[Paper, ...]
    status: dict[str, str]
    totals: dict[str, int | None]
    done: bool = False
    retry_in: dict[str, float] = field(default_factory=dict)

    def note(self, source: str) -> str:
        """What to show for ``source`` now: its wait when backing off, else its status."""
        if (wait := self.retry_in.get(source)) is not None:
            return f"retrying in {max(1, round(wait))} s"
        return self.status.get(source, "").replace("-", " ")


@dataclass(frozen=True)
class SearchResult:
    query: str
    filters: SearchFilters
    papers: tuple[Paper, ...]
    status: dict[str, str]  # ok|cached|rate-limited|server-error|unreachable|bad-answer|skipped
    totals: dict[str, int | None] = field(default_factory=dict)
    cached_at: float | None = None  # when the shown cached results were stored (epoch s)
    messages: tuple[str, ...] = ()  # one line per source that failed or was skipped
    has_more: bool = False
    page: int = 0

    @property
    def answered(self) -> bool:
        """Whether anything came back: a source answered or the cache did."""
        return any(s in ("ok", "cached") for s in self.status.values()) or bool(self.papers)

    def to_json(self) -> dict[str, Any]:
        """SPEC §5's ``search --json`` object (plus totals, page, messages and cache age)."""
        return {
            "query": self.query,
            "filters": self.filters.to_json(),
            "status": dict(self.status),
            "totals": dict(self.totals),
            "page": self.page,
            "has_more": self.has_more,
            "cached_at": self.cached_at,
            "messages": list(self.messages),
            "results": [p.to_json() for p in self.papers],
        }


def _safe_get(cache: Cache | None, namespace: str, key: str) -> tuple[Any, float] | None:
    if cache is None:
        return None
    try:
        return cache.cache_get(namespace, key)
    except (WinnowError, OSError, ValueError):
        return None


def _safe_put(cache: Cache | None, namespace: str, key: str, value: Any) -> str | None:
    if cache is None:
        return None
    try:
        cache.cache_put(namespace, key, value)
    except (WinnowError, OSError, ValueError) as error:
        return f"cache: not saved ({error})"
    return None


class SearchService:
    def __init__(
        self,
        arxiv: ArxivClient,
        s2: S2Client,
        cache: Cache | None = None,
        *,
        page_size: int = 40,
        max_age: float = 24 * 3600.0,
        paper_max_age: float = 30 * 86400.0,
    ) -> None:
        self.arxiv = arxiv
        self.s2 = s2
        self.cache = cache
        self.page_size = page_size
        self.max_age = max_age
        self.paper_max_age = paper_max_age

    @classmethod
    def from_config(cls, config: Config, cache: Cache | None) -> SearchService:
        return cls(
            ArxivClient.from_config(config),
            S2Client.from_config(config),
            cache,
            page_size=config.page_size,
            max_age=config.cache.search_max_age_hours * 3600,
            paper_max_age=config.cache.paper_max_age_days * 86400,
        )

    async def aclose(self) -> None:
        await self.s2.aclose()

    # ------------------------------------------------------------ search

    def cache_key(self, query: str, filters: SearchFilters, page: int) -> str:
        return json.dumps(
            {"q": query, "f": filters.to_json(), "page": page, "size": self.page_size},
            sort_keys=True,
        )

    def _ask(
        self, source: str, parsed: q.ParsedQuery, filters: SearchFilters, page: int
    ) -> asyncio.Future[SourcePage] | str:
        """Start one source's request; a string says why it was skipped."""
        start = page * self.page_size
        if source == "arxiv":
            return asyncio.ensure_future(
                self.arxiv.search(
                    q.arxiv_query(parsed, filters),
                    sort=filters.sort,
                    start=start,
                    size=self.page_size,
                )
            )
        text = q.s2_text(parsed)
        if not text:
            return "needs words to search for (field terms alone are arXiv's)"
        if start >= MAX_OFFSET:
            return f"answers at most {MAX_OFFSET:,} results per search"
        return asyncio.ensure_future(
            self.s2.search(
                text,
                offset=start,
                limit=self.page_size,
                year=q.s2_year(filters),
                open_access=filters.open_access,
                fields_of_study=q.s2_fields_of_study(q.categories_of(parsed, filters)),
            )
        )

    async def search(
        self,
        query: str,
        filters: SearchFilters,
        *,
        page: int = 0,
        on_update: Callable[[SearchUpdate], None] | None = None,
    ) -> SearchResult:
        query = " ".join(query.split())
        parsed = q.parse_query(query)
        if parsed.empty and not filters.category:
            raise UserError("nothing to search for: type some words")
        if filters.source not in ("all", *SOURCES):
            raise UserError(f"unknown source {filters.source!r} (use arxiv, s2 or all)")
        if filters.sort not in ("relevance", "newest", "citations"):
            raise UserError(f"unknown sort {filters.sort!r} (use relevance, newest or citations)")
        wanted = SOURCES if filters.source == "all" else (filters.source,)
        key = self.cache_key(query, filters, page)
        # The cache is a file that may be megabytes: read and write it off the event loop.
        hit = await asyncio.to_thread(_safe_get, self.cache, "search", key)
        cached = (
            hit if hit and isinstance(hit[0], dict) and hit[0].get("v") == CACHE_VERSION else None
        )
        if cached and time.time() - cached[1] <= self.max_age:
            return self._from_cache(query, filters, page, cached, wanted, on_update)

        status = {s: ("skipped" if s not in wanted else "pending") for s in SOURCES}
        totals: dict[str, int | None] = {s: None for s in SOURCES}
        messages: dict[str, str] = {}
        lists: dict[str, tuple[Paper, ...]] = {s: () for s in SOURCES}
        cached_at = None
        tasks: dict[asyncio.Future[SourcePage], str] = {}

        def merged() -> tuple[Paper, ...]:
            papers = merge_lists([lists[s] for s in SOURCES])
            papers = [p for p in papers if q.keeps(p, parsed, filters)]
            return tuple(sort_papers(papers, filters.sort))

        def backing_off(seconds: float) -> None:  # S2 answered 429 and waits before its retry
            if on_update is not None:
                update = SearchUpdate("s2", merged(), dict(status), dict(totals), False)
                on_update(replace(update, retry_in={"s2": seconds}))

        for source in wanted:
            token = backoff_listener.set(backing_off)  # the S2 task inherits it as it starts
            try:
                started = self._ask(source, parsed, filters, page)
            finally:
                backoff_listener.reset(token)
            if isinstance(started, str):
                status[source] = "skipped"
                messages[source] = f"{NAMES[source]}: {started}"
            else:
                tasks[started] = source

        try:
            pending = set(tasks)
            while pending:
                finished, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
                for task in finished:
                    source = tasks[task]
                    try:
                        answer = task.result()
                    except SourceError as error:
                        status[source] = error.status
                        messages[source] = str(error)
                        if cached:  # fall back to what this source said last time
                            lists[source] = tuple(
                                Paper.from_dict(d)
                                for d in cached[0]["papers"]
                                if source in d["sources"]
                            )
                            totals[source] = cached[0]["totals"].get(source)
                            cached_at = cached[1]
                            messages[source] += " — showing cached results"
                    else:
                        status[source] = "ok"
                        lists[source] = answer.papers
                        totals[source] = answer.total
                    if on_update is not None:
                        last = not pending and task is list(finished)[-1]
                        on_update(SearchUpdate(source, merged(), dict(status), dict(totals), last))
        finally:
            for task in tasks:
                task.cancel()

        papers = merged()
        ok = [s for s in wanted if status[s] == "ok"]
        end = (page + 1) * self.page_size
        has_more = any((totals[s] or 0) > end and (s != "s2" or end < MAX_OFFSET) for s in wanted)
        if ok and all(status[s] in ("ok", "skipped") for s in wanted):
            value = {
                "v": CACHE_VERSION,
                "papers": [p.to_dict() for p in papers],
                "totals": totals,
                "status": status,
            }
            if note := await asyncio.to_thread(_safe_put, self.cache, "search", key, value):
                messages["cache"] = note
        return SearchResult(
            query,
            filters,
            papers,
            status,
            totals,
            cached_at,
            tuple(messages.values()),
            has_more,
            page,
        )

    def _from_cache(
        self,
        query: str,
        filters: SearchFilters,
        page: int,
        cached: tuple[Any, float],
        wanted: tuple[str, ...],
        on_update: Callable[[SearchUpdate], None] | None,
    ) -> SearchResult:
        value, stored_at = cached
        papers = tuple(Paper.from_dict(d) for d in value["papers"])
        status = {s: ("cached" if s in wanted else "skipped") for s in SOURCES}
        for s in SOURCES:
            if value.get("status", {}).get(s) == "skipped":
                status[s] = "skipped"
        totals = {s: value.get("totals", {}).get(s) for s in SOURCES}
        end = (page + 1) * self.page_size
        has_more = any((totals[s] or 0) > end for s in wanted)
        if on_update is not None:
            on_update(SearchUpdate("cache", papers, dict(status), dict(totals), True))
        return SearchResult(query, filters, papers, status, totals, stored_at, (), has_more, page)

    # ------------------------------------------------------------ one paper

    async def lookup(self, ref: PaperRef) -> Paper | None:
        """Metadata for one id, from both sources for an arXiv id, from S2 otherwise.

        ``None`` when the sources that answered do not know it; the first
        :class:`SourceError` when none answered and nothing is cached.
        """
        hit = await asyncio.to_thread(_safe_get, self.cache, "paper", ref.key)
        if hit and isinstance(hit[0], dict) and time.time() - hit[1] <= self.paper_max_age:
            return Paper.from_dict(hit[0])
        asks = [self.s2.lookup(ref)]
        if ref.kind is IdKind.ARXIV:
            asks.insert(0, self.arxiv.lookup(ref.value))
        answers = await asyncio.gather(*asks, return_exceptions=True)
        found = [a for a in answers if isinstance(a, Paper)]
        errors = [a for a in answers if isinstance(a, BaseException)]
        for error in errors:
            if not isinstance(error, SourceError):
                raise error
        if not found:
            if errors and len(errors) == len(answers):
                if hit and isinstance(hit[0], dict):
                    return Paper.from_dict(hit[0])
                raise errors[0]
            return None
        paper = found[0]
        for other in found[1:]:
            paper = merge_papers(paper, other)
        await asyncio.to_thread(_safe_put, self.cache, "paper", ref.key, paper.to_dict())
        return paper

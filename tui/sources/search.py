"""The search engine behind the search pane and ``winnow search``.

One query goes to arXiv and S2 at once; each answer is merged into the list so
far and handed to ``on_update`` as it lands. Answers are cached per (query,
filters, page); a repeat within ``search_max_age_hours`` sends no request, and a
source that fails falls back to what the cache last held for it, with its age.

Paging: ``search(..., page=N, previous=result_of_page_N_minus_1)`` (or
:meth:`SearchService.next_page`) merges the new page into what is shown, so a
paper arXiv gave on page 1 and S2 on page 2 is one row with S2's citations
(11.9); a source whose ``total`` the previous pages exhausted is not asked again
(11.11).

Sorting: "most cited" and "newest" ask S2's bulk search, which sorts across the
whole answer (``sort=citationCount:desc``, 1,000 papers per answer, then its
``token`` chain); arXiv sorts by date itself but knows no citations, so its
papers are placed by citations only within the pages fetched —
:attr:`SearchResult.sort_note` says so.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from tui.errors import UserError
from tui.models import IdKind, Paper, PaperRef, SearchFilters
from tui.sources import query as q
from tui.sources.arxiv_client import ArxivClient
from tui.sources.errors import NAMES, SourceError
from tui.sources.merge import SourcePage, merge_lists, merge_pages, merge_papers, sort_papers
from tui.sources.results import Cache, SearchResult, SearchUpdate, safe_get, safe_put
from tui.sources.s2_client import MAX_OFFSET, S2Client, backoff_listener
from tui.sources.s2_graph import BulkPage

if TYPE_CHECKING:
    from tui.config import Config

SOURCES = ("arxiv", "s2")
CACHE_VERSION = 1
BULK_SORT = {"citations": "citationCount:desc", "newest": "publicationDate:desc"}
ARXIV_PAGE_LOCAL = "arXiv knows no citation counts: its papers are placed by S2's counts"
ARXIV_PAGE_LOCAL += " within the pages fetched"


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
        # Bulk answers of this session, per search: paging through 1,000 sorted papers
        # costs one request (and the next 1,000 the next, along the token chain).
        self._bulk: dict[str, list[BulkPage]] = {}

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
            arxiv_query = q.arxiv_query(parsed, filters)
            if not arxiv_query:
                return "nothing in the query it can search for"
            return asyncio.ensure_future(
                self.arxiv.search(
                    arxiv_query,
                    sort=filters.sort,
                    start=start,
                    size=self.page_size,
                )
            )
        year = q.s2_year(filters)
        fields_of_study = q.s2_fields_of_study(q.categories_of(parsed, filters))
        if filters.sort in BULK_SORT:
            text = q.s2_bulk_text(parsed)
            if not text:
                return "needs words to search for (field terms alone are arXiv's)"
            return asyncio.ensure_future(self._bulk_slice(text, filters, start, fields_of_study))
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
                year=year,
                open_access=filters.open_access,
                fields_of_study=fields_of_study,
            )
        )

    async def _bulk_slice(
        self, text: str, filters: SearchFilters, start: int, fields_of_study: tuple[str, ...]
    ) -> SourcePage:
        """Papers ``start`` to ``start + page_size`` of S2's whole answer in ``filters.sort``
        order, following the bulk search's token chain as far as needed."""
        key = json.dumps([text, filters.to_json(), fields_of_study], sort_keys=True)
        chain = self._bulk.setdefault(key, [])
        if len(self._bulk) > 16:  # a session's worth of searches, not more
            self._bulk.pop(next(iter(self._bulk)))
        end = start + self.page_size
        while sum(len(b.papers) for b in chain) < end and (not chain or chain[-1].token):
            answer = await self.s2.bulk_search(
                text,
                sort=BULK_SORT[filters.sort],
                token=chain[-1].token if chain else None,
                year=q.s2_year(filters),
                open_access=filters.open_access,
                fields_of_study=fields_of_study,
            )
            chain.append(answer)
            if not answer.papers:
                break
        papers = [p for b in chain for p in b.papers]
        total = chain[0].total if chain else None
        if chain and chain[-1].token is None:
            total = len(papers)  # the chain's end: S2's estimate gives way to the count
        return SourcePage("s2", tuple(papers[start:end]), total)

    async def next_page(
        self,
        previous: SearchResult,
        *,
        on_update: Callable[[SearchUpdate], None] | None = None,
    ) -> SearchResult:
        """The page after ``previous``, merged into it (the paging cursor the pane keeps)."""
        return await self.search(
            previous.query,
            previous.filters,
            page=previous.page + 1,
            previous=previous,
            on_update=on_update,
        )

    async def search(
        self,
        query: str,
        filters: SearchFilters,
        *,
        page: int = 0,
        on_update: Callable[[SearchUpdate], None] | None = None,
        previous: SearchResult | None = None,
    ) -> SearchResult:
        """Page ``page`` of a search; with ``previous`` (the result of the pages before),
        the whole list so far with this page merged in, and no source asked past its end."""
        query = " ".join(query.split())
        parsed = q.parse_query(query)
        if parsed.empty and not filters.category:
            raise UserError("nothing to search for: type some words")
        if filters.source not in ("all", *SOURCES):
            raise UserError(f"unknown source {filters.source!r} (use arxiv, s2 or all)")
        if filters.sort not in ("relevance", "newest", "citations"):
            raise UserError(f"unknown sort {filters.sort!r} (use relevance, newest or citations)")
        wanted = SOURCES if filters.source == "all" else (filters.source,)
        shown = previous.papers if previous is not None and page > 0 else ()
        known = await self._known_totals(query, filters, page, previous)
        key = self.cache_key(query, filters, page)
        # The cache is a file that may be megabytes: read and write it off the event loop.
        hit = await asyncio.to_thread(safe_get, self.cache, "search", key)
        cached = (
            hit if hit and isinstance(hit[0], dict) and hit[0].get("v") == CACHE_VERSION else None
        )
        if cached and time.time() - cached[1] <= self.max_age:
            return self._from_cache(query, filters, page, cached, wanted, shown, on_update)

        status = {s: ("skipped" if s not in wanted else "pending") for s in SOURCES}
        totals: dict[str, int | None] = {s: None for s in SOURCES}
        messages: dict[str, str] = {}
        lists: dict[str, tuple[Paper, ...]] = {s: () for s in SOURCES}
        cached_at = None
        tasks: dict[asyncio.Future[SourcePage], str] = {}

        def this_page() -> list[Paper]:
            papers = merge_lists([lists[s] for s in SOURCES])
            return [p for p in papers if q.keeps(p, parsed, filters)]

        def merged() -> tuple[Paper, ...]:
            return tuple(sort_papers(merge_pages(shown, [this_page()]), filters.sort))

        def backing_off(seconds: float) -> None:  # S2 answered 429 and waits before its retry
            if on_update is not None:
                update = SearchUpdate("s2", merged(), dict(status), dict(totals), False)
                on_update(replace(update, retry_in={"s2": seconds}))

        start = page * self.page_size
        for source in wanted:
            if known.get(source) is not None and start >= known[source]:  # type: ignore[operator]
                # Every result of this source is shown already: asking again costs a slot
                # (three seconds for arXiv) for an empty page.
                status[source] = previous.status.get(source, "ok") if previous else "ok"
                totals[source] = known[source]
                continue
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

        ok = [s for s in wanted if status[s] == "ok"]
        if ok and all(status[s] in ("ok", "skipped") for s in wanted):
            value = {
                "v": CACHE_VERSION,
                "papers": [p.to_dict() for p in this_page()],
                "totals": totals,
                "status": status,
            }
            if note := await asyncio.to_thread(safe_put, self.cache, "search", key, value):
                messages["cache"] = note
        return SearchResult(
            query,
            filters,
            merged(),
            status,
            totals,
            cached_at,
            tuple(messages.values()),
            self._has_more(filters, page, totals, wanted),
            page,
            self._sort_note(filters, status),
        )

    async def _known_totals(
        self, query: str, filters: SearchFilters, page: int, previous: SearchResult | None
    ) -> dict[str, int | None]:
        """How many results each source holds, as the pages before this one said."""
        if page == 0:
            return {}
        if previous is not None:
            return dict(previous.totals)
        key = self.cache_key(" ".join(query.split()), filters, page - 1)
        hit = await asyncio.to_thread(safe_get, self.cache, "search", key)
        if hit and isinstance(hit[0], dict) and isinstance(hit[0].get("totals"), dict):
            return {s: hit[0]["totals"].get(s) for s in SOURCES}
        return {}

    def _has_more(
        self,
        filters: SearchFilters,
        page: int,
        totals: dict[str, int | None],
        wanted: tuple[str, ...],
    ) -> bool:
        end = (page + 1) * self.page_size

        def more(source: str) -> bool:
            if source == "s2" and filters.sort not in BULK_SORT and end >= MAX_OFFSET:
                return False  # relevance search answers 1,000 results at most
            return (totals.get(source) or 0) > end

        return any(more(s) for s in wanted)

    @staticmethod
    def _sort_note(filters: SearchFilters, status: dict[str, str]) -> str | None:
        """Says when the order covers only the fetched pages: arXiv under "most cited"."""
        if filters.sort != "citations" or status.get("arxiv") not in ("ok", "cached"):
            return None
        return ARXIV_PAGE_LOCAL

    def _from_cache(
        self,
        query: str,
        filters: SearchFilters,
        page: int,
        cached: tuple[Any, float],
        wanted: tuple[str, ...],
        shown: tuple[Paper, ...],
        on_update: Callable[[SearchUpdate], None] | None,
    ) -> SearchResult:
        value, stored_at = cached
        page_papers = [Paper.from_dict(d) for d in value["papers"]]
        papers = tuple(sort_papers(merge_pages(shown, [page_papers]), filters.sort))
        status = {s: ("cached" if s in wanted else "skipped") for s in SOURCES}
        for s in SOURCES:
            if value.get("status", {}).get(s) == "skipped":
                status[s] = "skipped"
        totals = {s: value.get("totals", {}).get(s) for s in SOURCES}
        if on_update is not None:
            on_update(SearchUpdate("cache", papers, dict(status), dict(totals), True))
        return SearchResult(
            query,
            filters,
            papers,
            status,
            totals,
            stored_at,
            (),
            self._has_more(filters, page, totals, wanted),
            page,
            self._sort_note(filters, status),
        )

    # ------------------------------------------------------------ one paper

    async def lookup(self, ref: PaperRef) -> Paper | None:
        """Metadata for one id, from both sources for an arXiv id, from S2 otherwise.

        ``None`` when the sources that answered do not know it; the first
        :class:`SourceError` when none answered and nothing is cached.
        """
        hit = await asyncio.to_thread(safe_get, self.cache, "paper", ref.key)
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
        await asyncio.to_thread(safe_put, self.cache, "paper", ref.key, paper.to_dict())
        return paper

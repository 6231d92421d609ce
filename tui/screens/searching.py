"""The main screen's search side: run a query on both sources, page, filters, history.

The next page goes to the sources with the answer so far (``previous``), which merges it
in: a paper arXiv gave on page 1 and S2 on page 2 is one row (issue 11.9). Each answer of
a topic's saved search is looked at once more, off the event loop, for what is new since
the last look (``tui.news``): its rows not seen before get a ``new`` badge, and the list's
arXiv papers with a newer version are flagged ``v3 → v5``.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import TYPE_CHECKING

from textual import work

from tui.errors import WinnowError
from tui.models import SearchFilters
from tui.screens.ask import Choose
from tui.widgets.search_pane import SearchPane
from tui.widgets.status_line import StatusLine

if TYPE_CHECKING:
    from tui.sources.results import SearchResult, SearchUpdate

LOOKED_AT_SORTS = ("relevance", "newest", "citations")
SEARCH_SORT_WORDS = {"relevance": "relevance", "newest": "newest first", "citations": "most cited"}


class SearchMixin:
    """Mixed into MainScreen; uses its store, sources and search pane."""

    _baseline = False  # this run of the search is its first look: nothing in it is new
    _versions: dict[str, str] | None = None  # arXiv id -> "v3 → v5", for the session

    # (Named handlers, not @on: the decorator only registers in Textual classes, not mixins.)
    def on_search_pane_submitted(self, event: SearchPane.Submitted) -> None:
        self.start_search(event.query)

    def on_search_pane_more_wanted(self, event: SearchPane.MoreWanted) -> None:
        hop = event.hop
        if hop.listing is not None:
            self.more_listing(hop)
        elif hop.search is not None:
            self.page = hop.search.page + 1
            self.run_search(hop.search.query, hop.search.filters, hop.search)

    def start_search(self, query: str) -> None:
        self.query_text = query
        self.page = 0
        for group in ("trail", "trail-more"):  # a listing on its way is for the old list
            self.workers.cancel_group(self, group)
        self.search.show_searching(query, self.filters)
        if (topic := self.topic_name()) is not None:  # written off the event loop
            filters = self.filters.to_json()
            self.run_guarded(lambda: self.store.record_search(query, filters, topic))
            self.remember(query=query, filters=filters, result=0)
        self.run_search(query, self.filters)

    @work(exclusive=True, group="search", exit_on_error=False)
    async def run_search(
        self, query: str, filters: SearchFilters, previous: SearchResult | None = None
    ) -> None:
        page = previous.page + 1 if previous is not None else 0
        from tui.sources.results import SearchResult

        def update(partial: SearchUpdate) -> None:
            if query != self.query_text:
                return
            shown = SearchResult(query, filters, partial.papers, partial.status, partial.totals)
            self.search.show_search(replace(shown, page=page), retry_in=partial.retry_in)
            self._network(partial.status, None, partial.retry_in)

        if previous is None:  # sources that do not page take no "previous"
            result = await self.sources.search(query, filters, page=0, on_update=update)
        else:
            result = await self.sources.search(
                query, filters, page=page, previous=previous, on_update=update
            )
        if query != self.query_text:
            return  # a stale answer: the user has moved on
        self.search.show_search(result)
        self._network(result.status, result.cached_at)
        self.refresh_state()
        for message in result.messages:
            self.notify(message, severity="warning", markup=False)
        await self._look_for_news(result)

    def _network(self, status, cached_at, retry_in=None) -> None:
        """The status line's word on the sources: offline, a back-off, a failure."""
        from tui.widgets.trail_status import NAMES, state_words

        retry_in = retry_in or {}
        if status and all(v == "unreachable" for v in status.values()):
            self.network = "offline (cached)" if cached_at else "offline"
        else:
            self.network = " · ".join(
                f"{NAMES.get(s, s)} {state_words(v, retry_in.get(s))}"
                for s, v in status.items()
                if s in retry_in
                or v in ("rate-limited", "server-error", "unreachable", "bad-answer")
            )
        self.query_one(StatusLine).update_network(self.network)

    async def _look_for_news(self, result: SearchResult) -> None:
        """Mark the rows new to this saved search, and the list's newer arXiv versions."""
        topic = self.store.current_topic()
        if topic is None or not result.answered:
            return
        if result.page == 0:
            self._baseline = False
        baseline = self._baseline

        def look() -> tuple[bool, frozenset[str], list]:
            from tui.news import mark_new, search_key, version_updates

            first = baseline or not self.store.seen_ids(search_key(result.query, result.filters))
            new = mark_new(self.store, result.query, result.filters, result.papers, topic.name)
            updates = version_updates(self.store, topic.name, result.papers)
            return first, (frozenset() if first else new), updates

        try:
            first, new, updates = await asyncio.to_thread(look)
        except WinnowError as error:  # a state file that cannot be written: no badges
            self.notify(str(error), severity="warning", markup=False)
            return
        if self.search.current is None or self.store.current_topic() != topic:
            return
        self._baseline = first
        versions = self._versions = dict(self._versions or {})
        for update in updates:
            versions[update.paper.ids.arxiv] = update.label
            self.notify(f"newer on arXiv: “{update.paper.title[:60]}” {update.label}", markup=False)
        self.search.set_news(self.search.new_keys | new, versions)

    def action_filters(self) -> None:
        hop = self.search.current
        if hop is not None and hop.listing is not None:
            self.choose_listing_sort()  # a listing has one filter: its order
            return

        def done(filters: SearchFilters | None) -> None:
            if filters is not None:
                self.filters = filters
                self.search.set_filters(filters)
                if self.query_text:
                    self.start_search(self.query_text)

        from tui.screens.filters import FiltersScreen

        self.app.push_screen(FiltersScreen(self.filters), done)

    def cycle_search_sort(self) -> None:
        """S on a search: the next order (relevance → newest → most cited), searched again."""
        order = LOOKED_AT_SORTS
        sort = order[(order.index(self.filters.sort) + 1) % len(order)]
        self.filters = replace(self.filters, sort=sort)
        self.search.set_filters(self.filters)
        self.notify(f"search sorted by {SEARCH_SORT_WORDS[sort]}")
        if self.query_text:
            self.start_search(self.query_text)

    def action_history(self) -> None:
        if self.topic_name() is None:
            return
        history = self.store.searches()
        if not history:
            self.notify("no earlier searches in this topic yet")
            return

        def done(index: int | None) -> None:
            if index is not None:
                item = history[index]
                self.filters = SearchFilters(**item.get("filters") or {})
                self.search.set_query(item["query"])
                self.start_search(item["query"])

        choices = [
            f"{h['query']}   {SearchFilters(**h.get('filters') or {}).describe()}" for h in history
        ]
        self.app.push_screen(Choose("Earlier searches of this topic", choices), done)

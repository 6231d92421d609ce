"""The main screen's search side: run a query on both sources, page, filters, history."""

from __future__ import annotations

from textual import work

from tui.models import SearchFilters
from tui.screens.ask import Choose
from tui.widgets.literal import literal
from tui.widgets.search_pane import SearchPane


class SearchMixin:
    """Mixed into MainScreen; uses its store, sources and search pane."""

    # (Named handlers, not @on: the decorator only registers in Textual classes, not mixins.)
    def on_search_pane_submitted(self, event: SearchPane.Submitted) -> None:
        self.start_search(event.query)

    def on_search_pane_more_wanted(self) -> None:
        self.page += 1
        self.run_search(self.query_text, self.filters, self.page)

    def start_search(self, query: str) -> None:
        self.query_text = query
        self.page = 0
        self.search.show_searching(query)
        if (topic := self.topic_name()) is not None:  # written off the event loop
            filters = self.filters.to_json()
            self.run_guarded(lambda: self.store.record_search(query, filters, topic))
            self.remember(query=query, filters=filters, result=0)
        self.run_search(query, self.filters, 0)

    @work(exclusive=True, group="search", exit_on_error=False)
    async def run_search(self, query: str, filters: SearchFilters, page: int) -> None:
        append = page > 0

        def update(partial) -> None:
            if not append:
                self._show(partial.papers, partial.status, partial.totals, None, True, False)

        result = await self.sources.search(query, filters, page=page, on_update=update)
        if query != self.query_text:
            return  # a stale answer: the user has moved on
        self._show(
            result.papers, result.status, result.totals, result.cached_at, result.has_more, append
        )
        for message in result.messages:
            self.notify(message, severity="warning", markup=False)

    def _show(self, papers, status, totals, cached_at, has_more, append) -> None:
        self.search.show_result(
            papers, status, totals, cached_at=cached_at, has_more=has_more, append=append
        )
        names = {"arxiv": "arXiv", "s2": "S2"}
        if status and all(v == "unreachable" for v in status.values()):
            self.network = "offline (cached)" if cached_at else "offline"
        else:
            self.network = " · ".join(
                f"{names.get(s, s)} {v}"
                for s, v in status.items()
                if v in ("rate-limited", "server-error", "unreachable", "bad-answer")
            )
        self.refresh_state()

    def action_filters(self) -> None:
        def done(filters: SearchFilters | None) -> None:
            if filters is not None:
                self.filters = filters
                described = filters.describe()  # a category may come from anywhere
                self.search.border_title = literal(
                    "Search" + (f" · {described}" if described else "")
                )
                if self.query_text:
                    self.start_search(self.query_text)

        from tui.screens.filters import FiltersScreen

        self.app.push_screen(FiltersScreen(self.filters), done)

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

"""Where the user left a topic's window, and coming back to it (issue 11.15): the last
search (query, filters, its results — from the cache when fresh), the open paper, its
stage and the reading position, the highlighted result and where the focus was.

Kept in the topic's ui state (``Store.ui_state`` / ``set_ui_state``), written through the
window's writer as things change (coalesced: one write per ``PLACE_DELAY``) and once
more on leaving, so a kill loses at most the last second of it.
"""

from __future__ import annotations

import contextlib
from typing import Any

from tui.errors import WinnowError
from tui.models import Paper, SearchFilters

PLACE_DELAY = 1.0
FOCUS = ("query", "results", "shortlist")


class PlaceMixin:
    """Mixed into MainScreen: ``remember`` what changed, ``restore_place`` on arrival."""

    _places: dict[str, dict[str, Any]] | None = None  # topic -> fields not yet written
    _arrived: dict[str, Any] | None = None  # the ui state found on arrival
    _stages: dict[str, int] | None = None  # paper key -> the stage last read

    # ------------------------------------------------------------ keeping it

    def remember(self, **fields: Any) -> None:
        topic = self.topic_name()
        if topic is None:
            return
        if self._places is None:
            self._places = {}
        self._places.setdefault(topic, {}).update(fields)

        def write() -> None:
            pending = (self._places or {}).pop(topic, None)
            if pending:
                self.store.set_ui_state(topic, **pending)

        with contextlib.suppress(WinnowError):  # closing: leave_place wrote it
            self.writes.later(f"ui:{topic}", write, delay=PLACE_DELAY, failed=lambda _e: None)

    def remember_paper(self) -> None:
        """The open paper, its stage and line (a paper off the list is kept whole)."""
        paper = self.paper
        if paper is None:
            self.remember(paper=None, paper_data=None, stage=None, line=None)
            return
        listed = self._on_list(paper.key)
        if self._stages is None:
            self._stages = {}
        if listed:
            self._stages[paper.key] = self.stage
        self._stages = {k: v for k, v in self._stages.items() if self._on_list(k)}
        self.remember(
            paper=paper.key,
            paper_data=None if listed else paper.to_dict(),
            stage=self.stage,
            line=self.reader.current_line if self.reader.is_ready else 0,
            stages=dict(self._stages),
        )

    def last_stage(self, key: str) -> int:
        """The stage this paper was last read at (else the furthest opened), if open now."""
        entry = self.view.entry(key)
        stage = (self._stages or {}).get(key) or (entry.stage if entry else 1) or 1
        return stage if self.view.stage_open(stage, key) else 1

    def on_descendant_focus(self, event) -> None:
        """Where the focus is, kept in memory (the widgets are gone when the window closes)."""
        widget = event.widget
        if widget is self.search.results:
            self._focus_place = "results"
        elif widget.id == "query":
            self._focus_place = "query"
        elif self.shortlist in widget.ancestors_with_self or self.reader in widget.ancestors:
            self._focus_place = "shortlist" if self.view.entries else "results"

    def on_option_list_option_highlighted(self, event) -> None:
        if event.option_list.id == "results":
            self._result_row = event.option_index

    def leave_place(self) -> None:
        """On leaving: the highlighted result and the focus, written now."""
        if self.view.topic is None:
            return
        self.remember(
            focus=getattr(self, "_focus_place", "query"),
            result=getattr(self, "_result_row", 0),
        )
        self.writes.flush()

    # ------------------------------------------------------------ coming back

    def prepare_place(self) -> None:
        """Before the first frame (the topic's file is read already): the last query in
        its box and the focus where it was, so a key pressed at once goes there."""
        try:
            state = self.store.ui_state()
        except WinnowError:
            state = {}
        self._arrived = state
        self._stages = {k: int(v) for k, v in (state.get("stages") or {}).items()}
        query = state.get("query") or ""
        if query:
            self.search.set_query(query)
        focus = state.get("focus") if state.get("focus") in FOCUS else "query"
        if focus == "shortlist" and self.view.entries:
            self.shortlist.options.focus()
        elif focus == "results" and query:
            self.search.results.focus()
        else:
            self.search.focus_query()

    def restore_place(self) -> None:
        """The last search runs again (the cache answers a fresh one) and the paper opens
        at its stage and line."""
        state, self._arrived = self._arrived or {}, None
        query = state.get("query") or ""
        if query:
            with contextlib.suppress(TypeError, ValueError):
                self.filters = SearchFilters(**(state.get("filters") or {}))
            self.query_text, self.page = query, 0
            self._restore_result = int(state.get("result") or 0)
            self.search.set_query(query)
            self.search.show_searching(query, self.filters)
            self.run_search(query, self.filters)
        paper = self._paper_from(state)
        if paper is not None:
            stage = int(state.get("stage") or 1)
            self.open_paper(paper, stage=stage, line=int(state.get("line") or 0))

    def _paper_from(self, state: dict[str, Any]) -> Paper | None:
        key = state.get("paper")
        if not key:
            return None
        if key in self.view.papers:
            return self.view.papers[key]
        data = state.get("paper_data")
        if isinstance(data, dict):
            with contextlib.suppress(TypeError, ValueError, KeyError):
                return Paper.from_dict(data)
        return None

    def restore_result(self) -> None:
        """The highlighted result comes back once the restored search has answered."""
        row = getattr(self, "_restore_result", None)
        if row is None or not self.search.papers:
            return
        self._restore_result = None
        self.search.results.highlighted = min(row, len(self.search.papers) - 1)

    def arrive_place(self) -> None:
        """Another topic opened (here or elsewhere): its place, read off the loop."""
        topic = self.topic_name()
        if topic is None:
            return

        def arrived(state: dict[str, Any]) -> None:
            if self.topic_name() != topic:
                return
            self._arrived = state
            self._stages = {k: int(v) for k, v in (state.get("stages") or {}).items()}
            self.restore_place()

        self.run_guarded(lambda: self.store.ui_state(topic), arrived)

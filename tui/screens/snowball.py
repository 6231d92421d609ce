"""The main screen's snowballing: references (``r``), citations (``c``), recommendations
(``R``), the way back (``Backspace``) and a listing's order (``S``, or ``f`` on a listing).

Each listing comes from S2 in a named worker and lands in the search pane as one more hop
of its trail; the pane keeps the hops, so going back costs no request. While S2 backs off
(HTTP 429) the pane says ``retrying in 4 s``; a failure is one line, and a paper S2 does
not know (404) says so. Which paper a key means: the highlighted row of the focused list
(search results or shortlist), else the paper open in the reader.
"""

from __future__ import annotations

import asyncio
import importlib
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any, TypeVar

from textual import work

from tui.errors import UserError
from tui.models import Paper
from tui.screens.ask import Choose
from tui.textsafe import shorten
from tui.widgets.search_pane import SearchPane

if TYPE_CHECKING:  # the graph's modules load on the first r, c or R, not at start
    from tui.sources.listing import Kind, Listing
    from tui.sources.trail import Hop

T = TypeVar("T")

SORT_LABEL = {
    "relevance": "S2's order",
    "citations": "most cited first",
    "year": "newest first",
    "influential": "influential first",
}
TRAIL_ACTIONS = frozenset(
    {"references", "citations", "recommend", "trail_back", "sort_list", "open_pdf"}
)


class TrailMixin:
    """Mixed into MainScreen; uses its store, sources, config and panes."""

    _graph: Any = None
    _listing_sort = "relevance"  # the order the next listing opens in (the last chosen)

    # ------------------------------------------------------------ which paper

    def focused_paper(self) -> Paper | None:
        """The highlighted row of the focused list (results, shortlist), else the open paper."""
        if self.search.has_focus_within:
            return self.search.highlighted_paper()
        if self.shortlist.has_focus_within:
            key = self.shortlist.highlighted_key()
            return self.store.paper(key) if key is not None else None
        return self.paper

    def _has_target(self) -> bool:
        if self.search.has_focus_within:
            return self.search.highlighted_paper() is not None
        if self.shortlist.has_focus_within:
            return self.shortlist.highlighted_key() is not None
        return self.paper is not None

    def check_trail_action(self, action: str) -> bool | None:
        """``check_action`` for the keys of this mixin (False hides a key with no target)."""
        if action in ("references", "citations", "open_pdf"):
            return self._has_target()
        if action == "recommend":
            return self.store.current_topic() is not None
        if action == "trail_back":
            return self.search.can_go_back
        if action == "sort_list":
            return self.search.current is not None or bool(self.query_text)
        return True

    # ------------------------------------------------------------ r, c, R

    def action_references(self) -> None:
        self._follow("references")

    def action_citations(self) -> None:
        self._follow("citations")

    def _follow(self, name: str) -> None:
        from tui.sources.graph import s2_id
        from tui.sources.listing import Kind, Listing
        from tui.sources.trail import Hop

        kind = Kind(name)
        paper = self.focused_paper()
        if paper is None:
            self.notify("highlight a paper first (a result or a shortlist entry), or open one")
            return
        try:
            s2_id(paper)
        except UserError as error:
            self.notify(str(error), severity="warning", markup=False)
            return
        label = Hop.of(Listing(kind, paper)).label(70)
        self.search.show_note(f"{label}…")
        self._unzoom()
        self.open_links(kind, paper, label)

    @work(exclusive=True, group="trail", exit_on_error=False)
    async def open_links(self, kind: Kind, paper: Paper, label: str) -> None:
        from tui.sources.trail import Hop

        sort = self._listing_sort
        listing = await self._ask_s2(label, lambda graph: graph.open(kind, paper, sort=sort))
        if listing is not None:
            self._arrive(Hop.of(listing))

    def action_recommend(self) -> None:
        topic = self.store.current_topic()
        if topic is None:
            self.notify("create a topic first (t): recommendations come from its list")
            return
        self.search.show_note(f"recommendations for “{topic.name}”…")
        self._unzoom()
        self.open_recommendations(topic.name)

    @work(exclusive=True, group="trail", exit_on_error=False)
    async def open_recommendations(self, topic: str) -> None:
        from tui.snowball import recommendation_seeds
        from tui.sources.trail import Hop

        positives, negatives = await asyncio.to_thread(recommendation_seeds, self.store, topic)
        label = f"recommended for “{topic}”"
        listing = await self._ask_s2(label, lambda graph: graph.recommend(positives, negatives))
        if listing is None:
            return
        self._arrive(Hop.of(listing, topic=topic))
        if listing.rows:
            unlike = f", unlike the {len(negatives)} eliminated" if negatives else ""
            self.notify(
                f"S2 recommends {len(listing.rows)} papers like the {len(positives)} on your "
                f"list{unlike}"
            )

    def _arrive(self, hop: Hop) -> None:
        current = self.search.current
        if hop.kind == "recommendations" and current is not None and current.kind == hop.kind:
            self.search.replace_current(hop)  # R again: a fresh answer, not one more hop
        else:
            self.search.follow(hop)
        self.search.results.focus()
        if hop.listing is not None:
            self._network({"s2": hop.listing.status}, hop.listing.cached_at)
        self.refresh_keys()

    # ------------------------------------------------------------ paging, back, order

    @work(exclusive=True, group="trail-more", exit_on_error=False)
    async def more_listing(self, hop: Hop) -> None:
        listing = hop.listing
        if listing is None:
            return
        grown = await self._ask_s2(hop.label(70), lambda graph: graph.more(listing))
        current = self.search.current
        if grown is None:
            self.search.more_failed()
            return
        if current is None or current.listing is None or not _same(current.listing, listing):
            return  # the user went elsewhere meanwhile: this page is not for what is shown
        self.search.clear_note()
        self.search.replace_current(
            replace(current, listing=replace(grown, sort=current.listing.sort))
        )

    def action_trail_back(self) -> None:
        self.workers.cancel_group(self, "trail")  # a listing still on its way is not wanted
        if self.search.back():
            if not self.search.has_focus_within:
                self.search.results.focus()
            self.refresh_keys()

    def action_sort_list(self) -> None:
        """The next order of a listing (S2's, citations, year, influential); of a search,
        the next of relevance, newest and most cited (searched again)."""
        from tui.sources.listing import SORTS

        hop = self.search.current
        if hop is None or hop.listing is None:
            self.cycle_search_sort()
            return
        self._sort_listing(SORTS[(SORTS.index(hop.listing.sort) + 1) % len(SORTS)])

    def choose_listing_sort(self) -> None:
        from tui.sources.listing import SORTS

        hop = self.search.current
        if hop is None or hop.listing is None:
            return
        choices = [SORT_LABEL[sort] + ("  ✓" if sort == hop.listing.sort else "") for sort in SORTS]

        def done(index: int | None) -> None:
            if index is not None:
                self._sort_listing(SORTS[index])

        self.app.push_screen(Choose(f"Order of {hop.label(50)}", choices), done)

    def _sort_listing(self, sort: str) -> None:
        hop = self.search.current
        if hop is None or hop.listing is None:
            return
        listing = hop.listing.sorted_by(sort)
        self._listing_sort = sort
        self.search.replace_current(replace(hop, listing=listing))
        note = listing.sort_note
        self.notify(SORT_LABEL[sort] + (f" — {note}" if note else ""))

    # ------------------------------------------------------------ asking S2

    async def graph_service(self) -> Any:
        """The sources' graph (the demo's, a test's), else S2's, built off the event loop."""
        if self._graph is None:
            graph = getattr(self.sources, "graph", None)
            if graph is None:

                def build() -> Any:
                    from tui.sources.graph import GraphService

                    return GraphService.from_config(self.config, self.store)

                graph = await asyncio.to_thread(build)
            self._graph = graph
        return self._graph

    async def _ask_s2(self, label: str, call: Callable[[Any], Awaitable[T]]) -> T | None:
        """``call(graph)``, its back-off shown as it waits; a failure said in one line."""
        graph = await self.graph_service()
        s2 = await asyncio.to_thread(importlib.import_module, "tui.sources.s2_client")
        from tui.sources.errors import NotFound, SourceError

        def backing_off(seconds: float) -> None:
            wait = max(1, round(seconds))
            self.search.show_note(f"{label}… S2 retrying in {wait} s", "yellow")
            self._network({"s2": "pending"}, None, {"s2": seconds})

        token = s2.backoff_listener.set(backing_off)
        try:
            return await call(graph)
        except NotFound:
            self._failed(label, "Semantic Scholar does not know this paper: nothing to follow")
        except SourceError as error:
            self._failed(label, str(error), error.status)
        except UserError as error:
            self.search.clear_note()
            self.notify(str(error), severity="warning", markup=False)
        finally:
            s2.backoff_listener.reset(token)
        return None

    def _failed(self, label: str, message: str, status: str = "") -> None:
        from tui.widgets.trail_status import state_words

        words = f"S2 {state_words(status)}" if status and status != "ok" else "not found"
        self.search.show_note(f"{shorten(label, 40)}: {words}", "red")
        self.notify(f"{label}: {message}", severity="warning", markup=False)
        if status:
            self._network({"s2": status}, None)

    # ------------------------------------------------------------ marks

    def on_search_pane_marks_changed(self, event: SearchPane.MarksChanged) -> None:
        from tui.snowball import Marks

        event.stop()
        topic = self.store.current_topic()
        self.search.set_marks(Marks.of_topic(self.store) if topic is not None else None)

    def _unzoom(self) -> None:
        if self.has_class("-zoomed"):  # the lists come back: the listing shows there
            self.set_class(False, "-zoomed")


def _same(a: Listing, b: Listing) -> bool:
    """The same listing, perhaps in another order (a page is for it)."""

    def key(x: Listing) -> tuple:
        return (x.kind, x.subject.key if x.subject else None, x.next, len(x.rows))

    return key(a) == key(b)

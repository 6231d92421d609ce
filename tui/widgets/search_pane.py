"""The search pane: the query, the status of what is shown, and its rows — along a trail.

The pane shows one hop of a :class:`~tui.sources.trail.Trail` at a time: a search's
merged results, or the references, citations or recommendations reached from a row
(``r`` / ``c`` / ``R``). The screen fetches; the pane keeps the trail, so ``Backspace``
(:meth:`SearchPane.back`) restores the previous list and its cursor without a request.
A next page merged in, or a new order, replaces the current hop with the cursor kept on
the same paper (issue 11.9: rows keep their place).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, OptionList, Static

from tui.models import Citation, Paper, SearchFilters
from tui.snowball import Marks
from tui.widgets.lists import PaperList
from tui.widgets.literal import literal
from tui.widgets.query_input import QueryInput
from tui.widgets.search_rows import SearchRows
from tui.widgets.trail_status import listing_status, search_status

if TYPE_CHECKING:  # loaded at the first answer, not at start (the graph's parsers: ~10 ms)
    from tui.sources.results import SearchResult
    from tui.sources.trail import Hop, Trail

HELP = (
    "Type a query and press [b]Enter[/b]: arXiv and Semantic Scholar are asked at once and "
    "the answers merge as they arrive. Field terms: [b]au:[/b] [b]ti:[/b] [b]cat:[/b]. "
    "[b]Escape[/b] leaves the box for the results, where [b]j[/b]/[b]k[/b] move, [b]a[/b] adds "
    "the highlighted result to the shortlist and [b]Enter[/b] opens it in the reader. [b]f[/b] "
    "sets filters (years, sort, category, open access); [b]h[/b] brings back an earlier search. "
    "Marks: [green]●[/] on the list, [red]✗[/] eliminated (in a trail, with the reason); "
    "[bold yellow]new[/] not seen before in this saved search; [bold cyan]v3 → v5[/] a "
    "newer arXiv version of a paper on your list; [magenta]ax s2[/] the sources that have "
    "it; [green]pdf[/] a PDF can be had.\n"
    "[b]Snowballing[/b]: [b]r[/b] lists what the highlighted paper cites (or the shortlist "
    "entry, or the paper in the reader), [b]c[/b] the papers citing it — each with the "
    "sentence that cites it and why ([blue]background[/], [magenta]method[/], "
    "[green]result[/]; [bold yellow]influential[/] when S2 says it builds on it) — and "
    "[b]R[/b] S2's recommendations from your list (kept and candidates like, eliminated "
    "unlike). The title says where you are (cited by › …); [b]Backspace[/b] goes back, "
    "to the row you left. [b]S[/b] changes the order (citations, year, influential), as "
    "does [b]f[/b] on a listing; the next page loads when the cursor reaches the end."
)
"""The pane's part of the help (Rich markup; winnow's own text)."""


class SearchPane(SearchRows, Vertical):
    """Query input above, the current hop's rows below."""

    BORDER_TITLE = "Search"

    class Submitted(Message):
        def __init__(self, query: str) -> None:
            super().__init__()
            self.query = query

    class MoreWanted(Message):
        """The cursor reached the end of the rows shown: fetch the current hop's next page."""

        def __init__(self, hop: Hop) -> None:
            super().__init__()
            self.hop = hop

    class MarksChanged(Message):
        """The list's papers changed: the screen answers with :meth:`SearchPane.set_marks`."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.trail: Trail | None = None
        self.rows: tuple[Citation, ...] = ()
        self.filters = SearchFilters()
        self.shortlisted: set[str] = set()
        self.eliminated: set[str] = set()
        self.marks: Marks | None = None
        self.new_keys: frozenset[str] = frozenset()
        self.versions: dict[str, str] = {}  # arXiv id -> "v3 → v5"
        self._status = Text()
        self._note: Text | None = None
        self._asked_more = False  # one page request at a time
        self._width = 0

    def compose(self) -> ComposeResult:
        yield QueryInput(id="query")
        yield Static("", id="search-status")
        yield PaperList(id="results")

    # ------------------------------------------------------------ reading

    @property
    def results(self) -> OptionList:
        return self.query_one("#results", OptionList)

    @property
    def papers(self) -> list[Paper]:
        """The papers shown, in order."""
        return [row.paper for row in self.rows]

    @property
    def current(self) -> Hop | None:
        return self.trail.current if self.trail else None

    @property
    def can_go_back(self) -> bool:
        return self.trail is not None and self.trail.can_go_back

    @property
    def has_more(self) -> bool:
        hop = self.current
        return hop is not None and hop.has_more and not self._asked_more

    def highlighted_paper(self) -> Paper | None:
        """The paper under the cursor now (read at key time, not from an old message)."""
        index = self.results.highlighted
        if index is None or not 0 <= index < len(self.rows):
            return None
        return self.rows[index].paper

    # ------------------------------------------------------------ the query

    def focus_query(self) -> None:
        """Focus the query box now, not after the keys already typed: ``/graph`` in one
        write must not reach the results, where ``r`` and ``a`` act (``focus()`` waits)."""
        self.screen.set_focus(self.query_one("#query", Input))

    def set_query(self, query: str) -> None:
        box = self.query_one("#query", Input)
        box.value = query
        box.cursor_position = len(query) if box.has_focus else 0

    def set_filters(self, filters: SearchFilters) -> None:
        self.filters = filters
        self._retitle()

    @on(Input.Submitted, "#query")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        query = event.value.strip()
        if query:
            self.post_message(self.Submitted(query))
            self.results.focus()

    @on(OptionList.OptionHighlighted, "#results")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        hop = self.current
        if hop is not None and self.has_more and event.option_index >= len(self.rows) - 1:
            self._asked_more = True  # set again by the next page, or by its failure
            self.post_message(self.MoreWanted(hop))

    # ------------------------------------------------------------ what is shown

    def show_searching(self, query: str, filters: SearchFilters | None = None) -> None:
        """A new search: the trail starts again."""
        self.trail = None
        self.new_keys = frozenset()
        self._asked_more = False
        if filters is not None:
            self.filters = filters
        self._note = None
        self._fill((), 0)
        self._set_status(literal(f"searching “{query}”…", "dim"))
        self._retitle()

    def show_search(
        self, result: SearchResult, *, retry_in: dict[str, float] | None = None
    ) -> None:
        """A search's answer so far (streamed, or with the next page merged in)."""
        from tui.sources.trail import Hop, Trail

        hop = Hop.of_search(result)
        status = search_status(result, len(result.papers), retry_in)
        if self.trail is not None and self.trail.hops[0].search is None:
            # the user followed a row before the search answered: it goes first, unseen
            self.trail = Trail((hop, *self.trail.hops))
            return
        if self.trail is not None and self.trail.depth > 1:
            first = replace(hop, cursor=self.trail.hops[0].cursor)
            self.trail = Trail((first, *self.trail.hops[1:]))  # shown on the way back
            return
        if self.trail is None:
            self.trail = Trail.start(hop)
            self._fill(hop.rows, self.results.highlighted or 0)
        else:
            self.trail = self.trail.with_current(hop)
            self._refill(hop.rows)
        self._asked_more = False
        self._set_status(status)
        self._retitle()

    def show_result(
        self,
        papers: Sequence[Paper],
        status: dict[str, str],
        totals: dict[str, int | None],
        *,
        cached_at: float | None = None,
        has_more: bool = False,
    ) -> None:
        """These papers as a new search's answer (the trail starts again)."""
        query = self.query_one("#query", Input).value
        self.trail = None
        papers = tuple(papers)
        from tui.sources.results import SearchResult

        self.show_search(
            SearchResult(query, self.filters, papers, status, totals, cached_at, (), has_more)
        )

    def follow(self, hop: Hop) -> None:
        """Go one hop further: the cursor of the list left is kept for the way back."""
        from tui.sources.trail import Trail

        cursor = self.results.highlighted or 0
        self.trail = Trail.start(hop) if self.trail is None else self.trail.push(hop, cursor=cursor)
        self._asked_more = False
        self._note = None
        self._fill(hop.rows, 0)
        self._show_current_status()
        self._retitle()

    def replace_current(self, hop: Hop) -> None:
        """The current hop grown by a page or re-ordered; the cursor stays on its paper."""
        if self.trail is None:
            self.follow(hop)
            return
        self.trail = self.trail.with_current(hop)
        self._asked_more = False
        self._refill(hop.rows)
        self._show_current_status()
        self._retitle()

    def more_failed(self) -> None:
        """The next page did not come: moving to the end asks again."""
        self._asked_more = False

    def back(self) -> bool:
        """One hop back, to the row the user left; False when there is nowhere to go."""
        if self.trail is None or not self.trail.can_go_back:
            return False
        self.trail = self.trail.back()
        hop = self.trail.current
        assert hop is not None
        self._asked_more = False
        self._note = None
        self._fill(hop.rows, hop.cursor)
        self._show_current_status()
        self._retitle()
        return True

    def show_note(self, text: str, style: str = "dim") -> None:
        """A passing word in the status line (a listing on its way, a retry, a failure)."""
        self._note = literal(text, style)
        self._paint_status()

    def clear_note(self) -> None:
        self._note = None
        self._paint_status()

    def on_resize(self, event: events.Resize) -> None:
        self._retitle()
        if self.rows and self._row_width() != self._width:
            self._width = self._row_width()
            self._repaint()

    # ------------------------------------------------------------ status and title

    def _show_current_status(self) -> None:
        hop = self.current
        if hop is None:
            self._set_status(Text())
        elif hop.listing is not None:
            self._set_status(listing_status(hop.listing))
        elif hop.search is not None:
            self._set_status(search_status(hop.search, len(hop.search.papers)))

    def _set_status(self, text: Text) -> None:
        self._status = text
        self._paint_status()

    def _paint_status(self) -> None:
        text = self._status.copy()
        if self._note is not None:
            text = self._note.copy() if not text else text + Text("  ") + self._note
        self.query_one("#search-status", Static).update(text)

    def _retitle(self) -> None:
        hop = self.current
        if self.trail is None or (self.trail.depth == 1 and hop is not None and hop.search):
            described = self.filters.describe()  # a category may come from anywhere
            self.border_title = literal("Search" + (f" · {described}" if described else ""))
            return
        room = max(12, self.size.width - 6)
        self.border_title = literal(self.trail.breadcrumb(room))

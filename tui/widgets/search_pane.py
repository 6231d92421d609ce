"""The search pane: the query, each source's status, and the merged results."""

from __future__ import annotations

import time

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from tui.models import Paper, SearchFilters
from tui.widgets.lists import PaperList
from tui.widgets.literal import SafeInput, literal

PLACEHOLDER = "search arXiv + S2  (au: ti: cat:)"
SHORT_PLACEHOLDER = "search arXiv + S2 (au: ti:)"  # fits the box at 80x24

STATUS_STYLE = {
    "ok": "green",
    "cached": "cyan",
    "rate-limited": "yellow",
    "unreachable": "red",
    "server-error": "red",
    "bad-answer": "red",
    "skipped": "dim",
}

HELP = (
    "Type a query and press [b]Enter[/b]: arXiv and Semantic Scholar are asked at once and "
    "the answers merge as they arrive. Field terms: [b]au:[/b] [b]ti:[/b] [b]cat:[/b]. "
    "[b]Escape[/b] leaves the box for the results, where [b]j[/b]/[b]k[/b] move, [b]a[/b] adds "
    "the highlighted result to the shortlist and [b]Enter[/b] opens it in the reader. [b]f[/b] "
    "sets filters (years, sort, category, open access); [b]h[/b] brings back an earlier search. "
    "Marks: [green]●[/] on the list, [red]✗[/] eliminated; [magenta]ax s2[/] the sources that "
    "have it; [green]pdf[/] a PDF can be had."
)
"""The pane's part of the help (Rich markup; winnow's own text)."""


def age(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f}s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    if seconds < 172800:
        return f"{seconds / 3600:.0f} h"
    return f"{seconds / 86400:.0f} days"


def compact(number: int) -> str:
    return f"{number / 1000:.0f}k" if number >= 10_000 else f"{number:,}"


def result_prompt(paper: Paper, mark: str = "") -> Text:
    """Two lines at most for the title, one for who, when, where, how cited, which sources."""
    text = Text()
    if mark == "on":
        text.append("● ", style="green")
    elif mark == "out":
        text.append("✗ ", style="red")
    text.append_text(literal(paper.title, "bold"))
    first = paper.author_names[0].split()[-1] if paper.author_names else ""
    if len(paper.author_names) > 1:
        first += " et al."
    bits = [b for b in (first, str(paper.year or ""), paper.venue or "") if b]
    text.append("\n")
    text.append_text(literal(" · ".join(bits), "dim"))
    if paper.citations is not None:
        text.append(f" · {compact(paper.citations)} cit", style="dim")
    badges = " ".join("ax" if s == "arxiv" else s for s in paper.sources)
    text.append(f"  {badges}", style="magenta")
    if paper.pdf_url:
        text.append(" pdf", style="green")
    return text


class QueryInput(SafeInput):
    """The query box.

    Focus never selects the query (the next letter would replace it). Out of focus the box
    shows the query's start; in focus the cursor is at its end. Escape leaves for the results
    at once, and a key that arrives here after the focus has gone (typed right behind the
    Escape, before this widget had handled it) goes on to where the focus is now: keys
    follow the focus, in order.
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(placeholder=SHORT_PLACEHOLDER, select_on_focus=False, **kwargs)

    def on_resize(self) -> None:
        room = self.scrollable_content_region.width
        self.placeholder = PLACEHOLDER if len(PLACEHOLDER) < room else SHORT_PLACEHOLDER

    # Textual calls each class's handler in turn (Input's after these, unless prevented).
    def _on_focus(self, event: events.Focus) -> None:
        self.cursor_position = len(self.value)

    def _on_blur(self, event: events.Blur) -> None:
        self.scroll_to(x=0, animate=False, immediate=True)

    def _on_key(self, event: events.Key) -> None:
        # Key handling here, not in a Binding: a binding runs only once the key has bubbled
        # up to the app, by when the next key has been typed into this box already.
        focused = self.screen.focused
        if focused is not self and focused is not None:
            event.stop()
            event.prevent_default()
            focused._forward_event(events.Key(event.key, event.character))
        elif event.key == "slash" and not self.value:
            event.stop()  # "/" is the key that brings the focus here: it is here already
            event.prevent_default()
        elif event.key == "escape":
            event.stop()
            event.prevent_default()
            pane = next((a for a in self.ancestors if isinstance(a, SearchPane)), None)
            if pane is not None:
                self.screen.set_focus(pane.results)


class SearchPane(Vertical):
    """Query input above, merged results below."""

    BORDER_TITLE = "Search"

    class Submitted(Message):
        def __init__(self, query: str) -> None:
            super().__init__()
            self.query = query

    class MoreWanted(Message):
        """The cursor reached the end of the results: fetch the next page."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.papers: list[Paper] = []
        self.has_more = False
        self.filters = SearchFilters()
        self.shortlisted: set[str] = set()
        self.eliminated: set[str] = set()

    def compose(self) -> ComposeResult:
        yield QueryInput(id="query")
        yield Static("", id="search-status")
        yield PaperList(id="results")

    @property
    def results(self) -> OptionList:
        return self.query_one("#results", OptionList)

    def focus_query(self) -> None:
        self.query_one("#query", Input).focus()

    def set_query(self, query: str) -> None:
        box = self.query_one("#query", Input)
        box.value = query
        box.cursor_position = len(query) if box.has_focus else 0

    @on(Input.Submitted, "#query")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        query = event.value.strip()
        if query:
            self.post_message(self.Submitted(query))
            self.results.focus()

    @on(OptionList.OptionHighlighted, "#results")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if self.has_more and event.option_index >= len(self.papers) - 1:
            self.has_more = False  # one request at a time; set again by the next page
            self.post_message(self.MoreWanted())

    def highlighted_paper(self) -> Paper | None:
        """The paper under the cursor now (read at key time, not from an old message)."""
        index = self.results.highlighted
        if index is None or not 0 <= index < len(self.papers):
            return None
        return self.papers[index]

    def show_searching(self, query: str) -> None:
        self.papers = []
        self.results.clear_options()
        self.query_one("#search-status", Static).update(literal(f"searching “{query}”…", "dim"))

    def show_result(
        self,
        papers: tuple[Paper, ...],
        status: dict[str, str],
        totals: dict[str, int | None],
        *,
        cached_at: float | None = None,
        has_more: bool = False,
        append: bool = False,
    ) -> None:
        """Replace (or extend, for the next page) the list, keeping the cursor."""
        keep = self.results.highlighted
        new = list(papers)
        if append:
            seen = {p.key for p in self.papers}
            new = self.papers + [p for p in papers if p.key not in seen]
        self.papers = new
        self.has_more = has_more
        self.results.clear_options()
        self.results.add_options(
            Option(result_prompt(p, self._mark(p.key)), id=f"r{i}")
            for i, p in enumerate(self.papers)
        )
        if self.papers:
            self.results.highlighted = min(keep or 0, len(self.papers) - 1)
        self.query_one("#search-status", Static).update(
            self._status_text(status, totals, cached_at)
        )

    def _mark(self, key: str) -> str:
        return "on" if key in self.shortlisted else "out" if key in self.eliminated else ""

    def mark_shortlisted(self, keys: set[str], eliminated: set[str] = frozenset()) -> None:
        """Mark results on the list (●) and eliminated (✗), and redraw them if that changed."""
        if (keys, eliminated) == (self.shortlisted, self.eliminated):
            return
        self.shortlisted, self.eliminated = set(keys), set(eliminated)
        for index, paper in enumerate(self.papers):
            self.results.replace_option_prompt_at_index(
                index, result_prompt(paper, self._mark(paper.key))
            )

    def _status_text(
        self, status: dict[str, str], totals: dict[str, int | None], cached_at: float | None
    ) -> Text:
        text = Text()
        if not status and not self.papers:
            return text  # no search yet (a new topic): nothing to count
        # The sources overlap, so the larger count is what they hold between them, at least.
        held = max((t for t in totals.values() if t), default=0)
        text.append(f"{len(self.papers)} of {held:,}" if held else f"{len(self.papers)}")
        if cached_at:
            text.append(f" · cached {age(time.time() - cached_at)} ago", style="cyan")
        for source, state in status.items():
            name = "arXiv" if source == "arxiv" else "S2"
            text.append(f"  {name} ", style="dim")
            text.append("✓" if state == "ok" else state, style=STATUS_STYLE.get(state, ""))
        return text

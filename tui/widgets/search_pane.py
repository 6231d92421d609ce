"""The search pane: the query, each source's status, and the merged results."""

from __future__ import annotations

import time

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from tui.models import Paper, SearchFilters
from tui.widgets.literal import SafeInput, literal

STATUS_STYLE = {
    "ok": "green",
    "cached": "cyan",
    "rate-limited": "yellow",
    "unreachable": "red",
    "server-error": "red",
    "bad-answer": "red",
    "skipped": "dim",
}

HELP = """\
### Search
Type a query and press **Enter**: arXiv and Semantic Scholar are asked at once and the
answers merge as they arrive. Field terms: `au:` `ti:` `cat:`. **f** sets filters (years,
sort, category, open access); **h** brings back an earlier search. **a** adds the
highlighted result to the shortlist; **Enter** opens it in the reader.
"""


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


class SearchPane(Vertical):
    """Query input above, merged results below."""

    BORDER_TITLE = "Search"
    BINDINGS = [Binding("escape", "leave", "Results", show=False)]

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
        yield SafeInput(placeholder="search arXiv + S2  (au: ti: cat:)", id="query")
        yield Static("", id="search-status")
        yield OptionList(id="results")

    @property
    def results(self) -> OptionList:
        return self.query_one("#results", OptionList)

    def focus_query(self) -> None:
        self.query_one("#query", Input).focus()

    def set_query(self, query: str) -> None:
        self.query_one("#query", Input).value = query

    def action_leave(self) -> None:
        self.results.focus()

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

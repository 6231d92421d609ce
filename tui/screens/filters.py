"""The search filters (f): year range, sort, arXiv category, open access only."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, Select

from tui.models import SearchFilters
from tui.widgets.literal import SafeInput

SORTS = [("relevance", "relevance"), ("newest", "newest"), ("most cited", "citations")]
SOURCES = [("arXiv and S2", "all"), ("arXiv only", "arxiv"), ("S2 only", "s2")]


def parse_year(text: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    if not (text.isdigit() and 1900 <= int(text) <= 2100):
        raise ValueError(f"not a year: {text!r}")
    return int(text)


class FiltersScreen(ModalScreen[SearchFilters | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "apply", "Apply")]

    def __init__(self, filters: SearchFilters) -> None:
        super().__init__()
        self.filters = filters

    def compose(self) -> ComposeResult:
        f = self.filters
        with Vertical(classes="dialog"):
            yield Label(Text("Search filters", style="bold"))
            with Horizontal(classes="row"):
                yield Label("since ")
                yield SafeInput(str(f.since or ""), placeholder="2021", id="since", max_length=4)
                yield Label(" until ")
                yield SafeInput(str(f.until or ""), placeholder="", id="until", max_length=4)
            yield Select(SORTS, value=f.sort, allow_blank=False, id="sort")
            yield Select(SOURCES, value=f.source, allow_blank=False, id="source")
            yield SafeInput(
                f.category or "", placeholder="arXiv category, e.g. cs.LG", id="category"
            )
            yield Checkbox("open access only", f.open_access, id="open-access")
            yield Label("", id="filter-error")
            yield Label(Text("Tab moves · Enter or Ctrl+S applies · Escape cancels", style="dim"))

    @on(Input.Submitted)
    def _submit(self) -> None:
        self.action_apply()

    def action_apply(self) -> None:
        try:
            since = parse_year(self.query_one("#since", Input).value)
            until = parse_year(self.query_one("#until", Input).value)
        except ValueError as error:
            self.query_one("#filter-error", Label).update(Text(str(error), style="red"))
            return
        if since and until and since > until:
            since, until = until, since
        category = self.query_one("#category", Input).value.strip() or None
        self.dismiss(
            SearchFilters(
                since=since,
                until=until,
                sort=str(self.query_one("#sort", Select).value),
                source=str(self.query_one("#source", Select).value),
                category=category,
                open_access=self.query_one("#open-access", Checkbox).value,
            )
        )

    def action_cancel(self) -> None:
        self.dismiss(None)

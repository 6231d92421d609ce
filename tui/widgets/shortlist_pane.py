"""The shortlist pane: at most ``cap`` papers, their status and stage; eliminated below."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.models import Entry, Paper, Status
from tui.widgets.lists import PaperList
from tui.widgets.literal import literal

LEGEND = "S: stage · n/3: answers"
"""The one-line legend under the list (its bottom border)."""


def help_text(cap: int, kept_target: int) -> str:
    """The pane's part of the help (Rich markup), with the caps in force."""
    return (
        f"At most {cap} papers (the cap, [b]shortlist_cap[/b] in config.toml). Skim each "
        "([b]Enter[/b], stage [b]1[/b]), answer the three questions ([b]n[/b]), then cut: "
        "[b]x[/b] eliminates with a one-line reason, [b]u[/b] undoes, [b]K[/b] keeps. "
        f"Stages 2–4 open once at most {kept_target} papers remain, all kept.\n"
        "A row reads [b]★ S2 3/3 Title[/b]: [b]★[/b] kept, [b]·[/b] a candidate, [b]✗[/b] "
        "eliminated (the reason below it); [b]S2[/b] the furthest stage opened (S0: not yet "
        "opened); [b]3/3[/b] how many of the three questions are answered."
    )


def entry_prompt(entry: Entry, paper: Paper | None) -> Text:
    title = paper.title if paper else entry.paper_key
    text = Text()
    if entry.status is Status.KEPT:
        text.append("★ ", style="bold green")
    elif entry.status is Status.ELIMINATED:
        text.append("✗ ", style="red")
    else:
        text.append("· ", style="dim")
    text.append(f"S{entry.stage} ", style="cyan" if entry.stage else "dim")
    answered = entry.notes.answered
    text.append(f"{answered}/3 ", style="green" if answered else "dim")
    style = "dim strike" if entry.status is Status.ELIMINATED else ""
    text.append_text(literal(title, style))
    if entry.status is Status.ELIMINATED and entry.reason:
        text.append("\n   — ", style="dim")
        text.append_text(literal(entry.reason, "italic dim"))
    return text


class ShortlistPane(Vertical):
    """The topic's candidates; the eliminated ones in a collapsed group below."""

    class Opened(Message):
        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

    def __init__(self, cap: int, **kwargs) -> None:
        super().__init__(**kwargs)
        self.cap = cap
        self.keys: list[str | None] = []  # option index -> paper key (None for the group)
        self.show_eliminated = False
        self._entries: list[Entry] = []
        self._papers: dict[str, Paper | None] = {}
        self._shown: tuple = ()
        self.border_title = f"Shortlist  0/{cap}"
        self.border_subtitle = LEGEND

    def compose(self) -> ComposeResult:
        yield PaperList(id="shortlist")

    @property
    def options(self) -> OptionList:
        return self.query_one("#shortlist", OptionList)

    @property
    def has_eliminated(self) -> bool:
        """Some paper of the list was eliminated (so u has something to undo)."""
        return any(not e.active for e in self._entries)

    def highlighted_key(self) -> str | None:
        index = self.options.highlighted
        if index is None or not 0 <= index < len(self.keys):
            return None
        return self.keys[index]

    def set_entries(self, entries: list[Entry], papers: dict[str, Paper | None]) -> None:
        """Show these entries; the highlight stays on its paper, and moves to the next
        candidate when its paper was eliminated (here or in another window) — never back
        to the first row (issue 11.2). Nothing is redrawn when nothing shown changed."""
        rows = _signature(entries, papers)
        if rows == self._shown and self.options.option_count:
            self._entries, self._papers = entries, papers
            return
        current = self.highlighted_key()
        was_active = {e.paper_key for e in self._entries if e.active}
        order = [k for k in self.keys if k is not None]
        self._entries, self._papers = entries, papers
        self._rebuild(current, was_active, order)
        self._shown = rows

    def _rebuild(
        self,
        current: str | None = None,
        was_active: set[str] | None = None,
        order: list[str] | None = None,
    ) -> None:
        active = [e for e in self._entries if e.active]
        active.sort(key=lambda e: e.status is not Status.KEPT)  # kept first, then candidates
        gone = [e for e in self._entries if not e.active]
        options: list[Option] = []
        self.keys = []
        for entry in active:
            options.append(Option(entry_prompt(entry, self._papers.get(entry.paper_key))))
            self.keys.append(entry.paper_key)
        if gone:
            arrow = "▾" if self.show_eliminated else "▸"
            options.append(Option(Text(f"{arrow} eliminated ({len(gone)})", style="dim bold")))
            self.keys.append(None)
            if self.show_eliminated:
                for entry in gone:
                    options.append(Option(entry_prompt(entry, self._papers.get(entry.paper_key))))
                    self.keys.append(entry.paper_key)
        scroll, old_row = self.options.scroll_y, self.options.highlighted or 0
        with self.app.batch_update():
            self.options.clear_options()
            self.options.add_options(options)
            if not options:
                self.options.add_option(
                    Option(
                        Text("Nothing on the list yet: search, then a.", style="dim italic"),
                        disabled=True,
                    )
                )
            else:
                self.options.scroll_to(y=scroll, animate=False, immediate=True)
                self.options.highlighted = self._row_for(
                    current, was_active or set(), order or [], old_row
                )
        kept = sum(e.status is Status.KEPT for e in active)
        title = f"Shortlist  {len(active)}/{self.cap}"
        if kept:
            title += f" · {kept} kept"
        self.border_title = title

    def _row_for(
        self, current: str | None, was_active: set[str], order: list[str], old_row: int
    ) -> int:
        """The row to highlight after a rebuild: ``current``'s, unless it was eliminated
        since (then the nearest candidate after it in the old order, else before it)."""
        status = {e.paper_key: e.status for e in self._entries}
        gone = current in was_active and status.get(current) is Status.ELIMINATED
        if current is not None and current in self.keys and not gone:
            return self.keys.index(current)
        if current in order:
            at = order.index(current)
            after = order[at + 1 :] + list(reversed(order[:at]))
            for key in after:
                if status.get(key) is Status.CANDIDATE and key in self.keys:
                    return self.keys.index(key)
            for key in after:
                if key in self.keys and status.get(key) is not Status.ELIMINATED:
                    return self.keys.index(key)
        return min(old_row, len(self.keys) - 1) if self.keys else 0

    @on(OptionList.OptionSelected, "#shortlist")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        index = event.option_index
        if not 0 <= index < len(self.keys):
            return
        key = self.keys[index]
        if key is None:
            self.show_eliminated = not self.show_eliminated
            self._rebuild()
            self._shown = _signature(self._entries, self._papers)
            self.options.highlighted = self.keys.index(None)
        else:
            self.post_message(self.Opened(key))


def _signature(entries: list[Entry], papers: dict[str, Paper | None]) -> tuple:
    """What the rows show: a change here (and only here) redraws the list."""
    rows = []
    for e in entries:
        paper = papers.get(e.paper_key)
        title = paper.title if paper else e.paper_key
        rows.append((e.paper_key, e.status, e.stage, e.notes.answered, e.reason, title))
    return tuple(rows)

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
        self._entries, self._papers = entries, papers
        self._rebuild()

    def _rebuild(self) -> None:
        current = self.highlighted_key()
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
        self.options.clear_options()
        self.options.add_options(options)
        if not options:
            self.options.add_option(
                Option(
                    Text("Nothing on the list yet: search, then a.", style="dim italic"),
                    disabled=True,
                )
            )
        elif current is not None and current in self.keys:
            self.options.highlighted = self.keys.index(current)
        else:
            self.options.highlighted = 0
        kept = sum(e.status is Status.KEPT for e in active)
        title = f"Shortlist  {len(active)}/{self.cap}"
        if kept:
            title += f" · {kept} kept"
        self.border_title = title

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
            self.options.highlighted = self.keys.index(None)
        else:
            self.post_message(self.Opened(key))

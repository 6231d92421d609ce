"""Help (?): the method, then every key — from the one list of commands.

Built once, at the first idle moment after the first frame, and kept installed: opening it
is a screen switch, not a build. The text is one Static of Rich renderables (a Markdown
widget mounts a widget per block and takes most of a second to style them all).
"""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.keys import COMMANDS, key_label

METHOD = (
    "[b]Find[/b] on arXiv and Semantic Scholar.",
    "Keep a [b]list of 6–10[/b].",
    "[b]Skim[/b] each: abstract, introduction, conclusion, figures — "
    "[i]purpose? problem? contributions?[/i]",
    "[b]Eliminate[/b] down to [b]2–3[/b].",
    "Read the survivors in [b]four stages[/b]: (1) title, authors, key figure, abstract; "
    "(2) introduction and conclusion; (3) figures, method, experiments, math folded; "
    "(4) everything.",
)
CLOSING = (
    "Keep your purpose in mind; figures are your best friend. "
    "Phases follow from your list: COLLECT → SKIM → CUT → READ."
)
EXTRA_KEYS = (
    ("Tab / Shift+Tab", "next / previous pane"),
    ("j k / arrows", "move in a list; scroll in the reader"),
    ("Escape", "leave the search box for the results; close a dialog"),
    ("Ctrl+P", "command palette"),
)


def _markup(text: str) -> Text:
    """winnow's own help text (never outside text), written in Rich markup (no emoji codes:
    their table is a module of its own to load, ~10 ms, for none)."""
    return Text.from_markup(text, emoji=False)


def keys_table(keymap: dict[str, str]) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for command in COMMANDS:
        table.add_row(Text(key_label(keymap.get(command.id, command.keys))), Text(command.help))
    for keys, what in EXTRA_KEYS:
        table.add_row(Text(keys), Text(what))
    return table


def help_body(keymap: dict[str, str], pane_help: list[tuple[str, str]]) -> Group:
    """The whole help as one renderable: the method, the keys, each pane's notes."""
    method = Table.grid(padding=(0, 1))
    method.add_column(justify="right", style="bold")
    method.add_column()
    for number, step in enumerate(METHOD, 1):
        method.add_row(f"{number}.", _markup(step))
    parts: list = [
        Text("winnow — how to read research papers", style="bold underline"),
        Text(),
        method,
        Text(),
        Text(CLOSING, style="italic"),
        Text(),
        Text("Keys", style="bold underline"),
        keys_table(keymap),
    ]
    for title, body in pane_help:
        parts += [Text(), Text(title, style="bold underline"), _markup(body)]
    return Group(*parts)


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,question_mark", "close", "Close"),
        Binding("j,down", "scroll(1)", "Down", show=False),
        Binding("k,up", "scroll(-1)", "Up", show=False),
        Binding("pagedown,space", "scroll(10)", "Page down", show=False),
        Binding("pageup", "scroll(-10)", "Page up", show=False),
    ]

    def __init__(self, keymap: dict[str, str], pane_help: list[tuple[str, str]]) -> None:
        super().__init__()
        self.body = help_body(keymap, pane_help)

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog wide tall", id="help-scroll"):
            yield Static(self.body, id="help-text")

    def action_scroll(self, lines: int) -> None:
        self.query_one("#help-scroll", VerticalScroll).scroll_relative(
            y=lines, animate=False, immediate=True
        )

    def action_close(self) -> None:
        self.dismiss(None)

"""Help (?): the method, then every key — from the one list of commands."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

from tui.keys import COMMANDS, key_label

METHOD = """\
## winnow — how to read research papers

1. **Find** on arXiv and Semantic Scholar.
2. Keep a **list of 6–10**.
3. **Skim** each: abstract, introduction, conclusion, figures — *purpose? problem?
   contributions?*
4. **Eliminate** down to **2–3**.
5. Read the survivors in **four stages**: (1) title, authors, key figure, abstract;
   (2) introduction and conclusion; (3) figures, method, experiments, math folded;
   (4) everything.

Keep your purpose in mind; figures are your best friend.

Phases follow from your list: COLLECT → SKIM → CUT → READ.
"""


def keys_table(keymap: dict[str, str]) -> str:
    rows = ["| key | action |", "|---|---|"]
    for command in COMMANDS:
        keys = key_label(keymap.get(command.id, command.keys))
        rows.append(f"| `{keys}` | {command.help} |")
    rows.append("| `Tab` / `Shift+Tab` | next / previous pane |")
    rows.append("| `j` `k` / arrows | move in a list; scroll in the reader |")
    rows.append("| `Ctrl+P` | command palette |")
    return "\n".join(rows)


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,question_mark", "close", "Close"),
        Binding("j,down", "scroll(1)", "Down", show=False),
        Binding("k,up", "scroll(-1)", "Up", show=False),
        Binding("pagedown,space", "scroll(10)", "Page down", show=False),
        Binding("pageup", "scroll(-10)", "Page up", show=False),
    ]

    def __init__(self, keymap: dict[str, str], pane_help: list[str]) -> None:
        super().__init__()
        self.keymap = keymap
        self.pane_help = pane_help

    def compose(self) -> ComposeResult:
        text = "\n\n".join([METHOD, "## Keys", keys_table(self.keymap), *self.pane_help])
        with VerticalScroll(classes="dialog wide tall", id="help-scroll"):
            yield Markdown(text)

    def action_scroll(self, lines: int) -> None:
        self.query_one("#help-scroll", VerticalScroll).scroll_relative(
            y=lines, animate=False, immediate=True
        )

    def action_close(self) -> None:
        self.dismiss(None)

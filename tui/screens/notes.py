"""Notes (n): the three skim questions and free text, saved as typed."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, TextArea

from tui.models import Notes
from tui.widgets.literal import SafeInput, literal
from tui.widgets.safe_text_area import SafeTextArea

QUESTIONS = (
    ("purpose", "What is the purpose of this paper?"),
    ("problem", "What problem does it solve?"),
    ("contributions", "Which contributions stand out?"),
)


class NotesScreen(ModalScreen[None]):
    """Every keystroke is saved through ``save`` (a crash loses no edit)."""

    BINDINGS = [Binding("escape", "close", "Done")]

    def __init__(self, title: str, notes: Notes, save: Callable[[str, str], None]) -> None:
        super().__init__()
        self.paper_title = title
        self.notes = notes
        self.save = save

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(literal(self.paper_title, "bold"))
            yield Label(Text("Saved as you type · Tab moves · Escape closes", style="dim"))
            for name, question in QUESTIONS:
                yield Label(Text(question, style="cyan"))
                yield SafeInput(getattr(self.notes, name), id=name, select_on_focus=False)
            yield Label(Text("Notes", style="cyan"))
            yield SafeTextArea(self.notes.text, id="text", soft_wrap=True)

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        if event.input.id:
            self.save(event.input.id, event.value)

    @on(TextArea.Changed, "#text")
    def _text_changed(self, event: TextArea.Changed) -> None:
        self.save("text", event.text_area.text)

    @on(Input.Submitted)
    def _next(self) -> None:
        self.focus_next()

    def on_mount(self) -> None:
        first = self.query_one("#purpose", Input)
        first.focus()
        first.cursor_position = len(first.value)

    def action_close(self) -> None:
        self.dismiss(None)

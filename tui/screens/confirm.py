"""A yes-or-no question that a stray key cannot answer: only ``y`` says yes.

Enter does nothing here (it may be the tail of an earlier burst); ``n`` and Escape say no.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from tui.widgets.literal import literal


class Confirm(ModalScreen[bool]):
    BINDINGS = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: str, yes: str = "yes", no: str = "no") -> None:
        super().__init__()
        self.question = question
        self.yes, self.no = yes, no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(literal(self.question), id="confirm-question")  # wraps at 80
            hint = Text()
            hint.append("y", style="bold")
            hint.append(f" {self.yes} · ")
            hint.append("n", style="bold")
            hint.append(f" or Escape: {self.no}")
            yield Label(hint, id="confirm-hint")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)

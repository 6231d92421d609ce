"""Small modal questions: one line of text, or a choice from a list."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from tui.widgets.literal import SafeInput, literal


class AskLine(ModalScreen[str | None]):
    """Ask for one line (e.g. the reason for an elimination). Escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        question: str,
        placeholder: str = "",
        value: str = "",
        check: Callable[[str], str | None] | None = None,
    ) -> None:
        super().__init__()
        self.question = question
        self.placeholder = placeholder
        self.value = value
        self.check = check  # says why an answer is refused (the dialog stays), or None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(literal(self.question), classes="question")  # wraps, at 80 columns too
            yield SafeInput(
                value=self.value, placeholder=self.placeholder, id="answer", select_on_focus=False
            )
            yield Label(Text("Enter to confirm · Escape to cancel", style="dim"), id="ask-hint")

    @on(Input.Submitted, "#answer")
    def _done(self, event: Input.Submitted) -> None:
        event.stop()
        value = " ".join(event.value.split())
        why = "An answer is needed" if not value else self.check(value) if self.check else None
        if why is None:
            self.dismiss(value)
        else:
            hint = literal(why, "bold yellow")
            hint.append(" · Escape to cancel", style="dim")
            self.query_one("#ask-hint", Label).update(hint)

    def action_cancel(self) -> None:
        self.dismiss(None)


class Choose(ModalScreen[int | None]):
    """Pick one of a list (earlier searches, topics, export formats)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, choices: list[Text | str]) -> None:
        super().__init__()
        self.title_text = title
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(literal(self.title_text, "bold"))
            yield OptionList(
                *(Option(c if isinstance(c, Text) else literal(c)) for c in self.choices),
                id="choices",
            )
            yield Label(Text("Enter to choose · Escape to cancel", style="dim"))

    @on(OptionList.OptionSelected, "#choices")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option_index)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ShowText(ModalScreen[None]):
    """A read-only text (a summary, an export preview), shown literally."""

    BINDINGS = [Binding("escape,q", "close", "Close")]

    def __init__(self, title: str, body: str) -> None:
        super().__init__()
        self.title_text = title
        self.body = body

    def compose(self) -> ComposeResult:
        from textual.containers import VerticalScroll
        from textual.widgets import Static

        with Vertical(classes="dialog wide"):
            yield Label(Text(self.title_text, style="bold"))
            with VerticalScroll():
                yield Static(literal(self.body))
            yield Label(Text("Escape to close", style="dim"))

    def action_close(self) -> None:
        self.dismiss(None)

"""The notes editor, docked under the reader: the three skim questions and free notes,
answered while the paper stays in sight (issue 11.17).

State comes down (``load``, ``set_value``, ``show_states``); edits go up as messages
(``Edited``, ``Left``, ``Resolve``, ``Done``, ``ScrollPaper``). The panel never talks to
the store: whether a field is saved is what the screen says it is.

Keys follow the focus in order (issue 11.12): Tab, Shift+Tab and Enter move between the
fields inside the panel, and a key that reaches a field after the user has moved on —
typed in the same burst, or pasted — goes on to the field it was meant for, in order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Label, Static, TextArea

from tui.screens.note_drafts import FIELDS
from tui.widgets.literal import SafeInput, literal
from tui.widgets.safe_text_area import SafeTextArea

LABELS = {
    "purpose": ("Purpose", "What is the purpose of this paper?"),
    "problem": ("Problem", "What problem does it solve?"),
    "contributions": ("Contributions", "Which contributions stand out?"),
    "text": ("Notes", "anything else (Enter for a new line)"),
}
SAVED, SAVING, CONFLICT = "saved", "saving", "conflict"
"""A field's state, as the screen knows it (``tui.screens.note_drafts.NoteState``)."""
STATE_TEXT = {
    SAVED: ("✓ saved", "green"),
    SAVING: ("saving…", "yellow"),
    CONFLICT: ("⚠ changed elsewhere", "bold red"),
}
SETTLE_TRIES = 50
"""How many times a field lets its queued keys go on before it hands the focus over."""


class FollowFocus:
    """Mixed into the panel's fields: the panel's ``target`` is the field keys belong to.

    The focus moves only once the field's own queue holds no more keys (Textual hands a
    key to the widget focused when the key is read; moving the focus while keys of the
    burst wait here would let later keys overtake them).
    """

    @property
    def panel(self) -> NotesPanel:
        return next(a for a in self.ancestors if isinstance(a, NotesPanel))  # type: ignore[attr-defined]

    def _route(self, event: events.Event) -> bool:
        """Send ``event`` on to the field it belongs to; True if it went on."""
        target = self.panel.target
        if target is None or target is self:
            return False
        event.stop()
        event.prevent_default()
        if isinstance(event, events.Key):
            target._forward_event(events.Key(event.key, event.character))
        elif isinstance(event, events.Paste):
            target._forward_event(events.Paste(event.text))
        return True

    def _step(self, event: events.Key, direction: int) -> None:
        event.stop()
        event.prevent_default()
        self.panel.step(self, direction)  # type: ignore[arg-type]

    def _paste_on(self, rest: str) -> None:
        """The part of a paste past a Tab or a line end goes to the next field."""
        panel = self.panel
        panel.step(self, 1)  # type: ignore[arg-type]
        if panel.target is not None and panel.target is not self:
            panel.target._forward_event(events.Paste(rest))


class NoteInput(FollowFocus, SafeInput):
    """One skim answer, one line."""

    def _on_key(self, event: events.Key) -> None:
        if self._route(event):
            return
        if event.key in ("tab", "enter"):
            self._step(event, 1)
        elif event.key == "shift+tab":
            self._step(event, -1)

    def _on_paste(self, event: events.Paste) -> None:
        if self._route(event):
            return
        first, sep, rest = _split_field(event.text)
        if first:
            self.insert_text_at_cursor(first)
        event.stop()
        event.prevent_default()
        if sep:
            self._paste_on(rest)

    def _on_blur(self, event: events.Blur) -> None:
        self.panel.post_message(NotesPanel.Left(self.field))

    def watch_value(self, value: str) -> None:
        if self.is_mounted:
            self.panel.render_state()  # "saving…" in the frame that shows the new text

    @property
    def field(self) -> str:
        return (self.id or "").removeprefix("note-")


class NoteText(FollowFocus, SafeTextArea):
    """The free notes: several lines (Enter is a new line; Tab moves on)."""

    def _on_key(self, event: events.Key) -> None:  # type: ignore[override]
        if self._route(event):
            return
        if event.key == "tab":
            self._step(event, 1)
        elif event.key == "shift+tab":
            self._step(event, -1)

    def _on_paste(self, event: events.Paste) -> None:  # type: ignore[override]
        self._route(event)  # else TextArea's own handler takes it (several lines)

    def _on_blur(self, event: events.Blur) -> None:
        self.panel.post_message(NotesPanel.Left("text"))

    def edit(self, edit):  # type: ignore[no-untyped-def]
        result = super().edit(edit)
        if self.is_mounted:
            self.panel.render_state()  # "saving…" in the frame that shows the new text
        return result


def _split_field(text: str) -> tuple[str, str, str]:
    """A paste into a one-line field: its first part, and what a Tab or line end leaves."""
    match = re.search(r"\r\n|[\t\r\n]", text)
    if match is None:
        return text, "", ""
    return text[: match.start()], match.group(), text[match.end() :]


class NotesPanel(Vertical):
    """Purpose, problem, contributions, free notes — under the reader."""

    BINDINGS = [
        Binding("escape", "done", "Done", id="notes.done"),
        Binding("pageup", "scroll_paper(-1)", "Paper ↑", show=False, id="notes.paper_up"),
        Binding("pagedown", "scroll_paper(1)", "Paper ↓", show=False, id="notes.paper_down"),
        Binding("ctrl+t", "resolve(1)", "Take theirs", id="notes.theirs"),
        Binding("ctrl+o", "resolve(0)", "Keep mine", id="notes.mine"),
    ]

    @dataclass
    class Edited(Message):
        field: str
        value: str

    @dataclass
    class Left(Message):
        """The focus left a field: its pending write goes now."""

        field: str

    @dataclass
    class Resolve(Message):
        field: str
        take_theirs: bool

    class Done(Message):
        """Escape: the editor closes."""

    @dataclass
    class ScrollPaper(Message):
        pages: int

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.key: str | None = None
        self.target: Widget | None = None
        self._states: dict[str, str] = {}
        self._saved: dict[str, str] = {}
        self._error = ""
        self.state_label = ""  # what the title says of the state, as plain text
        self.border_subtitle = "Tab next · PgUp PgDn the paper · Esc done"

    def compose(self) -> ComposeResult:
        for name in FIELDS:
            label, question = LABELS[name]
            with Horizontal(classes="note-row", id=f"row-{name}"):
                yield Label(Text(label, style="cyan"), classes="note-label")
                if name == "text":
                    yield NoteText(id="note-text", soft_wrap=True, tab_behavior="focus")
                else:
                    yield NoteInput(id=f"note-{name}", placeholder=question, select_on_focus=False)
            yield Static("", id=f"conflict-{name}", classes="note-conflict")

    # ------------------------------------------------------------ state down

    def field_widget(self, name: str) -> NoteInput | NoteText:
        return self.query_one(f"#note-{name}")  # type: ignore[return-value]

    def load(self, key: str, values: dict[str, str], focus: str = "purpose") -> None:
        """Edit ``key``'s notes; the focus goes to ``focus`` (the cursor at its end)."""
        self.key = key
        for name in FIELDS:
            self.set_value(name, values.get(name, ""))
        self.target = self.field_widget(focus)
        self.target.focus()

    def set_value(self, name: str, value: str) -> None:
        """Show ``value`` in a field (from the store). Its Changed message reaches the
        screen like an edit's, and is one: a value equal to what is stored writes nothing."""
        widget = self.field_widget(name)
        if isinstance(widget, Input):
            if widget.value != value:
                widget.value = value
            widget.cursor_position = len(value)
        elif widget.text != value:
            widget.load_text(value)
            widget.move_cursor(widget.document.end)

    def show_states(
        self,
        states: dict[str, str],
        theirs: dict[str, str],
        error: str = "",
        saved: dict[str, str] | None = None,
    ) -> None:
        """Each field's state; the newer text beside a field in conflict; ``saved``: the
        text of each field known to be on disk. The title says "✓ saved" only while every
        field shows that text — checked again at each keystroke, in the very frame that
        draws it (the screen's word comes a message later)."""
        self._states = dict(states)
        self._saved = dict(saved or {})
        self._error = error
        for name in FIELDS:
            line = self.query_one(f"#conflict-{name}", Static)
            if states.get(name) == CONFLICT and name in theirs:
                text = Text("⚠ changed in another window: ", style="bold red")
                text.append_text(literal(theirs[name], "italic"))
                text.append("  ^T take it · ^O keep yours", style="dim")
                line.update(text)
                line.display = True
            else:
                line.display = False
        self.render_state()
        self.refresh_bindings()

    def render_state(self) -> None:
        states = dict(self._states)
        for name, text in self._saved.items():
            if states.get(name) == SAVED and self.value_of(name) != text:
                states[name] = SAVING  # typed since the screen last said
        title = Text("Notes  ")
        values = set(states.values())
        if CONFLICT in values:
            title.append(*STATE_TEXT[CONFLICT])
        elif self._error:
            title.append("not saved: ", style="bold red")
            title.append_text(literal(self._error[:60], "red"))
        else:
            title.append(*STATE_TEXT[SAVING if SAVING in values else SAVED])
        if title.plain != self.state_label:
            self.border_title = title
            self.state_label = title.plain

    def value_of(self, name: str) -> str:
        widget = self.field_widget(name)
        return widget.value if isinstance(widget, Input) else widget.text

    # ------------------------------------------------------------ keys

    def step(self, origin: Widget, direction: int) -> None:
        """Keys after this one belong to the next (``+1``) or previous field; the focus
        follows once ``origin`` has passed on what it still holds."""
        fields = [self.field_widget(n) for n in FIELDS]
        here = fields.index(origin) if origin in fields else 0  # type: ignore[arg-type]
        self.target = fields[(here + direction) % len(fields)]
        origin.call_later(self._settle, origin, 0)

    def _settle(self, origin: Widget, tries: int) -> None:
        queued = origin._message_queue.qsize()  # textual is pinned: see FollowFocus
        if queued and tries < SETTLE_TRIES:
            origin.call_later(self._settle, origin, tries + 1)
            return
        if self.target is not None and self.display:
            self.target.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "resolve":
            return CONFLICT in self._states.values()
        return True

    def action_done(self) -> None:
        self.post_message(self.Done())

    def action_scroll_paper(self, pages: int) -> None:
        self.post_message(self.ScrollPaper(pages))

    def action_resolve(self, take: int) -> None:
        focused = self.screen.focused
        name = getattr(focused, "field", None) if isinstance(focused, NoteInput) else None
        if isinstance(focused, NoteText):
            name = "text"
        if self._states.get(name or "") != CONFLICT:
            name = next((n for n in FIELDS if self._states.get(n) == CONFLICT), None)
        if name is not None:
            self.post_message(self.Resolve(name, bool(take)))

    # ------------------------------------------------------------ edits up

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if isinstance(event.input, NoteInput):
            self.post_message(self.Edited(event.input.field, event.value))

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self.post_message(self.Edited("text", event.text_area.text))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()

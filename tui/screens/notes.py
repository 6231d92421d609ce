"""Notes (n): the three skim questions and free notes, edited under the reader — the
paper stays in sight (issue 11.17) — and saved off the event loop as you type.

Each field is a :class:`~tui.screens.note_drafts.FieldDraft`. A keystroke updates the
draft and asks the writer for one coalesced write per field (``NOTE_DELAY``), plus one
when the focus leaves the field or the editor closes; the editor says "saving…" until the
store call returned and "✓ saved" only then (issue 10.2). A write carries what the window
last saw; a newer text from elsewhere is shown beside the user's draft, and ^T / ^O
resolve it (issue 10.4). Drafts live as long as the window: closing the editor with one
unsaved keeps it, and ``n`` shows it again.
"""

from __future__ import annotations

import asyncio
import importlib
from functools import partial
from typing import TYPE_CHECKING

from textual.widgets import Input

from tui.errors import WinnowError
from tui.screens.live import View
from tui.screens.note_drafts import FIELDS, FieldDraft, NoteState
from tui.store import EditConflict

if TYPE_CHECKING:
    from tui.widgets.notes_panel import NotesPanel

NOTE_DELAY = 0.3
"""Seconds between two writes of one field while typing (and before the first)."""
WIDE = 120
"""Columns from which the notes leave the lists in place; narrower, the reader and the
notes take the whole width while the notes are open."""


def slot(key: str, name: str) -> str:
    return f"note:{key}:{name}"


class NotesSide:
    """Mixed into MainScreen: the notes editor's side of the screen."""

    _drafts: dict[str, dict[str, FieldDraft]] | None = None
    _note_errors: dict[str, str] | None = None
    _focus_back = None
    _notes_panel: NotesPanel | None = None

    # ------------------------------------------------------------ opening and closing

    @property
    def notes_panel(self) -> NotesPanel | None:
        panel = self._notes_panel  # not a query: the footer asks on every refresh
        return panel if panel is not None and panel.is_attached else None

    @property
    def notes_open(self) -> bool:
        return self.has_class("-notes")

    async def prepare_notes(self) -> NotesPanel:
        """The editor, built once (hidden) so that ``n`` shows it at once."""
        panel = self.notes_panel
        if panel is None:  # TextArea's import (~15 ms) stays out of the first frame...
            # ...and off the event loop: the warm-up imports it in its thread, and an import
            # here would wait on that one's lock with every key behind it
            module = await asyncio.to_thread(importlib.import_module, "tui.widgets.notes_panel")
            panel = module.NotesPanel(id="notes", classes="pane")
            self._notes_panel = panel
            await self.query_one("#right").mount(panel)
        return panel

    async def open_notes(self, key: str, focus: str = "purpose") -> None:
        entry = self.view.entry(key)
        if entry is None:
            self.notify("add the paper to the shortlist first (a): notes belong to it")
            return
        panel = await self.prepare_notes()
        if panel.key is not None and panel.key != key:
            self._flush_notes(panel.key)
        if self._drafts is None:
            self._drafts, self._note_errors = {}, {}
        drafts = self._drafts.setdefault(
            key, {n: FieldDraft.of(n, getattr(entry.notes, n)) for n in FIELDS}
        )
        self._adopt(key, drafts, entry, self.view.read_at)  # what the store holds now
        if not self.notes_open:
            self._focus_back = self.focused
        self.add_class("-notes")
        self.set_class(self.size.width < WIDE, "-notes-wide")
        panel.load(key, {n: d.value for n, d in drafts.items()}, focus)
        self._show_note_states(key)
        self.refresh_keys()
        self._abstract_in_sight(0)

    def _abstract_in_sight(self, tries: int) -> None:
        """Stage 1 opened at its top: the reader moves to the abstract, which the three
        questions are about (the title and the figure above it scroll away)."""
        if not self.notes_open or self.stage != 1 or not self.reader.is_ready:
            return
        body = self.reader.body
        if self.reader.has_class("-loading") or not body.headings:
            if tries < 20:  # the paper is still opening
                self.set_timer(0.1, lambda: self._abstract_in_sight(tries + 1))
            return
        if body.scroll_y > 0:
            return  # the user has a place in it: it stays
        for heading in body.headings:
            if heading.text == "Abstract":
                body.scroll_to(y=heading.virtual_region.y, animate=False, immediate=True)
                return

    def close_notes(self) -> None:
        panel = self.notes_panel
        if panel is None or not self.notes_open:
            return
        key = panel.key
        self._flush_notes(key)
        self.remove_class("-notes", "-notes-wide")
        back = self._focus_back
        if back is not None and back.is_attached and back.display and back.can_focus:
            back.focus()
        else:
            self.shortlist.options.focus()
        if key and any(d.state is NoteState.CONFLICT for d in (self._drafts or {})[key].values()):
            self.notify(
                "a note changed elsewhere is not resolved: your text is kept in this window "
                "(n shows it again)",
                severity="warning",
            )
        self.refresh_keys()

    def _flush_notes(self, key: str | None) -> None:
        for name in FIELDS if key else ():
            self.writes.flush(slot(key, name))

    def on_notes_panel_done(self, event: NotesPanel.Done) -> None:
        event.stop()
        self.close_notes()

    def on_notes_panel_scroll_paper(self, event: NotesPanel.ScrollPaper) -> None:
        event.stop()
        if self.reader.is_ready:
            body = self.reader.body
            body.scroll_to(
                y=body.scroll_y + event.pages * max(body.size.height - 2, 1),
                animate=False,
                immediate=True,
            )

    def on_resize(self, event) -> None:  # the width decides where the notes go
        if self.notes_open:
            self.set_class(event.size.width < WIDE, "-notes-wide")

    # ------------------------------------------------------------ edits

    def on_notes_panel_edited(self, event: NotesPanel.Edited) -> None:
        event.stop()
        panel = self.notes_panel
        key = panel.key if panel else None
        if key is None or self._drafts is None or key not in self._drafts:
            return
        draft = self._drafts[key][event.field]
        # the field's text now: a refresh may have taken in keys this message lags behind
        if draft.edit(panel.value_of(event.field)):
            self._write_later(key, draft)
        self._show_note_states(key)

    def on_notes_panel_left(self, event: NotesPanel.Left) -> None:
        event.stop()
        panel = self.notes_panel
        if panel is not None and panel.key:
            self.writes.flush(slot(panel.key, event.field))

    def on_notes_panel_resolve(self, event: NotesPanel.Resolve) -> None:
        event.stop()
        panel = self.notes_panel
        key = panel.key if panel else None
        if key is None or self._drafts is None:
            return
        draft = self._drafts[key][event.field]
        if event.take_theirs:
            panel.set_value(event.field, draft.take_theirs())
        elif draft.keep_mine():
            self._write_later(key, draft)
            self.writes.flush(slot(key, event.field))
        self._show_note_states(key)

    def _write_later(self, key: str, draft: FieldDraft) -> None:
        topic = self.view.topic.name if self.view.topic else None
        (self._note_errors or {}).pop(key, None)
        self.writes.later(
            slot(key, draft.name),
            partial(draft.write, self.store, key, topic),
            delay=NOTE_DELAY,
            done=lambda _written: self._note_written(key),
            failed=partial(self._note_failed, key, draft),
        )

    def _note_written(self, key: str) -> None:
        self._show_note_states(key)
        self.refresh_state()  # the list's n/3 follows

    def _note_failed(self, key: str, draft: FieldDraft, error: WinnowError) -> None:
        if isinstance(error, EditConflict):
            draft.conflicted(error.theirs)
        else:
            if self._note_errors is not None:
                self._note_errors[key] = str(error)
            self.notify(f"note not saved: {error}", severity="error", markup=False)
        self._show_note_states(key)
        self.refresh_state()

    def _show_note_states(self, key: str) -> None:
        panel = self.notes_panel
        if panel is None or panel.key != key or self._drafts is None:
            return
        drafts = self._drafts[key]
        states = {n: d.state.value for n, d in drafts.items()}
        theirs = {n: d.theirs for n, d in drafts.items() if d.theirs is not None}
        saved = {n: d.seen for n, d in drafts.items()}
        panel.show_states(states, theirs, (self._note_errors or {}).get(key, ""), saved)

    # ------------------------------------------------------------ live

    def notes_follow(self, view: View) -> None:
        """Another window's edit reaches the open editor: taken in where the user has no
        draft, shown beside the draft where there is one."""
        panel = self.notes_panel
        key = panel.key if panel else None
        if key is None or self._drafts is None or key not in self._drafts:
            return
        entry = view.entry(key)
        if entry is None:
            return
        self._adopt(key, self._drafts[key], entry, view.read_at)
        self._show_note_states(key)

    def _adopt(self, key: str, drafts: dict[str, FieldDraft], entry, read_at: float) -> None:
        panel = self.notes_panel
        shown = panel is not None and panel.key == key and self.notes_open
        for name, draft in drafts.items():
            if shown:  # what the field holds now, even if its Changed is still on its way
                widget = panel.field_widget(name)
                draft.edit(widget.value if isinstance(widget, Input) else widget.text)
            if draft.stored(getattr(entry.notes, name), read_at) and shown:
                panel.set_value(name, draft.value)
                self.writes.drop(slot(key, name))

    def notes_unsaved(self) -> bool:
        return any(d.unsaved for drafts in (self._drafts or {}).values() for d in drafts.values())

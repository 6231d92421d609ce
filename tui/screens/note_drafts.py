"""One note field as a window edits it: what is on disk, what the editor holds, and a newer
text written elsewhere — so the editor can say honestly whether the text is saved, and no
edit is ever overwritten or dropped silently (issue 10.2, 10.4).

``seen`` is the stored text this window last saw (read from the store, or written by it:
set only once the store call returned, so after the fsync). The editor's ``value`` is
saved exactly when it equals ``seen``. A write sends ``seen`` as what it expects
(``expected=``); when the store holds something else, written by another window, the
write is refused and the field is in conflict: ``theirs`` holds the newer text, ``value``
keeps the user's draft, both are shown, and the user takes theirs or keeps theirs own.

The editor (event loop) and the writer thread both touch a draft: every change takes its
lock. No Textual here.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Protocol

FIELDS = ("purpose", "problem", "contributions", "text")
"""The note fields, in the order the editor shows them."""


class NoteState(str, Enum):
    SAVED = "saved"
    SAVING = "saving"
    CONFLICT = "conflict"


class NoteWriter(Protocol):  # the part of the Store a draft writes through
    def set_notes(
        self, key: str, topic: str | None = None, *, expected: dict[str, str] | None = None,
        **fields: str,
    ) -> Any: ...  # fmt: skip


@dataclass
class FieldDraft:
    name: str
    seen: str
    value: str = ""
    theirs: str | None = None
    written_at: float = 0.0  # monotonic time the last write of this window returned
    writing: str | None = None  # the text of this window's write under way
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    @classmethod
    def of(cls, name: str, stored: str) -> FieldDraft:
        return cls(name, seen=stored, value=stored)

    # ------------------------------------------------------------ what it shows

    @property
    def state(self) -> NoteState:
        with self._lock:
            if self.theirs is not None:
                return NoteState.CONFLICT
            return NoteState.SAVED if self.value == self.seen else NoteState.SAVING

    @property
    def unsaved(self) -> bool:
        return self.state is not NoteState.SAVED

    # ------------------------------------------------------------ the editor (event loop)

    def edit(self, value: str) -> bool:
        """The editor now holds ``value``; True when a write is wanted (not while in
        conflict: that write would be refused — the user resolves it first)."""
        with self._lock:
            self.value = value
            return self.theirs is None and value != self.seen

    def stored(self, text: str, read_at: float) -> bool:
        """The store held ``text`` at ``read_at`` (a refresh). Adopts it when the user has
        no draft; a draft meeting a newer text is a conflict. True when ``value`` changed
        (the editor must show it). A read older than this window's last write is stale."""
        with self._lock:
            if read_at < self.written_at or text == self.seen:
                return False
            if text == self.writing:  # this window's own write, read before it returned
                return False
            if text == self.value:  # what the user has is what is stored: saved
                self.seen, self.theirs = text, None
                return False
            if self.value == self.seen and self.theirs is None:
                self.seen = self.value = text
                return True
            self.theirs = text
            return False

    def conflicted(self, theirs: str) -> None:
        """A write was refused: the store holds ``theirs``, written elsewhere."""
        with self._lock:
            if theirs == self.value:
                self.seen, self.theirs = theirs, None
            else:
                self.theirs = theirs

    def take_theirs(self) -> str:
        """Resolve a conflict with the stored text; returns it (for the editor)."""
        with self._lock:
            if self.theirs is not None:
                self.seen = self.value = self.theirs
                self.theirs = None
            return self.value

    def keep_mine(self) -> bool:
        """Resolve a conflict with the user's draft: the next write replaces theirs,
        knowingly. True when a write is wanted."""
        with self._lock:
            if self.theirs is None:
                return False
            self.seen, self.theirs = self.theirs, None
            return self.value != self.seen

    # ------------------------------------------------------------ the writer (its thread)

    def write(self, store: NoteWriter, key: str, topic: str | None) -> str | None:
        """Write the editor's latest value, expecting ``seen``; returns what was written
        (None when nothing was to write). Raises the store's ``EditConflict``."""
        with self._lock:
            if self.theirs is not None or self.value == self.seen:
                return None
            expected, mine = self.seen, self.value
            self.writing = mine
        try:
            store.set_notes(key, topic, expected={self.name: expected}, **{self.name: mine})
        finally:
            with self._lock:
                self.writing = None
        with self._lock:
            self.seen = mine
            self.written_at = time.monotonic()
        return mine

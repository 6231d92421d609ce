"""Notes, reading positions and time per stage: written field by field, never wholesale.

A window passes what it last saw of a note field (``expected``); if another window
changed the field since, the write is refused with :class:`EditConflict`, carrying
both texts, and nothing is overwritten. Fields a write does not name are never
touched, so two windows editing two fields both keep theirs. Positions are set per
stage and times are added per stage, on what is stored at the moment of writing.

Each write is one small transaction on the topic's file (a few ms, whatever the
number of topics), safe to run off the UI thread: the store's files are guarded by
a per-file thread lock as well as the cross-process lock.
"""

from __future__ import annotations

from typing import Any

from tui.errors import UserError
from tui.models import Entry, Notes
from tui.store.shortlist import ShortlistMixin

NOTE_FIELDS = tuple(Notes.__dataclass_fields__)


class EditConflict(UserError):
    """A note field changed elsewhere since this window read it."""

    def __init__(self, field: str, theirs: str, mine: str, title: str = "") -> None:
        self.field = field
        self.theirs = theirs  # what is stored now (written elsewhere)
        self.mine = mine  # what this window tried to write
        of = f" of {title}" if title else ""
        super().__init__(
            f"the {field} note{of} was changed in another window since you opened it: "
            "your text was not saved over it"
        )


class NotesMixin(ShortlistMixin):
    def set_notes(
        self,
        key: str,
        topic: str | None = None,
        *,
        expected: dict[str, str] | None = None,
        **fields: str,
    ) -> Entry:
        """Write the given note fields (purpose, problem, contributions, text).

        ``expected``: for each field, the text this window last saw; when the stored
        text differs (and is not already ``mine``) :class:`EditConflict` is raised and
        nothing is written.
        """
        unknown = set(fields) - set(NOTE_FIELDS)
        if unknown:
            raise UserError(f"no such note field: {', '.join(sorted(unknown))}")

        def change(doc: dict[str, Any]) -> dict[str, Any]:
            notes = dict(doc.get("notes") or {})
            for name, mine in fields.items():
                theirs = str(notes.get(name, ""))
                seen = (expected or {}).get(name)
                if seen is not None and theirs not in (seen, mine):
                    raise EditConflict(name, theirs, mine, self._title(key))
            notes.update(fields)
            return {**doc, "notes": notes}

        return self._change_doc(key, topic, change)

    def set_position(self, key: str, stage: int, line: int, topic: str | None = None) -> Entry:
        """The reading position in one stage (the others are kept as stored)."""

        def change(doc: dict[str, Any]) -> dict[str, Any]:
            return {**doc, "position": {**(doc.get("position") or {}), str(stage): int(line)}}

        return self._change_doc(key, topic, change)

    def add_time(self, key: str, stage: int, seconds: float, topic: str | None = None) -> Entry:
        """Add time spent in one stage to what is stored (two windows' times both count)."""

        def change(doc: dict[str, Any]) -> dict[str, Any]:
            spent = dict(doc.get("seconds") or {})
            total = float(spent.get(str(stage), 0.0)) + max(0.0, float(seconds))
            spent[str(stage)] = round(total, 1)
            return {**doc, "seconds": spent}

        return self._change_doc(key, topic, change)

"""The lists of papers (search results, the shortlist): an OptionList that also moves
with ``j`` / ``k`` (SPEC §3)."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import OptionList


class PaperList(OptionList):
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="list.down"),
        Binding("k", "cursor_up", "Up", show=False, id="list.up"),
    ]

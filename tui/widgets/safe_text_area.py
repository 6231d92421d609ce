"""The one TextArea winnow uses: its text never holds what a terminal would obey.

Apart from :mod:`tui.widgets.literal` only because Textual's TextArea takes a while to
import: the notes editor loads it on first use, not the app's first frame.
"""

from __future__ import annotations

from textual.widgets import TextArea
from textual.widgets.text_area import Edit

from tui.textsafe import typed


class SafeTextArea(TextArea):
    """A ``TextArea`` whose text never holds what a terminal would obey (newlines and tabs stay)."""

    def _set_document(self, text: str, language: str | None) -> None:  # every load passes here
        super()._set_document(typed(text, multiline=True), language)

    def edit(self, edit: Edit):  # type: ignore[override]
        edit.text = typed(edit.text, multiline=True)
        return super().edit(edit)

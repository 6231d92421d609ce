"""Outside text shown literally: never markup, never a terminal escape — also in inputs.

:func:`literal` makes a Rich ``Text`` for any outside text. :class:`SafeInput` and
:class:`~tui.widgets.safe_text_area.SafeTextArea` (its own module: TextArea loads slowly,
on first use) are the inputs winnow uses (a test keeps it so): whatever reaches
them — typed, pasted (a title copied from a PDF), or set from stored data (an earlier
query from an imported topic, notes) — holds no control, bidi or invisible character,
because Textual draws an input's text to the terminal as it is.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.widgets import Input

from tui.textsafe import inert, typed


def clean(text: str | None) -> str:
    """``text`` without terminal control characters (tabs become spaces, newlines stay)."""
    return inert(text, multiline=True)


def literal(text: str | None, style: str | Style = "") -> Text:
    """Outside text as a Rich ``Text``: shown as is, never interpreted as markup."""
    return Text(clean(text), style=style)


class SafeInput(Input):
    """An ``Input`` whose value never holds what a terminal would obey."""

    def validate_value(self, value: str) -> str:
        return typed(value)

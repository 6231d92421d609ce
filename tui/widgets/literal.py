"""Outside text shown literally: never markup, never a terminal escape."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text

from tui.textsafe import inert


def clean(text: str | None) -> str:
    """``text`` without terminal control characters (tabs become spaces, newlines stay)."""
    return inert(text, multiline=True)


def literal(text: str | None, style: str | Style = "") -> Text:
    """Outside text as a Rich ``Text``: shown as is, never interpreted as markup."""
    return Text(clean(text), style=style)

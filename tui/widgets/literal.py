"""Outside text shown literally: never markup, never a terminal escape."""

from __future__ import annotations

import re

from rich.style import Style
from rich.text import Text

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ␛ for ESC, ␍ for CR…
    return "␡" if code == 0x7F else "�"


def clean(text: str | None) -> str:
    """``text`` without terminal control characters (tabs become spaces, newlines stay)."""
    if not text:
        return ""
    return _CONTROL.sub(_picture, text.replace("\t", " "))


def literal(text: str | None, style: str | Style = "") -> Text:
    """Outside text as a Rich ``Text``: shown as is, never interpreted as markup."""
    return Text(clean(text), style=style)

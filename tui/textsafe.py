"""Outside text, made safe once: repaired where it enters, made inert where it leaves.

Two functions, and every path of outside text goes through them:

* :func:`repair` — at the boundary where text *enters* winnow (an S2 record, an arXiv
  entry, a PDF's text layer, a file the user imports): lone surrogates become U+FFFD,
  combining accents are composed (NFC), NUL goes. Stored text is always valid Unicode.
* :func:`inert` — where text *leaves* for a terminal (widgets, toasts, the terminal
  title, the status line, CLI text): no control character, escape sequence or bidi
  override survives to be obeyed; each is shown as a visible picture instead.

:func:`json_text` is the JSON counterpart of :func:`inert` (controls escaped as
``\\u009b``, ``\\u202e`` rather than pictured). The core never imports Textual or Rich,
so the CLI, the exports and the widgets all share this one module.
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

# Characters a terminal may obey, or that reorder what the user reads:
#   C0 controls (but newline, handled by the caller) and DEL, C1 controls,
#   bidi embeddings/overrides/isolates and marks that can flip a line's order,
#   the line/paragraph separators some terminals treat as newlines,
#   and lone surrogates (not text at all).
_UNSAFE = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
    "\u2028\u2029\ufff9-\ufffb\ud800-\udfff]"
)
_UNSAFE_ONE_LINE = re.compile(_UNSAFE.pattern[:-1] + "\n\r]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_SPACES = re.compile(r"[ \t]+")

# Longest piece of outside text ever shown in one place (a 100 KB title stays 100 KB in the
# store, but a widget or a toast shows a bounded prefix).
MAX_SHOWN = 20_000


def _picture(match: re.Match[str]) -> str:
    ch = match.group()
    code = ord(ch)
    if code == 0x09:
        return " "
    if code < 0x20:
        return chr(0x2400 + code)  # Control Pictures: ␛ for ESC, ␀ for NUL, ␍ for CR…
    if code == 0x7F:
        return "␡"
    return f"⟨U+{code:04X}⟩"  # C1, bidi controls, separators, surrogates: named, not obeyed


def repair(text: str | None) -> str:
    """Outside text as valid, composed Unicode: call it once, where the text comes in."""
    if not text:
        return ""
    if not isinstance(text, str):
        text = str(text)
    text = _SURROGATE.sub("\ufffd", text).replace("\x00", "")
    return unicodedata.normalize("NFC", text)


def inert(text: Any, *, multiline: bool = False, limit: int = MAX_SHOWN) -> str:
    """``text`` safe for a terminal: every control shown as a picture, never obeyed.

    Newlines stay when ``multiline`` (a paragraph), else they become pictures too
    (a title, a toast line). Tabs become spaces. At most ``limit`` characters.
    """
    if text is None:
        return ""
    if not isinstance(text, str):
        text = str(text)
    if len(text) > limit:
        text = text[:limit] + "…"
    pattern = _UNSAFE if multiline else _UNSAFE_ONE_LINE
    return pattern.sub(_picture, text)


def one_line(text: Any, *, limit: int = MAX_SHOWN) -> str:
    """Outside text on one line for a terminal: whitespace runs collapsed, then :func:`inert`."""
    if text is None:
        return ""
    flat = " ".join(str(text).split())
    return inert(flat, limit=limit)


def shorten(text: Any, width: int) -> str:
    """:func:`one_line`, cut to ``width`` characters with an ellipsis."""
    flat = one_line(text)
    return flat if len(flat) <= width else flat[: max(0, width - 1)] + "…"


_JSON_UNSAFE = re.compile(
    "[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufff9-\ufffb\ud800-\udfff]"
)


def json_text(value: Any, *, indent: int | None = 2) -> str:
    """JSON with every control, C1 character and bidi control escaped (``\\u009b``)."""
    text = json.dumps(value, ensure_ascii=False, indent=indent)  # escapes C0 itself
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)

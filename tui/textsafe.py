"""Outside text, made safe once: repaired where it enters, made inert where it leaves.

Every path of outside text (titles, abstracts, names, URLs, server messages, PDF text)
goes through this one module:

* :func:`repair` — where text *enters* winnow (an S2 record, an arXiv entry, a PDF's
  text layer, a file the user imports): surrogate pairs joined, lone surrogates made
  U+FFFD, combining accents composed (NFC), NUL dropped. Stored text is valid Unicode.
  :func:`repair_tree` does the same for every string in decoded JSON.
* :func:`inert` — where text *leaves* for a terminal (widgets, toasts, the terminal
  title, the status line, CLI text): no control character, escape sequence or bidi
  control survives to be obeyed. C0/C1 controls and bidi controls are shown as visible
  pictures (``␛``, ``⟨U+202E⟩``); invisible characters (zero-width spaces, tag
  characters) are dropped, so what the user reads is what is there.
  :func:`one_line` and :func:`shorten` are :func:`inert` for one line.
* :func:`json_text` — JSON for a terminal: the same characters escaped (``\\u009b``,
  ``\\u202e``) rather than pictured, so the data round-trips.
* :func:`plain` — outside text for a file (BibTeX, Markdown): the same characters
  removed; :func:`typed` the same for what is typed, pasted or loaded into an input.

The core never imports Textual or Rich, so the CLI, the exports and the widgets all
share this module; ``tui.widgets.literal`` wraps :func:`inert` for Rich ``Text``.
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

# Obeyed by a terminal, or able to reorder what the user reads: shown as a picture.
#   C0 controls (newline is the caller's choice) and DEL, C1 controls (CSI is one byte
#   there: U+009B), the bidi marks, embeddings, overrides and isolates, the line and
#   paragraph separators some terminals treat as newlines, interlinear annotation
#   controls, and lone surrogates (not text at all).
_C0 = "\x00-\x08\x0b-\x1f"  # tab and newline are the caller's choice
_OTHER = (
    "\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufff9-\ufffb\ud800-\udfff"
)
_SHOWN = _C0 + _OTHER
# Invisible: zero-width spaces and joiners that are not needed to write a script, the
# invisible math operators, deprecated format controls, the byte-order mark, and the
# tag characters (invisible ASCII look-alikes used to smuggle hidden text). Dropped.
_HIDDEN = "\u180e\u200b\u2060-\u2064\u206a-\u206f\ufeff\U000e0000-\U000e007f"

_UNSAFE = re.compile(f"[\t{_SHOWN}{_HIDDEN}]")
_UNSAFE_ONE_LINE = re.compile(f"[\t\n{_SHOWN}{_HIDDEN}]")
_HIDDEN_SET = re.compile(f"[{_HIDDEN}]")
_PLAIN = re.compile(f"[{_SHOWN}{_HIDDEN}]")  # tabs and newlines stay in files
_JSON_UNSAFE = re.compile(f"[{_OTHER}{_HIDDEN}]")  # json.dumps escapes C0 itself
_SURROGATE = re.compile("[\ud800-\udfff]")

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
    if _HIDDEN_SET.match(ch):
        return ""
    return f"⟨U+{code:04X}⟩"  # C1, bidi controls, separators, surrogates: named, not obeyed


def repair(text: Any) -> str:
    """Outside text as valid, composed Unicode: call it once, where the text comes in.

    A surrogate pair left as two code points (text decoded with ``surrogatepass``) is
    joined into its character; a lone surrogate becomes U+FFFD; NUL is dropped; the
    result is NFC. ``None`` (an absent field) becomes ``""``.
    """
    if not text:
        return ""
    if not isinstance(text, str):
        text = str(text)
    if _SURROGATE.search(text):
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    text = text.replace("\x00", "")
    if text.isascii():
        return text
    return unicodedata.normalize("NFC", text)


def repair_tree(value: Any) -> Any:
    """Every string (keys too) of decoded JSON passed through :func:`repair`.

    Iterative, so a deeply nested document cannot exhaust the stack here.
    """
    if isinstance(value, str):
        return repair(value)
    if not isinstance(value, (dict, list)):
        return value
    root: list[Any] = [None]
    stack: list[tuple[Any, Any, Any]] = [(value, root, 0)]
    while stack:
        node, parent, slot = stack.pop()
        if isinstance(node, dict):
            copy: Any = {}
            for key, item in node.items():
                new_key = repair(key) if isinstance(key, str) else key
                copy[new_key] = None
                stack.append((item, copy, new_key))
        elif isinstance(node, list):
            copy = [None] * len(node)
            for index, item in enumerate(node):
                stack.append((item, copy, index))
        elif isinstance(node, str):
            copy = repair(node)
        else:
            copy = node
        parent[slot] = copy
    return root[0]


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
    flat = " ".join(str(text)[: limit * 2].split())
    return inert(flat, limit=limit)


def shorten(text: Any, width: int) -> str:
    """:func:`one_line`, cut to ``width`` characters with an ellipsis."""
    flat = one_line(text, limit=max(width, 1) + 1)
    return flat if len(flat) <= width else flat[: max(0, width - 1)] + "…"


def plain(text: Any, *, multiline: bool = False) -> str:
    """Outside text for a file (BibTeX, Markdown): controls, bidi and invisibles removed.

    With ``multiline`` tabs and newlines stay; without, every run of spacing becomes
    one space and the ends are trimmed.
    """
    if not text:
        return ""
    if not isinstance(text, str):
        text = str(text)
    if not multiline:
        return " ".join(_PLAIN.sub("", text).split())
    return _PLAIN.sub("", text)


def typed(text: Any, *, multiline: bool = False) -> str:
    """Text typed, pasted or loaded into an input: controls, bidi and invisibles removed.

    Unlike :func:`plain`, spacing is left as it is (the user is typing it); on one line a
    tab or a newline becomes a space.
    """
    if not text:
        return ""
    if not isinstance(text, str):
        text = str(text)
    text = _PLAIN.sub("", text)
    return text if multiline else text.replace("\t", " ").replace("\n", " ")


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code > 0xFFFF:  # JSON spells an astral character as its UTF-16 pair
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def json_text(value: Any, *, indent: int | None = 2) -> str:
    """JSON with every control, C1 character, bidi control and invisible escaped (``\\u009b``).

    The JSON reads back to exactly ``value``; printed raw, nothing in it is obeyed.
    """
    text = json.dumps(value, ensure_ascii=False, indent=indent)  # escapes C0 itself
    return _JSON_UNSAFE.sub(_json_escape, text)

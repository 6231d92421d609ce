"""The one sanitiser: nothing a terminal obeys survives inert(); JSON escapes what it must."""

from __future__ import annotations

import json
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from tui.textsafe import inert, json_text, one_line, repair

HOSTILE = st.text(
    alphabet=st.characters(codec=None, min_codepoint=0, max_codepoint=0x10FFFF), max_size=200
) | st.sampled_from(
    [
        "\x1b]52;c;aGVsbG8=\x07",  # OSC 52: write the clipboard
        "\x1b]0;owned\x07",  # set the window title
        "\x1b[2J\x1b[H",  # clear the screen
        "\x9b31m",  # CSI as one C1 byte
        "\x1bP+q\x1b\\",  # DCS
        "abc\u202edcba",  # right-to-left override
        "[bold red]markup[/]",
        "\ud800 lone",
    ]
)


def _terminal_bad(ch: str) -> bool:
    code = ord(ch)
    return (
        code < 0x20
        and ch != "\n"
        or 0x7F <= code <= 0x9F
        or 0xD800 <= code <= 0xDFFF
        or ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
    )


@given(HOSTILE)
def test_inert_leaves_nothing_a_terminal_obeys(text: str) -> None:
    shown = inert(text, multiline=True)
    assert not any(_terminal_bad(ch) for ch in shown)
    assert "\n" not in inert(text)


@given(HOSTILE)
def test_json_text_parses_back_and_escapes_controls(text: str) -> None:
    out = json_text({"t": text})
    assert not any(_terminal_bad(ch) and ch != "\n" for ch in out.replace("\n", ""))
    if not any(0xD800 <= ord(c) <= 0xDFFF for c in text):
        assert json.loads(out) == {"t": text}


@given(HOSTILE)
def test_repair_gives_valid_composed_text(text: str) -> None:
    fixed = repair(text)
    fixed.encode("utf-8")  # no lone surrogate left
    assert "\x00" not in fixed
    assert unicodedata.is_normalized("NFC", fixed)


def test_markup_and_escapes_are_shown_not_obeyed() -> None:
    assert inert("\x1b[2J") == "␛[2J"
    assert inert("[b]x[/b]") == "[b]x[/b]"
    assert one_line("a\n\tb") == "a b"
    assert "⟨U+202E⟩" in inert("x\u202ey")

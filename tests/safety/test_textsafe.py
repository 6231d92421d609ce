"""The one sanitiser: nothing a terminal obeys survives inert(); JSON escapes what it must."""

from __future__ import annotations

import json
import unicodedata

from hostile import HOSTILE, terminal_bad
from hypothesis import given

from tui.textsafe import inert, json_text, one_line, plain, repair, repair_tree, shorten


def _terminal_bad(ch: str) -> bool:
    return bool(terminal_bad(ch)) and ch != "\n"


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


INVISIBLE = "\u200b\u2060\ufeff\U000e0041\U000e0042"  # zero-width space, word joiner, BOM, tags


@given(HOSTILE)
def test_plain_leaves_nothing_a_terminal_obeys_nor_anything_invisible(text: str) -> None:
    for out in (plain(text), plain(text, multiline=True)):
        assert not any(_terminal_bad(ch) for ch in out.replace("\t", ""))
        assert not any(ch in INVISIBLE for ch in out)
    assert "\n" not in plain(text)


@given(HOSTILE)
def test_shorten_is_one_line_and_bounded(text: str) -> None:
    for width in (1, 10, 80):
        out = shorten(text, width)
        assert len(out) <= width and "\n" not in out
        assert not any(_terminal_bad(ch) for ch in out)


def test_invisible_characters_are_dropped_and_bidi_named() -> None:
    assert inert(f"pay{INVISIBLE}pal") == "paypal"
    assert inert("a\u202eb\u2066c") == "a⟨U+202E⟩b⟨U+2066⟩c"
    assert inert("x\u2028y") == "x⟨U+2028⟩y"
    assert inert("\u200dzwj\u200c") == "\u200dzwj\u200c"  # scripts and emoji need the joiners


def test_repair_joins_surrogate_pairs_and_replaces_lone_ones() -> None:
    pair = "\ud83d\ude00".encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")
    assert repair("a\ud83d\ude00b") == "a😀b" and repair(pair) == "😀"
    assert repair("lone \ud800 and \udfff") == "lone \ufffd and \ufffd"
    assert repair("e\u0301") == "é" and repair("\x00nul") == "nul" and repair(None) == ""


def test_repair_tree_reaches_every_string_and_survives_deep_nesting() -> None:
    doc = {"t\ud800": ["e\u0301", {"k": "\x00x"}, 3, None, True]}
    assert repair_tree(doc) == {"t\ufffd": ["é", {"k": "x"}, 3, None, True]}
    deep: list = []
    node = deep
    for _ in range(100_000):
        node.append([])
        node = node[0]
    node.append("\ud800")
    fixed = repair_tree(deep)
    for _ in range(100_000):
        fixed = fixed[0]
    assert fixed == ["\ufffd"]


def test_json_escapes_astral_invisibles_as_utf16_pairs() -> None:
    out = json_text({"t": "a\U000e0041b\u009b"}, indent=None)
    assert out == '{"t": "a\\udb40\\udc41b\\u009b"}'
    assert json.loads(out) == {"t": "a\U000e0041b\u009b"}

"""Glyph repair for a PDF's text layer: accents, unknown glyphs, symbol fonts, superscripts.

TeX sets an accented letter as two glyphs, the accent (a *spacing* character such as
``´`` or ``˘``) and then the letter, so PyMuPDF gives ``F´ısica`` or ``O˘guz``; math
accents come the same way (``ˆn`` for n̂, ``⃗k`` for k⃗). :func:`clean` composes
them (the precomposed letter where Unicode has one, else the letter and its combining
mark: the accent *is* drawn on that letter), maps the private-use code points of
Symbol-encoded fonts to the characters they draw, and drops what MuPDF could not map
at all (U+FFFD) rather than show it. It is the engine's one accent composer: every
line passes through it once, where the text layer is read.

:func:`superscript` shows raised text raised; :data:`RAISED` finds it again in a line's
text, so the front matter can tell a footnote mark from a name or an exponent.
"""

from __future__ import annotations

import re

from tui.textsafe import repair

# spacing accent → combining mark (the cedilla and ogonek hang below the letter)
SPACING = {
    "\u00b4": "\u0301",  # ´ acute
    "\u02ca": "\u0301",  # ˊ modifier acute
    "\u02cb": "\u0300",  # ˋ modifier grave
    "\u02c6": "\u0302",  # ˆ circumflex
    "\u02dc": "\u0303",  # ˜ tilde
    "\u00a8": "\u0308",  # ¨ diaeresis
    "\u02d8": "\u0306",  # ˘ breve
    "\u02c7": "\u030c",  # ˇ caron
    "\u02d9": "\u0307",  # ˙ dot above
    "\u00af": "\u0304",  # ¯ macron
    "\u02c9": "\u0304",  # ˉ macron
    "\u02da": "\u030a",  # ˚ ring
    "\u02dd": "\u030b",  # ˝ double acute
    "\u00b8": "\u0327",  # ¸ cedilla
    "\u02db": "\u0328",  # ˛ ogonek
}
_DOTLESS = {"\u0131": "i", "\u0237": "j"}
_ACCENT_CLASS = "[" + "".join(SPACING) + "]"
# a spacing accent before a letter (``O˘ guz``: a space put in after the accent inside a
# word); a grave (the ASCII backtick) only between a letter and a vowel, as TeX's \`a;
# a combining mark that precedes its letter
_ACCENT_BEFORE = re.compile(f"(?:({_ACCENT_CLASS})|(?<=[^\\W\\d_])({_ACCENT_CLASS}) )([^\\W\\d_])")
_GRAVE = re.compile(r"(?<=[^\W\d_])`([aeiouAEIOU])")
_MARK_BEFORE = re.compile("(?:(?<=^)|(?<=[\\s(]))([\u0300-\u036f\u20d0-\u20ff])([^\\W\\d_])")
_SUSPECT = re.compile(
    "[" + "".join(SPACING) + "`\u0300-\u036f\u20d0-\u20ff\ufffd\ue000-\uf8ff\u0131\u0237]"
)

# Adobe Symbol encoding, as Word and some TeX fonts expose it in the private-use area
_SYMBOL = dict(
    zip(
        range(0x41, 0x5B),
        "ΑΒΧΔΕΦΓΗΙϑΚΛΜΝΟΠΘΡΣΤΥςΩΞΨΖ",
        strict=True,
    )
)
_SYMBOL.update(zip(range(0x61, 0x7B), "αβχδεφγηιϕκλμνοπθρστυϖωξψζ", strict=True))
_SYMBOL.update(
    {
        0x20: " ", 0x21: "!", 0x22: "∀", 0x23: "#", 0x24: "∃", 0x25: "%", 0x26: "&",
        0x27: "∋", 0x28: "(", 0x29: ")", 0x2A: "∗", 0x2B: "+", 0x2C: ",", 0x2D: "−",
        0x2E: ".", 0x2F: "/", 0x3A: ":", 0x3B: ";", 0x3C: "<", 0x3D: "=", 0x3E: ">",
        0x3F: "?", 0x40: "≅", 0x5B: "[", 0x5C: "∴", 0x5D: "]", 0x5E: "⊥", 0x5F: "_",
        0x7B: "{", 0x7C: "|", 0x7D: "}", 0x7E: "∼", 0xA1: "ϒ", 0xA2: "′", 0xA3: "≤",
        0xA4: "⁄", 0xA5: "∞", 0xA7: "♣", 0xA8: "♦", 0xA9: "♥", 0xAA: "♠", 0xAB: "↔",
        0xAC: "←", 0xAD: "↑", 0xAE: "→", 0xAF: "↓", 0xB0: "°", 0xB1: "±", 0xB2: "″",
        0xB3: "≥", 0xB4: "×", 0xB5: "∝", 0xB6: "∂", 0xB7: "•", 0xB8: "÷", 0xB9: "≠",
        0xBA: "≡", 0xBB: "≈", 0xBC: "…", 0xC0: "ℵ", 0xC5: "⊕", 0xC4: "⊗", 0xC6: "∅",
        0xC7: "∩", 0xC8: "∪", 0xC9: "⊃", 0xCA: "⊇", 0xCB: "⊄", 0xCC: "⊂", 0xCD: "⊆",
        0xCE: "∈", 0xCF: "∉", 0xD0: "∠", 0xD1: "∇", 0xD5: "∏", 0xD6: "√", 0xD7: "⋅",
        0xD8: "¬", 0xD9: "∧", 0xDA: "∨", 0xDB: "⇔", 0xDC: "⇐", 0xDD: "⇑", 0xDE: "⇒",
        0xDF: "⇓", 0xE0: "◊", 0xE1: "⟨", 0xE5: "∑", 0xF1: "⟩", 0xF2: "∫",
    }
)  # fmt: skip
for _digit in range(10):
    _SYMBOL[0x30 + _digit] = str(_digit)


def clean(text: str) -> str:
    """Text as the page shows it: accents composed, no U+FFFD, symbols decoded (NFC)."""
    if text.isascii() and "`" not in text:
        return text
    if _SUSPECT.search(text):
        text = _compose(text)
    return repair(text).replace("\ufffd", "")


def _compose(text: str) -> str:
    text = _GRAVE.sub(lambda m: m.group(1) + "\u0300", text)
    text = _ACCENT_BEFORE.sub(
        lambda m: _DOTLESS.get(m.group(3), m.group(3)) + SPACING[m.group(1) or m.group(2)], text
    )
    text = _MARK_BEFORE.sub(lambda m: _DOTLESS.get(m.group(2), m.group(2)) + m.group(1), text)
    out = []
    for ch in text:
        code = ord(ch)
        if 0xE000 <= code <= 0xF8FF:
            low = code & 0xFF if 0xF000 <= code <= 0xF0FF else -1
            mapped = _SYMBOL.get(low)
            if mapped is not None:
                out.append(mapped)
            continue  # a private glyph nobody can read: dropped, not shown as a box
        if ch in SPACING and out and out[-1].isalpha():
            out.append(SPACING[ch])  # an accent after its letter (no letter follows)
            continue
        out.append(ch)
    return "".join(out)


_PLAIN_SUP = "0123456789+-−=()niTtkmxyabcdeLN"
_RAISED_SUP = "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ⁿⁱᵀᵗᵏᵐˣʸᵃᵇᶜᵈᵉᴸᴺ"
_SUPERSCRIPT = str.maketrans(_PLAIN_SUP, _RAISED_SUP)
_LOWERED = str.maketrans(_RAISED_SUP[:12] + _RAISED_SUP[13:], _PLAIN_SUP[:12] + _PLAIN_SUP[13:])
_SUPERSCRIPTABLE = frozenset(_PLAIN_SUP)
_MARKS = frozenset(",*∗†‡§¶⋆♠♣♥♦# ")
_SUP = "".join(sorted(set(_RAISED_SUP)))
# raised text as :func:`superscript` writes it: ``¹,²``, ``ᵃ``, ``^(2i/d)``, ``^f``
RAISED = re.compile(rf"\^\([^()]*\)|\^[^\s(]|[{_SUP}](?:[{_SUP},]*[{_SUP}])?")


def superscript(pieces: list[str]) -> str:
    """Raised text as it reads: ``10²⁰``, ``S2ORC,¹``, ``x∗``; otherwise ``10000^(2i/d)``.

    Digits, signs and the letters Unicode has superscripts for are shown raised; footnote
    marks stay as they are; anything else is written out with a caret, never run into
    the text before it (``100002i`` would be a different number).
    """
    text = " ".join("".join(pieces).split())
    if all(c in _SUPERSCRIPTABLE or c in _MARKS for c in text):
        return text.translate(_SUPERSCRIPT)
    return f"^{text}" if len(text) == 1 else f"^({text})"


def lowered(raised: str) -> str:
    """Raised characters back on the line: ``¹,²`` → ``1,2`` (a mark's plain form)."""
    return raised.translate(_LOWERED)


def is_mark(raised: str) -> bool:
    """A footnote or affiliation mark (``¹``, ``ᵃ,ᵇ``, ``∗†``, ``²∗``), not raised math."""
    plain = lowered(raised).replace(" ", "")
    if not plain or plain.startswith("^"):
        return False
    return all(c.isdigit() or c in _MARKS for c in plain) or bool(
        re.fullmatch(r"[a-z](?:,[a-z])*,?", plain)
    )

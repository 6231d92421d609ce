"""Accents that a PDF stores as separate characters, put back on their letters.

pdfTeX sets ``\\u{g}`` as two glyphs, the spacing breve ``˘`` and the ``g``, so the
text layer reads ``O˘guz`` and ``Universit´e``. Composing the spacing diacritic with
its letter (the following one, as TeX emits the accent first; else the preceding
one) and normalising to NFC gives ``Oğuz`` and ``Université``. A combining mark
that arrives *before* its letter is moved after it. A pair that has no composed
form in Unicode (``´t``) is left as it was, so nothing is invented.
"""

from __future__ import annotations

import re
import unicodedata

# spacing (non-combining) diacritic → its combining counterpart
SPACING = {
    "\u00b4": "\u0301",  # ´ acute
    "\u02ca": "\u0301",  # ˊ modifier acute
    "\u0060": "\u0300",  # ` grave
    "\u02cb": "\u0300",  # ˋ modifier grave
    "\u00a8": "\u0308",  # ¨ diaeresis
    "\u02c6": "\u0302",  # ˆ circumflex
    "\u02dc": "\u0303",  # ˜ tilde
    "\u02d8": "\u0306",  # ˘ breve
    "\u02c7": "\u030c",  # ˇ caron
    "\u02da": "\u030a",  # ˚ ring above
    "\u02dd": "\u030b",  # ˝ double acute
    "\u02d9": "\u0307",  # ˙ dot above
    "\u00af": "\u0304",  # ¯ macron
    "\u02c9": "\u0304",  # ˉ modifier macron
    "\u00b8": "\u0327",  # ¸ cedilla
    "\u02db": "\u0328",  # ˛ ogonek
}
_DOTLESS = {"ı": "i", "ȷ": "j"}
_CANDIDATE = re.compile("[" + "".join(SPACING) + "\u0300-\u036f]")


def _composed(letter: str, mark: str) -> str | None:
    """The single precomposed character for letter + combining mark, if Unicode has one."""
    out = unicodedata.normalize("NFC", _DOTLESS.get(letter, letter) + mark)
    return out if len(out) == 1 else None


def compose_accents(text: str) -> str:
    """``O˘guz`` → ``Oğuz``, ``F´ısica`` → ``Física``, then NFC; other text unchanged."""
    if not text or not _CANDIDATE.search(text):
        return unicodedata.normalize("NFC", text) if text else ""
    chars = list(text)
    out: list[str] = []
    i = 0
    n = len(chars)
    while i < n:
        ch = chars[i]
        mark = SPACING.get(ch)
        if mark is None and "\u0300" <= ch <= "\u036f":
            # a combining mark before its letter (not after one): move it after the letter
            if (not out or not out[-1].isalpha()) and i + 1 < n and chars[i + 1].isalpha():
                made = _composed(chars[i + 1], ch)
                out.append(made if made else chars[i + 1] + ch)
                i += 2
                continue
            out.append(ch)
            i += 1
            continue
        if mark is None:
            out.append(ch)
            i += 1
            continue
        prev = out[-1] if out else ""
        nxt = chars[i + 1] if i + 1 < n else ""
        skip = 1
        if nxt == " " and prev.isalpha() and i + 2 < n and chars[i + 2].isalpha():
            nxt, skip = chars[i + 2], 2  # "O˘ guz": a space the extraction put after the accent
        if nxt.isalpha():
            made = _composed(nxt, mark)
            if made:
                out.append(made)
                i += 1 + skip
                continue
        elif prev.isalpha():
            made = _composed(prev, mark)
            if made:
                out[-1] = made
                i += 1
                continue
        out.append(ch)
        i += 1
    return unicodedata.normalize("NFC", "".join(out))

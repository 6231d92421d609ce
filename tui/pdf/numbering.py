"""Section numbers in heading text, and whether a sequence of them holds together.

Forms: ``3`` ``3.1.`` ``3.1.2`` (arabic), ``IV.`` (roman), ``A`` ``A.1`` ``S2`` (letters),
``Appendix A`` / ``APPENDIX B.`` (the appendix word, one of the few words the engine knows).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ARABIC = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2}){0,3})(?:\.(?!\d))?\s+(?P<head>\S.*)$")
_ROMAN = re.compile(r"^(?P<num>[IVX]{1,5})(?P<dot>\.?)\s+(?P<head>\S.*)$")
_LETTER = re.compile(
    r"^(?P<num>[A-Z](?:\.\d{1,2}){1,3}|[A-Z]\d{1,2}(?:\.\d{1,2}){0,2}|[A-Z])(?P<dot>[.:]?)"
    r"\s+(?P<head>\S.*)$"
)
_APPENDIX = re.compile(
    r"^(?P<word>appendix|appendices|supplementary material|supplement)\s+"
    r"(?P<num>[A-Z](?:\.\d{1,2}){0,3}|\d{1,2}|[IVX]{1,4})\b(?:\s*[.:—–-])?\s*(?P<head>.*)$",
    re.I,
)
NUMBER_ALONE = re.compile(
    r"^(?:\d{1,2}(?:\.\d{1,2}){0,3}\.?|[IVX]{1,5}\.|[A-Z](?:\.\d{1,2}){0,3}\.?|"
    r"(?:appendix|APPENDIX|Appendix)\s+[A-Z0-9]{1,2}\.?)$"
)
_ROMAN_VALUE = {"I": 1, "V": 5, "X": 10}


@dataclass(frozen=True)
class Number:
    text: str  # "3.1", "IV", "A.2"
    form: str  # arabic | roman | letter | appendix
    head: str  # the heading text after the number ("" for a bare "APPENDIX A")
    dotted: bool  # written with a period after a single letter or numeral ("A." "IV.")

    @property
    def depth(self) -> int:
        return self.text.count(".") + 1

    @property
    def top(self) -> str:
        return self.text.split(".")[0]


def roman_value(text: str) -> int:
    values = [_ROMAN_VALUE[c] for c in text]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def parse(text: str) -> Number | None:
    """The section number a heading line starts with, if any."""
    m = _APPENDIX.match(text)
    if m:
        return Number(m.group("num").upper(), "appendix", m.group("head").strip(), True)
    m = _ARABIC.match(text)
    if m:
        if int(m.group("num").split(".")[0]) == 0:
            return None
        return Number(m.group("num"), "arabic", m.group("head").strip(), False)
    m = _ROMAN.match(text)
    if m and (m.group("dot") or m.group("head").isupper()):
        return Number(m.group("num"), "roman", m.group("head").strip(), bool(m.group("dot")))
    m = _LETTER.match(text)
    if m:
        return Number(m.group("num"), "letter", m.group("head").strip(), bool(m.group("dot")))
    return None


def top_value(number: Number) -> tuple[str, int]:
    """(family, value) of the first component: ("arabic", 3), ("roman", 4), ("letter", 1)."""
    top = number.top
    if number.form == "roman":
        return "roman", roman_value(top)
    if top.isdigit():
        return "arabic", int(top)
    return "letter", ord(top[0]) - 64


class Sequence:
    """Top-level numbers may not go back within a part; a part may restart them.

    ``accept`` says whether a number fits where it stands; ``commit`` records it.
    """

    def __init__(self) -> None:
        self.tops: dict[str, int] = {}
        self.part = 0

    def new_part(self) -> None:
        self.tops = {}
        self.part += 1

    def accept(self, number: Number, level: int, *, restart_ok: bool) -> bool:
        family, value = top_value(number)
        last = self.tops.get(family)
        if level == 1:
            if last is None:
                return family != "arabic" or value <= 30
            if last <= value <= last + 4:
                return True
            return restart_ok and value == 1
        if number.form == "letter" and "." not in number.text:
            return True  # IEEE-style lettered subsection: the parent is a roman numeral
        return last is None or value == last

    def commit(self, number: Number, level: int) -> None:
        family, value = top_value(number)
        last = self.tops.get(family)
        if level == 1 and last is not None and value < last:
            self.new_part()
        if level == 1 or family not in self.tops:
            self.tops[family] = value

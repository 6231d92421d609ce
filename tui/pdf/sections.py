"""The abstract's markers; headings and kinds live in ``headings`` and ``kinds``."""

from __future__ import annotations

import re

from tui.pdf.candidates import looks_like_heading
from tui.pdf.headings import Heading, find_headings
from tui.pdf.kinds import classify
from tui.pdf.layout import Line

_ABSTRACT_RUNIN = re.compile(r"^a\s?bstract\s*(?:[—–:.]|-{1,2})\s*", re.I)
_STOP_ABSTRACT = re.compile(
    r"^(?:index terms|keywords|key words|ccs concepts|acm reference format)\b", re.I
)


def letters_only(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower())


def is_abstract_heading(line: Line) -> bool:
    return letters_only(line.text) == "abstract" and len(line.text) < 14


def abstract_runin(line: Line) -> str | None:
    m = _ABSTRACT_RUNIN.match(line.text)
    return line.text[m.end() :] if m and len(line.text) > m.end() + 10 else None


def abstract_stop(line: Line) -> bool:
    return bool(_STOP_ABSTRACT.match(line.text))


__all__ = [
    "Heading",
    "abstract_runin",
    "abstract_stop",
    "classify",
    "find_headings",
    "is_abstract_heading",
    "letters_only",
    "looks_like_heading",
]

"""The abstract's markers: its label, a run-in ``Abstract—``, and the blocks that end it."""

from __future__ import annotations

import re

from tui.pdf.layout import Line

_ABSTRACT_RUNIN = re.compile(r"^a\s?bstract\s*(?:[—–:.]|-{1,2})\s*", re.I)
# the blocks that follow an abstract (and end an author block)
AFTER_ABSTRACT = re.compile(
    r"^(?:index terms|keywords?|key words|ccs concepts|acm reference format)\b", re.I
)


def letters_only(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower())


def is_abstract_heading(line: Line) -> bool:
    return letters_only(line.text) == "abstract" and len(line.text) < 14


def abstract_runin(line: Line) -> str | None:
    m = _ABSTRACT_RUNIN.match(line.text)
    return line.text[m.end() :] if m and len(line.text) > m.end() + 10 else None


def abstract_stop(line: Line) -> bool:
    return bool(AFTER_ABSTRACT.match(line.text))


__all__ = [
    "AFTER_ABSTRACT",
    "abstract_runin",
    "abstract_stop",
    "is_abstract_heading",
    "letters_only",
]

"""Outside text made harmless before it leaves winnow (terminal, Markdown, BibTeX)."""

from __future__ import annotations

import re
import unicodedata

_SPACE = re.compile(r"\s+")


def strip_controls(text: str, *, keep_newlines: bool = False) -> str:
    """Drop control characters (terminal escapes among them); keep tabs, newlines if asked."""
    kept = "\n\t" if keep_newlines else "\t"
    return "".join(
        ch for ch in text if ch in kept or unicodedata.category(ch) not in ("Cc", "Cf", "Cs")
    )


def one_line(text: str | None) -> str:
    """Outside text on one line: control characters dropped, runs of spacing collapsed."""
    return _SPACE.sub(" ", strip_controls(text or "", keep_newlines=True)).strip()

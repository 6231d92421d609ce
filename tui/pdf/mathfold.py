"""What stage 3 shows for a display equation: a marker named by the paper's own label,
or the display itself when it is a setting a reader needs (``warmup_steps = 4000``).

Markers never invent numbers: ``⟨equation 3⟩`` for a display the paper labels (3);
``⟨equation after (2)⟩``, ``⟨2nd equation after (2)⟩`` for unlabelled ones after it;
``⟨unnumbered equation⟩`` before any label. Every marker of a paper is unique.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from tui.pdf.model import Equation

_LABEL = re.compile(r"\s*\(\s*[\w.]{1,8}\s*\)\s*$")
_NAME = r"[^\W\d][\w′'’]{0,24}(?:\s[\w′]{1,3}){0,2}"
# 0.9, 4000, 95%, 10−9 (an exponent the text layer flattened), 1 × 10−4, 3e-5, 10⁻⁹
_NUMBER = (
    r"[-−]?\s?\d[\d.,]*(?:e[-−+]?\d+)?(?:\s?(?:·|×|x)\s?10)?(?:\s?[-−⁻]?[\d⁰¹²³⁴⁵⁶⁷⁸⁹]+)?"
    r"\s?(?:%|[kKMB]\b)?"
)
_ASSIGNMENT = rf"(?:{_NAME}\s?=\s?)+{_NUMBER}"
_SETTING = re.compile(rf"^(?:{_ASSIGNMENT})(?:\s?(?:,|;|and)\s?(?:{_ASSIGNMENT}))*\s?[.,;]?$")


def is_setting(text: str) -> bool:
    """A short display that only gives values: ``β1 = 0.9, β2 = 0.98``, ``d_k = 64``."""
    text = " ".join(_LABEL.sub("", text).split())
    return len(text) <= 80 and bool(_SETTING.match(text))


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def markers(equations: Sequence[Equation]) -> list[str]:
    """One unique marker per equation, in document order."""
    out: list[str] = []
    seen: set[str] = set()
    last: str | None = None
    since = 0
    for eq in equations:
        if eq.label:
            last, since = eq.label, 0
            name = f"equation {eq.label.strip('()')}"
        else:
            since += 1
            base = f"equation after {last}" if last else "unnumbered equation"
            name = base if since == 1 else f"{_ordinal(since)} {base}"
        if name in seen:  # a label used twice (a restated equation, a supplement)
            name = f"{name}, page {eq.page}"
        k = 2
        unique = name
        while unique in seen:
            unique, k = f"{name} ({k})", k + 1
        seen.add(unique)
        out.append(f"⟨{unique}⟩")
    return out

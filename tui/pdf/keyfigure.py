"""The key-result figure: Figure 1, unless it is a diagram and another figure shows results."""

from __future__ import annotations

import re

from tui.pdf.model import Caption

_DIAGRAM = re.compile(
    r"architecture|overview|pipeline|framework|illustrat|diagram|schematic|workflow|"
    r"the model\b|our (?:model|method|approach|system)|structure of|interface",
    re.I,
)
_RESULT = re.compile(
    r"result|accuracy|error|performance|comparison|compar|versus|\bvs\.?|outperform|"
    r"improv|curve|score|bleu|f1|loss|speed|benchmark|ablation|example output|sample",
    re.I,
)
_STOP = frozenset(
    re.findall(
        r"\w+",
        "the a an of and or to in for on with by from is are we our that this these which as at "
        "be it its their can using use used show shows new model models paper results figure",
    )
)


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z][a-z\-]{2,}", text.lower()) if w not in _STOP}


def choose(figures: tuple[Caption, ...], abstract: str) -> tuple[Caption | None, str]:
    """The figure to show in stage 1, and the rule that chose it."""
    if not figures:
        return None, "no figure captions found"
    first = next((f for f in figures if f.label == "Figure 1"), figures[0])
    diagram = bool(_DIAGRAM.search(first.caption)) and not _RESULT.search(first.caption)
    if not diagram:
        why = "Figure 1 (default)" if first.label == "Figure 1" else f"{first.label}: first figure"
        return first, why
    claims = _words(abstract)
    best, best_score = None, 0.0
    for fig in figures:
        if fig is first:
            continue
        words = _words(fig.caption)
        score = len(words & claims) / (1 + len(words)) ** 0.5
        if _RESULT.search(fig.caption):
            score += 1.0
        if _DIAGRAM.search(fig.caption) and not _RESULT.search(fig.caption):
            score -= 1.0
        if score > best_score:
            best, best_score = fig, score
    if best is None or best_score < 0.8:
        return first, (
            f"{first.label} (default; it looks like a diagram but no result figure "
            "matched the abstract)"
        )
    return best, (
        f"{best.label}: its caption best matches the abstract's claims "
        f"({first.label} is an architecture or pipeline diagram)"
    )

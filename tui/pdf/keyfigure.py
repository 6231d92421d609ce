"""The key figure for stage 1 (SPEC §4): Figure 1, unless it is neither a result nor an overview.

A figure in the appendix (after the references, or in a section classified as appendix,
such as a supplement) is never chosen while the body has a figure. The rule that chose
the figure is returned with it, for the reader to show.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from tui.pdf.model import Caption, Section

_OVERVIEW = re.compile(
    r"architecture|overview|pipeline|framework|illustrat|diagram|schematic|workflow|"
    r"the model\b|our (?:model|method|approach|system)|structure of|interface|teaser|"
    r"procedure|approach|screenshot",
    re.I,
)
_RESULT = re.compile(
    r"result|accuracy|error|performance|comparison|compar|versus|\bvs\.?|outperform|"
    r"improv|curve|score|bleu|f1|loss|speed|benchmark|ablation|example outputs?|"
    r"generated|predictions?|qualitative",
    re.I,
)
# what a Figure 1 shows when it is neither a result nor an overview
_OTHER = re.compile(
    r"^(?:an? |the )?(?:examples?|samples?|instances?) (?:of|from) (?:an? |the )?"
    r"(?:data|dataset|input|question|annotation|document|task|corpus|training)|"
    r"\bnotation\b|statistics of the (?:data|corpus)|distribution of the (?:data|corpus)|"
    r"^(?:a )?(?:map|photo(?:graph)?) of",
    re.I,
)
_STOP = frozenset(
    re.findall(
        r"\w+",
        "the a an of and or to in for on with by from is are we our that this these which as at "
        "be it its their can using use used show shows new model models paper results figure",
    )
)


def in_appendix(figure: Caption, sections: Sequence[Section]) -> bool:
    """After the references, or in an appendix section (a supplement counts)."""
    if figure.section is None or not 0 <= figure.section < len(sections):
        return False
    if sections[figure.section].kind == "appendix":
        return True
    refs = next((k for k, s in enumerate(sections) if s.kind == "references"), None)
    return refs is not None and figure.section > refs


def role(caption: str) -> str:
    """``result``, ``overview``, ``other`` (data examples, notation, …) or ``unknown``."""
    if _OTHER.search(caption.strip()):
        return "other"
    if _RESULT.search(caption):
        return "result"
    if _OVERVIEW.search(caption):
        return "overview"
    return "unknown"


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z][a-z\-]{2,}", text.lower()) if w not in _STOP}


def choose(
    figures: Sequence[Caption], abstract: str, sections: Sequence[Section] = ()
) -> tuple[Caption | None, str]:
    """The figure to show in stage 1, and the rule that chose it."""
    if not figures:
        return None, "no figure captions found"
    body = [f for f in figures if not in_appendix(f, sections)]
    pool = body or list(figures)
    where = "" if body else "; the paper has only appendix figures"
    first = next((f for f in pool if f.label == "Figure 1"), None)
    if first is None:
        return pool[0], f"{pool[0].label}: the first figure (no Figure 1 in the body){where}"
    kind = role(first.caption)
    if kind == "overview":  # SPEC §4's default holds for a teaser or architecture figure too
        return first, f"Figure 1 (default: an overview of the work){where}"
    if kind != "other":
        return first, f"Figure 1 (default){where}"
    claims = _words(abstract)
    best, best_score = None, 0.0
    for fig in pool:
        if fig is first or role(fig.caption) != "result":
            continue
        words = _words(fig.caption)
        score = 1.0 + len(words & claims) / (1 + len(words)) ** 0.5
        if score > best_score:
            best, best_score = fig, score
    if best is None:
        return first, f"Figure 1 (default; no result figure in the body){where}"
    return best, (
        f"{best.label}: the body figure whose caption best states a result "
        f"(Figure 1 shows examples or notation, not a result or an overview)"
    )

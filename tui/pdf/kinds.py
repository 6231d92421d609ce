"""A section's kind from its position and its content as well as its words.

Some heading words decide the kind (Introduction, Related Work, Conclusion, References,
Appendix…). Others only hint ("Training", "Analysis", "Dataset", "Background"): a
level-1 section with such a heading, or none, is judged by what it holds (citations
for related work; tables, scores and set-ups for experiments; definitions, theorems and
equations for method) and by where it stands (between the introduction and the first
experiments it is method, "3. PixelNet" included). Subsections take their parent's
kind unless their own heading decides otherwise.
"""

from __future__ import annotations

import re
from typing import Protocol


class _Head(Protocol):
    text: str
    number: str | None
    level: int


_DECIDING: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("references", re.compile(r"^(?:references|bibliography|literature cited|works cited)$", re.I)),
    ("acknowledgments", re.compile(r"acknowledge?ments?|^funding$", re.I)),
    ("appendix", re.compile(r"appendix|appendices|supplementa", re.I)),
    ("introduction", re.compile(r"\bintroduction\b", re.I)),
    ("related", re.compile(r"related work|prior work|previous work|literature review", re.I)),
    ("limitations", re.compile(r"limitation|broader impact|ethic|societal impact", re.I)),
    ("conclusion", re.compile(r"conclu|final remarks|future work|^summary$", re.I)),
    ("discussion", re.compile(r"discussion", re.I)),
    (
        "experiments",
        re.compile(r"experiment|evaluation|^results?\b|results$|empirical|user study", re.I),
    ),
)
_HINTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("related", re.compile(r"background|literature|related", re.I)),
    (
        "experiments",
        re.compile(r"ablation|benchmark|analysis|setup|set-up|dataset|study|findings|compar", re.I),
    ),
    (
        "method",
        re.compile(
            r"method|approach|model|architecture|framework|algorithm|design|system|formulation|"
            r"preliminar|training|implementation|proposed|our ",
            re.I,
        ),
    ),
)
_CITE = re.compile(
    r"\[\d{1,3}(?:\s*[,–-]\s*\d{1,3})*\]|\([A-Z][^()]{1,60}?,?\s(?:19|20)\d\d[a-z]?\)|"
    r"et al\.,?\s\(?(?:19|20)\d\d"
)
# both read lower-cased text: one leading \b and no re.I keep them fast (5000 characters a
# section, every section of every paper)
_EXPERIMENT = re.compile(
    r"\b(?:table \d|fig(?:ure|\.)\s?\d|accuracy\b|baselines?\b|outperform|"
    r"state[- ]of[- ]the[- ]art\b|results?\b|datasets?\b|benchmarks?\b|gpus?\b|"
    r"epochs?\b|batch size|trained\b|test set\b|ablation|f1\b|bleu\b|"
    r"participants?\b|\d+\.\d+\b)|\d+(?:\.\d+)?\s?%"
)
_METHOD = re.compile(
    r"\b(?:we (?:propose|define|denote|introduce|formulate|model|design)\b|let\b|theorem\b|"
    r"lemma\b|proof\b|definition\b|proposition\b|equation\b|eq\.|"
    r"formally\b|our (?:method|model|approach|algorithm|system)\b)|⟨equation|="
)


def _deciding(text: str) -> str | None:
    for kind, pattern in _DECIDING:
        if pattern.search(text):
            return kind
    return None


def _hint(text: str) -> str | None:
    for kind, pattern in _HINTS:
        if pattern.search(text):
            return kind
    return None


def _content(text: str) -> tuple[float, float, float]:
    """(citations, experiment cues, method cues) per 1000 characters."""
    sample = text[:5000]
    lower = sample.lower()
    scale = 1000 / max(len(sample), 400)
    return (
        len(_CITE.findall(sample)) * scale,
        len(_EXPERIMENT.findall(lower)) * scale,
        len(_METHOD.findall(lower)) * scale,
    )


def classify(headings: list[_Head], texts: list[str]) -> list[str]:
    """Each section's kind (one of ``model.SECTION_KINDS``)."""
    n = len(headings)
    # a level-1 section is judged with its subsections' text
    whole = list(texts)
    for k, head in enumerate(headings):
        if head.level == 1:
            j = k + 1
            while j < n and headings[j].level > 1:
                whole[k] += "\n" + texts[j]
                j += 1
    decided = [_deciding(h.text) for h in headings]
    if "introduction" not in decided:
        first = next((k for k, h in enumerate(headings) if h.level == 1 and not decided[k]), None)
        if (
            first is not None
            and first == next((k for k, h in enumerate(headings) if h.level == 1), None)
            and _hint(headings[first].text) not in ("method", "experiments")
        ):
            decided[first] = "introduction"  # the first section of a paper introduces it,
            # unless its heading says what else it is ("1 Method")
    kinds: list[str] = []
    parent = "other"
    seen_exp = seen_refs = seen_end = False
    seen_intro = "introduction" not in decided  # no introduction at all: nothing is before it
    for k, head in enumerate(headings):
        kind = decided[k]
        letter_top = bool(head.number) and head.number[0].isalpha() and head.level == 1
        if kind is None and letter_top and head.number not in ("I", "V", "X"):
            kind = "appendix" if not _roman(head.number) else None
        own = kind in ("limitations", "conclusion", "discussion", "acknowledgments", "related")
        if head.level > 1 and parent != "other" and not own:
            kind = parent
        if not seen_intro and kind in ("conclusion", "discussion", "limitations"):
            kind = None  # a summary before the introduction is front matter
        if kind is None and seen_end and head.level == 1:
            kind = "other"  # after the closing section: data availability, contributions …
        if kind is None:
            kind = _judge(head.text, whole[k], seen_intro, seen_exp)
        if seen_refs and kind not in ("acknowledgments", "references", "limitations"):
            kind = "appendix"
        if head.level == 1:
            parent = kind
        seen_refs |= kind == "references"
        seen_exp |= kind == "experiments"
        seen_intro |= kind in ("introduction", "related")
        seen_end |= head.level == 1 and kind in ("conclusion", "discussion") and seen_exp
        kinds.append(kind)
    return kinds


def _roman(number: str) -> bool:
    return all(c in "IVX" for c in number) and len(number) > 1


def _judge(heading: str, text: str, seen_intro: bool, seen_exp: bool) -> str:
    if not seen_intro:
        return "other"
    cites, experiment, method = _content(text)
    hint = _hint(heading)
    if hint == "experiments":
        experiment += 1.5
    elif hint == "method":
        method += 1.5
    if (hint == "related" or cites >= 4) and cites > experiment / 2 and cites >= 2.5:
        return "related"
    if experiment >= 4 and experiment >= 1.6 * method:
        return "experiments"
    if method >= 2 and method > experiment:
        return "method"
    if hint == "related":
        return "method"  # background without citations: the definitions the method uses
    if seen_exp:
        return "experiments" if experiment >= 3 else "discussion"
    return "method"

"""The conclusion checklist (results, limitations, future work) and the contributions."""

from __future__ import annotations

import re

from tui.pdf.model import ChecklistItem, Section
from tui.pdf.text import sentences


def _cue(pattern: str, weight: float) -> tuple[re.Pattern[str], float]:
    return re.compile(pattern, re.I), weight


_CUES: dict[str, list[tuple[re.Pattern[str], float]]] = {
    "results": [
        _cue(r"\bwe (?:have )?(?:show|showed|shown|demonstrat|found|find|achiev|obtain)", 3),
        _cue(
            r"\b(?:results?|experiments?|evaluations?|analys[ie]s|findings|ablations?) "
            r"(?:\w+ )?(?:show|demonstrate|indicate|suggest|confirm|reveal)",
            3,
        ),
        _cue(r"\b(?:outperform|state[- ]of[- ]the[- ]art|improv|surpass|achiev|better than)", 2),
        _cue(r"\bresults?\b|\beffective|\bsignificant|\bsuccessful", 1.5),
        _cue(r"\d+(?:\.\d+)?\s?%|\bBLEU\b|\bROUGE|\baccuracy\b|\bF1\b|\ballow|\benabl", 1),
        _cue(r"\b\d+(?:\.\d+)?\s?(?:x|×|times) (?:faster|smaller|fewer|less|more)|\bspeed-?up", 1),
        _cue(r"\bwe (?:present|presented|introduc|propos)|\bour (?:major |main )?contribution", 1),
    ],
    "limitations": [
        _cue(r"\blimitation|\bshortcoming|\bdrawback|\bweakness|\bcaveat", 4),
        _cue(
            r"\b(?:fail|cannot|can not|does not|do not|unable|not yet|is limited|restricted to|"
            r"only (?:works|applies|considers?))",
            2,
        ),
        _cue(r"\b(?:however|although|remains? (?:a )?(?:challenge|difficult|unclear|open))", 1),
        _cue(r"\b(?:bias|risk|costly|expensive)", 1),
    ],
    "future_work": [
        _cue(r"\bfuture (?:work|research|direction|stud)|\bin the future\b", 4),
        _cue(r"\bwe (?:plan|intend|hope|would like|aim) to\b|\bnext step", 3),
        _cue(
            r"\b(?:could|can) be (?:extended|applied|explored|improved)|\bopen (?:question|problem)"
            r"|further (?:work|research|investigat)",
            2,
        ),
        _cue(r"\b(?:extend|explore|investigate)\b", 1),
    ],
}
# what a sentence says about others' work, or what it denies, does not tick the paper's box
_AGAINST: dict[str, list[tuple[re.Pattern[str], float]]] = {
    "results": [
        _cue(r"\b(?:prior|previous|earlier|existing|related) (?:work|studies|methods|research)", 3),
        _cue(r"\bet al\.|\[\d+(?:[,–-]\s?\d+)*\]", 1),
    ],
    "limitations": [
        _cue(
            r"\b(?:prior|previous|earlier|existing|conventional|traditional|current|other) "
            r"(?:\w+ ){0,2}(?:methods?|approach\w*|work|models?|blocks?|systems?|designs?)",
            3,
        ),
        _cue(
            r"(?<!not )\b(?:no|without|not (?:any|a)) (?:\w+ )?"
            r"(?:limitations?|drawbacks?|restrictions?)",
            5,
        ),
        _cue(r"\b(?:to (?:overcome|address|alleviate|remedy)|we propose)\b", 3),
    ],
    "future_work": [
        _cue(r"\bin this (?:section|paper|work|study|article)\b", 3),
    ],
}
# a page number the text layer left after a sentence ("… zone sizes. 1085")
_PAGE_NUMBER = re.compile(r"(?<=[.!?])\s+\d{1,4}(?=\s+[A-Z]|\s*$)")
_CHECK_KINDS = ("conclusion", "discussion", "limitations")


def checklist(sections: tuple[Section, ...] | list[Section]) -> tuple[ChecklistItem, ...]:
    """For each of results, limitations, future work: the sentence that states it, or None."""
    pool: list[tuple[str, str]] = []
    for sec in sections:
        if sec.kind in _CHECK_KINDS:
            text = _PAGE_NUMBER.sub("", sec.text)
            pool.extend((s, sec.heading) for s in sentences(text) if 20 <= len(s) <= 600)
    items = []
    for kind, cues in _CUES.items():
        best: tuple[float, str, str] | None = None
        for sentence, heading in pool:
            score = sum(weight for pattern, weight in cues if pattern.search(sentence))
            score -= sum(w for pattern, w in _AGAINST[kind] if pattern.search(sentence))
            if kind == "limitations" and re.search("limitation", heading, re.I):
                score += 1.5
            if kind == "future_work" and re.search("future", heading, re.I):
                score += 1.5
            if score >= 2.5 and (best is None or score > best[0]):
                best = (score, sentence, heading)
        items.append(ChecklistItem(kind, best[1] if best else None, best[2] if best else None))
    return tuple(items)


_CONTRIB = re.compile(
    r"\bcontributions?\b|\bwe (?:propose|introduce|present|release|develop|design|show)|"
    r"\bour (?:main|key|primary) |\bin this (?:paper|work)\b",
    re.I,
)
_ITEM = re.compile(r"^(?:[•●◦▪‣∙·–—-]|\(?\d{1,2}[.)]|\([a-z]\)|[a-z]\))\s+")


def contributions(sections: tuple[Section, ...] | list[Section]) -> tuple[str, ...]:
    """The introduction's contributions: its list after "contributions", else its claims."""
    intro = [s for s in sections if s.kind == "introduction"]
    if not intro:
        return ()
    paragraphs = [p for s in intro for p in s.text.split("\n\n")]
    listed: list[str] = []
    for i, para in enumerate(paragraphs):
        if re.search(r"contribution|summar|as follows", para, re.I):
            items = []
            for nxt in paragraphs[i + 1 : i + 8]:
                if _ITEM.match(nxt):
                    items.append(" ".join(nxt.split()))
                elif items:
                    break
            if items:
                listed = items
                break
    if listed:
        return tuple(listed)
    claims = [s for s in sentences("\n\n".join(paragraphs)) if _CONTRIB.search(s)]
    return tuple(claims[:5])

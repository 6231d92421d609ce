"""Headings, the abstract and the sections between headings, classified by role."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tui.pdf.layout import Line

_NUMBERED = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+(?P<head>\S.*)$")
_ROMAN = re.compile(r"^(?P<num>[IVX]{1,5})\.\s+(?P<head>\S.*)$")
_LETTER = re.compile(r"^(?P<num>[A-Z](?:\.\d{1,2}){0,3})(?:\.|\s)\s*(?P<head>[A-Z]\S*.*)$")
_ABSTRACT_RUNIN = re.compile(r"^a\s?bstract\s*(?:[—–:.]|-{1,2})\s*", re.I)
_STOP_ABSTRACT = re.compile(
    r"^(?:index terms|keywords|key words|ccs concepts|acm reference format)\b", re.I
)

KIND_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("introduction", re.compile(r"\bintroduction\b|^motivation$", re.I)),
    ("related", re.compile(r"related work|prior work|previous work|background|literature", re.I)),
    ("limitations", re.compile(r"limitation|broader impact|ethic|societal impact|risks", re.I)),
    ("conclusion", re.compile(r"conclu|summary|closing|final remarks|future work", re.I)),
    ("discussion", re.compile(r"discussion", re.I)),
    ("acknowledgments", re.compile(r"acknowledge?ments?|funding", re.I)),
    ("references", re.compile(r"^(?:references|bibliography|literature cited)$", re.I)),
    ("appendix", re.compile(r"appendix|appendices|supplementary", re.I)),
    (
        "experiments",
        re.compile(
            r"experiment|evaluation|results|ablation|benchmark|analysis|setup|dataset|"
            r"empirical|user study|study|findings|comparison",
            re.I,
        ),
    ),
    (
        "method",
        re.compile(
            r"method|approach|model|architecture|framework|algorithm|design|system|"
            r"formulation|preliminar|training|implementation|proposed|our ",
            re.I,
        ),
    ),
)
_KNOWN = re.compile(
    r"^(?:abstract|introduction|related work|background|conclusions?|discussion|references|"
    r"bibliography|acknowledge?ments?|appendix|appendices|limitations|broader impacts?|"
    r"ethics statement|ethical considerations|future work|methods?|results|experiments|"
    r"evaluation|conclusions? and future work|related works|preliminaries|"
    r"ccs concepts|keywords|impact statement|reproducibility statement)$",
    re.I,
)


@dataclass
class Heading:
    index: int  # position in the ordered line list
    number: str | None
    text: str
    level: int
    lines: int = 1


def letters_only(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower())


def is_abstract_heading(line: Line) -> bool:
    return letters_only(line.text) == "abstract" and len(line.text) < 14


def abstract_runin(line: Line) -> str | None:
    m = _ABSTRACT_RUNIN.match(line.text)
    return line.text[m.end() :] if m and len(line.text) > m.end() + 10 else None


def _styled(line: Line, body: float) -> bool:
    letters = [c for c in line.text if c.isalpha()]
    caps = len(letters) >= 4 and all(c.isupper() for c in letters)
    return line.bold or line.size >= body + 0.8 or line.smallcaps or caps


def heading_candidate(line: Line, body: float, *, appendix: bool = False) -> Heading | None:
    text = line.text.strip()
    if line.role or len(text) > 110 or len(text.split()) > 16 or line.cells > 2:
        return None
    if line.math > 0.3 or text.endswith((",", ";", "-")) or line.size < body - 0.6:
        return None
    if line.lead_bold and not line.bold and len(text) - len(line.lead_bold) > 12:
        return None  # a bold run-in word starting a paragraph
    styled = _styled(line, body)
    for pattern, kind in ((_NUMBERED, "n"), (_ROMAN, "r"), (_LETTER, "l")):
        m = pattern.match(text)
        if not m:
            continue
        number, head = m.group("num"), m.group("head").strip()
        if kind == "l" and not (appendix or "." in text[:3] or line.italic):
            continue
        if head[:1].islower() or not head[:1].isalnum() and head[:1] not in "[(\"'“‘":
            continue
        if not (styled or (kind == "l" and line.italic)):
            continue
        if kind == "n" and int(number.split(".")[0]) > 30:
            continue
        if head.endswith((".", ":")) and len(head.split()) > 6 or re.search(r"[a-z]\. [A-Z]", head):
            continue
        level = number.count(".") + 1
        if kind == "l" and line.italic and not line.bold and "." not in number:
            level = 2
        return Heading(-1, number, head, level)
    bare = text.rstrip(".:")
    if _KNOWN.match(bare) and (styled or line.block_start):
        return Heading(-1, None, bare, 1)
    if (
        styled
        and line.size >= body * 1.15
        and (line.bold or line.smallcaps)
        and len(text.split()) <= 8
        and text[:1].isupper()
        and not text.endswith(".")
    ):
        return Heading(-1, None, text, 1)
    return None


def find_headings(lines: list[Line], body: float, start: int) -> list[Heading]:
    """Headings from ``start`` on, with numbering kept consistent."""
    found: list[Heading] = []
    top = 0
    appendix = False
    i = start
    while i < len(lines):
        line = lines[i]
        head = heading_candidate(line, body, appendix=appendix)
        if head is None:
            i += 1
            continue
        if head.number and head.number[0].isdigit():
            first = int(head.number.split(".")[0])
            if head.level == 1:
                if top and (first < top and not appendix or first > top + 4):
                    i += 1
                    continue
                top = first
            elif top and first != top and not appendix:
                i += 1
                continue
        head.index = i
        # a heading may wrap onto the next line in the same style
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if (
            nxt is not None
            and not nxt.role
            and nxt.page == line.page
            and abs(nxt.size - line.size) < 0.3
            and nxt.bold == line.bold
            and 0 <= nxt.y0 - line.y1 < 0.6 * line.size
            and len(nxt.text) < 60
            and _continues(head, heading_candidate(nxt, body, appendix=appendix))
            and _styled(nxt, body)
            and not nxt.text.endswith(".")
        ):
            head.text = f"{head.text} {nxt.text}"
            head.lines = 2
        if re.match(r"references|bibliography", head.text, re.I):
            appendix = True
        found.append(head)
        i += head.lines
    return found


def _continues(head: Heading, nxt: Heading | None) -> bool:
    return nxt is None or (
        head.number is not None and nxt.number is None and not _KNOWN.match(nxt.text)
    )


def classify(headings: list[Heading], texts: list[str]) -> list[str]:
    """Each heading's kind, by its words, else by its position between known sections."""
    kinds: list[str | None] = []
    for head, number in ((h.text, h.number) for h in headings):
        kind = None
        for name, pattern in KIND_WORDS:
            if pattern.search(head):
                kind = name
                break
        if kind is None and number and number[0].isalpha() and number[0] not in "IVX":
            kind = "appendix"
        kinds.append(kind)
    result: list[str] = []
    parent = "other"
    seen_refs = seen_exp = seen_intro = False
    for head, kind, text in zip(headings, kinds, texts, strict=True):
        if head.level > 1 and kind not in ("limitations", "conclusion", "discussion"):
            inherit = ("method", "experiments", "appendix", "related", "introduction")
            if parent in inherit or kind is None:
                kind = parent
        if kind is None:
            if seen_refs:
                kind = "appendix"
            elif seen_exp:
                kind = "experiments" if _looks_experimental(text) else "discussion"
            elif seen_intro:
                kind = "experiments" if _looks_experimental(text, strict=True) else "method"
            else:
                kind = "other"
        if seen_refs and kind not in ("acknowledgments", "references", "limitations"):
            kind = "appendix"
        if head.level == 1:
            parent = kind
        seen_refs |= kind in ("references",)
        seen_exp |= kind == "experiments"
        seen_intro |= kind in ("introduction", "related")
        result.append(kind)
    return result


def _looks_experimental(text: str, *, strict: bool = False) -> bool:
    sample = text[:4000].lower()
    hits = sum(sample.count(w) for w in ("table", "accuracy", "results", "outperform", "baseline"))
    return hits >= (8 if strict else 3)


def abstract_stop(line: Line) -> bool:
    return bool(_STOP_ABSTRACT.match(line.text))

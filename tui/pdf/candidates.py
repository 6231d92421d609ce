"""Heading candidates: what each line says for itself.

Is it short, on its own line, set apart from the running text (bigger, bold, italic,
capitals, underlined, another typeface), numbered? Wrapped headings are joined here,
and a line that cannot be a heading (a sentence, a list item, a theorem head, a run-in,
a formula) is turned away before any style is learned.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace

from tui.pdf import numbering
from tui.pdf.layout import Line
from tui.pdf.numbering import Number

KNOWN = re.compile(
    r"^(?:abstract|introduction|references|bibliography|appendix|appendices|"
    r"acknowledge?ments?|conclusions?)$",
    re.I,
)
REFERENCES = re.compile(r"^(?:references|bibliography)$", re.I)
_THEOREM = re.compile(
    r"^(?!(?:Appendix|APPENDIX|Supplement|SUPPLEMENT|Part|PART|Chapter|CHAPTER|Section)\b)"
    r"[A-Z][A-Za-z]+\.?(?: [A-Z][a-z]+)?\s+(?:\d+(?:\.\d+)*|[A-Z])\b(?!\.\d)"
)
_SENTENCE = re.compile(r"[a-z0-9)\]][.?!] [A-Z]")
_LIST_ITEM = re.compile(r"^(?:\(?\d{1,2}\)|\(?[a-z]\)|[•●◦▪‣∙·–—-])\s")
_MONO = re.compile(r"mono|courier|typewriter|CMTT|code|consol", re.I)
_FAMILY_SUFFIX = re.compile(r"(?:PSMT|PS|MT|\d+)$")


@dataclass
class Candidate:
    index: int
    lines: int
    text: str
    number: Number | None
    style: tuple[float, bool, bool, bool, bool]  # size, bold, italic, capitals, underlined
    size: float
    strong: bool
    big: bool
    known: bool
    page: int
    tags: set[str] = field(default_factory=set)


_FAMILIES: dict[str, str] = {}


def family(font: str) -> str:
    """A font's family: subset prefix, weight and style dropped (``ABCDEF+Arial-BoldMT``)."""
    found = _FAMILIES.get(font)
    if found is None:
        found = _FAMILIES[font] = _family(font)
    return found


def _family(font: str) -> str:
    name = font.split("+", 1)[-1]
    name = re.split(r"[-,]", name, maxsplit=1)[0]
    name = _FAMILY_SUFFIX.sub("", name)
    if name.startswith("CM") and not name.startswith(("CMSS", "CMTT")):
        return "CM"  # Computer Modern sets bold and italic as separate families
    return name


def _caps(line: Line) -> bool:
    if line.smallcaps:
        return True
    return line.text.isupper() and sum(c.isalpha() for c in line.text) >= 4


def _distinct(line: Line, body: float, body_family: str) -> bool:
    other_font = (
        family(line.font) != body_family
        and not _MONO.search(line.font)
        and line.math == 0
        and sum(c.isalpha() for c in line.text) >= 3
    )
    return (
        line.bold
        or line.italic
        or line.underline
        or _caps(line)
        or line.size >= body + 0.8
        or (other_font and line.size >= body - 0.3)
    )


def _head_ok(head: str) -> bool:
    """The words after a number read like a title, not like a sentence or a list item."""
    if not head:
        return True
    first = head.split()[0]
    if first[:1].islower():
        return any(c.isupper() or c.isdigit() for c in first[1:])  # "iNaturalist", "word2vec"
    return first[:1].isalnum() or first[:1] in "[(\"'“‘"


def _plausible(line: Line, text: str, body: float) -> bool:
    """Cheap rejections: long lines, sentences, math, table rows, run-in paragraph heads."""
    words = len(text.split())
    if line.role or len(text) > 150 or words > 18 or line.cells > 2 or line.math > 0.3:
        return False
    if text.endswith((",", ";")) or ("=" in text and numbering.parse(text) is None):
        return False
    floor = body - 1.4 if (line.bold or _caps(line) or line.underline) else body - 0.6
    if line.size < floor:
        return False
    if line.lead_bold and not line.bold and len(text) - len(line.lead_bold) > 12:
        return False  # a bold run-in head starting a paragraph
    if line.scripts and not any(c.islower() for c in text):
        return False  # capitals with subscripts: a formula, not small capitals
    if _LIST_ITEM.match(text):
        return False  # 1) … (a) … : a list or a run-in third level
    number = numbering.parse(text)
    if _THEOREM.match(text) and number is None:
        return False  # Theorem 2, Lemma 3.1, Algorithm 1, Step 2
    head = number.head if number is not None else text
    if sum(c.isalpha() for c in head) < 2 and not numbering.NUMBER_ALONE.match(text):
        return False  # no words: a formula's numerator, a table cell
    return not _SENTENCE.search(head)


def looks_like_heading(line: Line, body: float) -> bool:
    """A line's own evidence only (used before the paper's styles are known)."""
    text = line.text.strip()
    if not _plausible(line, text, body):
        return False
    number = numbering.parse(text)
    distinct = _distinct(line, body, "")
    if number is not None and _head_ok(number.head):
        return distinct
    bare = text.rstrip(".:")
    if KNOWN.match(bare):
        return True
    big = line.size >= body * 1.3 or (line.size >= body + 1.5 and (line.bold or _caps(line)))
    return big and len(text.split()) <= 12 and not text.endswith(".")


class Context:
    def __init__(self, lines: list[Line], body: float, bodies: dict[int, float]) -> None:
        self.lines = lines
        self.body = body
        self.bodies = bodies
        fonts: Counter[str] = Counter()
        for ln in lines:
            if not ln.role and abs(ln.size - body) < 0.6:
                fonts[family(ln.font)] += len(ln.text)
        self.family = fonts.most_common(1)[0][0] if fonts else ""

    def body_at(self, line: Line) -> float:
        return self.bodies.get(line.page, self.body)

    def neighbour(self, index: int, step: int) -> Line | None:
        j = index + step
        if 0 <= j < len(self.lines):
            return self.lines[j]
        return None


def _sig(line: Line) -> tuple[int, bool, bool, bool, bool]:
    return round(line.size), line.bold, line.italic, line.underline, _caps(line)


def _same_block(a: Line, b: Line) -> bool:
    return a.page == b.page and a.col == b.col and -0.6 * a.size <= b.y0 - a.y1 < 0.5 * a.size


def _wrap(ctx: Context, i: int, text: str) -> tuple[str, int]:
    """A heading may run onto one or two more lines in its own style."""
    first = ctx.lines[i]
    count = 1
    while count < 3:
        nxt = ctx.neighbour(i + count - 1, 1)
        last = ctx.lines[i + count - 1]
        if nxt is None or nxt.role or not _same_block(last, nxt):
            break
        if abs(nxt.size - first.size) > 0.3 or _sig(nxt)[1:4] != _sig(first)[1:4]:
            break
        alone = bool(numbering.NUMBER_ALONE.match(text))
        if (_caps(first) and not _caps(nxt) and not alone) or len(nxt.text) > 90 or nxt.cells > 2:
            break
        nt = nxt.text.strip()
        if numbering.parse(nt) is not None and not alone:
            break
        if KNOWN.match(nt.rstrip(".:")) or _SENTENCE.search(nt):
            break  # a known heading of its own, or a sentence
        indent = nxt.x0 - first.x0  # flush, or hung under the text after the number
        centred = abs((nxt.x0 + nxt.x1) - (first.x0 + first.x1)) < 4 * first.size
        aligned = -2 * first.size < indent < 4 * first.size or centred
        if not aligned or len((text + " " + nt).split()) > 22:
            break
        if text.endswith("-") and nt[:1].islower():
            text = text[:-1] + nt
        elif text.endswith("-"):
            text = text + nt
        else:
            text = f"{text} {nt}"
        count += 1
    return text, count


def candidate(ctx: Context, i: int) -> Candidate | None:
    line = ctx.lines[i]
    body = ctx.body_at(line)
    text = line.text.strip()
    if not _distinct(line, body, ctx.family) and not KNOWN.match(text.rstrip(".:")):
        return None
    if not _plausible(line, text, body):
        return None
    text, count = _wrap(ctx, i, text)
    number = numbering.parse(text)
    if number is not None and not _head_ok(number.head):
        number = None
        if text[:1].isdigit():
            return None  # "2 the model ..." is a list item
    last = ctx.lines[i + count - 1]
    prev, nxt = ctx.neighbour(i, -1), ctx.neighbour(i + count - 1, 1)
    if (
        nxt is not None
        and last.bold
        and nxt.lead_bold
        and not nxt.bold
        and abs(nxt.size - last.size) < 0.3
        and _same_block(last, nxt)
    ):
        return None  # a bold run-in head that wraps into its paragraph
    if text.endswith("-"):
        return None
    # inside a run of lines in the same style (a bold abstract, an italic theorem) it is text
    if prev is not None and not prev.role and _sig(prev) == _sig(line) and _same_block(prev, line):
        return None
    if (
        nxt is not None
        and not nxt.role
        and _sig(nxt) == _sig(last)
        and _same_block(last, nxt)
        and numbering.parse(nxt.text) is None
    ):
        return None
    bare = text.rstrip(".:")
    known = bool(KNOWN.match(bare))
    words = len(text.split())
    if text.endswith((".", "?", "!")) and not known and (number is None or words > 12):
        return None
    big = line.size >= body + 0.8 and (line.bold or _caps(line) or family(line.font) != ctx.family)
    big = big or line.size >= body * 1.3
    if number is not None and number.form == "letter" and not (number.dotted or "." in number.text):
        strong = False  # "A Study of …" may be a title, not appendix A: only by style
    else:
        strong = number is not None
    strong = strong or known or (big and words <= 16)
    style = (round(line.size * 2) / 2, line.bold, line.italic, _caps(line), line.underline)
    cand = Candidate(i, count, text, number, style, line.size, strong, big, known, line.page)
    if _break_above(prev, line):
        cand.tags.add("spaced")
    if nxt is None or (
        abs(nxt.size - ctx.body_at(nxt)) < 0.8
        and _sig(nxt) != _sig(last)
        and nxt.cells == 1
        and len(nxt.text) >= 30  # a paragraph follows, not the next cell of a table
    ):
        cand.tags.add("before-text")
    return cand


def _break_above(prev: Line | None, line: Line) -> bool:
    if prev is None or prev.page != line.page or prev.col != line.col:
        return True
    if prev.size >= line.size + 1 and len(prev.text) < 100:
        return True  # right under a bigger heading
    if prev.role in ("caption", "figure", "table", "equation", "heading"):
        return True
    return line.y0 - prev.y1 >= 0.45 * line.size


_RUN_IN_HEAD = re.compile(r"^\S+\s+\S.{0,80}?[.:]$")


def split_run_in_sections(lines: list[Line]) -> list[Line]:
    """``1. Introduction.`` in bold, then the paragraph on the same line (SIAM, AMS): the
    numbered bold lead becomes a heading line of its own, the rest stays text."""
    out: list[Line] = []
    for ln in lines:
        lead = ln.lead_bold
        if lead and not ln.role and _RUN_IN_HEAD.match(lead) and len(lead.split()) <= 9:
            number = numbering.parse(lead)
            rest = ln.text[len(lead) :].strip() if ln.text.startswith(lead) else ""
            titled = number is not None and _head_ok(number.head)
            if (
                titled
                and number.form in ("arabic", "roman")
                and rest[:1].isupper()
                and not _SENTENCE.search(number.head)
            ):
                cut = ln.x0 + ln.width * len(lead) / max(len(ln.text), 1)
                head = replace(ln, text=lead.rstrip(" .:"), x1=cut, bold=True, lead_bold="")
                body = replace(ln, text=rest, x0=cut, bold=False, lead_bold="")
                body.block_start = False
                out.extend((head, body))
                continue
        out.append(ln)
    return out

"""Section headings, from signals that hold across publishers.

Each line first answers for itself: is it short, on its own line, set apart from the
running text (bigger, bold, italic, capitals, underlined, another typeface), numbered
in sequence? A numbered line set apart, or a clearly bigger one, is a heading on its own
evidence. A line that is only set apart at body size (bold, italic, underlined) counts
when the paper itself uses that style for headings: the styles are learned per paper
from the headings that carried their own evidence, and a style whose headings are all
numbered accepts no unnumbered member (that is how a theorem statement in the italic of
the subsections stays text). The words known are the unavoidable few (Abstract,
Introduction, Conclusion, References, Appendix, Acknowledgements).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

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
_SENTENCE = re.compile(r"[a-z0-9)\]]\. [A-Z]")
_REFERENCE = re.compile(
    r"\b(?:19|20)\d{2}[a-z]?\b|\bpp\.|\bvol\.|\bet al\b|\bIn Proc|\bdoi\b|arXiv|\bpages \d"
)
_LIST_ITEM = re.compile(r"^(?:\(?\d{1,2}\)|\(?[a-z]\)|[•●◦▪‣∙·–—-])\s")
_MONO = re.compile(r"mono|courier|typewriter|CMTT|code|consol", re.I)
_FAMILY_SUFFIX = re.compile(r"(?:PSMT|PS|MT|\d+)$")


@dataclass
class Heading:
    index: int  # position in the ordered line list
    number: str | None
    text: str
    level: int
    lines: int = 1
    part: int = 0  # a supplement after a second title restarts its numbering in a new part


@dataclass
class _Candidate:
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


def family(font: str) -> str:
    """A font's family: subset prefix, weight and style dropped (``ABCDEF+Arial-BoldMT``)."""
    name = font.split("+", 1)[-1]
    name = re.split(r"[-,]", name, maxsplit=1)[0]
    name = _FAMILY_SUFFIX.sub("", name)
    if name.startswith("CM") and not name.startswith(("CMSS", "CMTT")):
        return "CM"  # Computer Modern sets bold and italic as separate families
    return name


def _caps(line: Line) -> bool:
    letters = [c for c in line.text if c.isalpha()]
    return line.smallcaps or (len(letters) >= 4 and all(c.isupper() for c in letters))


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


class _Context:
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


def _wrap(ctx: _Context, i: int, text: str) -> tuple[str, int]:
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


def _candidate(ctx: _Context, i: int) -> _Candidate | None:
    line = ctx.lines[i]
    body = ctx.body_at(line)
    text = line.text.strip()
    if not _plausible(line, text, body):
        return None
    if not _distinct(line, body, ctx.family) and not KNOWN.match(text.rstrip(".:")):
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
    cand = _Candidate(i, count, text, number, style, line.size, strong, big, known, line.page)
    if _break_above(prev, line):
        cand.tags.add("spaced")
    if nxt is None or (abs(nxt.size - ctx.body_at(nxt)) < 0.8 and _sig(nxt) != _sig(last)):
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


def find_headings(
    lines: list[Line], body: float, start: int, bodies: dict[int, float] | None = None
) -> list[Heading]:
    """Headings from ``start`` on, numbered consistently, with levels."""
    ctx = _Context(lines, body, bodies or {})
    cands: list[_Candidate] = []
    i = start
    while i < len(lines):
        cand = _candidate(ctx, i)
        if cand is None:
            i += 1
            continue
        cands.append(cand)
        i += cand.lines
    accepted = _accept(cands)
    return _levels(ctx, accepted)


def _accept(cands: list[_Candidate]) -> list[_Candidate]:
    strong = _sequence([c for c in cands if c.strong])
    learned: dict[tuple, list[_Candidate]] = {}
    for c in strong:
        learned.setdefault(c.style, []).append(c)
    refs_at = next((c.index for c in strong if REFERENCES.match(c.text.rstrip(".:"))), None)
    main = {c.style for c in strong if refs_at is None or c.index < refs_at}
    weak_styles: Counter[tuple] = Counter(c.style for c in cands if not c.strong)
    last_numbered = max((c.index for c in strong if c.number and c.number.depth == 1), default=-1)
    keep = {id(c) for c in strong}
    out: list[_Candidate] = []
    in_refs = False
    for c in cands:
        ok = id(c) in keep
        if not ok and not c.strong:
            ok = _weak_ok(c, learned, weak_styles, last_numbered)
        if ok and in_refs and not _ok_in_references(c, main):
            ok = False
        if not ok:
            continue
        in_refs = bool(REFERENCES.match(c.text.rstrip(".:")))
        out.append(c)
    return _drop_front(out)


def _sequence(cands: list[_Candidate]) -> list[_Candidate]:
    seq = numbering.Sequence()
    out: list[_Candidate] = []
    restart_ok = False
    title_size = 0.0
    for c in cands:
        if c.number is not None and c.number.form != "appendix":
            level = 1 if c.number.depth == 1 else 2
            if c.number.form == "letter" and level == 1 and "roman" in seq.tops:
                level = 2  # IEEE: A. B. C. under I. II. III.
            if not seq.accept(c.number, level, restart_ok=restart_ok):
                continue
            seq.commit(c.number, level)
            title_size = max(title_size, c.size) if level == 1 else title_size
        elif c.number is None and c.big and title_size and c.size >= 1.25 * title_size:
            seq.new_part()  # a second title page: a supplement restarts its numbering
            restart_ok = True
        if REFERENCES.match(c.text.rstrip(".:")) or (c.number and c.number.form == "appendix"):
            restart_ok = True
        out.append(c)
    return out


def _weak_ok(c, learned, weak_styles, last_numbered) -> bool:
    same = learned.get(c.style)
    if same:
        numbered = [s for s in same if s.number]
        if len(numbered) >= 0.75 * len(same):
            # a numbered style: an unnumbered line in it is text, unless it is back matter
            # after the last numbered section (Acknowledgements, Data availability …)
            sections = any(s.number.depth == 1 for s in numbered)
            if c.index < last_numbered or not sections:
                return False
        return "before-text" in c.tags or "spaced" in c.tags
    size, bold, italic, caps, underline = c.style
    if not (bold or underline or caps) or c.text.endswith((".", ":", "?")):
        return False
    return (
        weak_styles[c.style] >= 2
        and "spaced" in c.tags
        and "before-text" in c.tags
        and len(c.text.split()) <= 16
    )


def _ok_in_references(c: _Candidate, main: set[tuple]) -> bool:
    """After the references, a line must look like a heading of this paper (a style its
    sections used before the references), not like an entry of the list."""
    if _REFERENCE.search(c.text) or c.text.count(",") >= 2 or c.text.startswith("["):
        return False
    if c.number is not None and c.number.head and not c.number.head[:1].isalnum():
        return False
    return c.big or c.known or c.style in main or bool(c.number and c.number.form == "appendix")


def _drop_front(out: list[_Candidate]) -> list[_Candidate]:
    """CCS CONCEPTS, KEYWORDS and such before the first section are front matter."""
    numbered = any(c.number and c.number.depth == 1 for c in out)
    first = next(
        (
            k
            for k, c in enumerate(out)
            if (c.number and c.number.depth == 1) or c.text.lower().startswith("introduction")
        ),
        None,
    )
    if not numbered or first is None:
        return out
    return [c for k, c in enumerate(out) if k >= first or c.number or c.page > 1]


def _levels(ctx: _Context, cands: list[_Candidate]) -> list[Heading]:
    by_style: dict[tuple, Counter[int]] = {}
    tops: list[float] = []
    roman_tops = False
    for c in cands:
        n = c.number
        if n is None or (n.form == "letter" and "." not in n.text):
            continue
        level = 1 if n.form in ("roman", "appendix") else n.depth
        by_style.setdefault(c.style, Counter())[level] += 1
        roman_tops |= n.form == "roman"
        if level == 1:
            tops.append(round(c.size, 1))
    top_size = Counter(tops).most_common(1)[0][0] if tops else 0.0
    unnumbered_sizes = sorted({c.style[0] for c in cands if c.number is None}, reverse=True)
    letter_level: dict[tuple, int] = {}
    out: list[Heading] = []
    part = 0
    seen_refs = False
    for c in cands:
        n = c.number
        head = c.text
        number = None
        if n is not None:
            number = n.text
            head = n.head or c.text
            if n.form == "letter" and "." not in n.text:
                if roman_tops and not seen_refs:
                    level = letter_level[c.style] = 2
                else:
                    level = letter_level.get(c.style) or 1
            elif n.form in ("roman", "appendix"):
                level = 1
            else:
                level = min(n.depth, 4)
        elif c.known:
            level = 1
        elif c.style in by_style:
            levels = by_style[c.style]
            level = 1 if levels[1] else levels.most_common(1)[0][0]
        elif top_size:
            level = 1 if c.size >= top_size - 0.3 and (c.style[1] or c.style[3]) else 2
        else:
            level = min(unnumbered_sizes.index(c.style[0]) + 1, 3)
        if n is None and c.big and top_size and c.size >= 1.25 * top_size:
            part += 1
            level = 1
        seen_refs |= bool(REFERENCES.match(c.text.rstrip(".:")))
        out.append(Heading(c.index, number, head.rstrip(" .:") or c.text, level, c.lines, part))
    return out

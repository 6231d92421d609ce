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
from dataclasses import dataclass

from tui.pdf import numbering
from tui.pdf.candidates import REFERENCES, Candidate, Context, candidate
from tui.pdf.layout import Line

_REFERENCE = re.compile(
    r"\b(?:19|20)\d{2}[a-z]?\b|\bpp\.|\bvol\.|\bet al\b|\bIn Proc|\bdoi\b|arXiv|\bpages \d"
)


@dataclass
class Heading:
    index: int  # position in the ordered line list
    number: str | None
    text: str
    level: int
    lines: int = 1
    part: int = 0  # a supplement after a second title restarts its numbering in a new part


def find_headings(
    lines: list[Line], body: float, start: int, bodies: dict[int, float] | None = None
) -> list[Heading]:
    """Headings from ``start`` on, numbered consistently, with levels."""
    ctx = Context(lines, body, bodies or {})
    cands: list[Candidate] = []
    i = start
    while i < len(lines):
        cand = candidate(ctx, i)
        if cand is None:
            i += 1
            continue
        cands.append(cand)
        i += cand.lines
    accepted = _accept(cands)
    return _levels(ctx, accepted)


def _accept(cands: list[Candidate]) -> list[Candidate]:
    strong = _sequence([c for c in cands if c.strong])
    learned: dict[tuple, list[Candidate]] = {}
    for c in strong:
        learned.setdefault(c.style, []).append(c)
    refs_at = next((c.index for c in strong if REFERENCES.match(c.text.rstrip(".:"))), None)
    main = {c.style for c in strong if refs_at is None or c.index < refs_at}
    weak_styles: Counter[tuple] = Counter(c.style for c in cands if not c.strong)
    last_numbered = max((c.index for c in strong if c.number and c.number.depth == 1), default=-1)
    keep = {id(c) for c in strong}
    out: list[Candidate] = []
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


def _sequence(cands: list[Candidate]) -> list[Candidate]:
    seq = numbering.Sequence()
    out: list[Candidate] = []
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


def _ok_in_references(c: Candidate, main: set[tuple]) -> bool:
    """After the references, a line must look like a heading of this paper (a style its
    sections used before the references), not like an entry of the list."""
    if _REFERENCE.search(c.text) or c.text.count(",") >= 2 or c.text.startswith("["):
        return False
    if c.number is not None and c.number.head and not c.number.head[:1].isalnum():
        return False
    return c.big or c.known or c.style in main or bool(c.number and c.number.form == "appendix")


def _drop_front(out: list[Candidate]) -> list[Candidate]:
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


def _levels(ctx: Context, cands: list[Candidate]) -> list[Heading]:
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

"""The abstract: where it starts (a label, a run-in ``Abstract—``, or none) and where it ends.

With a label or a run-in, the abstract starts there; without one (REVTeX's indented
block, acmsmall's paragraph after the authors) it starts at the first paragraph after
the author block. It is one block of text in one style and one place: it ends at a
heading, a keywords / CCS / index-terms block, a change of page, of size or of style,
a line that leaves the block's left or right edge, or a wide gap. Footnote marks raised
after a word (``S2ORC,¹``) are taken out; an exponent (``10⁶``) stays.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from tui.pdf.glyphs import RAISED, is_mark
from tui.pdf.layout import Line
from tui.pdf.sections import abstract_runin, abstract_stop
from tui.pdf.text import join_lines

_END = re.compile(r"[.,;:]$")


def find_abstract(
    lines: list[Line],
    at: int | None,
    start: int,
    has_title: bool,
    is_heading: Callable[[Line], bool],
) -> tuple[str, int]:
    """The abstract's text, and the index where the body starts.

    ``at`` is the index of the abstract's label or run-in line (None when unlabelled);
    ``start`` where the author block ends; ``is_heading`` says whether a line is a
    section heading. The abstract's lines are marked ``front``.
    """
    runin = None
    if at is not None:
        runin = abstract_runin(lines[at])
        i = at if runin is not None else at + 1
    elif has_title:
        i = start
    else:
        return "", 0
    chunk: list[Line] = []
    texts: list[str] = []
    skipped = False
    while i < len(lines):
        ln = lines[i]
        if not chunk and ln.page > 1:
            break
        first_runin = runin is not None and i == at
        if ln.role and not first_runin:
            if ln.role != "front" and chunk:
                skipped = True
            i += 1
            continue
        if not first_runin and (abstract_stop(ln) or is_heading(ln)):
            break
        if chunk and _ends_before(chunk, ln, skipped):
            break
        text = _unmarked(ln)
        if first_runin:
            text = abstract_runin(replace(ln, text=text)) or runin or ""
        chunk.append(ln)
        texts.append(text)
        skipped = False
        i += 1
    for ln in chunk:
        ln.role = "front"
    joined = join_lines(
        [replace(ln, text=text) for ln, text in zip(chunk, texts, strict=True) if text]
    )
    return " ".join(joined.split()), i


def _ends_before(chunk: list[Line], ln: Line, skipped: bool) -> bool:
    """Whether ``ln`` no longer belongs to the abstract made of ``chunk``."""
    prev = chunk[-1]
    if ln.page != prev.page:
        return True
    sizes = sorted(c.size for c in chunk)
    size = sizes[len(sizes) // 2]
    if abs(ln.size - size) > 0.8:
        return True
    if _heads_off(ln, chunk, size):
        return True
    gap = ln.y0 - prev.y1
    if not skipped and gap > 1.5 * size:
        return True
    if len(chunk) >= 2 and ln.x0 < min(c.x0 for c in chunk) - max(4.0, 0.6 * size):
        return True  # the line starts left of the block: the body's column
    rights = sorted(c.x1 for c in chunk)
    justified = len(rights) >= 3 and rights[-1] - rights[len(rights) // 2] < 2.0
    return justified and ln.x1 > rights[-1] + max(4.0, 0.8 * size)


def _heads_off(ln: Line, chunk: list[Line], size: float) -> bool:
    """A short line set apart in a style the abstract does not use: a heading."""
    text = ln.text.strip()
    if len(text.split()) > 12 or len(text) > 90 or _END.search(text):
        return False
    bold = sum(c.bold for c in chunk) > len(chunk) / 2
    letters = [c for c in text if c.isalpha()]
    caps = len(letters) >= 4 and all(c.isupper() for c in letters)
    return (
        (ln.bold and not bold) or ln.size >= size + 1.0 or (caps and not chunk[-1].text.isupper())
    )


def _unmarked(line: Line) -> str:
    """The text without footnote marks raised after a word: ``S2ORC,¹ a`` → ``S2ORC, a``."""
    text = line.text

    def mark(m: re.Match[str]) -> str:
        return "" if is_mark(m.group(0)) and _after_word(text, m.start(), m.end()) else m.group(0)

    return " ".join(RAISED.sub(mark, text).split()) if RAISED.search(text) else text


def _after_word(text: str, start: int, end: int) -> bool:
    """A mark follows a word (or its punctuation) directly; an exponent follows a number."""
    before = text[:start]
    if not before or before[-1].isspace():
        return False
    word = before.split()[-1]
    after = text[end : end + 1]
    if after == ")" or word[-1].isdigit() or (len(word) == 1 and word.isalpha()):
        return False  # 10⁶, O(n²), x²: kept
    return word[-1].isalpha() or word[-1] in ".,;:)]"

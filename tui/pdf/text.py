"""Joining lines into paragraphs, and splitting text into sentences."""

from __future__ import annotations

import re

from tui.pdf.layout import Line

_SENTENCE_END = re.compile(r"[.!?:]['\")\]]?$")
_BULLET = re.compile(r"^(?:[•●◦▪‣∙·–—-]\s|\(?\d{1,2}[.)]\s|\([a-z]\)\s|[a-z]\)\s)")
_SPLIT = re.compile(r"(?<=[.!?])['\")\]]?\s+(?=[A-Z(\[“\"])")
_ABBREV = re.compile(
    r"(?:\b(?:e\.g|i\.e|et al|Fig|Figs|Eq|Eqs|Sec|Tab|vs|cf|resp|approx|No|Ref)\.|\b[A-Z]\.)$"
)


def join_lines(lines: list[Line]) -> str:
    """Lines of one region → paragraphs separated by blank lines, hyphenation joined."""
    paragraphs: list[str] = []
    current = ""
    prev: Line | None = None
    for line in lines:
        text = line.text
        if prev is not None and not new_paragraph(prev, line):
            current = join_two(current, text)
        else:
            if current:
                paragraphs.append(current)
            current = text
        prev = line
    if current:
        paragraphs.append(current)
    return "\n\n".join(paragraphs)


def join_two(left: str, right: str) -> str:
    if len(left) > 2 and left.endswith("-") and left[-2].isalpha() and right[:1].islower():
        return left[:-1] + right
    if left.endswith(("-", "/")) and right[:1].isalnum():
        return left + right
    return f"{left} {right}" if left else right


def new_paragraph(prev: Line, line: Line) -> bool:
    if _BULLET.match(line.text):
        return True
    if line.page != prev.page or line.col != prev.col:
        return False  # a column or page break continues the paragraph
    gap = line.y0 - prev.y1
    size = max(prev.size, line.size)
    if gap > 0.75 * size or gap < -2 * size:
        return True
    if abs(line.size - prev.size) > 1.2:
        return True
    ended = bool(_SENTENCE_END.search(prev.text))
    if ended and line.x0 > prev.x0 + 0.8 * size and line.x0 - prev.x0 < 4 * size:
        return True  # first-line indent
    return bool(ended and prev.x1 < line.x1 - 3 * size)


def sentences(text: str) -> list[str]:
    """Split on sentence ends, not on common abbreviations."""
    out: list[str] = []
    for paragraph in text.split("\n\n"):
        pieces = _SPLIT.split(" ".join(paragraph.split()))
        buffer = ""
        for piece in pieces:
            buffer = f"{buffer} {piece}".strip() if buffer else piece
            if not _ABBREV.search(buffer):
                out.append(buffer)
                buffer = ""
        if buffer:
            out.append(buffer)
    return [s for s in out if s]

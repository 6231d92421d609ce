"""Joining lines into paragraphs, and splitting text into sentences.

A hyphen at a line's end is dropped only when the joined word is the likelier one:
while a paper is parsed, :func:`vocabulary` holds the words it uses elsewhere, so
``high-`` + ``dimensional`` keeps its hyphen when the paper writes "high-dimensional"
(or both halves are words of their own) and ``experi-`` + ``ments`` joins.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from tui.pdf.layout import Line

_WORDS: ContextVar[Counter[str] | None] = ContextVar("winnow_pdf_words", default=None)
_TOKEN = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")

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


def words_of(texts: Iterable[str]) -> Counter[str]:
    """Lower-case words and hyphenated compounds, not counting a word cut at a line's end."""
    kept = (t.rsplit(None, 1)[0] if t.endswith("-") and " " in t else t for t in texts)
    joined = "\n".join(t for t in kept if not t.endswith("-")).lower()
    counts: Counter[str] = Counter(_TOKEN.findall(joined))
    for token in [t for t in counts if "-" in t]:
        for part in token.split("-"):
            counts[part] += counts[token]
    return counts


@contextmanager
def vocabulary(words: Counter[str]) -> Iterator[None]:
    """Use ``words`` to decide line-end hyphens while the block runs."""
    token = _WORDS.set(words)
    try:
        yield
    finally:
        _WORDS.reset(token)


def keeps_hyphen(fragment: str, rest: str) -> bool:
    """Whether ``fragment-`` at a line's end + ``rest`` is a compound, not a broken word."""
    left = _TOKEN.findall(fragment[-60:])  # the word before the hyphen, not the paragraph
    right = _TOKEN.match(rest)
    if not left or right is None:
        return False
    head, tail = left[-1].lower(), right.group(0).lower()
    if "-" in tail or "-" in head:
        return True  # English-to-German, state-of-the-art: a chain of compounds
    words = _WORDS.get()
    if not words:
        return False
    first = tail.split("-")[0]
    if words[f"{head}-{first}"]:
        return True
    if words[head.split("-")[-1] + first]:
        return False
    last = head.split("-")[-1]
    if len(last) >= 8 and last.endswith("ly") and words[first]:
        return True  # a whole adverb before the hyphen: automatically-detected
    return len(last) >= 4 and len(first) >= 4 and words[last] >= 2 and words[first] >= 2


def _joined_elsewhere(fragment: str, rest: str) -> bool:
    """The paper writes ``fragment`` + ``rest`` as one word and never with the hyphen."""
    left = _TOKEN.findall(fragment[-60:])
    right = _TOKEN.match(rest)
    words = _WORDS.get()
    if not left or right is None or not words or "-" in left[-1]:
        return False
    head, tail = left[-1].lower(), right.group(0).lower().split("-")[0]
    return words[head + tail] >= 1 and not words[f"{head}-{tail}"]


def join_two(left: str, right: str) -> str:
    if len(left) > 2 and left.endswith("-") and left[-2].isalpha() and right[:1].islower():
        if keeps_hyphen(left[:-1], right):
            return left + right
        return left[:-1] + right
    if left.endswith(("-", "/")) and right[:1].isalnum():
        if left.endswith("-") and right[:1].isupper() and _joined_elsewhere(left[:-1], right):
            return left[:-1] + right  # Detect- GPT, where the paper writes DetectGPT
        return left + right
    return f"{left} {right}" if left else right


def new_paragraph(prev: Line, line: Line) -> bool:
    if _BULLET.match(line.text):
        return True
    if line.page != prev.page or line.col != prev.col:
        return False  # a column or page break continues the paragraph
    if line.text[:1].islower() and not _SENTENCE_END.search(prev.text):
        return False  # a sentence goes on past a table or figure set in its way
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

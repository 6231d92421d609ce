"""Figure and table captions: ``Figure 3.``, ``Fig. 3:``, ``FIG. 3.``, ``Table 2``, ``TABLE II``."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from tui.pdf.layout import Line
from tui.pdf.text import join_lines

_CAPTION = re.compile(
    r"^(?P<kind>figure|fig\.?|table|tab\.)\s*(?P<num>(?:[A-Z]\.?)?\d{1,3}(?:\.\d{1,2})?|[IVXLC]{1,6})"
    r"(?P<sep>\s*[:.|—–]|\s+-\s|\s+(?=[A-Z(])|$)",
    re.I,
)
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


@dataclass
class FoundCaption:
    label: str
    kind: str  # figure | table
    text: str
    page: int
    lines: list[Line]
    part: int = 0

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (
            min(ln.x0 for ln in self.lines),
            min(ln.y0 for ln in self.lines),
            max(ln.x1 for ln in self.lines),
            max(ln.y1 for ln in self.lines),
        )


def roman(text: str) -> int | None:
    total = 0
    values = [_ROMAN.get(c) for c in text.upper()]
    if not values or None in values:
        return None
    for i, v in enumerate(values):
        nxt = values[i + 1] if i + 1 < len(values) else 0
        total += -v if v < nxt else v  # type: ignore[operator]
    return total


def normalise(kind: str, number: str) -> str:
    """``Figure 3``, ``Table 2`` (from ``TABLE II``), ``Figure A.1`` and ``Table S2`` as printed."""
    word = "Table" if kind.lower().startswith("tab") else "Figure"
    number = number.rstrip(".")
    if number.isalpha():
        value = roman(number)
        number = str(value) if value else number
    return f"{word} {number}"


def match(line: Line, prev: Line | None, body: float) -> tuple[str, str, str] | None:
    """(label, kind, text after the label) if the line opens a caption."""
    m = _CAPTION.match(line.text)
    if not m:
        return None
    sep = m.group("sep").strip()
    kind_word = m.group("kind")
    if kind_word.isupper() and kind_word.lower() not in ("table", "figure", "fig.", "fig"):
        return None
    strong = bool(sep) and sep != "|"
    label_bold = line.bold or bool(line.lead_bold) and len(line.lead_bold) <= len(m.group(0)) + 2
    starts = (
        line.block_start
        or prev is None
        or prev.page != line.page
        or (
            line.y0 - prev.y1 > 0.4 * line.size
            or line.x0 > prev.x1  # beside the line before: on its row, not its next line
            or prev.col != line.col
            or prev.cells > 1
            or abs(prev.size - line.size) > 0.5
            or (label_bold and strong)
        )
    )
    if not starts:
        return None
    small = line.size < body - 0.3
    rest = line.text[m.end() :].strip()
    alone = not rest and line.width < 120
    if not (strong or label_bold or alone or (small and rest[:1].isupper())):
        return None
    if (
        m.group("num")[0].isalpha()
        and roman(m.group("num")) is None
        and "." not in m.group("num")
        and not m.group("num")[1:].isdigit()
    ):
        return None
    if rest[:1].islower() and not strong:
        return None
    label = normalise(kind_word, m.group("num"))
    return label, label.split()[0].lower(), rest


def _digits(text: str) -> float:
    chars = [c for c in text if not c.isspace()]
    return sum(c.isdigit() or c in ".,%±" for c in chars) / max(len(chars), 1)


def _ends_caption(group: list[Line], nxt: Line, kind: str) -> bool:
    """The caption stops where the table it heads begins: cells, numbers, a bold header."""
    first, last = group[0], group[-1]
    wordy = len(re.findall(r"[a-z]{3,}", nxt.text)) >= 3
    if nxt.cells > 1 or _digits(nxt.text) > (0.6 if wordy else 0.3):
        return True
    if kind == "table" and nxt.bold and not first.bold and not last.bold:
        return True
    ended = last.text.rstrip().endswith((".", ":"))
    return ended and (abs(nxt.x0 - first.x0) > nxt.size or nxt.width < 0.5 * first.width)


def find_captions(
    lines: list[Line], body: float, part_of: Callable[[Line], int] | None = None
) -> list[FoundCaption]:
    """Every caption, the first of each label in each part; marks their lines ``caption``."""
    found: list[FoundCaption] = []
    seen: set[tuple[int, str]] = set()
    i = 0
    while i < len(lines):
        line = lines[i]
        prev = lines[i - 1] if i else None
        hit = None if line.role else match(line, prev, body)
        part = part_of(line) if part_of is not None else 0
        if hit is None or (part, hit[0]) in seen:
            i += 1
            continue
        label, kind, _ = hit
        group = [line]
        j = i + 1
        skipped = 0
        while j < len(lines) and len(group) < 20:
            nxt = lines[j]
            last = group[-1]
            if nxt.page != line.page or nxt.col != line.col:
                break
            if nxt.x1 < line.x0 or nxt.x0 > line.x1:  # beside the caption: the figure's labels
                skipped += 1
                j += 1
                if skipped > 40:
                    break
                continue
            if nxt.role:
                break
            if nxt.y0 - last.y1 > 0.7 * max(nxt.size, last.size) or nxt.y0 < last.y0:
                break
            alone = len(group) == 1 and not hit[2]  # "TABLE III" above its caption line
            if abs(nxt.size - last.size) > (1.5 if alone else 0.6) or match(nxt, last, body):
                break
            if _ends_caption(group, nxt, kind):
                break
            group.append(nxt)
            j += 1

        for ln in group:
            ln.role = "caption"
        text = " ".join(join_lines(group).split())
        head = _CAPTION.match(text)
        caption = text[head.end() :] if head else text
        caption = re.sub(r"^[\s:.|—–-]+", "", caption).strip()
        found.append(FoundCaption(label, kind, caption, line.page, group, part))
        seen.add((part, label))
        i = j if not skipped else i + 1
    return found

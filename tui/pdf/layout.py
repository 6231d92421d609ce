"""Lines in reading order: pieces on one row merged, columns read in turn.

``Line`` is the engine's record of one visual line (built from ``get_text("dict")``
spans by ``tui.pdf.spans``); everything here is plain Python over those records.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

MATH_FONT = re.compile(
    r"CMMI|CMSY|CMEX|CMBSY|MSAM|MSBM|Math|Symbol|STIX|rsfs|EUFM|EUSM|esint|wasy|txsy|pxsy|"
    r"MTMI|MTSY|RMTMI|Euclid|LucidaNewMath",
    re.IGNORECASE,
)
BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi|\.B$|-B$|TB$|CMBX|NimbusRomNo9L-Medi", re.I)
MATH_CHARS = set("=+−×·∑∏∫∂∇≤≥≈≠∈∉⊂⊆∪∩→←↦∞αβγδεζηθικλμνξπρστυφχψωΓΔΘΛΞΠΣΦΨΩ^_|‖√∀∃")
SUP = "*†‡§¶∗⋆♠♣♥♦#"


@dataclass(slots=True)
class Line:
    """One visual line of text (internal to the engine; not part of the public API)."""

    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    text: str
    size: float
    bold: bool
    italic: bool
    font: str
    math: float
    block: int
    block_start: bool
    smallcaps: bool = False
    lead_bold: str = ""
    cells: int = 1
    col: int = 0  # 0 spans the page (or one column), 1 left column, 2 right column
    role: str = ""  # "", heading, caption, figure, table, equation, front, furniture
    underline: bool = False
    scripts: bool = False  # spans on other baselines: sub- or superscripts

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0


@dataclass(slots=True)
class PageInfo:
    number: int
    width: float
    height: float
    text_x0: float = 0.0
    text_x1: float = 0.0
    two_columns: bool = False
    mid: float = 0.0
    rotated: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    vectors: list[tuple[float, float, float, float]] = field(default_factory=list)


def body_size(lines: list[Line]) -> float:
    """The most common font size, weighted by characters (rounded to 0.5 pt)."""
    counts: Counter[float] = Counter()
    for line in lines:
        counts[round(line.size * 2) / 2] += len(line.text)
    return counts.most_common(1)[0][0] if counts else 10.0


def order_page(lines: list[Line], info: PageInfo) -> list[Line]:
    """Reading order: full-width bands top to bottom; inside a band, left column then right."""
    live = [ln for ln in lines if ln.role != "furniture"]
    if not live:
        return []
    long = [ln for ln in live if len(ln.text) >= 25] or live
    x0 = min(ln.x0 for ln in long)
    x1 = max(ln.x1 for ln in long)
    mid = (x0 + x1) / 2
    info.text_x0, info.text_x1, info.mid = x0, x1, mid
    width = x1 - x0
    left = sum(1 for ln in long if ln.x1 <= mid + 4 and ln.width > 0.3 * width)
    right = sum(1 for ln in long if ln.x0 >= mid - 4 and ln.width > 0.3 * width)
    crossing = sum(1 for ln in long if ln.x0 < mid - 4 and ln.x1 > mid + 4)
    info.two_columns = left >= 3 and right >= 3 and crossing <= 0.5 * (left + right)
    if not info.two_columns:
        gutter = _side_by_side(long, x0, x1)
        if gutter is not None:
            info.two_columns, info.mid, mid = True, gutter, gutter
    live.sort(key=lambda ln: (ln.y0, ln.x0))
    if not info.two_columns:
        for ln in live:
            ln.col = 0
        return merge_rows(live)
    ordered: list[Line] = []
    band_left: list[Line] = []
    band_right: list[Line] = []
    full: list[Line] = []

    def flush_columns() -> None:
        ordered.extend(merge_rows(band_left))
        ordered.extend(merge_rows(band_right))
        band_left.clear()
        band_right.clear()

    _assign_columns(live, mid, width / 2)
    for ln in live:
        if ln.col == 0:
            if band_left or band_right:
                flush_columns()
            full.append(ln)
        else:
            if full:
                ordered.extend(merge_rows(full))
                full = []
            (band_left if ln.col == 1 else band_right).append(ln)
    if full:
        ordered.extend(merge_rows(full))
    flush_columns()
    return ordered


def _assign_columns(lines: list[Line], mid: float, column: float) -> None:
    """Left (1), right (2) or across (0); a line that only overhangs the gutter, or that has
    text of the other column beside it (a wide display equation), stays in its column."""
    crossing = []
    for ln in lines:
        if ln.x1 <= mid + 4:
            ln.col = 1
        elif ln.x0 >= mid - 4:
            ln.col = 2
        else:
            ln.col = 0
            crossing.append(ln)
    for ln in crossing:
        left, right = mid - ln.x0, ln.x1 - mid
        side = 1 if left >= right else 2
        if min(left, right) < 0.12 * column and ln.width > 0.6 * column:
            ln.col = side  # a wide line of one column that reaches into the gutter
            continue
        if max(left, right) < 2 * min(left, right):
            continue  # centred across the page: a title, a caption, a wide table
        other = 2 if side == 1 else 1
        for o in lines:
            if o.col == other and min(o.y1, ln.y1) - max(o.y0, ln.y0) > 0.3 * ln.height:
                ln.col = side
                break
    for ln in crossing:  # "Fig. 2." just before a caption that runs across: one row
        if ln.col:
            continue
        for o in lines:
            same_row = min(o.y1, ln.y1) - max(o.y0, ln.y0) > 0.6 * min(o.height, ln.height)
            if o.col and same_row and 0 <= ln.x0 - o.x1 < 2 * ln.size:
                o.col = 0


def _side_by_side(long: list[Line], x0: float, x1: float) -> float | None:
    """A gutter on a one-column page with text beside a figure (a wrapped figure)."""
    reach = 0.75 * (x1 - x0) + 4  # a line beside a gutter is at most this wide
    if sum(1 for ln in long if ln.width <= reach and len(ln.text.split()) >= 3) < 5:
        return None  # fewer lines than three on one side and two on the other
    best: tuple[int, float] | None = None
    for step in range(14, 30):
        gutter = x0 + (x1 - x0) * step / 40
        left = [ln for ln in long if ln.x1 <= gutter + 4 and len(ln.text.split()) >= 3]
        right = [ln for ln in long if ln.x0 >= gutter - 4 and len(ln.text.split()) >= 3]
        if len(left) < 3 or len(right) < 2:
            continue
        top = max(min(ln.y0 for ln in right), min(ln.y0 for ln in left))
        bottom = min(max(ln.y1 for ln in right), max(ln.y1 for ln in left))
        beside = sum(1 for ln in left if ln.y1 > top and ln.y0 < bottom)
        crossing = sum(
            1
            for ln in long
            if ln.x0 < gutter - 4 and ln.x1 > gutter + 4 and ln.y1 > top and ln.y0 < bottom
        )
        if beside >= 3 and crossing <= max(1, beside // 8) and (best is None or crossing < best[0]):
            best = (crossing, gutter)
    return best[1] if best else None


_CAPTION_START = re.compile(r"^(?:Figure|Fig\.|FIG\.|FIGURE|Table|TABLE)\s*[A-Z]?\.?\d{1,3}[.:]")


def merge_rows(lines: list[Line]) -> list[Line]:
    """Join pieces that sit on the same baseline (equation numbers, table cells, run-ins)."""
    rows: list[list[Line]] = []
    top = bottom = 0.0
    for ln in sorted(lines, key=lambda ln: ln.y0):
        if rows:
            overlap = min(bottom, ln.y1) - max(top, ln.y0)
            if overlap > 0.6 * min(bottom - top, ln.height):
                rows[-1].append(ln)
                continue
        rows.append([ln])
        top, bottom = ln.y0, ln.y1
    out: list[Line] = []
    splits: list[float] = []  # where a caption began beside other text, in this band
    for row in rows:
        row.sort(key=lambda ln: ln.x0)
        prev = None
        for ln in row:
            gap = ln.x0 - prev.x1 if prev is not None else 0.0
            # a tick label and a caption beside the plot share a row, not a line; nor do two
            # captions side by side, or a caption beside a wrapped column of text, whose
            # later lines keep to the place where it began
            apart = False
            if prev is not None and gap > 0.8 * ln.size:
                wide = gap > 1.5 * max(prev.size, ln.size)
                if _CAPTION_START.match(ln.text):
                    apart = True
                    splits.append(ln.x0)
                else:
                    apart = (wide and abs(prev.size - ln.size) > 1.5) or any(
                        prev.x1 < x + 2 and ln.x0 > x - 2 for x in splits
                    )
            if prev is not None and gap >= -0.3 * ln.size and not apart:
                _absorb(prev, ln)
            else:
                out.append(ln)
                prev = ln
    return out


def _absorb(prev: Line, ln: Line) -> None:
    if len(prev.text) == 1 and prev.text.isalpha() and prev.size >= 1.8 * ln.size:
        _drop_cap(prev, ln)
        return
    gap = ln.x0 - prev.x1
    wide = gap > 1.2 * max(prev.size, ln.size)
    if wide:
        prev.cells += 1
    sep = "  " if wide else " "
    total = len(prev.text) + len(ln.text)
    prev.math = (prev.math * len(prev.text) + ln.math * len(ln.text)) / max(total, 1)
    prev.text = f"{prev.text}{sep}{ln.text}"
    prev.x1 = max(prev.x1, ln.x1)
    prev.y0 = min(prev.y0, ln.y0)
    prev.y1 = max(prev.y1, ln.y1)
    prev.bold = prev.bold and ln.bold
    prev.smallcaps = prev.smallcaps or ln.smallcaps
    prev.scripts = prev.scripts or ln.scripts


def _drop_cap(cap: Line, ln: Line) -> None:
    """A paragraph's big first letter joins its word and takes on the line's looks."""
    cap.text = cap.text + ln.text
    cap.x1, cap.y0, cap.y1 = ln.x1, ln.y0, ln.y1
    cap.size, cap.bold, cap.italic, cap.font, cap.math = (
        ln.size,
        ln.bold,
        ln.italic,
        ln.font,
        ln.math,
    )
    cap.smallcaps, cap.lead_bold, cap.cells = ln.smallcaps, ln.lead_bold, ln.cells

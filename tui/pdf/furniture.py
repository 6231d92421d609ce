"""Page furniture: running headers and footers, page numbers, line-number gutters,
underlines, and the labels drawn inside figures.

Running heads are learned by repetition: the text of the rows at a page's top and
bottom edges, digits folded, seen on several pages. A page number is a bare number
whose value keeps step with the page index (so a section number that happens to sit
at the top of a column is not one).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter

from tui.pdf.layout import Line, PageInfo

BBox = tuple[float, float, float, float]

_PAGE_NUMBER = re.compile(r"^(?:[Pp]age\s+)?(\d{1,4}|[ivxlc]{1,6}|[IVXLC]{2,6})(?:\s+of\s+\d+)?$")
_DIGITS = re.compile(r"\d+")
_EDGE = 0.14  # the share of the page height, at top and bottom, where furniture lives


def _key(line: Line, height: float) -> tuple[int, str]:
    """Where it sits and its text with digits folded: a running head keeps its place."""
    place = round(line.y0 / 4) if line.y1 <= height / 2 else -round((height - line.y1) / 4)
    return place, " ".join(_DIGITS.sub("#", line.text.lower()).split())


def _seen(keys: Counter[tuple[int, str]], key: tuple[int, str]) -> int:
    place, text = key
    return keys[key] + keys[(place - 1, text)] + keys[(place + 1, text)]


def drop_furniture(pages: list[list[Line]], infos: list[PageInfo]) -> None:
    """Mark running headers, footers, page numbers and line-number gutters as furniture."""
    for lines in pages:
        _drop_gutter(lines)
    keys: Counter[tuple[int, str]] = Counter()
    sizes: dict[tuple[int, str], list[float]] = {}
    edges: list[list[tuple[Line, tuple[int, str]]]] = []
    for lines, info in zip(pages, infos, strict=True):
        top, bottom = info.height * _EDGE, info.height * (1 - _EDGE)
        band = [
            (ln, _key(ln, info.height))
            for ln in lines
            if not ln.role and (ln.y1 <= top or ln.y0 >= bottom)
        ]
        for key in {k for _, k in band}:
            keys[key] += 1
        for ln, key in band:
            sizes.setdefault(key, []).append(ln.size)
        edges.append(band)
    usual = {key: sorted(found)[len(found) // 2] for key, found in sizes.items()}
    repeat = max(2, min(3, len(pages) // 3))
    stepping = _stepping(edges, repeat)
    offsets: Counter[int] = Counter()
    numbers: list[tuple[Line, int | None, int]] = []
    for page, band in enumerate(edges):
        for line, key in band:
            if _PAGE_NUMBER.match(line.text):
                continue
            wordy = sum(c.isalpha() for c in line.text) >= 3
            bare = not any(c.isalnum() for c in line.text)  # a stamp's stray ";" or "."
            # the title on page 1 is not the running head that repeats it in small type
            usual_size = line.size <= usual[key] + 1
            if (((wordy and usual_size) or bare) and _seen(keys, key) >= repeat) or id(
                line
            ) in stepping:
                line.role = "furniture"
        for line, _ in band:
            m = _PAGE_NUMBER.match(line.text)
            if m and not line.role:
                value = int(m.group(1)) if m.group(1).isdigit() else None
                numbers.append((line, value, page))
                if value is not None:
                    offsets[value - page] += 1
    step = offsets.most_common(1)[0] if offsets else None
    runs = _numbered_runs(numbers)
    for line, value, page in numbers:
        if value is None and not _alone(line, pages[page]):
            continue  # "C" or "IV" before a heading's text, not a page number
        if value is None or (step and step[1] >= 2 and value - page == step[0]):
            line.role = "furniture"
        elif id(line) in runs:
            line.role = "furniture"  # a supplement numbers its own pages
        elif not (step and step[1] >= 2) and _alone(line, pages[page]):
            line.role = "furniture"  # too few pages to learn the numbering from


def _numbered_runs(numbers: list[tuple[Line, int | None, int]]) -> set[int]:
    """Bare numbers that count up with the pages, at one height, on consecutive pages: a
    part of the file with numbering of its own (a supplement restarts at 1)."""
    at: dict[tuple[int, int], list[Line]] = {}
    for line, value, page in numbers:
        if value is not None:
            at.setdefault((page, value), []).append(line)
    out: set[int] = set()
    for (page, value), lines in at.items():
        for line in lines:
            for before in at.get((page - 1, value - 1), ()):
                if abs(line.y0 - before.y0) < 4:
                    out.update((id(line), id(before)))
    return out


def _stepping(edges: list[list[tuple[Line, tuple[int, str]]]], repeat: int) -> set[int]:
    """Edge lines without words (``219:7``, ``- 7 -``) whose last number keeps step with the
    page: page numbers in a decoration. A section number (``4.2``) does not keep step."""
    found: dict[tuple[str, int], list[Line]] = {}  # (text, number - page)
    for page, band in enumerate(edges):
        for line, key in band:
            if sum(c.isalpha() for c in line.text) >= 3:
                continue
            digits = _DIGITS.findall(line.text)
            if digits and len(line.text) <= 24:
                found.setdefault((key[1], int(digits[-1]) - page), []).append(line)
    need = max(repeat, 0.4 * len(edges))
    return {
        id(ln) for group in found.values() if len({ln.page for ln in group}) >= need for ln in group
    }


def _alone(line: Line, lines: list[Line]) -> bool:
    """Nothing on the same row just right of it (as a heading's text is after its number)."""
    for other in lines:
        if other is line or other.role:
            continue
        overlap = min(line.y1, other.y1) - max(line.y0, other.y0)
        if overlap > 0.5 * line.height and 0 <= other.x0 - line.x1 < 4 * line.size:
            return False
    return True


def _drop_gutter(lines: list[Line]) -> None:
    """Line numbers: a column of bare, distinct numbers in a margin beside the text."""
    numbers = [ln for ln in lines if not ln.role and ln.text.isdigit() and len(ln.text) <= 4]
    if len(numbers) < 8:
        return
    prose = [ln for ln in lines if len(ln.text) >= 25]
    if not prose:
        return
    starts = sorted(ln.x0 for ln in prose)
    ends = sorted(ln.x1 for ln in prose)
    left, right = starts[len(starts) // 10], ends[-1 - len(ends) // 10]
    columns: Counter[int] = Counter(round(ln.x1 / 6) for ln in numbers)
    for column, count in columns.items():
        if count < 8:
            continue
        group = sorted(
            (ln for ln in numbers if abs(round(ln.x1 / 6) - column) <= 1), key=lambda ln: ln.y0
        )
        margin = all(ln.x1 <= left + 2 for ln in group) or all(ln.x0 >= right - 2 for ln in group)
        values = [int(ln.text) for ln in group]
        if margin and len(set(values)) >= 0.9 * len(values):  # each line has its own
            for ln in group:
                ln.role = "furniture"


def mark_underlines(lines: list[Line], vectors: list[BBox]) -> None:
    """A thin rule just under a short line, no wider than it, underlines it."""
    rules = sorted(
        (v for v in vectors if v[3] - v[1] <= 1.6 and v[2] - v[0] >= 12), key=lambda v: v[1]
    )
    if not rules:
        return
    tops = [r[1] for r in rules]
    for ln in lines:
        if len(ln.text) > 120:
            continue
        lo = bisect_left(tops, ln.y0 + 0.5 * ln.height)
        for x0, y0, x1, _ in rules[lo:]:
            if y0 > ln.y1 + 2:
                break
            covered = min(x1, ln.x1) - max(x0, ln.x0)
            if covered >= 0.85 * ln.width and x1 - x0 <= ln.width + 1.5 * ln.size:
                ln.underline = True
                break


def drawings(vectors: list[BBox], area: float, pad: float = 20.0) -> list[BBox]:
    """Clusters of a page's vector paths that hold more than rules: plots and diagrams."""
    boxes = sorted(
        (v for v in vectors if (v[2] - v[0]) * (v[3] - v[1]) < 0.5 * area), key=lambda v: v[1]
    )
    clusters: list[list[float]] = []  # x0, y0, x1, y1, paths, solid paths
    for x0, y0, x1, y1 in boxes:
        solid = x1 - x0 > 2 and y1 - y0 > 2  # not a rule (fraction bar, table line)
        for c in reversed(clusters[-8:]):
            if x0 <= c[2] + pad and x1 >= c[0] - pad and y0 <= c[3] + pad and y1 >= c[1] - pad:
                c[0], c[1], c[2], c[3] = min(c[0], x0), min(c[1], y0), max(c[2], x1), max(c[3], y1)
                c[4] += 1
                c[5] += solid
                break
        else:
            clusters.append([x0, y0, x1, y1, 1, int(solid)])
    return [(c[0], c[1], c[2], c[3]) for c in clusters if c[4] >= 3 and c[5] >= 1]


def mark_drawing_labels(lines: list[Line], vectors: list[BBox], body: float, area: float) -> None:
    """Short, small lines in or beside a drawing (axis ticks, legends) are figure text.

    Rules alone (fraction bars, table lines, a footnote rule) do not make a drawing.
    """
    regions = [list(r) for r in drawings(vectors, area)]
    small = [ln for ln in lines if not ln.role and ln.size <= body - 0.9 and len(ln.text) <= 60]
    for _ in range(2):  # the tick labels widen the plot, then its axis titles are beside it
        for ln in small:
            if ln.role:
                continue
            reach = 3 * ln.size
            for r in regions:
                if (
                    ln.x0 >= r[0] - reach
                    and ln.x1 <= r[2] + reach
                    and ln.y0 >= r[1] - reach
                    and ln.y1 <= r[3] + reach
                ):
                    ln.role = "figure"
                    r[0], r[1] = min(r[0], ln.x0), min(r[1], ln.y0)
                    r[2], r[3] = max(r[2], ln.x1), max(r[3], ln.y1)
                    break

"""From ordered, labelled lines to sections: body sizes, parts, footnotes, section text."""

from __future__ import annotations

import re
from collections import Counter

from tui.pdf.headings import Heading
from tui.pdf.kinds import classify
from tui.pdf.layout import Line, PageInfo
from tui.pdf.model import Caption, Equation, Section
from tui.pdf.text import join_lines


def page_bodies(lines: list[Line], body: float) -> dict[int, float]:
    """Each page's own body size, where it has enough running text to tell (a supplement
    printed at another scale has its own)."""
    counts: dict[int, Counter[float]] = {}
    for ln in lines:
        if not ln.role:
            counts.setdefault(ln.page, Counter())[round(ln.size * 2) / 2] += len(ln.text)
    out: dict[int, float] = {}
    for page, sizes in counts.items():
        size, chars = sizes.most_common(1)[0]
        if chars >= 600 and abs(size - body) >= 0.5:
            out[page] = size
    return out


def restart_pages(lines: list[Line], body: float) -> list[int]:
    """Pages where a second title starts a new part of the file (a supplement)."""
    biggest: dict[int, float] = {}
    for ln in lines:
        if ln.role or ln.size < 1.3 * body or ln.size <= biggest.get(ln.page, 0.0):
            continue
        if sum(c.isalpha() for c in ln.text) >= 8:
            biggest[ln.page] = ln.size
    title = biggest.get(0, 0.0)
    if title < 1.3 * body:
        return []
    return [p for p, size in sorted(biggest.items()) if p >= 1 and size >= 0.95 * title]


def mark_footnotes(lines: list[Line], infos: list[PageInfo], body: float) -> None:
    """Small text below the last body line of its column, in the lower part of the page."""
    lowest: dict[tuple[int, int], float] = {}
    for ln in lines:
        if abs(ln.size - body) < 0.6 and not ln.role:
            key = (ln.page, ln.col)
            lowest[key] = max(lowest.get(key, 0.0), ln.y1)
    for ln in lines:
        if ln.role or ln.size > body - 0.9:
            continue
        floor = lowest.get((ln.page, ln.col), lowest.get((ln.page, 0), 0.0))
        if ln.y0 >= floor - 1 and ln.y0 > infos[ln.page].height * 0.6:
            ln.role = "footnote"


_CELL = re.compile(r"^[-+±−–]?\d[\d.,]*%?$|^[-–—]$")


def mark_table_rows(lines: list[Line]) -> None:
    """Rows of a table nobody captioned: three cells or more, two mostly of numbers, or a
    line of numbers (a row set as one run of text)."""
    for ln in lines:
        if ln.role:
            continue
        tokens = ln.text.split()
        numbers = sum(1 for t in tokens if _CELL.match(t))
        if (
            len(tokens) >= 4
            and numbers >= 0.7 * len(tokens)
            or ln.cells >= 3
            or (ln.cells == 2 and numbers >= 0.5 * len(tokens))
        ):
            ln.role = "table"


def sections_from(lines: list[Line], headings: list[Heading], equations, start: int):
    """The sections between headings (text without figures, tables or furniture), their
    kinds, and the display equations each holds."""
    eq_at = {id(eq.lines[0]): eq for eq in equations}
    sections: list[Section] = []
    eq_objs: list[Equation] = []
    bounds = [
        (h.index + h.lines, headings[k + 1].index if k + 1 < len(headings) else len(lines))
        for k, h in enumerate(headings)
    ]
    if not headings:
        bounds = [(start, len(lines))]
    texts: list[str] = []
    for k, (lo, hi) in enumerate(bounds):
        parts: list[str] = []
        run: list[Line] = []
        for ln in lines[lo:hi]:
            if ln.role == "equation":
                eq = eq_at.get(id(ln))
                if eq is not None:
                    if run:
                        parts.append(join_lines(run))
                        run = []
                    parts.append(eq.text)
                    eq_objs.append(Equation(eq.label, ln.page + 1, eq.text, eq.bbox, k))
            elif not ln.role:
                run.append(ln)
        if run:
            parts.append(join_lines(run))
        texts.append("\n\n".join(p for p in parts if p))
    kinds = classify(headings, texts) if headings else ["other"]
    for k, text in enumerate(texts):
        if headings:
            h = headings[k]
            page = lines[h.index].page + 1
            sections.append(Section(h.number, h.text, kinds[k], page, text, h.level, h.part))
        else:
            page = lines[start].page + 1 if start < len(lines) else 1
            sections.append(Section(None, "Text", "other", page, text, 1))
    return sections, eq_objs


def section_at(starts: list[int], index: int) -> int | None:
    where = None
    for k, s in enumerate(starts):
        if s <= index:
            where = k
        else:
            break
    return where


def rounded(box):
    return tuple(round(v, 1) for v in box)


def label_key(cap: Caption) -> tuple:
    """Figure 2 before Figure 10, appendix letters after numbers, A.2 before A.10."""
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part)
        for part in re.findall(r"\d+|[^\d.]+", cap.number)
    )

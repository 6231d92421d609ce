"""Where a figure is drawn (the graphics above or beside its caption), and rendering it."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from pathlib import Path

from tui.pdf.captions import FoundCaption
from tui.pdf.errors import CorruptPdf
from tui.pdf.layout import Line, PageInfo
from tui.pdf.model import BBox, Caption

_LIST_ITEM = re.compile(r"^(?:[•●◦▪‣∙·–—-]|\(?\d{1,2}[.)]|\([a-z]\))\s")


def graphics(page, vectors: list[BBox], *, images: bool = True) -> list[BBox]:
    """Rectangles of vector paths (from the text pass) and of images on a page; the page
    is run again for its images only when ``images`` (it may draw some)."""
    rect = page.rect
    width, height = rect.width, rect.height  # Rect's properties cost a call each time
    background = 0.8 * width * height
    found = list(vectors)
    if images:
        found += [tuple(info["bbox"]) for info in page.get_image_info()]
    out = []
    for x0, y0, x1, y1 in found:
        if (x1 - x0) * (y1 - y0) > background:
            continue  # page background
        if x1 < 0 or y1 < 0 or x0 > width or y0 > height:
            continue
        out.append((max(x0, 0.0), max(y0, 0.0), min(x1, width), min(y1, height)))
    return out


def _span(cap: FoundCaption, info: PageInfo) -> tuple[float, float]:
    x0, _, x1, _ = cap.bbox
    if info.two_columns and cap.lines[0].col == 1:
        return info.text_x0 - 5, info.mid
    if info.two_columns and cap.lines[0].col == 2:
        return info.mid, info.text_x1 + 5
    return min(x0, info.text_x0) - 5, max(x1, info.text_x1) + 5


def _is_body(line: Line, body: float, info: PageInfo) -> bool:
    """A line of running text: body size, one cell, most of a column wide."""
    column = (info.mid - info.text_x0) if info.two_columns else (info.text_x1 - info.text_x0)
    return (
        line.role in ("", "heading")
        and abs(line.size - body) < 0.6
        and line.cells == 1
        and line.width > 0.55 * column
    )


def region(
    cap: FoundCaption, info: PageInfo, lines: list[Line], boxes: list[BBox], body: float
) -> BBox | None:
    """The figure's area: graphics between the caption and the body text above (or below)."""
    lo, hi = _span(cap, info)
    cx0, cy0, cx1, cy1 = cap.bbox
    in_span = [ln for ln in lines if ln.x1 > lo and ln.x0 < hi and ln.role != "caption"]
    above = [ln.y1 for ln in in_span if ln.y1 <= cy0 + 1 and _is_body(ln, body, info)]
    ceiling = max(above, default=info.height * 0.06)
    below = [ln.y0 for ln in in_span if ln.y0 >= cy1 - 1 and _is_body(ln, body, info)]
    floor = min(below, default=info.height * 0.94)
    for top, bottom in ((ceiling, cy0), (cy1, floor)):
        picked = [
            b
            for b in boxes
            if b[1] >= top - 2
            and b[3] <= bottom + 2
            and b[2] > lo
            and b[0] < hi
            and (b[2] - b[0]) * (b[3] - b[1]) > 4
        ]
        if picked and max(b[3] for b in picked) - min(b[1] for b in picked) > 15:
            x0 = min(b[0] for b in picked)
            y0 = min(b[1] for b in picked)
            x1 = max(b[2] for b in picked)
            y1 = max(b[3] for b in picked)
            for ln in in_span:  # labels inside the drawing belong to it
                if ln.y0 >= y0 - 2 and ln.y1 <= y1 + 2 and ln.x0 >= x0 - 20 and ln.x1 <= x1 + 20:
                    x0, y0 = min(x0, ln.x0), min(y0, ln.y0)
                    x1, y1 = max(x1, ln.x1), max(y1, ln.y1)
            # between the drawing and its caption: sub-captions ("(a) Current id"), not text
            gap_lo, gap_hi = (y1, cy0) if top == ceiling else (cy1, y0)
            for ln in in_span:
                if ln.y0 >= gap_lo - 2 and ln.y1 <= gap_hi + 2 and not _is_body(ln, body, info):
                    x0, y0 = min(x0, ln.x0), min(y0, ln.y0)
                    x1, y1 = max(x1, ln.x1), max(y1, ln.y1)
            if top == ceiling:  # titles set just above the drawing (no text between)
                for ln in in_span:
                    overlap = min(ln.x1, x1) - max(ln.x0, x0)
                    if (
                        y0 - 1.5 * ln.size <= ln.y1 <= y0 + 2
                        and _spaced_above(ln, in_span)  # not a paragraph's last line
                        and overlap >= 0.5 * ln.width
                        and not ln.bold
                        and ln.size <= body + 0.5  # not a heading
                        and not ln.text.rstrip().endswith((".", ":", ";", ","))  # nor a sentence
                        and not _LIST_ITEM.match(ln.text)
                        and not _is_body(ln, body, info)
                    ):
                        x0, y0 = min(x0, ln.x0), min(y0, ln.y0)
                        x1 = max(x1, ln.x1)
            return (round(x0, 1), round(y0, 1), round(x1, 1), round(y1, 1))
    if cy0 - ceiling > 40:  # text-only figure (e.g. a listing): the whole gap above
        return (round(lo, 1), round(ceiling, 1), round(hi, 1), round(cy0, 1))
    return None


def _spaced_above(line: Line, lines: list[Line]) -> bool:
    """Nothing sits just above ``line`` (within most of a line's spacing)."""
    above = [ln.y1 for ln in lines if ln is not line and ln.y1 <= line.y0 + 1]
    return not above or line.y0 - max(above) >= 0.8 * line.size


def mark_inside(lines: list[Line], box: BBox, role: str) -> None:
    x0, y0, x1, y1 = box
    for ln in lines:
        inside = ln.x0 >= x0 - 3 and ln.x1 <= x1 + 3 and ln.y0 >= y0 - 2 and ln.y1 <= y1 + 2
        if inside and not ln.role:
            ln.role = role


def table_area(
    cap: FoundCaption,
    info: PageInfo,
    lines: list[Line],
    body: float,
    stop: Callable[[Line], bool],
) -> BBox | None:
    """Rows of a table beside its caption: the non-body lines up to the nearest paragraph."""
    lo, hi = _span(cap, info)
    cx0, cy0, cx1, cy1 = cap.bbox
    in_span = sorted(
        (ln for ln in lines if ln.x1 > lo and ln.x0 < hi and not ln.role), key=lambda ln: ln.y0
    )
    best: BBox | None = None
    best_rows = 0
    for direction in (1, -1):
        rows = [ln for ln in in_span if (ln.y0 >= cy1 - 1 if direction > 0 else ln.y1 <= cy0 + 1)]
        if direction < 0:
            rows.reverse()
        taken: list[Line] = []
        for ln in rows:
            if _is_body(ln, body, info) or stop(ln) or _heading_tail(ln, in_span, stop):
                break
            if taken and abs(ln.y0 - taken[-1].y0) > 3 * max(ln.size, body):
                break
            taken.append(ln)
        if len(taken) > best_rows:
            best_rows = len(taken)
            best = (
                min(ln.x0 for ln in taken),
                min(ln.y0 for ln in taken),
                max(ln.x1 for ln in taken),
                max(ln.y1 for ln in taken),
            )
    return best if best_rows >= 2 else None


def _heading_tail(line: Line, lines: list[Line], stop: Callable[[Line], bool]) -> bool:
    """The second line of a wrapped heading: right under a heading, in its style."""
    for above in lines:
        gap = line.y0 - above.y1
        if (
            -0.3 * line.size <= gap < 0.6 * line.size
            and above.bold == line.bold
            and abs(above.size - line.size) < 0.3
            and min(above.x1, line.x1) > max(above.x0, line.x0)
            and stop(above)
        ):
            return True
    return False


def figure_png(path: Path | str, figure: Caption, *, zoom: float = 2.0) -> bytes:
    """Render a figure's region (or its caption's surroundings) to PNG bytes, in this
    process (the app asks a child for it: tui/pdf/render.py)."""
    from tui.pdf.render import MAX_PIXELS

    return render_png(Path(path), figure.page, figure.region, figure.bbox, zoom, MAX_PIXELS)


def render_png(
    path: Path, page_no: int, region: BBox | None, bbox: BBox, zoom: float, max_pixels: int
) -> bytes:
    """Page ``page_no``'s ``region`` (or the area above ``bbox``, a caption) as PNG bytes,
    at ``zoom`` unless that would pass ``max_pixels`` (then at the zoom that fits)."""
    import pymupdf

    from tui.pdf.document import open_pdf

    doc = open_pdf(path)
    try:
        if not 1 <= page_no <= doc.page_count:
            raise CorruptPdf(f"page {page_no} is not in this PDF")
        page = doc[page_no - 1]
        box = region or _around(bbox, page.rect)
        clip = pymupdf.Rect(box) & page.rect
        if clip.is_empty:
            clip = page.rect
        area = max(clip.width * clip.height, 1.0)
        zoom = min(zoom, math.sqrt(max_pixels / area))
        pix = page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), clip=clip, alpha=False)
        return pix.tobytes("png")
    finally:
        doc.close()


def _around(bbox: BBox, rect) -> BBox:
    x0, y0, x1, y1 = bbox
    return (rect.x0, max(rect.y0, y0 - 250), rect.x1, y1)

"""``parse_pdf``: one pass over the pages, then structure from the ordered lines."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from tui.pdf import cache
from tui.pdf.abstract import find_abstract
from tui.pdf.authors import front_block, is_prose, people
from tui.pdf.captions import FoundCaption, find_captions
from tui.pdf.conclusion import checklist, contributions
from tui.pdf.document import _one_line, check_header, open_pdf, release_memory
from tui.pdf.equations import find_equations
from tui.pdf.errors import Cancelled, NoTextLayer
from tui.pdf.figures import graphics, mark_inside, region, table_area
from tui.pdf.frontmatter import arxiv_id, find_title, links
from tui.pdf.heavy import cap_vectors, page_flags
from tui.pdf.keyfigure import choose
from tui.pdf.layout import Line, PageInfo, body_size, drop_furniture, order_page, page_lines
from tui.pdf.model import Caption, Document, Equation, Section
from tui.pdf.sections import (
    Heading,
    abstract_runin,
    classify,
    find_headings,
    heading_candidate,
    is_abstract_heading,
)
from tui.pdf.text import join_lines


def parse_pdf(
    path: Path | str,
    *,
    use_cache: bool = True,
    max_pages: int = 500,
    cancel: Callable[[], bool] | None = None,
) -> Document:
    """Parse a paper (or load it from the cache); raise a PdfError when it is unusable."""
    path = Path(path)
    check_header(path)
    digest = cache.file_sha256(path)
    if use_cache:
        cached = cache.load(digest, max_pages)
        if cached is not None:
            return replace(cached, path=str(path))
    doc = _parse(path, digest, max_pages, cancel)
    if use_cache:
        cache.save(doc, max_pages)
    return doc


def _parse(path: Path, digest: str, max_pages: int, cancel: Callable[[], bool] | None) -> Document:
    import pymupdf

    pdf = open_pdf(path)
    try:
        total = pdf.page_count
        limit = min(total, max_pages)
        warnings: list[str] = []
        if total > limit:
            warnings.append(f"stopped at page {limit} of {total}")
        pages: list[list[Line]] = []
        infos: list[PageInfo] = []
        # one dict per page; vector graphics come with it at no extra cost
        flags = pymupdf.TEXT_MEDIABOX_CLIP | pymupdf.TEXT_COLLECT_VECTORS
        for number in range(limit):
            if cancel is not None and cancel():
                raise Cancelled()
            info = PageInfo(number, 612.0, 792.0)
            lines: list[Line] = []
            failure: BaseException | None = None
            try:
                page = pdf[number]
                info.width, info.height = page.rect.width, page.rect.height
                page_flag, heavy = page_flags(pdf, page, flags)
                data = page.get_text("dict", flags=page_flag)
                lines, info.rotated = page_lines(
                    data, number, keep_spans=number == 0, vectors=info.vectors
                )
                heavy = heavy or cap_vectors(info.vectors, number)
                if heavy:
                    warnings.append(heavy)
                if number == 0:
                    info.links = [ln["uri"] for ln in page.get_links() if ln.get("uri")]
            except Exception as error:  # a page MuPDF cannot read must not sink the paper
                failure = error.with_traceback(None)  # not its frames: they hold the page's data
            if failure is not None:
                data = page = None
                release_memory()  # what MuPDF freed goes back, for the rest of the paper
                warnings.append(f"page {number + 1} could not be read: {_one_line(failure)}")
            pages.append(lines)
            infos.append(info)
        chars = sum(len(ln.text) for lines in pages for ln in lines)
        if chars < 40 * min(limit, 3):
            raise NoTextLayer("no text layer: looks like a scan (OCR it first)")
        empty = [str(i + 1) for i, lines in enumerate(pages) if not lines]
        if empty:
            shown = ", ".join(empty[:8]) + (" …" if len(empty) > 8 else "")
            warnings.append(f"no text on page(s) {shown} (scanned or blank)")
        metadata = {k: v for k, v in (pdf.metadata or {}).items() if isinstance(v, str)}

        def boxes(page_no: int) -> list[tuple[float, float, float, float]]:
            try:
                return graphics(pdf[page_no], infos[page_no].vectors)
            except Exception:
                return []

        try:
            return _structure(pages, infos, metadata, boxes, total, warnings, digest, path)
        except Cancelled:
            raise
        except Exception as error:  # a heuristic that trips must still give a readable paper
            if os.environ.get("WINNOW_DEBUG"):
                raise
            warnings.append(f"structure extraction failed: {_one_line(error)}")
            text = "\n\n".join(ln.text for lines in pages for ln in lines)
            section = Section(None, "Text", "other", 1, text)
            return Document(
                title=metadata.get("title", "") or path.stem,
                sections=(section,),
                pages=total,
                warnings=tuple(warnings),
                sha256=digest,
                path=str(path),
            )
    finally:
        pdf.close()


def _structure(pages, infos, metadata, boxes, total, warnings, digest, path) -> Document:
    drop_furniture(pages, infos)
    ordered: list[Line] = []
    for lines, info in zip(pages, infos, strict=True):
        ordered.extend(order_page(lines, info))
    body = body_size(ordered)
    page0_text = " ".join(ln.text for ln in ordered if ln.page == 0)

    # captions first, then what they caption, so that none of it reads as headings or text
    found = find_captions(ordered, body)
    by_page: dict[int, list[Line]] = {}
    for ln in ordered:
        by_page.setdefault(ln.page, []).append(ln)
    regions: dict[int, tuple[float, float, float, float] | None] = {}
    for k, cap in enumerate(found):
        info, lines = infos[cap.page], by_page[cap.page]
        if cap.kind == "figure":
            regions[k] = box = region(cap, info, lines, boxes(cap.page), body)
            if box:
                mark_inside(lines, box, "figure")
        else:
            box = table_area(cap, info, lines, body, lambda ln: _is_heading(ln, body))
            regions[k] = None
            if box:
                mark_inside(lines, box, "table")

    _mark_footnotes(ordered, infos, body)

    # front matter
    abstract_at = next(
        (
            i
            for i, ln in enumerate(ordered)
            if ln.page <= 1 and not ln.role and (is_abstract_heading(ln) or abstract_runin(ln))
        ),
        None,
    )
    first_heading = next(
        (i for i, ln in enumerate(ordered) if ln.page <= 1 and _is_heading(ln, body, strict=True)),
        len(ordered),
    )
    stop = abstract_at if abstract_at is not None else first_heading
    title, t0, t1 = find_title(ordered, stop, body)
    authors: list[str] = []
    affiliations: list[str] = []
    people_end = stop
    if title:
        for ln in ordered[t0 : t1 + 1]:
            ln.role = "front"
        people_end = _people_end(ordered, t1 + 1, stop, body, infos)
        at = abstract_at if abstract_at is not None else people_end
        block = front_block(
            ordered, t1, people_end, ordered[at] if at < len(ordered) else None, infos[0]
        )
        notes = [ln for ln in ordered if ln.page == 0 and ln.role == "footnote"]
        authors, affiliations = people(block, page0_text, notes, infos[0])
        for ln in block:
            ln.role = "front"
    else:
        title = (metadata.get("title") or "").strip()
        warnings.append("no printed title found on page 1")

    abstract, body_start = _abstract(ordered, abstract_at, people_end, bool(t1 >= 0), body)
    equations = find_equations(ordered, infos)
    headings = find_headings(ordered, body, body_start)
    for h in headings:
        for ln in ordered[h.index : h.index + h.lines]:
            ln.role = "heading"
    sections, eq_objs = _sections(ordered, headings, equations, body_start)
    if not headings:
        warnings.append("no section headings found")

    pos = {id(ln): i for i, ln in enumerate(ordered)}
    starts = [h.index for h in headings]
    figures: list[Caption] = []
    tables: list[Caption] = []
    for k, cap in enumerate(found):
        where = _section_at(starts, pos[id(cap.lines[0])])
        item = Caption(cap.label, cap.text, cap.page + 1, _round(cap.bbox), regions[k], where)
        (figures if cap.kind == "figure" else tables).append(item)
    figures.sort(key=_label_key)
    tables.sort(key=_label_key)
    sections_t = tuple(sections)
    key, rule = choose(figures, abstract, sections_t)
    return Document(
        title=title,
        authors=tuple(authors),
        affiliations=tuple(affiliations),
        links=tuple(links(infos[0], page0_text)) if infos else (),
        arxiv_id=arxiv_id(infos[0], metadata, page0_text) if infos else None,
        abstract=abstract,
        sections=sections_t,
        figures=tuple(figures),
        tables=tuple(tables),
        equations=tuple(eq_objs),
        pages=total,
        warnings=tuple(warnings),
        key_figure=key,
        key_figure_rule=rule,
        checklist=checklist(sections_t),
        contributions=contributions(sections_t),
        sha256=digest,
        path=str(path),
    )


def _is_heading(line: Line, body: float, *, strict: bool = False) -> bool:
    head = heading_candidate(line, body)
    if head is None:
        return False
    return (
        bool(head.number)
        or not strict
        or head.text.lower() != line.text.lower()
        or bool(re.match(r"(?i)introduction|abstract|keywords|index terms", head.text))
    )


def _mark_footnotes(lines: list[Line], infos: list[PageInfo], body: float) -> None:
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


def _people_end(lines: list[Line], start: int, stop: int, body: float, infos) -> int:
    """Where the author block ends: the first paragraph-like line."""
    for i in range(start, stop):
        ln = lines[i]
        if ln.page != 0:
            return i
        info = infos[0]
        width = (info.mid - info.text_x0) if info.two_columns else (info.text_x1 - info.text_x0)
        if is_prose(ln) and ln.width > 0.6 * width and abs(ln.size - body) < 2.5:
            return i
    return stop


def _abstract(lines, at, people_end, has_title, body) -> tuple[str, int]:
    """The abstract's text and the index where the body starts."""
    return find_abstract(lines, at, people_end, has_title, lambda ln: _is_heading(ln, body))


def _sections(lines, headings: list[Heading], equations, start: int):
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
            sections.append(
                Section(h.number, h.text, kinds[k], lines[h.index].page + 1, text, h.level)
            )
        else:
            page = lines[start].page + 1 if start < len(lines) else 1
            sections.append(Section(None, "Text", "other", page, text, 1))
    return sections, eq_objs


def _section_at(starts: list[int], index: int) -> int | None:
    where = None
    for k, s in enumerate(starts):
        if s <= index:
            where = k
        else:
            break
    return where


def _round(box):
    return tuple(round(v, 1) for v in box)


def _label_key(cap: Caption) -> tuple[int, str]:
    number = cap.number
    return (0, f"{int(number):05d}") if number.isdigit() else (1, number)


__all__ = ["parse_pdf", "FoundCaption"]

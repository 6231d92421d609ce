"""``parse_pdf``: one pass over the pages, then structure from the ordered lines."""

from __future__ import annotations

import os
import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from tui.pdf import cache, numbering
from tui.pdf.abstract import find_abstract
from tui.pdf.assemble import (
    label_key,
    mark_footnotes,
    mark_table_rows,
    page_bodies,
    restart_pages,
    rounded,
    section_at,
    sections_from,
)
from tui.pdf.authors import front_block, is_prose, people
from tui.pdf.candidates import looks_like_heading, split_run_in_sections
from tui.pdf.captions import FoundCaption, find_captions
from tui.pdf.conclusion import checklist, contributions
from tui.pdf.document import _one_line, check_header, open_pdf, release_memory
from tui.pdf.equations import find_equations
from tui.pdf.errors import Cancelled, NoTextLayer
from tui.pdf.figures import graphics, mark_inside, region, table_area
from tui.pdf.frontmatter import arxiv_id, find_title, links
from tui.pdf.furniture import drop_furniture, mark_drawing_labels, mark_underlines
from tui.pdf.headings import find_headings
from tui.pdf.heavy import cap_vectors, may_draw_images, page_flags
from tui.pdf.keyfigure import choose
from tui.pdf.layout import Line, PageInfo, body_size, order_page
from tui.pdf.model import Caption, Document, Section
from tui.pdf.sections import abstract_runin, is_abstract_heading
from tui.pdf.spans import page_lines
from tui.pdf.text import vocabulary, words_of


def parse_pdf(
    path: Path | str,
    *,
    use_cache: bool = True,
    max_pages: int = 500,
    cancel: Callable[[], bool] | None = None,
    digest: str | None = None,
) -> Document:
    """Parse a paper (or load it from the cache); raise a PdfError when it is unusable.

    ``digest``: the file's sha256 when the caller has it (the parse child: its parent
    hashed the file to look in the cache), so it is not read twice more."""
    path = Path(path)
    check_header(path)
    digest = digest or cache.file_sha256(path)
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
                lines, info.rotated = page_lines(data, number, vectors=info.vectors)
                heavy = heavy or cap_vectors(info.vectors, number)
                if heavy:
                    warnings.append(heavy)
                if number == 0:
                    info.links = _external_links(page)
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

        drawn: dict[int, list[tuple[float, float, float, float]]] = {}

        def boxes(page_no: int) -> list[tuple[float, float, float, float]]:
            if page_no not in drawn:  # once per page, however many figures it holds
                try:
                    page = pdf[page_no]
                    images = may_draw_images(pdf, page)
                    drawn[page_no] = graphics(page, infos[page_no].vectors, images=images)
                except Exception:
                    drawn[page_no] = []
            return drawn[page_no]

        try:
            return _structure(pages, infos, metadata, boxes, total, warnings, digest, path)
        except (Cancelled, MemoryError):  # out of memory is the budget's word, not a heuristic's
            raise
        except Exception as error:  # a heuristic that trips must still give a readable paper
            if os.environ.get("WINNOW_DEBUG") or _one_line(error) == "out of memory":
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
        mark_underlines(lines, info.vectors)
        ordered.extend(order_page(lines, info))
    body = body_size(ordered)
    with vocabulary(words_of(ln.text for ln in ordered)):
        return _build(ordered, infos, body, metadata, boxes, total, warnings, digest, path)


def _build(ordered, infos, body, metadata, boxes, total, warnings, digest, path) -> Document:
    ordered = split_run_in_sections(ordered)
    page0_text = " ".join(ln.text for ln in ordered if ln.page == 0)
    restarts = restart_pages(ordered, body)

    def part_of(line: Line) -> int:
        return bisect_right(restarts, line.page)

    # captions first, then what they caption, so that none of it reads as headings or text
    found = find_captions(ordered, body, part_of)
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
            box = table_area(cap, info, lines, body, lambda ln: looks_like_heading(ln, body))
            regions[k] = None
            if box:
                mark_inside(lines, box, "table")
    for page, lines in by_page.items():
        info = infos[page]
        mark_drawing_labels(lines, info.vectors, body, info.width * info.height)

    mark_footnotes(ordered, infos, body)

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
    mark_table_rows(ordered)
    headings = find_headings(ordered, body, body_start, page_bodies(ordered, body))
    for h in headings:
        for ln in ordered[h.index : h.index + h.lines]:
            ln.role = "heading"
    sections, eq_objs = sections_from(ordered, headings, equations, body_start)
    if not headings:
        warnings.append("no section headings found")

    pos = {id(ln): i for i, ln in enumerate(ordered)}
    starts = [h.index for h in headings]
    figures: list[tuple] = []
    tables: list[tuple] = []
    for k, cap in enumerate(found):
        where = section_at(starts, pos[id(cap.lines[0])])
        item = Caption(
            cap.label, cap.text, cap.page + 1, rounded(cap.bbox), regions[k], where, cap.part
        )
        (figures if cap.kind == "figure" else tables).append((cap.part, label_key(item), item))
    figures_t = tuple(item for *_, item in sorted(figures, key=lambda t: t[:2]))
    tables_t = tuple(item for *_, item in sorted(tables, key=lambda t: t[:2]))
    sections_t = tuple(sections)
    key, rule = choose(figures_t, abstract, sections_t)
    return Document(
        title=title,
        authors=tuple(authors),
        affiliations=tuple(affiliations),
        links=tuple(links(infos[0], page0_text)) if infos else (),
        arxiv_id=arxiv_id(infos[0], metadata, page0_text) if infos else None,
        abstract=abstract,
        sections=sections_t,
        figures=figures_t,
        tables=tables_t,
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


def _external_links(page) -> list[str]:
    """Page 1's link targets outside the file (``get_links`` would resolve every internal
    destination as well, which costs more than reading the page)."""
    out = []
    link = page.first_link
    while link:
        if link.is_external and link.uri:
            out.append(link.uri)
        link = link.next
    return out


def _is_heading(line: Line, body: float, *, strict: bool = False) -> bool:
    if not looks_like_heading(line, body):
        return False
    return (
        not strict
        or numbering.parse(line.text) is not None
        or bool(re.match(r"(?i)introduction|abstract|keywords|index terms", line.text))
    )


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


__all__ = ["parse_pdf", "FoundCaption"]

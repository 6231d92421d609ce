"""Title, links and arXiv id from page 1 (authors and affiliations: ``tui.pdf.authors``)."""

from __future__ import annotations

import re

from tui.pdf.authors import URL, unique
from tui.pdf.glyphs import RAISED, is_mark
from tui.pdf.layout import SUP, Line, PageInfo

_ARXIV = re.compile(r"arXiv:\s*(\d{4}\.\d{4,5}(?:v\d+)?|[a-z\-]+(?:\.[A-Z]{2})?/\d{7}(?:v\d+)?)")
_TRAILING_MARK = re.compile(rf"(?:{RAISED.pattern})$")
_BAD_LINK = re.compile(
    r"arxiv\.org|doi\.org|dx\.doi|mailto:|creativecommons|licen[cs]e|orcid\.org|acm\.org/|"
    r"ieee\.org|aclweb\.org|aclanthology|springer|elsevier|crossmark|neurips\.cc|"
    r"proceedings\.mlr|jmlr\.org|openreview\.net|dl\.acm|copyright|permissions",
    re.I,
)


def find_title(lines: list[Line], stop: int, body: float) -> tuple[str, int, int]:
    """The largest text on page 1 before the abstract: (title, first index, last index)."""
    window = [
        (i, ln)
        for i, ln in enumerate(lines[:stop])
        if ln.page == 0 and not ln.role and sum(c.isalpha() for c in ln.text) >= 3
    ]
    if not window:
        return "", -1, -1
    biggest = max(ln.size for _, ln in window)
    if biggest < body * 1.2:
        return "", -1, -1
    picked = [(i, ln) for i, ln in window if ln.size >= biggest - 0.4]
    first_i, first = picked[0]
    parts = [clean_title(first)]
    last_i, last = first_i, first
    for i, ln in picked[1:]:
        if i != last_i + 1 and any(not lines[j].role for j in range(last_i + 1, i)):
            break
        if ln.y0 - last.y1 > 1.5 * ln.size:
            break
        parts.append(clean_title(ln))
        last_i, last = i, ln
    title = " ".join(p for p in parts if p)
    title = re.sub(r"\s*[-–]\s+(?=[a-z])", "", title) if title.endswith("-") else title
    return " ".join(title.split()), first_i, last_i


def clean_title(line: Line) -> str:
    """The title line without the marks raised after it (``Title∗``, ``Title¹,²``)."""
    text = line.text.rstrip(SUP + ", ")
    m = _TRAILING_MARK.search(text)
    while m is not None and is_mark(m.group(0)):
        text = text[: m.start()].rstrip(SUP + ", ")
        m = _TRAILING_MARK.search(text)
    return " ".join(text.split())


def links(info: PageInfo, page_text: str) -> list[str]:
    """Project and code links on page 1 (not arXiv, DOI, mail or licence links)."""
    # a URL broken after "/" at a line end goes on with the path on the next line
    page_text = re.sub(r"((?:https?://|www\.)\S*/)\s+(?=[\w.~%-]*[/_][\w./~%-]*)", r"\1", page_text)
    found = list(info.links)
    found += [m.group(0) for m in URL.finditer(page_text)]
    out = []
    for url in found:
        url = url.rstrip(".,;:")
        if not url.startswith("http"):
            url = "https://" + url
        if _BAD_LINK.search(url) or "@" in url:
            continue
        out.append(url)
    out = unique(out)
    # a link cut short by the line end is dropped when the whole one is there too
    return [u for u in out if not any(o != u and o.startswith(u) and u.endswith("/") for o in out)]


def arxiv_id(info: PageInfo, metadata: dict[str, str], page_text: str) -> str | None:
    for text in [*info.rotated, page_text[:3000], *metadata.values()]:
        m = _ARXIV.search(text or "")
        if m:
            return m.group(1)
    return None


__all__ = ["arxiv_id", "clean_title", "find_title", "links"]

"""Title, authors, affiliations, links and arXiv id from page 1."""

from __future__ import annotations

import re

from tui.pdf.layout import SUP, Line, PageInfo

_ARXIV = re.compile(r"arXiv:\s*(\d{4}\.\d{4,5}(?:v\d+)?|[a-z\-]+(?:\.[A-Z]{2})?/\d{7}(?:v\d+)?)")
_EMAIL = re.compile(r"\{[^}]*\}\s*@\S*|\S+@\S+|^e-?mail:?", re.I)
_URL = re.compile(
    r"(?:https?://|www\.)[^\s<>\"')\]]+|\b(?:github|gitlab)\.com/[^\s<>\"')\]]+", re.I
)
_ORG = re.compile(
    r"universit|institut|college|school|department|dept\b|laborator|\blabs?\b|research|\binc\b|"
    r"corp|\bltd\b|\bllc\b|company|cent(?:er|re)|academy|foundation|hospital|\bAI\b|faculty|"
    r"google|microsoft|facebook|meta\b|amazon|ibm|nvidia|deepmind|openai|adobe|apple|baidu|"
    r"alibaba|tencent|huawei|samsung|intel|salesforce|\bETH\b|\bMIT\b|\bCMU\b|polytechn|"
    r"technion|inria|cnrs|max planck|\bUW\b|\bUC\b|national lab|group\b",
    re.I,
)
_ADDRESS = re.compile(
    r"^[A-Z][\w .'-]+,\s*(?:[A-Z]{2}|[A-Z][a-z]+)(?:\s*\d{5})?(?:,\s*[A-Z][\w .]+)?$"
)
_NAME_TOKEN = re.compile(
    r"^(?:[A-ZÀ-ÖØ-Þ\u0141][\w'’.\-À-ÿ\u0100-\u017f]*|"
    r"de|van|von|der|den|la|le|da|di|del|dos|bin|al-?\w*)$"
)
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
    if line.spans:
        big = max(size for _, size, _ in line.spans)
        text = "".join(t for t, size, _ in line.spans if size >= big * 0.75)
    else:
        text = line.text
    return " ".join(text.strip().rstrip(SUP + "0123456789,").split())


def people(lines: list[Line], start: int, stop: int) -> tuple[list[str], list[str]]:
    """Authors and affiliations from the lines between the title and the abstract."""
    region = [ln for ln in lines[start:stop] if ln.page == 0 and not ln.role]
    authors: list[str] = []
    affiliations: list[str] = []
    name_style: tuple[float, bool] | None = None
    for ln in region:
        text = _strip_markers(ln)
        if not text or _EMAIL.search(text) or _URL.search(text):
            text = _EMAIL.sub(" ", _URL.sub(" ", text)).strip(" ,;")
            if not text or not re.search(r"[A-Za-z]{2}", text):
                continue
        style = (round(ln.size), ln.bold)
        is_org = bool(_ORG.search(text))
        if name_style is None and not is_org and _names(text):
            name_style = style
        if is_org or (name_style is not None and style != name_style and not _names(text)):
            if not _ADDRESS.match(text) and len(text) < 150:
                affiliations.append(text.strip(" ,;"))
            continue
        if _ADDRESS.match(text) and not (name_style == style and _names(text)):
            continue
        if name_style is not None and style != name_style:
            if not _ADDRESS.match(text):
                affiliations.append(text.strip(" ,;"))
            continue
        authors.extend(_names(text))
    return _unique(authors), _unique(_split_affiliations(affiliations))


def _strip_markers(line: Line) -> str:
    if line.spans:
        size = line.size
        pieces = []
        for text, span_size, _ in line.spans:
            if span_size < size * 0.8 and len(text.strip()) <= 6:
                pieces.append(", ")
            else:
                pieces.append(text)
        text = "".join(pieces)
    else:
        text = line.text
    text = re.sub(rf"[{re.escape(SUP)}]", ",", text)
    text = re.sub(r"\s{2,}", "\u2003", text.strip())
    return re.sub(r"[ \t\r\n]+", " ", text).strip(" ,\u2003")


def _names(text: str) -> list[str]:
    out = []
    for chunk in re.split(r",|;|\band\b|&|\s{2,}|\u2003", text):
        chunk = re.sub(r"\d+", "", chunk).strip(" .")
        words = chunk.split()
        if (
            2 <= len(words) <= 5
            and all(_NAME_TOKEN.match(w) for w in words)
            and sum(w[:1].isupper() for w in words) >= 2
            and not _ORG.search(chunk)
        ):
            out.append(" ".join(words))
    return out


def _split_affiliations(items: list[str]) -> list[str]:
    out = []
    for item in items:
        item = re.sub(r"^\d+\s*", "", item)
        for part in re.split(r"\s*(?:;|\u2003|\s&\s*$|\d+(?=[A-Z]))\s*", item):
            part = part.strip(" ,&")
            if len(part) >= 3 and re.search(r"[A-Za-z]{3}", part):
                out.append(part)
    return out


def _unique(items: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for item in items:
        key = item.lower()
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


def links(info: PageInfo, page_text: str) -> list[str]:
    """Project and code links on page 1 (not arXiv, DOI, mail or licence links)."""
    found = list(info.links)
    found += [m.group(0) for m in _URL.finditer(page_text)]
    out = []
    for url in found:
        url = url.rstrip(".,;:")
        if not url.startswith("http"):
            url = "https://" + url
        if _BAD_LINK.search(url) or "@" in url:
            continue
        out.append(url)
    return _unique(out)


def arxiv_id(info: PageInfo, metadata: dict[str, str], page_text: str) -> str | None:
    for text in [*info.rotated, page_text[:3000], *metadata.values()]:
        m = _ARXIV.search(text or "")
        if m:
            return m.group(1)
    return None

"""Authors and affiliations from the front matter of page 1.

The author block is every page-1 line between the title and the abstract (or the
first paragraph), whatever column it sits in: two side-by-side author blocks, or an
ACM grid, are read row by row. Each line is cut into chunks (commas, ``and``, wide
gaps, footnote marks) and each chunk is a name, an organisation, a place or an
e-mail. The names' style (size and weight of the first name line) tells author
lines from affiliation lines; ACM's ``NAME, Affiliation, Country`` lines give both.
Footnote and affiliation marks (``*``, ``†``, superscript digits or letters) are
what the line builder found raised (``tui.pdf.spans``): they read ``Lee¹,²`` in the
text and are taken out as separators.
"""

from __future__ import annotations

import re

from tui.pdf.glyphs import RAISED, is_mark
from tui.pdf.layout import SUP, Line, PageInfo
from tui.pdf.sections import AFTER_ABSTRACT
from tui.pdf.text import join_two

_EMAIL = re.compile(r"\{[^}]*\}\s*@\S*|\S+@\S+|\be-?mail:?", re.I)
URL = re.compile(r"(?:https?://|www\.)[^\s<>\"')\]]+|\b(?:github|gitlab)\.com/[^\s<>\"')\]]+", re.I)
ORG = re.compile(
    r"univ|institu|college|school|d[eéi]part|dept\b|laborat|\blabs?\b|research|\binc\b|"
    r"corp|\bltd\b|\bllc\b|\bgmbh\b|company|cent(?:er|re|ro)\b|academy|akademie|foundation|"
    r"hospital|klinik|clinic|\bAI\b|facult|fakult|[ée]cole|escuela|scuola|hochschule|"
    r"google|microsoft|facebook|meta\b|amazon|ibm|nvidia|deepmind|openai|adobe|apple|baidu|"
    r"alibaba|tencent|huawei|samsung|intel|salesforce|\bETH\b|\bMIT\b|\bCMU\b|polytechn|"
    r"politecnico|technion|inria|cnrs|\bcnr\b|max planck|\bUW\b|\bUC\b|national lab|group\b|"
    r"technolog|sciences?\b|\bIPN\b|consortium|agency|ministry|council|recherche|forschung|"
    r"ricerca|investigaci",
    re.I,
)
_ADDRESS = re.compile(
    r"^[A-Z][\w .'-]+,\s*(?:[A-Z]{2}|[A-Z][a-z]+)(?:\s*\d{5})?(?:,\s*[A-Z][\w .]+)?$"
)
_PARTICLE = frozenset(
    re.findall(
        r"\w+", "de da das do dos di del della der den van von ter te la le du zu y bin ibn al el"
    )
)
_TOKEN = re.compile(
    r"^(?:[^\W\d_][^\W\d_'’\-]*(?:['’\-][^\W\d_]+)*\.?|[^\W\d_]\.(?:-?[^\W\d_]\.)*)$"
)
_MEMBERSHIP = re.compile(
    r"^(?:(?:student|senior|life|associate|graduate student)\s+)?(?:member|fellow)\b"
    r"(?:\s*,?\s*(?:IEEE|ACM|OSA|SPIE|AAAI))?$|^(?:IEEE|ACM)$",
    re.I,
)
_SEPARATORS = re.compile(r"\s*(?:,|;|\band\b|&|\u2003|\s{2,})\s*")
_SUP_MARK = re.compile(rf"[{re.escape(SUP)}]+")
_WITH = re.compile(r"\b(?:is|are) (?:now )?with (?:the )?(.{8,240})")
_AFTER_AUTHORS = re.compile(
    r"^(?:running (?:head|title)|correspondence|corresponding author)\b", re.I
)


def front_block(
    lines: list[Line], title_end: int, people_end: int, limit: Line | None, info: PageInfo
) -> list[Line]:
    """The page-1 lines of the author block, in any column, between the title and ``limit``.

    ``limit`` is the line the abstract (or the first paragraph) starts at: every page-1
    line below the title and above it belongs to the front matter, so that a second
    author block in the right column is not read into the introduction.
    """
    title = lines[title_end] if title_end >= 0 else None
    top = title.y1 - 1 if title is not None else 0.0
    bottom = limit.y0 + 1 if limit is not None and limit.page == 0 else info.height
    block = [ln for ln in lines[title_end + 1 : people_end] if ln.page == 0 and not ln.role]
    seen = {id(ln) for ln in block}
    for ln in lines[people_end:]:
        if ln.page != 0:
            break
        if id(ln) in seen or ln.role or ln.y0 < top or ln.y1 > bottom or is_prose(ln, 6):
            continue
        block.append(ln)
    return block


def is_prose(line: Line, words_at_least: int = 10) -> bool:
    """Running text (a paragraph line), not a name, an affiliation entry or an address."""
    words = line.text.split()
    if len(words) < words_at_least or sum(w[:1].islower() for w in words) < 0.4 * len(words):
        return False
    return not (re.match(r"^\s*\d{1,2}\.?\s", line.text) or _marked_start(line))


def people(
    block: list[Line],
    page_text: str = "",
    footnotes: list[Line] | tuple[Line, ...] = (),
    info: PageInfo | None = None,
) -> tuple[list[str], list[str]]:
    """Authors and affiliations from the author block (and, failing that, page-1 footnotes).

    ``page_text`` (page 1) gives the case of names set in capitals; ``info`` the text's
    left and right edges, to tell a wrapped affiliation from a short one."""
    authors: list[str] = []
    affiliations: list[str] = []
    placed: list[tuple[int, Line]] = []  # affiliation entry and the line it ended on
    open_ends: dict[int, str] = {}  # lines that stop mid-phrase: a comma or a hyphen at the end
    name_style: tuple[float, bool] | None = None
    left = info.text_x0 if info else min((ln.x0 for ln in block), default=0.0)
    right = info.text_x1 if info else max((ln.x1 for ln in block), default=0.0)
    for ln in _rows(block):
        raw = _strip_marks(ln).rstrip()
        text = _clean(raw)
        if not text:
            continue
        if AFTER_ABSTRACT.match(text) or _AFTER_AUTHORS.match(text):
            break
        if raw.endswith((",", "-")):
            open_ends[id(ln)] = raw[-1]
        listed = bool(re.match(r"^\s*\d{1,2}\.?\s+[A-Z]", ln.text)) or _marked_start(ln)
        above = None if listed else _above(ln, text, placed, open_ends, (left, right))
        if above is not None:  # a wrapped affiliation
            index, prev = above
            glue = {",": ", ", "-": "-"}.get(open_ends.get(id(prev), ""), " ")
            affiliations[index] = f"{affiliations[index]}{glue}{text}"
            placed.append((index, ln))
            continue
        style = (round(ln.size), ln.bold)
        starts, chunks = _chunks(text)
        names = [c for c in chunks if is_name(c)]
        orgs = [c for c in chunks if ORG.search(c)]
        if name_style is None and names and not orgs:
            name_style = style
        lead = next((k for k, c in enumerate(chunks) if not is_name(c)), len(chunks))
        if orgs and 0 < lead < len(chunks):
            # ACM: "NAME, Affiliation, Country" — the names first, the rest their affiliation
            authors.extend(chunks[:lead])
            placed.append((len(affiliations), ln))
            affiliations.append(text[starts[lead] :].strip(" ,;\u2003"))
            continue
        other_style = name_style is not None and style != name_style
        if orgs or (listed and (other_style or not names)) or (other_style and not names):
            if (orgs or not _ADDRESS.match(text)) and len(text) < 200:
                placed.append((len(affiliations), ln))
                affiliations.append(text)
            continue
        if name_style is not None and style != name_style:
            continue
        authors.extend(names)
    if not affiliations:
        affiliations = _footnote_affiliations(footnotes)
    authors = [_recase(a, page_text) for a in authors]
    return unique(authors), unique(_split_affiliations(affiliations))


def _rows(block: list[Line]) -> list[Line]:
    """Lines top to bottom, and left to right within a row (side-by-side author blocks)."""
    ordered = sorted(block, key=lambda ln: ln.y0)
    rows: list[list[Line]] = []
    for ln in ordered:
        if rows and ln.y0 < rows[-1][0].y0 + 0.5 * max(ln.size, rows[-1][0].size):
            rows[-1].append(ln)
        else:
            rows.append([ln])
    return [ln for row in rows for ln in sorted(row, key=lambda ln: ln.x0)]


def _above(
    line: Line,
    text: str,
    placed: list[tuple[int, Line]],
    open_ends: dict[int, str],
    edges: tuple[float, float],
) -> tuple[int, Line] | None:
    """The affiliation this line wraps from: directly above it, and it stopped mid-phrase
    (a comma or hyphen at its end) or ran to the block's right edge (wrapped text)."""
    left, right = edges
    for index, prev in reversed(placed):
        gap = line.y0 - prev.y1
        if -1 <= gap < 0.8 * line.size and line.x0 < prev.x1 and line.x1 > prev.x0:
            wrapped = prev.x1 >= right - 1.5 * prev.size and prev.width > 0.6 * (right - left)
            if text[:1].islower() or id(prev) in open_ends or wrapped:
                return index, prev
            return None
    return None


def _marked_start(line: Line) -> bool:
    """The line opens with a raised mark (``¹University of …``): an affiliation entry."""
    return _opening_mark(line.text) > 0


def _opening_mark(text: str) -> int:
    """How many characters of raised mark ``text`` opens with (0: none)."""
    m = RAISED.match(text) or _SUP_MARK.match(text)
    return m.end() if m and is_mark(m.group(0)) else 0


def _chunks(text: str) -> tuple[list[int], list[str]]:
    """The line cut at commas, ``and``, wide gaps: (where each chunk starts, chunks)."""
    starts: list[int] = []
    chunks: list[str] = []
    at = 0
    for m in [*_SEPARATORS.finditer(text), None]:
        end = m.start() if m is not None else len(text)
        chunk = _name_chunk(text[at:end])
        if chunk and not _MEMBERSHIP.match(chunk):
            starts.append(at)
            chunks.append(chunk)
        if m is not None:
            at = m.end()
    return starts, chunks


def _name_chunk(chunk: str) -> str:
    """A chunk with digits glued to the end of a word (``Chen2``) taken off."""
    chunk = re.sub(r"(?<=[^\W\d_])\d+(?=\s|$)", "", chunk)
    return re.sub(r"(?:\s+\d{1,2})+$", "", chunk).strip(" .")


def is_name(chunk: str) -> bool:
    """A person's name: 2–5 capitalised words (initials and particles allowed), no digits."""
    words = chunk.split()
    if not 2 <= len(words) <= 6 or any(ch.isdigit() for ch in chunk) or ORG.search(chunk):
        return False
    capital = 0
    for word in words:
        if word.lower() in _PARTICLE:
            continue
        if not _TOKEN.match(word) or not word[0].isupper():
            return False
        capital += 1
    last = words[-1].rstrip(".")
    if capital < 2 or len(last) < 2 or words[-1].endswith("."):
        return False
    upper = [w for w in words if w.isupper() and len(w.rstrip(".")) > 1]
    # an all-capitals word is a name only when the whole name is set in capitals (ACM)
    return not upper or len(upper) == sum(1 for w in words if len(w.rstrip(".")) > 1)


def _strip_marks(line: Line) -> str:
    """The line's text with its marks (raised ones, and ``*``, ``†`` …) turned into separators."""
    text = RAISED.sub(lambda m: ", " if is_mark(m.group(0)) else m.group(0), line.text)
    return _SUP_MARK.sub(", ", text)


def _clean(text: str) -> str:
    text = re.sub(r"\s{2,}", "\u2003", text)
    if _EMAIL.search(text) or URL.search(text):
        text = _EMAIL.sub(" ", URL.sub(" ", text))
    text = re.sub(r"[ \t]+", " ", text)
    text = re.sub(r"\s*,(?:\s*,)+", ",", text).strip(" ,;:\u2003")
    text = re.sub(r"^(?:\d{1,2}\.?|[a-z])\s+(?=[A-Z])", "", text)  # "1. Département", "a Univ"
    return text if re.search(r"[^\W\d_]{2}", text) else ""


def _footnote_affiliations(footnotes: list[Line] | tuple[Line, ...]) -> list[str]:
    """ICML and others put affiliations in a page-1 footnote: ``1Stanford University. …``."""
    out: list[str] = []
    text = ""
    for ln in footnotes:
        text = join_two(text, ln.text)
    m = _WITH.search(text)
    if m:  # IEEE: "The authors are with the Department of …, Boston University, Boston, …"
        out.append(re.split(r"\s*\(|\s*e-?mail|\.\s", m.group(1), maxsplit=1)[0].strip(" ,."))
    for ln in footnotes:
        if not _marked_start(ln):
            continue
        text = ln.text[_opening_mark(ln.text) :].strip()
        for part in re.split(r"(?<=[a-z)])\.\s+|;\s*|\s+\d(?=[A-Z])", text):
            if ORG.search(part) and not _EMAIL.search(part) and len(part) < 120:
                if re.match(r"(?i)correspond|equal contrib|work done|now at", part):
                    continue
                out.append(part.strip(" .,"))
    return out


def _recase(name: str, page_text: str) -> str:
    """ACM's ``MARISA KIRISAME`` as printed elsewhere on the page, else in title case."""
    letters = [c for c in name if c.isalpha()]
    if not letters or not all(c.isupper() for c in letters):
        return name
    pattern = r"\s+".join(re.escape(w) for w in name.split())
    for m in re.finditer(pattern, page_text, re.I):
        found = " ".join(m.group(0).split())
        if not found.isupper():
            return found
    return " ".join(
        "-".join(part[:1] + part[1:].lower() for part in word.split("-")) for word in name.split()
    )


def _split_affiliations(items: list[str]) -> list[str]:
    out = []
    for item in items:
        item = re.sub(r"^\d+\s*", "", item)
        for part in re.split(r"\s*(?:;|\u2003|\s&\s*$|(?<![^\W\d_])\d+(?=[A-Z][a-z]))\s*", item):
            part = part.strip(" ,&")
            if len(part) >= 3 and re.search(r"[^\W\d_]{3}", part):
                out.append(part)
    return out


def unique(items: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for item in items:
        key = item.lower()
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out

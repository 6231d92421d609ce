"""A query as the user types it, split into what each source understands.

Free text plus ``au:`` ``ti:`` ``cat:`` field terms (a value may be quoted:
``ti:"quantum criticality"``). arXiv gets them as field terms; S2 gets plain
text and the rest is checked on the merged list.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass

from tui.models import Paper, SearchFilters, normalise_title

_FIELDS = ("au", "ti", "cat")
_TERM = re.compile(r'(?:(au|ti|cat):)?("[^"]*"?|\S+)', re.IGNORECASE)

# arXiv archive -> S2 fieldsOfStudy, so a category filter narrows S2 at the source too.
_S2_FIELD = {
    "cs": "Computer Science",
    "math": "Mathematics",
    "stat": "Mathematics",
    "q-bio": "Biology",
    "q-fin": "Economics",
    "econ": "Economics",
    "eess": "Engineering",
}
_PHYSICS = (
    "physics",
    "astro-ph",
    "cond-mat",
    "gr-qc",
    "hep",
    "math-ph",
    "nlin",
    "nucl",
    "quant-ph",
)


@dataclass(frozen=True)
class ParsedQuery:
    text: str = ""  # the free words, as typed
    authors: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.text or self.authors or self.titles or self.categories)


def parse_query(query: str) -> ParsedQuery:
    words: list[str] = []
    found: dict[str, list[str]] = {name: [] for name in _FIELDS}
    for match in _TERM.finditer(query):
        field, value = match.group(1), match.group(2).strip('"').strip()
        if not value:
            continue
        if field:
            found[field.lower()].append(value)
        else:
            words.append(match.group(2))
    return ParsedQuery(
        text=" ".join(words),
        authors=tuple(found["au"]),
        titles=tuple(found["ti"]),
        categories=tuple(found["cat"]),
    )


def categories_of(parsed: ParsedQuery, filters: SearchFilters) -> tuple[str, ...]:
    extra = (filters.category,) if filters.category else ()
    return tuple(dict.fromkeys(parsed.categories + extra))


# ---------------------------------------------------------------- arXiv


def _quote(value: str) -> str:
    value = value.replace('"', "")
    return f'"{value}"' if " " in value else value


def _free_terms(text: str) -> list[str]:
    try:
        parts = shlex.split(text)
    except ValueError:  # an unbalanced quote: take the words as they are
        parts = text.replace('"', " ").split()
    return [f"all:{_quote(p)}" for p in parts if p.strip()]


def arxiv_query(parsed: ParsedQuery, filters: SearchFilters) -> str:
    """The ``search_query`` for arXiv: every term ANDed, dates as a ``submittedDate`` range."""
    terms = _free_terms(parsed.text)
    terms += [f"au:{_quote(a.replace('_', ' '))}" for a in parsed.authors]
    terms += [f"ti:{_quote(t)}" for t in parsed.titles]
    cats = categories_of(parsed, filters)
    if len(cats) == 1:
        terms.append(f"cat:{cats[0]}")
    elif cats:
        terms.append("(" + " OR ".join(f"cat:{c}" for c in cats) + ")")
    if filters.since or filters.until:
        start = f"{filters.since or 1991}01010000"
        end = f"{filters.until or 9999}12312359"
        terms.append(f"submittedDate:[{start} TO {end}]")
    return " AND ".join(terms)


# ---------------------------------------------------------------- S2


def s2_text(parsed: ParsedQuery) -> str:
    """S2's relevance search takes plain words only: field values become words."""
    parts = [parsed.text.replace('"', " ")]
    parts += list(parsed.titles) + [a.replace("_", " ") for a in parsed.authors]
    return " ".join(" ".join(parts).split())


def s2_year(filters: SearchFilters) -> str | None:
    if not (filters.since or filters.until):
        return None
    return f"{filters.since or ''}-{filters.until or ''}"


def s2_fields_of_study(categories: tuple[str, ...]) -> tuple[str, ...]:
    out = []
    for cat in categories:
        archive = cat.split(".")[0].lower()
        if archive.startswith(_PHYSICS):
            out.append("Physics")
        elif archive in _S2_FIELD:
            out.append(_S2_FIELD[archive])
    return tuple(dict.fromkeys(out))


# ---------------------------------------------------------------- the merged list


def _folded(text: str) -> str:
    return normalise_title(text.replace("_", " "))


def keeps(paper: Paper, parsed: ParsedQuery, filters: SearchFilters) -> bool:
    """Whether ``paper`` passes what a source could not filter itself."""
    if filters.since and paper.year is not None and paper.year < filters.since:
        return False
    if filters.until and paper.year is not None and paper.year > filters.until:
        return False
    if filters.open_access and not (paper.open_access or paper.pdf_url):
        return False
    if "arxiv" in paper.sources:
        return True  # arXiv applied the field terms itself (with its own stemming)
    cats = categories_of(parsed, filters)
    # A paper with arXiv categories must match one; an S2-only paper has none and was
    # already narrowed by field of study at the source.
    if (
        cats
        and paper.categories
        and not any(
            c.lower() == want.lower() or c.lower().startswith(want.lower() + ".")
            for c in paper.categories
            for want in cats
        )
    ):
        return False
    if parsed.authors:
        names = [_folded(n) for n in paper.author_names]
        for wanted in parsed.authors:
            want = _folded(wanted)
            if not any(want in name for name in names):
                return False
    if parsed.titles:
        title = normalise_title(paper.title)
        if not all(_folded(wanted) in title for wanted in parsed.titles):
            return False
    return True

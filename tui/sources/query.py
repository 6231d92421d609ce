"""A query as the user types it, split into what each source understands.

The syntax: words, ``"quoted phrases"``, ``-excluded`` words or phrases, and
``au:`` ``ti:`` ``cat:`` field terms (a value may be quoted, a term may be
excluded: ``-ti:"quantum criticality"``). What each source is sent:

* arXiv: every term as a field term, the included ones ANDed and the excluded
  ones after ``ANDNOT`` (``all:"neural turing" ANDNOT all:quantum``), dates as a
  ``submittedDate`` range;
* S2's relevance search (``/paper/search``) takes plain text only ("no special
  query syntax"; hyphenated words match nothing): the included words and the
  words of phrases, hyphens as spaces. Phrases and exclusions are then checked
  on the merged list (:func:`keeps`);
* S2's bulk search (``/paper/search/bulk``, used for "most cited") has a syntax
  of its own: phrases stay quoted and exclusions keep their ``-``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tui.models import Paper, SearchFilters, normalise_title

_FIELDS = ("au", "ti", "cat")
# An optional "-", an optional field, then a quoted value (closing quote optional) or a word.
_TERM = re.compile(r'(-)?(?:(au|ti|cat):)?("[^"]*"?|\S+)', re.IGNORECASE)
_ALNUM = re.compile(r"[^\W_]")  # a value with none of these is punctuation, not a term

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
class Term:
    """One term of a query: a word or phrase, maybe in a field, maybe excluded."""

    value: str
    field: str | None = None  # au | ti | cat, or None for anywhere
    phrase: bool = False  # typed in quotes
    excluded: bool = False  # typed with a leading "-"


@dataclass(frozen=True)
class ParsedQuery:
    terms: tuple[Term, ...] = ()

    def _values(self, field: str | None, *, excluded: bool = False) -> tuple[str, ...]:
        return tuple(t.value for t in self.terms if t.field == field and t.excluded == excluded)

    @property
    def text(self) -> str:
        """The included free words and phrases, as typed (phrases in quotes)."""
        return " ".join(
            f'"{t.value}"' if t.phrase else t.value
            for t in self.terms
            if t.field is None and not t.excluded
        )

    @property
    def authors(self) -> tuple[str, ...]:
        return self._values("au")

    @property
    def titles(self) -> tuple[str, ...]:
        return self._values("ti")

    @property
    def categories(self) -> tuple[str, ...]:
        return self._values("cat")

    @property
    def phrases(self) -> tuple[str, ...]:
        """Included free phrases (``"neural turing"``)."""
        return tuple(t.value for t in self.terms if t.phrase and t.field is None and not t.excluded)

    @property
    def excluded(self) -> tuple[Term, ...]:
        return tuple(t for t in self.terms if t.excluded)

    @property
    def empty(self) -> bool:
        """Nothing to search for: no included term (exclusions alone select nothing)."""
        return not any(not t.excluded for t in self.terms)


def parse_query(query: str) -> ParsedQuery:
    terms = []
    for match in _TERM.finditer(query):
        minus, field, raw = match.groups()
        phrase = raw.startswith('"')
        value = " ".join(raw.strip('"').split())
        if not phrase:
            value = value.lstrip("-")
        if not value:
            continue
        terms.append(
            Term(
                value=value,
                field=field.lower() if field else None,
                phrase=phrase and " " in value,
                excluded=bool(minus),
            )
        )
    return ParsedQuery(tuple(terms))


def categories_of(parsed: ParsedQuery, filters: SearchFilters) -> tuple[str, ...]:
    extra = (filters.category,) if filters.category else ()
    return tuple(dict.fromkeys(parsed.categories + extra))


# ---------------------------------------------------------------- arXiv


def _quote(value: str) -> str:
    value = value.replace('"', "")
    return f'"{value}"' if " " in value else value


def _arxiv_term(term: Term) -> str | None:
    """One term in arXiv's syntax; None when nothing of it survives (a lone ``)``)."""
    field = term.field or "all"
    value = term.value.replace("_", " ") if field == "au" else term.value
    value = " ".join(re.sub(r'[()"]', " ", value).split())  # arXiv's own grouping characters
    return f"{field}:{_quote(value)}" if _ALNUM.search(value) else None


def _any_of(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"


def arxiv_query(parsed: ParsedQuery, filters: SearchFilters) -> str:
    """The ``search_query`` for arXiv: included terms ANDed, excluded ones after ``ANDNOT``."""
    included = [t for t in parsed.terms if not t.excluded and t.field != "cat"]
    terms = [a for a in map(_arxiv_term, included) if a]
    cats = categories_of(parsed, filters)
    if cats:
        terms.append(_any_of([f"cat:{c}" for c in cats]))
    if filters.since or filters.until:
        start = f"{filters.since or 1991}01010000"
        end = f"{filters.until or 9999}12312359"
        terms.append(f"submittedDate:[{start} TO {end}]")
    query = " AND ".join(terms)
    excluded = [a for a in map(_arxiv_term, parsed.excluded) if a]
    if excluded and query:
        head = f"({query})" if len(terms) > 1 else query
        query = f"{head} ANDNOT {_any_of(excluded)}"
    return query


# ---------------------------------------------------------------- S2


def _plain(value: str) -> str:
    """A value for S2's relevance search: hyphens (which match nothing there) as spaces."""
    return " ".join(re.sub(r"(?<=\w)-(?=\w)", " ", value.replace('"', " ")).split())


def s2_text(parsed: ParsedQuery) -> str:
    """S2's relevance search takes plain words only: field values and phrases become words."""
    parts = [_plain(t.value) for t in parsed.terms if t.field is None and not t.excluded]
    parts += [_plain(t) for t in parsed.titles]
    parts += [_plain(a.replace("_", " ")) for a in parsed.authors]
    return " ".join(" ".join(parts).split())


_BULK_SPECIAL = re.compile(r'[+|()~"\\]')


def s2_bulk_text(parsed: ParsedQuery) -> str:
    """S2's bulk search syntax: phrases quoted, exclusions with ``-``, words ANDed."""
    out = []
    for term in parsed.terms:
        if term.field == "cat":
            continue
        value = term.value.replace("_", " ") if term.field == "au" else term.value
        value = " ".join(_BULK_SPECIAL.sub(" ", value).split()).lstrip("-")
        if not _ALNUM.search(value):
            continue
        if " " in value:
            value = f'"{value}"'
        out.append(("-" if term.excluded else "") + value)
    if all(part.startswith("-") for part in out):
        return ""  # exclusions alone select nothing
    return " ".join(out)


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


def _contains(haystack: str, needle: str) -> bool:
    """Whole-word containment on folded text (``quantum`` is not in ``quantumness``)."""
    want = _folded(needle)
    return bool(want) and f" {want} " in f" {haystack} "


def _term_hit(paper: Paper, term: Term, text: str) -> bool:
    if term.field == "au":
        want = _folded(term.value)
        return any(want in _folded(n) for n in paper.author_names)
    if term.field == "ti":
        return _contains(normalise_title(paper.title), term.value)
    if term.field == "cat":
        return any(c.lower().startswith(term.value.lower()) for c in paper.categories)
    return _contains(text, term.value)


def keeps(paper: Paper, parsed: ParsedQuery, filters: SearchFilters) -> bool:
    """Whether ``paper`` passes what a source could not filter itself."""
    if filters.since and paper.year is not None and paper.year < filters.since:
        return False
    if filters.until and paper.year is not None and paper.year > filters.until:
        return False
    if filters.open_access and not (paper.open_access or paper.pdf_url):
        return False
    if "arxiv" in paper.sources:
        return True  # arXiv applied the terms itself (with its own stemming)
    text = _folded(f"{paper.title} {paper.abstract or ''}")
    if any(_term_hit(paper, t, text) for t in parsed.excluded):
        return False
    # A phrase S2's relevance search took as loose words: in the title or abstract, unless
    # the abstract is unknown (then S2's word match is all there is to go on).
    if paper.abstract and not all(_contains(text, p) for p in parsed.phrases):
        return False
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

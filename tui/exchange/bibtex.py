"""BibTeX for the shortlist: every entry built from the paper's fields, in one style.

Nothing from outside is copied verbatim — not even Semantic Scholar's own entry
(``citationStyles.bibtex``), which can carry ``\\write18{…}`` planted in a title, and which
mixes styles (one line; ``@Article`` with a ``booktitle``). That entry serves only as a
hint: whether the venue is a conference (it has a ``booktitle``) or a journal, and its
``pages``/``volume``/``number`` when they are plain numbers.

One entry type per venue kind: ``@inproceedings`` with ``booktitle`` for conferences and
workshops, ``@article`` with ``journal`` for journals, ``@misc`` with ``eprint`` and
``archivePrefix`` for arXiv-only papers (and papers with no venue). One field per line,
the ``=`` aligned. Keys the Google-Scholar way (``vaswani2017attention``).

Outside text is made inert for TeX: every backslash, brace, ``%``, ``&``, ``$``, ``#``,
``_``, ``^`` (so no ``^^5c`` escape) and ``~`` becomes a literal (``\\textbackslash{}``,
``\\{``-free ``\\textbraceleft{}``…), so the only braces in a value are winnow's own and
no command from outside is live; controls, bidi and invisible characters are dropped.
Ids and URLs keep their characters but percent-encode the TeX-active ones. Every entry
parses with bibtexparser 2 (checked in the tests, with generated titles).
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Iterable

from tui.exchange._text import one_line
from tui.exchange.links import paper_link
from tui.models import Paper

_LATEX = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",  # braces stay balanced for BibTeX, which ignores backslashes
    "}": r"\textbraceright{}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "^": r"\^{}",
    "~": r"\~{}",
}
_STOPWORDS = frozenset(
    {"a", "an", "the", "on", "of", "in", "for", "to", "and", "or", "with", "from", "by", "at",
     "as", "is", "are", "do", "does", "via", "towards", "toward", "into", "over", "under",
     "about", "what", "why", "how", "when", "which"}
)  # fmt: skip
_ARXIV_VENUES = frozenset(
    {"arxiv", "arxiv.org", "corr", "arxiv preprint", "arxiv (cornell university)"}
)
_JOURNAL_WORDS = frozenset(
    {"journal", "transactions", "letters", "review", "reviews", "magazine", "annals", "acta"}
)
_JOURNAL_NAMES = ("nature", "science", "proceedings of the national", "plos ", "elife")
_CONFERENCE_WORDS = frozenset(
    {"conference", "proceedings", "symposium", "workshop", "meeting", "congress", "findings",
     "neurips", "nips", "icml", "iclr", "cvpr", "iccv", "eccv", "acl", "emnlp", "naacl",
     "coling", "aaai", "ijcai", "kdd", "sigir", "interspeech", "icassp", "lecture"}
)  # fmt: skip
_HINT_NUMBER = re.compile(r"^[0-9A-Za-z]{1,12}(?:\s*[-–—]{1,2}\s*[0-9A-Za-z]{1,12})?$")
_URL_SAFE = frozenset(string.ascii_letters + string.digits + "-._~:/?=&+,;@!*'()")
_PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")
_FIELD_ORDER = ("title", "author", "booktitle", "journal", "year", "volume", "number", "pages",
                "eprint", "archivePrefix", "primaryClass", "doi", "url", "note")  # fmt: skip


def latex_escape(text: str | None) -> str:
    """Outside text as literal LaTeX on one line: specials escaped, braces kept balanced."""
    return "".join(_LATEX.get(ch, ch) for ch in one_line(text))


def _protect_case(escaped: str) -> str:
    """Brace words whose inner capitals a style must not lowercase (``{BERT}``, ``{ImageNet}``)."""
    words = escaped.split(" ")
    return " ".join(
        f"{{{w}}}" if any(ch.isupper() for ch in w[1:]) and "\\" not in w else w for w in words
    )


def verbatim(text: str | None) -> str:
    """An id or a URL: its characters kept, TeX-active ones and spaces percent-encoded."""
    out = []
    value = one_line(text)
    for index, ch in enumerate(value):
        if ch in _URL_SAFE or (ch.isalnum() and not ch.isascii()):
            out.append(ch)
        elif ch == "%" and _PERCENT.match(value, index):
            out.append(ch)  # already percent-encoded
        else:
            out.append("".join(f"%{byte:02X}" for byte in ch.encode("utf-8")))
    return "".join(out)


def _ascii_word(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in folded.lower() if ch in string.ascii_lowercase + string.digits)


def _last_name(name: str) -> str:
    name = one_line(name)
    if "," in name:
        return name.split(",", 1)[0]
    parts = name.split()
    return parts[-1] if parts else ""


def is_placeholder(paper: Paper) -> bool:
    """Known by its id alone (added offline; no source has answered yet)."""
    return paper.title == paper.key and paper.ids.primary() is not None


def cite_key(paper: Paper) -> str:
    """The stable key of an entry: first author's surname, year, first title word."""
    if is_placeholder(paper):  # arxiv1706.03762, doi10.1145-3292500.3330701
        return re.sub(r"[^A-Za-z0-9.-]+", "-", paper.key.replace(":", "", 1)).strip("-")
    surname = _ascii_word(_last_name(paper.authors[0].name)) if paper.authors else ""
    words = [_ascii_word(w) for w in one_line(paper.title).split()]
    word = next((w for w in words if w.isalnum() and not w.isdigit() and w not in _STOPWORDS), "")
    key = f"{surname}{paper.year or ''}{word}"
    return key or "paper"


def entry_key(paper: Paper) -> str:
    """The key the paper's entry is exported under (before de-duplication)."""
    return cite_key(paper)


def _author(name: str) -> str:
    escaped = latex_escape(name)
    return f"{{{escaped}}}" if re.search(r"\band\b", escaped, re.IGNORECASE) else escaped


# ---------------------------------------------------------------- the hint


def _hint(paper: Paper) -> dict[str, str]:
    """What S2's (or an imported) entry says about the venue: fields, read never copied."""
    raw = paper.bibtex
    if not raw or len(raw) > 20_000:
        return {}
    import bibtexparser  # only when a hint is there to read

    try:
        library = bibtexparser.parse_string(raw)
    except Exception:  # a hint that cannot be read is no hint
        return {}
    if len(library.entries) != 1:
        return {}
    entry = library.entries[0]
    found = {f.key.lower(): str(f.value) for f in entry.fields}
    found["@type"] = entry.entry_type.lower()
    return found


def venue_kind(paper: Paper, hint: dict[str, str] | None = None) -> str | None:
    """``conference``, ``journal`` or ``None`` (no venue, or only arXiv).

    The venue's words first ("Transactions", "Workshop"), then S2's entry as a hint (a
    ``booktitle`` means a conference, a ``journal`` other than arXiv a journal), and a venue
    that says neither is taken for a conference, as most CS venues are.
    """
    venue = one_line(paper.venue).lower()
    if not venue or venue in _ARXIV_VENUES:
        return None
    words = set(re.findall(r"[a-z]+", venue))
    named_journal = venue.startswith(_JOURNAL_NAMES) or bool(words & _JOURNAL_WORDS)
    if named_journal and not words & {"conference", "symposium", "workshop", "lecture"}:
        return "journal"
    if words & _CONFERENCE_WORDS:
        return "conference"
    hint = _hint(paper) if hint is None else hint
    if "booktitle" in hint or hint.get("@type") in ("inproceedings", "conference"):
        return "conference"
    journal = one_line(hint.get("journal")).lower()
    if journal and journal not in _ARXIV_VENUES:
        return "journal"
    return "conference"


# ---------------------------------------------------------------- the entry


def _fields(paper: Paper) -> tuple[str, list[tuple[str, str]]]:
    hint = _hint(paper)
    kind = venue_kind(paper, hint)
    entry_type = {"conference": "inproceedings", "journal": "article"}.get(kind or "", "misc")
    fields: list[tuple[str, str]] = []
    if not is_placeholder(paper):
        fields.append(("title", _protect_case(latex_escape(paper.title) or "Untitled")))
    if paper.authors:
        fields.append(("author", " and ".join(_author(a.name) for a in paper.authors)))
    if kind == "conference":
        fields.append(("booktitle", latex_escape(paper.venue)))
    elif kind == "journal":
        fields.append(("journal", latex_escape(paper.venue)))
    if paper.year:
        fields.append(("year", str(paper.year)))
    if kind:
        for name in ("volume", "number", "pages"):
            value = one_line(hint.get(name))
            if _HINT_NUMBER.match(value):
                fields.append((name, re.sub(r"\s*[-–—]{1,2}\s*", "--", value)))
    ids = paper.ids
    if ids.arxiv:
        fields.append(("eprint", verbatim(ids.arxiv)))
        fields.append(("archivePrefix", "arXiv"))
        if paper.categories:
            fields.append(("primaryClass", verbatim(paper.categories[0])))
    if ids.doi:
        fields.append(("doi", verbatim(ids.doi)))
    if link := verbatim(paper_link(paper)):
        fields.append(("url", link))
    if is_placeholder(paper):
        fields.append(("note", "metadata not fetched yet"))
    fields.sort(key=lambda f: _FIELD_ORDER.index(f[0]))
    return entry_type, fields


def bibtex_entry(paper: Paper, key: str | None = None) -> str:
    """One paper's entry, built from its fields in winnow's one style."""
    entry_type, fields = _fields(paper)
    width = max((len(name) for name, _ in fields), default=0)
    body = ",\n".join(f"  {name.ljust(width)} = {{{value}}}" for name, value in fields)
    return f"@{entry_type}{{{key or cite_key(paper)},\n{body}\n}}\n"


def bibtex_for(papers: Iterable[Paper]) -> str:
    """Entries for several papers, keys de-duplicated: ``key``, ``keyb``, ``keyc``…"""
    used: set[str] = set()
    out = []
    for paper in papers:
        base = entry_key(paper)
        key, n = base, 1
        while key.lower() in used:
            n += 1
            key = base + (chr(ord("a") + n - 1) if n <= 26 else str(n))
        used.add(key.lower())
        out.append(bibtex_entry(paper, key))
    return "\n".join(out)

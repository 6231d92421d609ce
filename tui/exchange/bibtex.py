"""BibTeX for the shortlist.

A paper whose Semantic Scholar record carries ``citationStyles.bibtex`` is
exported with that entry (plus ``eprint``/``doi`` fields it lacks); any other
paper gets an entry built from its metadata, keyed the Google-Scholar way
(``vaswani2017attention``). Outside text is LaTeX-escaped so that every entry
parses (checked with bibtexparser 2 in the tests).
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Iterable

from tui.exchange._text import one_line, strip_controls
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
_ARXIV_VENUES = frozenset({"arxiv", "arxiv.org", "corr", "arxiv preprint"})
_JOURNAL_WORDS = ("journal", "transactions", "letters", "review", "proceedings of the national")
_S2_HEAD = re.compile(r"^\s*@([A-Za-z]+)\s*\{\s*([^\s,{}]+)\s*,")


def latex_escape(text: str | None) -> str:
    """Outside text as literal LaTeX: specials escaped, braces kept balanced."""
    return "".join(_LATEX.get(ch, ch) for ch in one_line(text))


def _protect_case(escaped: str) -> str:
    """Brace words whose inner capitals a style must not lowercase (``{BERT}``, ``{ImageNet}``)."""
    words = escaped.split(" ")
    return " ".join(
        f"{{{w}}}" if any(ch.isupper() for ch in w[1:]) and "\\" not in w else w for w in words
    )


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
    """The stable key of a built entry: first author's surname, year, first title word."""
    if is_placeholder(paper):  # arxiv1706.03762, doi10.1145-3292500.3330701
        return re.sub(r"[^A-Za-z0-9.-]+", "-", paper.key.replace(":", "", 1)).strip("-")
    surname = _ascii_word(_last_name(paper.authors[0].name)) if paper.authors else ""
    words = [_ascii_word(w) for w in one_line(paper.title).split()]
    word = next((w for w in words if w.isalnum() and not w.isdigit() and w not in _STOPWORDS), "")
    key = f"{surname}{paper.year or ''}{word}"
    return key or "paper"


def _field(name: str, value: str) -> str:
    return f"  {name} = {{{value}}}"


def _verbatim(text: str | None) -> str:
    """Ids and URLs: kept literal, minus what could break the entry."""
    return "".join(ch for ch in one_line(text) if ch not in "{}\\ ")


def _author(name: str) -> str:
    escaped = latex_escape(name)
    return f"{{{escaped}}}" if re.search(r"\band\b", escaped, re.IGNORECASE) else escaped


def _id_fields(paper: Paper) -> list[tuple[str, str]]:
    fields = []
    if paper.ids.arxiv:
        fields.append(("eprint", _verbatim(paper.ids.arxiv)))
        fields.append(("archivePrefix", "arXiv"))
        if paper.categories:
            fields.append(("primaryClass", _verbatim(paper.categories[0])))
    if paper.ids.doi:
        fields.append(("doi", _verbatim(paper.ids.doi)))
    return fields


def built_entry(paper: Paper, key: str | None = None) -> str:
    """An entry from the paper's own metadata (the arXiv-only path)."""
    venue = one_line(paper.venue)
    entry_type, venue_field = "misc", ""
    if venue and venue.lower() not in _ARXIV_VENUES:
        is_journal = any(word in venue.lower() for word in _JOURNAL_WORDS)
        entry_type, venue_field = (
            ("article", "journal") if is_journal else ("inproceedings", "booktitle")
        )
    fields = []
    if not is_placeholder(paper):
        fields.append(("title", _protect_case(latex_escape(paper.title) or "Untitled")))
    if paper.authors:
        fields.append(("author", " and ".join(_author(a.name) for a in paper.authors)))
    if paper.year:
        fields.append(("year", str(paper.year)))
    if venue_field:
        fields.append((venue_field, latex_escape(venue)))
    fields += _id_fields(paper)
    if link := _verbatim(paper_link(paper)):
        fields.append(("url", link))
    if is_placeholder(paper):
        fields.append(("note", "metadata not fetched yet"))
    body = ",\n".join(_field(name, value) for name, value in fields)
    return f"@{entry_type}{{{key or cite_key(paper)},\n{body}\n}}\n"


def _balanced(text: str) -> bool:
    depth = 0
    for ch in text:
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


def s2_entry(paper: Paper, key: str | None = None) -> str | None:
    """S2's entry, re-keyed if asked, plus the id fields it lacks; None when unusable."""
    raw = strip_controls(paper.bibtex or "", keep_newlines=True).strip()
    head = _S2_HEAD.match(raw)
    if head is None or not raw.endswith("}") or not _balanced(raw) or raw.count("@") != 1:
        return None
    if key is not None:
        raw = raw[: head.start(2)] + key + raw[head.end(2) :]
    present = {m.lower() for m in re.findall(r"(?:^|[,{])\s*([A-Za-z][\w-]*)\s*=", raw, re.M)}
    extra = [(n, v) for n, v in _id_fields(paper) if n.lower() not in present]
    if extra:
        indent = m.group(1) if (m := re.search(r"^([ \t]+)\w+\s*=", raw, re.MULTILINE)) else "  "
        body = raw[:-1].rstrip().rstrip(",")
        added = ",\n".join(f"{indent}{n} = {{{v}}}" for n, v in extra)
        raw = f"{body},\n{added}\n}}"
    return raw + "\n"


def entry_key(paper: Paper) -> str:
    """The key the paper's entry is exported under (before de-duplication)."""
    head = _S2_HEAD.match(paper.bibtex or "")
    return head.group(2) if head and s2_entry(paper) else cite_key(paper)


def bibtex_entry(paper: Paper, key: str | None = None) -> str:
    """One paper's entry: Semantic Scholar's when usable, else built from metadata."""
    return s2_entry(paper, key) or built_entry(paper, key)


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
        out.append(bibtex_entry(paper, key if key != base else None))
    return "\n".join(out)

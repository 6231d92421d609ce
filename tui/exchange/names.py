"""Names and venues as bibliographies want them: family/given parts, the kind of venue."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from tui.exchange._text import one_line
from tui.models import Paper

# Lower-case particles that belong to the family name ("Ludwig van Beethoven").
_PARTICLES = frozenset({"van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "le",
                        "la", "ter", "ten", "dos", "das", "bin", "al"})  # fmt: skip
_ARXIV_VENUES = frozenset({"arxiv", "arxiv.org", "corr", "arxiv preprint"})
_JOURNAL_WORDS = ("journal", "transactions", "letters", "review", "proceedings of the national")


def split_name(name: str) -> tuple[str, str]:
    """(family, given) of a name as the sources print it: ``Ashish Vaswani``, ``Vaswani, A.``.

    A one-word name is all family (``("Plato", "")``).
    """
    name = one_line(name)
    if "," in name:
        family, given = (part.strip() for part in name.split(",", 1))
        return family, given
    words = name.split()
    if len(words) < 2:
        return name, ""
    cut = len(words) - 1
    while cut > 1 and words[cut - 1].lower() in _PARTICLES:
        cut -= 1
    return " ".join(words[cut:]), " ".join(words[:cut])


def venue_kind(venue: str | None) -> str:
    """``journal``, ``conference`` or ``preprint`` (no venue, or arXiv itself)."""
    venue = one_line(venue).lower()
    if not venue or venue in _ARXIV_VENUES:
        return "preprint"
    return "journal" if any(word in venue for word in _JOURNAL_WORDS) else "conference"


def keyed(papers: Iterable[Paper]) -> Iterator[tuple[Paper, str]]:
    """Each paper with its citation key, de-duplicated (``vaswani2017attention``, ``…2``)."""
    from tui.exchange.bibtex import cite_key

    used: set[str] = set()
    for paper in papers:
        base = key = cite_key(paper)
        n = 1
        while key.lower() in used:
            n += 1
            key = f"{base}{n}"
        used.add(key.lower())
        yield paper, key

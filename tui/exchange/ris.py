"""RIS for the shortlist: what Zotero, Mendeley, EndNote and papis import.

One record per paper, ``TAG  - value`` lines, ``ER  -`` closing each. Outside
text goes on one line with its control characters dropped, so no value can
open a record of its own. Checked with ``rispy`` in the tests.
"""

from __future__ import annotations

from collections.abc import Iterable

from tui.exchange._text import one_line
from tui.exchange.bibtex import cite_key, is_placeholder
from tui.exchange.links import paper_link
from tui.exchange.names import keyed, split_name, venue_kind
from tui.models import Paper

_TYPE = {"journal": "JOUR", "conference": "CPAPER", "preprint": "UNPB"}


def _line(tag: str, value: str | None) -> str | None:
    value = one_line(value)
    return f"{tag}  - {value}" if value else None


def ris_record(paper: Paper, key: str | None = None) -> str:
    kind = venue_kind(paper.venue)
    lines = [f"TY  - {_TYPE[kind]}", _line("ID", key or cite_key(paper))]
    if not is_placeholder(paper):
        lines.append(_line("TI", paper.title))
    for author in paper.authors:
        family, given = split_name(author.name)
        lines.append(_line("AU", f"{family}, {given}" if given else family))
    if paper.year:
        lines.append(_line("PY", str(paper.year)))
    if paper.published:
        lines.append(_line("DA", paper.published.replace("-", "/")))
    if kind != "preprint":
        lines.append(_line("T2", paper.venue))
    elif paper.ids.arxiv:
        lines.append(_line("PB", "arXiv"))
    lines.append(_line("AB", paper.abstract))
    lines.append(_line("DO", paper.ids.doi))
    if paper.ids.arxiv:
        lines.append(_line("M1", f"arXiv:{paper.ids.arxiv}"))
    lines.append(_line("UR", paper_link(paper)))
    if paper.pdf_url:
        lines.append(_line("L1", paper.pdf_url))
    lines += [_line("KW", c) for c in paper.categories]
    if is_placeholder(paper):
        lines.append(_line("N1", f"{paper.key}: metadata not fetched yet"))
    lines.append("ER  - ")
    return "\n".join(line for line in lines if line) + "\n"


def ris_for(papers: Iterable[Paper]) -> str:
    """Records for several papers, ids de-duplicated as BibTeX keys are."""
    return "\n".join(ris_record(paper, key) for paper, key in keyed(papers))

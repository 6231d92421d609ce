"""CSL-JSON for the shortlist: what pandoc, Zotero and every citeproc read.

An array of items (``id``, ``type``, ``title``, ``author`` as family/given,
``issued`` date parts, ``container-title``, ``DOI``, ``URL``…; arXiv preprints
as ``article`` with ``publisher: arXiv`` and ``number: arXiv:ID``, as Zotero
writes them). Rendered through citeproc-py in the tests.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from tui.exchange._text import one_line
from tui.exchange.bibtex import cite_key, is_placeholder
from tui.exchange.links import paper_link
from tui.exchange.names import keyed, split_name, venue_kind
from tui.models import Paper
from tui.textsafe import json_text

_TYPE = {"journal": "article-journal", "conference": "paper-conference", "preprint": "article"}


def _date_parts(paper: Paper) -> list[int] | None:
    if paper.published:
        parts = [int(p) for p in paper.published.split("-")[:3] if p.isdigit()]
        if parts and (paper.year is None or parts[0] == paper.year):
            return parts
    return [paper.year] if paper.year else None


def csl_item(paper: Paper, key: str | None = None) -> dict[str, Any]:
    kind = venue_kind(paper.venue)
    item: dict[str, Any] = {"id": key or cite_key(paper), "type": _TYPE[kind]}
    if not is_placeholder(paper):
        item["title"] = one_line(paper.title)
    authors = []
    for author in paper.authors:
        family, given = split_name(author.name)
        authors.append({"family": family, "given": given} if given else {"literal": family})
    if authors:
        item["author"] = authors
    if parts := _date_parts(paper):
        item["issued"] = {"date-parts": [parts]}
    if kind != "preprint":
        item["container-title"] = one_line(paper.venue)
    elif paper.ids.arxiv:
        item["publisher"] = "arXiv"
        item["number"] = f"arXiv:{paper.ids.arxiv}"
    if paper.abstract:
        item["abstract"] = one_line(paper.abstract)
    if paper.ids.doi:
        item["DOI"] = paper.ids.doi
    if url := paper_link(paper):
        item["URL"] = url
    if paper.categories:
        item["keyword"] = ", ".join(paper.categories)
    if is_placeholder(paper):
        item["note"] = f"{paper.key}: metadata not fetched yet"
    return item


def csl_items(papers: Iterable[Paper]) -> list[dict[str, Any]]:
    return [csl_item(paper, key) for paper, key in keyed(papers)]


def csl_json(papers: Iterable[Paper]) -> str:
    return json_text(csl_items(papers)) + "\n"  # C1 and bidi controls escaped

"""Every export format, by name: what ``winnow export`` and the app's ``e`` write."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from tui.errors import UserError
from tui.models import Paper

if TYPE_CHECKING:
    from tui.store import Store


@dataclass(frozen=True)
class Format:
    name: str  # as --format takes it
    suffix: str  # of the file it is written to
    label: str  # as the app's menu says it
    shortlist: bool  # made of the shortlist's papers (refused when it is empty)


FORMATS = {
    f.name: f
    for f in (
        Format("markdown", ".md", "Markdown triage report", False),
        Format("bibtex", ".bib", "BibTeX of the shortlist", True),
        Format("ris", ".ris", "RIS of the shortlist (Zotero, Mendeley, EndNote)", True),
        Format("csljson", ".csl.json", "CSL-JSON of the shortlist (pandoc, Zotero)", True),
        Format("json", ".json", "the whole topic as JSON (winnow import)", False),
    )
}


def _matching(path: str | Path) -> Format | None:
    name = Path(path).name.lower()
    longest_first = sorted(FORMATS.values(), key=lambda f: -len(f.suffix))
    return next((f for f in longest_first if name.endswith(f.suffix)), None)


def format_of_path(path: str | Path) -> str:
    """The format a file name asks for (``x.csl.json`` is CSL-JSON, ``x.json`` a topic)."""
    found = _matching(path)
    if found is not None:
        return found.name
    return "bibtex" if str(path).lower().endswith(".bibtex") else "markdown"


def export_suffix(path: str | Path) -> str:
    """The whole suffix of an export's name: ``.csl.json``, ``.md``, else the last one."""
    found = _matching(path)
    return found.suffix if found is not None else Path(path).suffix


def shortlist_papers(store: Store, topic: str) -> list[Paper]:
    """The active papers of a topic's list, as stored (an id alone when nothing answered)."""
    return [
        store.paper(e.paper_key) or Paper(title=e.paper_key)
        for e in store.entries(topic)
        if e.active
    ]


def export_text(store: Store, fmt: str, topic: str, *, today: date) -> str:
    """A topic in one of :data:`FORMATS`."""
    from tui.exchange import bibtex_for, markdown_report
    from tui.exchange.csljson import csl_json
    from tui.exchange.ris import ris_for
    from tui.exchange.topic_json import topic_json_text

    if fmt not in FORMATS:
        raise UserError(f"unknown format {fmt!r} (use {', '.join(FORMATS)})")
    if store.topic(topic) is None:
        raise UserError(f"no topic named {topic!r} (winnow topic list)")
    if fmt == "json":
        return topic_json_text(store, topic)
    if fmt == "markdown":
        return markdown_report(store, topic, today=today)
    papers = shortlist_papers(store, topic)
    if not papers:
        shown = {"bibtex": "BibTeX", "ris": "RIS", "csljson": "CSL-JSON"}[fmt]
        raise UserError(f"the shortlist of {topic!r} is empty: no {shown} to export")
    writer = {"bibtex": bibtex_for, "ris": ris_for, "csljson": csl_json}[fmt]
    return writer(papers)

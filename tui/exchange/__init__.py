"""Sharing a triage: export (BibTeX, Markdown, JSON), import, clipboard, desktop viewer.

No UI here: the CLI and the app call these functions and show their messages.
"""

from tui.exchange.bibtex import bibtex_entry, bibtex_for
from tui.exchange.clipboard import copy_hint, copy_to_clipboard, osc52_sequence
from tui.exchange.importer import import_args, import_bib, import_ids, import_path, import_pdf
from tui.exchange.links import paper_link
from tui.exchange.opener import open_pdf
from tui.exchange.outcome import ImportReport
from tui.exchange.report import markdown_report
from tui.exchange.topic_json import import_topic, topic_to_json

__all__ = [
    "ImportReport",
    "bibtex_entry",
    "bibtex_for",
    "copy_hint",
    "copy_to_clipboard",
    "import_args",
    "import_bib",
    "import_ids",
    "import_path",
    "import_pdf",
    "import_topic",
    "markdown_report",
    "open_pdf",
    "osc52_sequence",
    "paper_link",
    "topic_to_json",
]

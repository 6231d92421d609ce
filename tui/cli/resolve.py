"""Turn what the user typed (a file or an id) into a PDF on disk."""

from __future__ import annotations

from pathlib import Path

from tui.cli.common import load_config, open_store
from tui.errors import UserError
from tui.library import lookup_paper, pdf_for
from tui.models import parse_ref, placeholder_paper


def local_pdf_for(text: str) -> Path:
    path = Path(text).expanduser()
    if path.is_file():
        return path
    if text.lower().endswith(".pdf"):
        raise UserError(f"no such file: {text}")
    ref = parse_ref(text)
    if ref is None:
        raise UserError(f"not a PDF file nor an arXiv id, DOI or S2 id: {text!r}")
    config = load_config()
    store = open_store(config)
    paper = store.paper(ref.key) or lookup_paper(ref, config, store) or placeholder_paper(ref)
    return pdf_for(paper, config)

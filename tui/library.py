"""Glue between the store, the sources and the PDF engine (no UI).

The CLI and the app both go through here to turn an id or a file into a
paper, to fill in metadata later, and to find a paper's PDF.
"""

from __future__ import annotations

import asyncio
import hashlib
from pathlib import Path

from tui import paths
from tui.atomic import write_bytes
from tui.config import Config
from tui.errors import UserError, WinnowError
from tui.models import Author, Paper, PaperIds, PaperRef, parse_ref
from tui.store import Store


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def paper_from_pdf(path: Path) -> Paper:
    """A paper from a local PDF: copied into the cache, its front matter read."""
    path = Path(path).expanduser()
    if not path.is_file():
        raise UserError(f"no such file: {path}")
    from tui.pdf import parse_pdf

    doc = parse_pdf(path)
    digest = file_digest(path)
    copy = paths.ensure(paths.pdf_dir()) / f"local-{digest[:16]}.pdf"
    if not copy.exists():
        try:
            write_bytes(copy, path.read_bytes())
        except OSError as error:
            raise UserError(f"cannot read {path}: {error.strerror}") from None
    ref = parse_ref(doc.arxiv_id) if doc.arxiv_id else None
    ids = PaperIds(arxiv=ref.value) if ref else PaperIds()
    title = doc.title or path.stem
    return Paper(
        title=title,
        ids=ids,
        authors=tuple(Author(name) for name in doc.authors),
        abstract=doc.abstract or None,
        local_pdf=str(copy),
        sources=("pdf",),
    )


def lookup_paper(ref: PaperRef, config: Config, store: Store) -> Paper | None:
    """One id's metadata from the sources (blocking); None when no source knows it."""
    from tui.sources import SearchService

    return asyncio.run(SearchService.from_config(config, store).lookup(ref))


def fill_metadata(store: Store, key: str, config: Config) -> tuple[Paper | None, str]:
    """Ask the sources for a placeholder's metadata; (paper, "") or (None, why not)."""
    paper = store.paper(key)
    ref = paper.ids.primary() if paper else parse_ref(key.split(":", 1)[-1])
    if ref is None:
        return None, "no id to look up"
    try:
        found = lookup_paper(ref, config, store)
    except WinnowError as error:
        return None, f"metadata later: {error}"
    if found is None:
        return None, "no source knows this id yet; kept as is"
    if paper is not None and paper.local_pdf:
        found = found.with_(local_pdf=paper.local_pdf)
    store.replace_paper_key(key, found)
    return found, ""


def pdf_for(paper: Paper, config: Config) -> Path:
    """The paper's PDF on disk: brought in, cached, or downloaded now (blocking)."""
    if paper.local_pdf and Path(paper.local_pdf).is_file():
        return Path(paper.local_pdf)
    from tui.sources import download_pdf

    return download_pdf(paper, config=config)

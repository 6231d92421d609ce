"""Glue between the store, the sources and the PDF engine (no UI).

The CLI and the app both go through here to turn an id or a file into a
paper, to fill in metadata later, and to find a paper's PDF.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import os
import time
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

from tui import paths
from tui.config import Config
from tui.errors import UserError, WinnowError
from tui.models import Author, Paper, PaperIds, PaperRef, parse_ref
from tui.store import Store

if TYPE_CHECKING:
    from tui.pdf.model import Document, StageMeta

CHUNK = 1 << 20
RETRY_AFTER = 120.0
"""Seconds after which a paper whose download failed is tried again when reopened."""


def import_pdf(path: Path, *, max_mb: int) -> tuple[Path, str, bool]:
    """Copy a local PDF into the cache in chunks, hashing as it goes: (copy, sha256, new).

    Never holds the file in memory; refuses one past ``max_mb`` (checked by ``stat`` first,
    and again while reading, should it grow). The copy is named by its hash, so the same
    paper imported twice is stored once (``new`` is False the second time).
    """
    from tui.pdf.document import check_file, check_header

    check_file(path, max_mb)
    check_header(path)
    folder = paths.ensure(paths.pdf_dir())
    temp = folder / f".local-{uuid.uuid4().hex[:12]}.{os.getpid()}.part"
    digest = hashlib.sha256()
    size, limit = 0, max_mb << 20
    try:
        with open(path, "rb") as source, open(temp, "xb") as out:
            os.fchmod(out.fileno(), 0o600)
            while chunk := source.read(CHUNK):
                size += len(chunk)
                if size > limit:
                    raise UserError(f"too big: {path.name} grew past {max_mb} MB while copied")
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        sha = digest.hexdigest()
        copy = folder / f"local-{sha[:16]}.pdf"
        if copy.exists():
            return copy, sha, False
        os.replace(temp, copy)
        return copy, sha, True
    except OSError as error:
        raise UserError(f"cannot copy {path}: {error.strerror or error}") from None
    finally:
        with contextlib.suppress(OSError):
            temp.unlink()


def paper_from_pdf(path: Path) -> Paper:
    """A paper from a local PDF: copied into the cache, its front matter read (bounded)."""
    from tui.pdf import PdfError, parse_bounded
    from tui.pdf.sandbox import Budget

    path = Path(path).expanduser()
    budget = Budget.from_env()
    copy, digest, new = import_pdf(path, max_mb=budget.file_mb)
    try:
        doc = parse_bounded(copy, budget=budget, digest=digest)
    except PdfError:
        if new:  # nothing of a file that cannot be read stays in the cache
            with contextlib.suppress(OSError):
                copy.unlink()
        raise
    return paper_from_document(doc, local_pdf=str(copy), fallback_title=path.stem)


def paper_from_document(
    doc: Document, *, local_pdf: str | None = None, fallback_title: str = ""
) -> Paper:
    """What a parsed PDF says of its paper: title, authors, abstract, the arXiv id found."""
    ref = parse_ref(doc.arxiv_id) if doc.arxiv_id else None
    ids = PaperIds(arxiv=ref.value) if ref else PaperIds()
    return Paper(
        title=doc.title or fallback_title,
        ids=ids,
        authors=tuple(Author(name) for name in doc.authors),
        abstract=doc.abstract or None,
        local_pdf=local_pdf,
        sources=("pdf",),
    )


def stage_meta(paper: Paper, missing: str | None = None) -> StageMeta:
    """What the metadata says about ``paper``, for ``build_stage`` without a PDF."""
    from tui.pdf.model import StageMeta  # not at import: the first frame needs none of it

    return StageMeta(
        title=paper.title,
        authors=tuple(paper.author_names),
        abstract=paper.abstract,
        tldr=paper.tldr,
        venue=paper.venue,
        year=paper.year,
        missing_reason=missing,
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


class FailedDownloads:
    """Downloads that failed in this session, so reopening the paper shows its metadata and
    the reason at once instead of trying (and waiting) again; after ``retry_after`` seconds
    a reopen tries again. Thread-safe enough for one reader worker at a time."""

    def __init__(self, retry_after: float = RETRY_AFTER) -> None:
        self.retry_after = retry_after
        self._failed: dict[str, tuple[float, str]] = {}

    def remember(self, key: str, reason: str) -> None:
        self._failed[key] = (time.monotonic(), reason)

    def forget(self, key: str) -> None:
        self._failed.pop(key, None)

    def recent(self, key: str) -> str | None:
        """The reason of a failure less than ``retry_after`` ago, said as such; else None."""
        hit = self._failed.get(key)
        if hit is None:
            return None
        ago = time.monotonic() - hit[0]
        if ago >= self.retry_after:
            return None
        left = max(1, round((self.retry_after - ago) / 60)) if self.retry_after >= 60 else 0
        when = f"in about {left} min" if left else "in a moment"
        return f"{hit[1]} (tried {_ago(ago)} ago; reopen {when} to try again)"


def _ago(seconds: float) -> str:
    return f"{int(seconds)} s" if seconds < 60 else f"{int(seconds // 60)} min"

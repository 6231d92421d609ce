"""Turn what the user typed (a file or an id) into a PDF on disk, and find it on the list."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tui.errors import UserError, WinnowError
from tui.models import Paper, parse_ref, placeholder_paper

if TYPE_CHECKING:
    from tui.store import Store


@dataclass
class Target:
    """What ``winnow sections`` / ``read`` work on."""

    path: Path | None  # the PDF; None when it could not be had (``missing`` says why)
    paper: Paper | None = None  # known by its id (or found on the list)
    key: str | None = None  # its key on the open topic's shortlist, if it is there
    missing: str | None = None
    store: Store | None = None  # when one was opened
    digest: str | None = None  # the PDF's sha256, when it was needed already


def existing_path(text: str) -> Path | None:
    """``text`` as a path that exists (whatever it is: a directory, a FIFO…), or None."""
    path = Path(text).expanduser()
    if os.path.lexists(path):
        return path
    if text.lower().endswith(".pdf"):
        raise UserError(f"no such file: {text}")
    return None


def local_pdf_for(text: str) -> Path:
    """A PDF path as given, or the PDF of the paper an id names (downloaded if needed)."""
    target = resolve(text, with_store=False)
    if target.path is None:
        raise UserError(target.missing or f"no PDF for {text}")
    return target.path


def resolve(text: str, *, with_store: bool) -> Target:
    """The PDF for ``text`` (a path or an id); with ``with_store``, its place on the list.

    An id's PDF that cannot be downloaded is not an error here: ``missing`` says why, so
    stage 1 can still be read from the metadata.
    """
    path = existing_path(text)
    if path is not None:
        if not with_store:
            return Target(path)
        from tui.cli.common import open_store

        store = open_store()
        key, digest = _key_of_file(store, path)
        paper = store.paper(key) if key else None
        return Target(path, paper, key, store=store, digest=digest)
    ref = parse_ref(text)
    if ref is None:
        raise UserError(f"not a PDF file nor an arXiv id, DOI or S2 id: {text!r}")
    from tui.cli.common import load_config, open_store
    from tui.library import lookup_paper, pdf_for

    config = load_config()
    store = open_store(config)
    key = _key_on_list(store, text)
    paper = store.paper(key) if key else store.paper(ref.key)
    paper = paper or lookup_paper(ref, config, store) or placeholder_paper(ref)
    try:
        return Target(pdf_for(paper, config), paper, key, store=store)
    except WinnowError as error:
        return Target(None, paper, key, missing=str(error), store=store)


def _key_on_list(store: Store, text: str) -> str | None:
    if store.current_topic() is None:
        return None
    try:
        return store.resolve(text)
    except UserError:
        return None


def _key_of_file(store: Store, path: Path) -> tuple[str | None, str | None]:
    """(the open topic's entry whose PDF is this very file or a copy of it, the file's
    sha256 when it had to be computed)."""
    if store.current_topic() is None:
        return None, None
    from tui.pdf.cache import file_sha256
    from tui.pdf.document import check_file
    from tui.pdf.sandbox import Budget

    limit = Budget.from_env().file_mb
    check_file(path, limit)
    digest = None
    for entry in store.entries():
        paper = store.paper(entry.paper_key)
        mine = Path(paper.local_pdf) if paper and paper.local_pdf else None
        if mine is None or not mine.is_file():
            continue
        try:
            if os.path.samefile(mine, path):
                return entry.paper_key, digest
        except OSError:
            continue
        if mine.name.startswith("local-"):  # winnow's copy, named by the content's hash
            digest = digest or file_sha256(path, max_bytes=limit << 20)
            if mine.name == f"local-{digest[:16]}.pdf":
                return entry.paper_key, digest
    return None, digest

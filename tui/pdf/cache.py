"""Parsed papers cached by the PDF's sha256, as JSON written atomically."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from tui import paths
from tui.pdf.model import Document

PARSER_VERSION = 4  # the merged engine (structure + front matter)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _cache_file(digest: str, max_pages: int) -> Path:
    return paths.parsed_dir() / f"{digest}-p{max_pages}-v{PARSER_VERSION}.json"


def load(digest: str, max_pages: int) -> Document | None:
    target = _cache_file(digest, max_pages)
    try:
        data = json.loads(target.read_text(encoding="utf-8"))
        return Document.from_cache(data)
    except (OSError, ValueError, TypeError, KeyError):
        return None  # missing or unreadable: parse again


def save(doc: Document, max_pages: int) -> None:
    """Write atomically (temp file + os.replace); a cache that cannot be written is skipped."""
    try:
        folder = paths.ensure(paths.parsed_dir())
        handle, temp = tempfile.mkstemp(dir=folder, prefix=".parsed-", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(doc.to_cache(), out, ensure_ascii=False)
            os.replace(temp, _cache_file(doc.sha256, max_pages))
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except OSError:
        pass

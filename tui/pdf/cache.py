"""Parsed papers cached by the PDF's sha256, as JSON written atomically.

Beside each paper's parse, a paper that went past its parse budget has a "heavy" record
(the reason, and page 1 when it was read), so reopening it does not spend the budget again;
a larger budget than the one recorded, or a day later (the machine may have been busy),
tries again.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from tui import paths
from tui.pdf.errors import PdfError
from tui.pdf.model import Document

PARSER_VERSION = 4  # the merged engine (structure + front matter)
CHUNK = 1 << 20
HEAVY_FOR = 24 * 3600.0  # seconds a "too heavy" outcome is believed


def file_sha256(path: Path, *, max_bytes: int | None = None) -> str:
    """The file's sha256, read in 1 MB chunks; a PdfError past ``max_bytes`` (it grew)."""
    digest = hashlib.sha256()
    size = 0
    with Path(path).open("rb") as handle:
        while chunk := handle.read(CHUNK):
            size += len(chunk)
            if max_bytes is not None and size > max_bytes:
                raise PdfError(f"too big: {Path(path).name} is over {max_bytes >> 20} MB")
            digest.update(chunk)
    return digest.hexdigest()


def _cache_file(digest: str, max_pages: int, suffix: str = "") -> Path:
    return paths.parsed_dir() / f"{digest}-p{max_pages}-v{PARSER_VERSION}{suffix}.json"


def _read(target: Path) -> Any:
    try:
        return json.loads(target.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None  # missing or unreadable: parse again


def load(digest: str, max_pages: int) -> Document | None:
    data = _read(_cache_file(digest, max_pages))
    try:
        return Document.from_cache(data) if isinstance(data, dict) else None
    except (TypeError, KeyError, ValueError):
        return None


def save(doc: Document, max_pages: int) -> None:
    """Write atomically (temp file + os.replace); a cache that cannot be written is skipped."""
    _write(_cache_file(doc.sha256, max_pages), doc.to_cache())


def load_heavy(digest: str, max_pages: int, budget: str) -> tuple[str, Document | None] | None:
    """(reason, page 1 or None) when this PDF went past ``budget`` (or a larger one) before."""
    data = _read(_cache_file(digest, max_pages, "-heavy"))
    if not isinstance(data, dict) or not _within(budget, str(data.get("budget", ""))):
        return None
    at = data.get("at")
    if not isinstance(at, (int, float)) or not 0 <= time.time() - at < HEAVY_FOR:
        return None
    try:
        partial = Document.from_cache(data["partial"]) if data.get("partial") else None
        return str(data["reason"]), partial
    except (TypeError, KeyError, ValueError):
        return None


def save_heavy(
    digest: str, max_pages: int, budget: str, reason: str, partial: Document | None
) -> None:
    record = {
        "at": time.time(),
        "budget": budget,
        "reason": reason,
        "partial": partial.to_cache() if partial else None,
    }
    _write(_cache_file(digest, max_pages, "-heavy"), record)


def _within(wanted: str, recorded: str) -> bool:
    """Is the budget asked for no larger than the one that was not enough?"""
    try:
        w_s, w_mb = (float(p.rstrip("smb")) for p in wanted.split("-"))
        r_s, r_mb = (float(p.rstrip("smb")) for p in recorded.split("-"))
    except ValueError:
        return False
    return w_s <= r_s and w_mb <= r_mb


def _write(target: Path, value: Any) -> None:
    try:
        folder = paths.ensure(target.parent)
        handle, temp = tempfile.mkstemp(dir=folder, prefix=".parsed-", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(value, out, ensure_ascii=False)
            os.replace(temp, target)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except (OSError, ValueError):  # not writable, or text that cannot be encoded
        pass

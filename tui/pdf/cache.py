"""Parsed papers cached by the PDF's sha256, as JSON written atomically.

Beside each paper's parse, a paper that went past its parse budget has a "heavy" record
(the reason, and page 1 when it was read), so reopening it does not spend the budget again;
a larger budget than the one recorded, or a day later (the machine may have been busy),
tries again. Figures drawn are kept as PNG files too, by the PDF's sha256, the figure and
the zoom (:func:`load_figure`), so a paper reopened draws its figures without MuPDF.
Files are 0600 in 0700 folders (tui.paths); a cache that cannot be written is skipped.
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
from tui.pdf.model import Caption, Document

PARSER_VERSION = 4  # the merged engine (structure + front matter)
FIGURE_VERSION = 1  # how a figure is drawn (tui/pdf/figures.py render_png)
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
    if not _believed(data, budget):
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


def _believed(data: Any, budget: str) -> bool:
    """A "too heavy" record, for ``budget`` or a larger one, recent enough to believe."""
    if not isinstance(data, dict) or not _within(budget, str(data.get("budget", ""))):
        return False
    at = data.get("at")
    return isinstance(at, (int, float)) and 0 <= time.time() - at < HEAVY_FOR


def _within(wanted: str, recorded: str) -> bool:
    """Is the budget asked for no larger than the one that was not enough?"""
    try:
        w_s, w_mb = (float(p.rstrip("smb")) for p in wanted.split("-"))
        r_s, r_mb = (float(p.rstrip("smb")) for p in recorded.split("-"))
    except ValueError:
        return False
    return w_s <= r_s and w_mb <= r_mb


def figure_file(digest: str, figure: Caption, zoom: float, max_pixels: int) -> Path:
    """Where ``figure`` of the PDF with this sha256, drawn at ``zoom``, is kept."""
    what = [figure.label, figure.part, figure.page, figure.region, figure.bbox, zoom, max_pixels]
    key = hashlib.sha256(json.dumps([FIGURE_VERSION, *what]).encode()).hexdigest()[:24]
    return paths.figures_dir() / f"{digest}-{key}.png"


def load_figure(target: Path, max_bytes: int) -> bytes | None:
    """The PNG kept in ``target``, or None (missing, unreadable or past ``max_bytes``)."""
    try:
        with target.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError:
        return None
    return data if len(data) <= max_bytes else None


def save_figure(target: Path, png: bytes) -> None:
    _write_bytes(target, png, ".figure-")


def load_figure_heavy(target: Path, budget: str) -> str | None:
    """Why the figure kept at ``target`` could not be drawn within ``budget`` (or a larger
    one) lately, or None: a paper reopened does not spend its figures' budgets again."""
    data = _read(target.with_suffix(".heavy.json"))
    if not _believed(data, budget):
        return None
    reason = data.get("reason")
    return reason if isinstance(reason, str) else None


def save_figure_heavy(target: Path, budget: str, reason: str) -> None:
    record = {"at": time.time(), "budget": budget, "reason": reason}
    _write(target.with_suffix(".heavy.json"), record)


def _write(target: Path, value: Any) -> None:
    try:
        data = json.dumps(value, ensure_ascii=False).encode("utf-8")
    except ValueError:  # text that cannot be encoded
        return
    _write_bytes(target, data, ".parsed-")


def _write_bytes(target: Path, data: bytes, prefix: str) -> None:
    """Write atomically (a 0600 temp file + os.replace), without fsync: a cache file lost
    to a power cut is made again."""
    try:
        folder = paths.ensure(target.parent)
        handle, temp = tempfile.mkstemp(dir=folder, prefix=prefix, suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temp, target)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except OSError:  # not writable
        pass

"""Open a PDF and guard against unusable files, before any extraction.

Checks run cheapest first and never block: ``os.stat`` says what the path is (a directory,
a FIFO — which an ``open`` would wait on forever — a device) and how big it is before a
byte is read; the header is read through a non-blocking descriptor that is checked again
with ``fstat``. PyMuPDF is imported only by :func:`open_pdf` and the page checks.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

from tui.pdf.errors import CorruptPdf, EncryptedPdf, NotAPdf, PdfError

FILE_MB = 512
"""The largest local PDF accepted, in MB (papers are rarely over 50; theses reach 200)."""

_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def size_text(size: int) -> str:
    return f"{size / (1 << 30):.1f} GB" if size >= 1 << 30 else f"{size / (1 << 20):.1f} MB"


def check_file(path: Path, max_mb: int | None = FILE_MB) -> os.stat_result:
    """The path is a regular, non-empty file within ``max_mb``; else a one-line PdfError.

    Only ``stat`` runs: nothing is opened, so a FIFO cannot block and a 3 GB file is
    refused at once.
    """
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise PdfError(f"no such file: {path}") from None
    except OSError as error:
        raise PdfError(f"cannot read {path}: {error.strerror or error}") from None
    if not stat.S_ISREG(info.st_mode):
        raise NotAPdf(f"not a PDF: {Path(path).name} is {_kind(info.st_mode)}")
    if info.st_size == 0:
        raise NotAPdf(f"not a PDF: {Path(path).name} is empty")
    if max_mb is not None and info.st_size > max_mb << 20:
        raise PdfError(
            f"too big: {Path(path).name} is {size_text(info.st_size)} "
            f"(PDFs over {max_mb} MB are refused; WINNOW_PDF_FILE_MB raises the limit)"
        )
    return info


def check_header(path: Path) -> None:
    """Raise NotAPdf unless ``path`` is a regular file starting (near enough) with ``%PDF-``."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except IsADirectoryError:
        raise NotAPdf(f"not a PDF: {Path(path).name} is a directory") from None
    except FileNotFoundError:
        raise PdfError(f"no such file: {path}") from None
    except OSError as error:
        raise NotAPdf(f"cannot read {Path(path).name}: {error.strerror or error}") from None
    try:
        info = os.fstat(fd)  # what was opened, not what the name pointed at a moment ago
        if not stat.S_ISREG(info.st_mode):
            raise NotAPdf(f"not a PDF: {Path(path).name} is {_kind(info.st_mode)}")
        head = os.read(fd, 1024)
    except OSError as error:
        raise NotAPdf(f"cannot read {Path(path).name}: {error.strerror or error}") from None
    finally:
        os.close(fd)
    if not head:
        raise NotAPdf(f"not a PDF: {Path(path).name} is empty")
    if b"%PDF-" not in head:
        raise NotAPdf(f"not a PDF: {Path(path).name}")


def open_pdf(path: Path) -> Any:
    """Open with PyMuPDF (imported here, lazily); raise a one-line PdfError when unusable."""
    check_header(path)
    import pymupdf

    pymupdf.TOOLS.mupdf_display_errors(False)
    pymupdf.TOOLS.mupdf_display_warnings(False)
    try:
        doc = pymupdf.open(path, filetype="pdf")
    except Exception as error:  # MuPDF raises several types for broken files
        raise CorruptPdf(f"truncated or corrupt PDF: {_one_line(error)}") from None
    if doc.needs_pass and not doc.authenticate(""):
        doc.close()
        raise EncryptedPdf("encrypted PDF: needs a password")
    if doc.page_count == 0:
        doc.close()
        raise CorruptPdf("truncated or corrupt PDF: no pages could be read")
    return doc


def _one_line(error: BaseException) -> str:
    """An exception as a short line; allocation failures (MuPDF's, Python's, or a C call
    that came back with an exception set) all read "out of memory"."""
    text = " ".join(str(error).split()) or type(error).__name__
    lowered = text.lower()
    if isinstance(error, (MemoryError, SystemError)) or "malloc" in lowered:
        return "out of memory"
    if "exception set" in lowered or "cannot allocate" in lowered:
        return "out of memory"
    return text[:160]


def _malloc_trim() -> Any:
    try:
        import ctypes

        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError, ImportError):  # not glibc: nothing to hand back
        return None


_TRIM = _malloc_trim()


def release_memory() -> None:
    """Hand the heap MuPDF freed back to the system (glibc keeps it otherwise).

    Under a memory budget (an address-space limit in the parse's child), a page that ran
    MuPDF out of memory leaves the freed room inside glibc's heap, where Python's own
    allocator (which maps fresh arenas) cannot reach it: the next page would fail too.
    """
    if _TRIM is not None:
        _TRIM(0)

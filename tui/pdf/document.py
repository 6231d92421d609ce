"""Open a PDF and guard against unusable files, before any extraction."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tui.pdf.errors import CorruptPdf, EncryptedPdf, NotAPdf


def check_header(path: Path) -> None:
    """Raise NotAPdf unless the file starts (near enough) with ``%PDF-``."""
    try:
        with path.open("rb") as handle:
            head = handle.read(1024)
    except IsADirectoryError:
        raise NotAPdf(f"not a PDF: {path.name} is a directory") from None
    except OSError as error:
        raise NotAPdf(f"cannot read {path.name}: {error.strerror or error}") from None
    if not head:
        raise NotAPdf(f"not a PDF: {path.name} is empty")
    if b"%PDF-" not in head:
        raise NotAPdf(f"not a PDF: {path.name}")


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
    text = " ".join(str(error).split()) or type(error).__name__
    return text[:160]

"""Why a PDF cannot be read: one line each, for the user."""

from __future__ import annotations

from tui.errors import WinnowError


class PdfError(WinnowError):
    """A PDF that cannot be used at all."""


class NotAPdf(PdfError):
    pass


class EncryptedPdf(PdfError):
    pass


class NoTextLayer(PdfError):
    pass


class CorruptPdf(PdfError):
    pass


class Cancelled(PdfError):
    """The caller's ``cancel()`` answered True while parsing."""

    def __init__(self, message: str = "cancelled") -> None:
        super().__init__(message)

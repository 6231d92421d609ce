"""Why a PDF cannot be read: one line each, for the user."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.errors import WinnowError

if TYPE_CHECKING:
    from tui.pdf.model import Document


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


class TooHeavy(PdfError):
    """The parse went past its time or memory budget and was stopped.

    ``partial`` is what was read before the stop (page 1, its ``warnings`` saying why), or
    None when not even page 1 was ready: the reader then shows the paper's metadata.
    """

    def __init__(self, message: str, partial: Document | None = None) -> None:
        super().__init__(message)
        self.partial = partial


class Cancelled(PdfError):
    """The caller's ``cancel()`` answered True while parsing."""

    def __init__(self, message: str = "cancelled") -> None:
        super().__init__(message)

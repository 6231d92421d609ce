"""The reading engine: a paper's structure from its PDF, and the four reading stages.

No Textual, Rich or TinyDB here; PyMuPDF is imported lazily, inside the
functions that need it, so ``import tui.pdf`` stays cheap.
"""

from __future__ import annotations

from tui.pdf.errors import Cancelled, CorruptPdf, EncryptedPdf, NotAPdf, NoTextLayer, PdfError
from tui.pdf.figures import figure_png
from tui.pdf.model import (
    Block,
    Caption,
    ChecklistItem,
    Document,
    Equation,
    Section,
    StageMeta,
)
from tui.pdf.parse import parse_pdf
from tui.pdf.stages import build_stage, stage_text

__all__ = [
    "Block",
    "Cancelled",
    "Caption",
    "ChecklistItem",
    "CorruptPdf",
    "Document",
    "EncryptedPdf",
    "Equation",
    "NoTextLayer",
    "NotAPdf",
    "PdfError",
    "Section",
    "StageMeta",
    "build_stage",
    "figure_png",
    "parse_pdf",
    "stage_text",
]

"""The reading engine: a paper's structure from its PDF, and the four reading stages.

The app and the CLI call :func:`parse_bounded` (a child process, a time and memory
budget, the parse cache); :func:`parse_pdf` is the parser itself, in this process. The
same for figures: :func:`figure_png_bounded` (a child, a budget, the figure cache) and
:func:`figure_png` (MuPDF in this process: the child's side).

No Textual, Rich or TinyDB here; PyMuPDF is imported lazily, inside the
functions that need it, so ``import tui.pdf`` stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# Names load on first use: the app's start imports this package without paying for the
# parser's regular expressions (about 30 ms) until a PDF is opened.
_HOME = {
    "Cancelled": "errors", "CorruptPdf": "errors", "EncryptedPdf": "errors",
    "NoTextLayer": "errors", "NotAPdf": "errors", "PdfError": "errors", "TooHeavy": "errors",
    "figure_png": "figures",
    "Block": "model", "Caption": "model", "ChecklistItem": "model", "Document": "model",
    "Equation": "model", "Section": "model", "StageMeta": "model",
    "parse_pdf": "parse",
    "FigureBudget": "render", "figure_png_bounded": "render",
    "Budget": "sandbox", "parse_bounded": "sandbox", "warm": "sandbox",
    "build_stage": "stages", "stage_text": "stages",
}  # fmt: skip

if TYPE_CHECKING:
    from tui.pdf.errors import (
        Cancelled,
        CorruptPdf,
        EncryptedPdf,
        NotAPdf,
        NoTextLayer,
        PdfError,
        TooHeavy,
    )
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
    from tui.pdf.render import FigureBudget, figure_png_bounded
    from tui.pdf.sandbox import Budget, parse_bounded, warm
    from tui.pdf.stages import build_stage, stage_text


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module 'tui.pdf' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"tui.pdf.{_HOME[name]}"), name)
    globals()[name] = value
    return value


__all__ = [
    "Block",
    "Budget",
    "Cancelled",
    "Caption",
    "ChecklistItem",
    "CorruptPdf",
    "Document",
    "EncryptedPdf",
    "Equation",
    "FigureBudget",
    "NoTextLayer",
    "NotAPdf",
    "PdfError",
    "Section",
    "StageMeta",
    "build_stage",
    "TooHeavy",
    "figure_png",
    "figure_png_bounded",
    "parse_bounded",
    "parse_pdf",
    "stage_text",
    "warm",
]

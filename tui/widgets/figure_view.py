"""A figure in the reader: its caption, and the drawing rendered in the terminal.

The PNG comes from a child process (``tui.pdf.render.figure_png_bounded``: MuPDF never runs in
the app, so a heavy drawing cannot hold a key up), asked from a thread worker that is cancelled —
and the child killed — when the figure leaves the screen; the image widget is textual-image's.
The renderer is chosen explicitly (``IMAGE_RENDERER``): half-blocks work everywhere, under tmux
and over SSH, and give the same picture on every terminal, so tests and snapshots agree.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import work
from textual.containers import Vertical
from textual.widgets import Static
from textual.worker import get_current_worker

from tui.widgets.literal import literal

if TYPE_CHECKING:
    from tui.pdf import Caption

RENDERERS = ("auto", "halfcell", "unicode", "none")
IMAGE_RENDERER = "halfcell"
"""The default renderer: ``auto`` (sixel / kitty graphics when the terminal has them),
``halfcell``, ``unicode`` or ``none`` (captions only)."""

FIGURE_ROWS = 12
"""Terminal rows a figure takes at least, when there is room (fewer only when a wide figure
must shrink to fit the width)."""
VIEW_SHARE = 0.7
"""A figure may take this share of the reader's height (the rest: its caption, the text)."""
READABLE = 40
"""Columns under which a tall, narrow figure grows taller to stay readable."""

_IMAGES: dict[str, Any] = {}
_DEFAULT_CELL = SimpleNamespace(width=10, height=20)


def prepare(renderer: str) -> None:
    """Import textual-image, before the app starts.

    On import it asks the terminal about sixel and kitty graphics (and the cell size). Only
    ``auto`` needs those answers; for the other renderers the terminal is hidden from it, so
    no query is sent — an answer arriving late would otherwise be typed into the app.
    """
    if _IMAGES:
        return
    if renderer == "auto":
        import textual_image.widget as module
    else:
        real = sys.__stdout__
        sys.__stdout__ = _NotATerminal(real)  # type: ignore[misc]
        try:
            import textual_image.widget as module
        finally:
            sys.__stdout__ = real  # type: ignore[misc]
    _IMAGES.update(
        auto=module.Image,
        halfcell=module.HalfcellImage,
        unicode=module.UnicodeImage,
        cell_size=module.get_cell_size,
    )


class _NotATerminal:
    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def isatty(self) -> bool:
        return False

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def fit(ratio: float, columns: int, rows: int = FIGURE_ROWS) -> tuple[int, int]:
    """Cells (width, height) for a picture of ``ratio`` (width / height) in ``columns``.

    ``rows`` high at most (see ``rows_for``), as wide as that makes it up to the whole
    width; a tall figure narrower than ``READABLE`` columns may take up to twice ``rows``.
    """
    # Not prepare(): importing textual-image (~20 ms) must not happen on the event loop for
    # a size. Until it is loaded (the warm-up thread, or before the app for "auto", which
    # asks the terminal), the cell is what textual-image itself assumes without a terminal.
    cell = _IMAGES["cell_size"]() if "cell_size" in _IMAGES else _DEFAULT_CELL
    ratio = max(ratio, 0.05)
    per_row = cell.height * ratio / cell.width  # columns per row at this aspect ratio
    wanted = min(columns, READABLE)
    if rows * per_row < wanted:
        rows = min(2 * rows, round(wanted / per_row))
    width = round(rows * per_row)
    if width > columns:
        width = columns
        rows = max(3, round(width / per_row))
    return max(width, 1), rows


def rows_for(view_height: int) -> int:
    """The rows a figure may take in a reader ``view_height`` rows high."""
    return max(FIGURE_ROWS, round(view_height * VIEW_SHARE))


class FigureView(Vertical):
    """Caption over the drawing; ``[figure not drawn: reason]`` when it cannot be drawn."""

    def __init__(
        self,
        caption: Text,
        figure: Caption | None,
        pdf_path: Path | str | None,
        *,
        renderer: str = IMAGE_RENDERER,
    ) -> None:
        super().__init__(classes="-figure")
        self.caption = caption
        self.figure = figure
        self.pdf_path = pdf_path
        self.renderer = renderer if renderer in RENDERERS else IMAGE_RENDERER
        self._ratio: float | None = None
        self._started = False
        if figure is not None and figure.region is not None:
            x0, y0, x1, y1 = figure.region
            if x1 > x0 and y1 > y0:
                self._ratio = (x1 - x0) / (y1 - y0)

    def compose(self):
        yield Static(self.caption, classes="-caption")
        reason = self._why_not()
        if reason:
            yield Static(Text(f"[figure not drawn: {reason}]"), classes="-not-drawn")
        else:
            yield Static(Text("drawing the figure…"), classes="-drawing")

    def _why_not(self) -> str | None:
        if self.renderer == "none":
            return "images are off"
        if self.pdf_path is None:
            return "no PDF"
        if self.figure is None:
            return "no figure region"
        return None

    def draw(self) -> None:
        """Render the figure (once): the stage view calls this when it scrolls into view."""
        if not self._started and self._why_not() is None:
            self._started = True
            self._draw()

    def on_resize(self) -> None:
        self.size_picture()

    def size_picture(self) -> None:
        columns = self.content_size.width
        if not columns:
            return
        view = self.parent.size.height if self.parent is not None else 0
        width, height = fit(self._ratio or 1.5, columns, rows_for(view))
        for child in self.query(".-picture, .-drawing"):
            child.styles.height = height
            if child.has_class("-picture"):
                child.styles.width = width

    @work(thread=True, exclusive=True, group="figure", exit_on_error=False)
    def _draw(self) -> None:
        from PIL import Image as PILImage

        from tui.pdf.errors import Cancelled
        from tui.pdf.render import figure_png_bounded

        worker = get_current_worker()
        assert self.figure is not None and self.pdf_path is not None
        try:
            zoom = 2.0 if self.renderer == "auto" else 1.0  # half-blocks need few pixels
            png = figure_png_bounded(
                self.pdf_path, self.figure, zoom=zoom, cancel=lambda: worker.is_cancelled
            )
            picture = PILImage.open(io.BytesIO(png))
            picture.load()
        except Cancelled:
            return
        except Exception as error:  # PdfError and PIL errors alike
            if not worker.is_cancelled:
                self.app.call_from_thread(self._failed, str(error) or type(error).__name__)
            return
        if not worker.is_cancelled:
            self.app.call_from_thread(self._drawn, picture)

    async def _drawn(self, picture) -> None:
        if not self.is_attached:
            return
        if picture.height:
            self._ratio = picture.width / picture.height
        await self.query(".-drawing").remove()
        prepare(self.renderer)
        await self.mount(_IMAGES[self.renderer](picture, classes="-picture"))
        self.size_picture()

    async def _failed(self, reason: str) -> None:
        if not self.is_attached:
            return
        await self.query(".-drawing").remove()

        first_line = reason.splitlines()[0] if reason else "error"
        await self.mount(Static(literal(f"[figure not drawn: {first_line}]"), classes="-not-drawn"))

"""Draw a figure in a child process, under a budget of its own.

MuPDF holds the GIL while it renders, and a page of 200,000 paths renders for seconds:
drawn in the app's thread it would freeze every key, and its memory would be the app's.
So :func:`figure_png_bounded` asks a child for the PNG — a fork of the caller when it is
single-threaded (the CLI), else the figure server (tui/pdf/workers.py ``FIGURES``, not
the parse server: a figure must not wait behind a 30-second parse). The child limits
itself to the figure's budget (a few seconds and a few hundred MB, :class:`FigureBudget`)
and answers with one frame carrying the PNG, base64, size-capped. Past the budget, on a
render error or when the server dies, the caller gets a one-line :class:`PdfError`.
A figure drawn is kept in the cache (tui/pdf/cache.py ``figure_file``): reopened, it is
read back from there, no child asked.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import math
import os
import struct
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.pdf import cache
from tui.pdf.document import check_file, check_header
from tui.pdf.errors import CorruptPdf, PdfError, TooHeavy
from tui.pdf.sandbox import ERRORS, Budget, positive

if TYPE_CHECKING:
    from tui.pdf.model import Caption

MAX_PIXELS = 4096 * 4096
"""The most pixels a figure is drawn with (a page may be 200 inches wide): past it the
zoom is lowered to fit, so a picture never costs more than ~50 MB however large its clip."""
MAX_PNG = 32 << 20
"""The largest PNG a child may send back (MAX_PIXELS of noise compress to ~50 MB; a real
figure at the app's zoom is well under 1 MB)."""
QUEUE_SECONDS = 120.0
"""How long a figure waits for the figure server while it draws others (cancellable)."""

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PNG_END = b"\x00\x00\x00\x00IEND\xaeB`\x82"  # the IEND chunk: nothing was cut off


@dataclass(frozen=True)
class FigureBudget:
    """How much drawing one figure may take: wall-clock seconds, MB of memory (how far
    the child's address space may grow past its start)."""

    seconds: float = 5.0
    memory_mb: int = 400

    @property
    def key(self) -> str:
        return f"{self.seconds:g}s-{self.memory_mb}mb"

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> FigureBudget:
        """The default budget with ``WINNOW_FIGURE_SECONDS`` / ``WINNOW_FIGURE_MB`` applied
        (a value that is not a positive number is ignored)."""
        env = os.environ if env is None else env
        base = cls()
        return cls(
            seconds=positive(env.get("WINNOW_FIGURE_SECONDS"), base.seconds, float),
            memory_mb=int(positive(env.get("WINNOW_FIGURE_MB"), base.memory_mb, int)),
        )


def figure_png_bounded(
    path: Path | str,
    figure: Caption,
    *,
    zoom: float = 2.0,
    budget: FigureBudget | None = None,
    cancel: Callable[[], bool] | None = None,
    use_cache: bool = True,
) -> bytes:
    """``figure`` of the PDF in ``path`` drawn to PNG bytes by a child, within ``budget``
    (or read back from the cache, when it was drawn before and ``use_cache``).

    Raises a one-line PdfError: the file is unusable, the drawing failed, :class:`TooHeavy`
    past the budget, :class:`Cancelled` when ``cancel()`` turns True (the child is killed).
    """
    budget = budget or FigureBudget.from_env()
    path = Path(path).expanduser().absolute()
    file_mb = Budget.from_env().file_mb
    info = check_file(path, file_mb)
    check_header(path)
    zoom = zoom if math.isfinite(zoom) and 0 < zoom <= 8 else 1.0
    if not use_cache:
        return _draw(path, figure, zoom, budget, cancel)
    kept = cache.figure_file(_digest(path, info, file_mb), figure, zoom, MAX_PIXELS)
    hit = cache.load_figure(kept, MAX_PNG)
    if hit is not None:
        with contextlib.suppress(CorruptPdf):
            return checked_png(hit)
    heavy = cache.load_figure_heavy(kept, budget.key)
    if heavy is not None:  # it did not fit this budget lately: say so at once
        raise TooHeavy(heavy)
    try:
        png = _draw(path, figure, zoom, budget, cancel)
    except TooHeavy as error:
        cache.save_figure_heavy(kept, budget.key, str(error))
        raise
    cache.save_figure(kept, png)
    return png


_DIGESTS: dict[tuple, str] = {}


def _digest(path: Path, info: os.stat_result, file_mb: int) -> str:
    """The file's sha256, hashed once per version of the file (a paper's figures share it)."""
    key = (str(path), info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)
    if key not in _DIGESTS:
        if len(_DIGESTS) > 64:
            _DIGESTS.clear()
        _DIGESTS[key] = cache.file_sha256(path, max_bytes=file_mb << 20)
    return _DIGESTS[key]


def _draw(
    path: Path,
    figure: Caption,
    zoom: float,
    budget: FigureBudget,
    cancel: Callable[[], bool] | None,
) -> bytes:
    from tui.pdf import frames, workers

    request = {
        "kind": "figure",
        "path": str(path),
        "page": figure.page,
        "region": list(figure.region) if figure.region else None,
        "bbox": list(figure.bbox),
        "zoom": zoom,
        "max_bytes": MAX_PNG,
        "max_pixels": MAX_PIXELS,
        "memory_mb": budget.memory_mb,
        "cpu_seconds": math.ceil(budget.seconds) + 2,
        "quiet": not os.environ.get("WINNOW_DEBUG"),
    }
    child = workers.start(request, QUEUE_SECONDS, server=workers.FIGURES, cancel=cancel)
    deadline = time.monotonic() + budget.seconds  # from the child's start, not the queue
    try:
        while True:
            try:
                message = child.receive(deadline, cancel)
            except TimeoutError:
                raise _too_heavy(f"stopped after {budget.seconds:g} s") from None
            except frames.BadFrame:
                raise CorruptPdf("the figure's renderer sent back an unreadable answer") from None
            if message is None:
                raise _ended(child.status, budget)
            kind = message.get("kind")
            if kind == "png":
                return png_from(message.get("png"))
            if kind == "memory":
                raise _too_heavy(f"stopped at {budget.memory_mb} MB")
            if kind == "error":
                cls = ERRORS.get(str(message.get("error", "")), PdfError)
                raise cls(_one_line(message.get("message")))
    finally:
        child.close()


def png_from(data: Any) -> bytes:
    """The child's PNG (base64 text) as bytes, refused unless it is a PNG of at most
    MAX_PNG bytes and MAX_PIXELS pixels: what the image library is then given to decode."""
    if not isinstance(data, str) or len(data) > (MAX_PNG // 3 + 1) * 4:
        raise _unreadable()
    try:
        png = base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        raise _unreadable() from None
    return checked_png(png)


def _unreadable() -> CorruptPdf:
    return CorruptPdf("the figure's renderer sent back an unreadable picture")


def checked_png(png: bytes) -> bytes:
    """``png`` when it is a whole PNG (its header, its end) of at most MAX_PNG bytes and
    MAX_PIXELS pixels."""
    unreadable = _unreadable()
    if (
        not 24 + len(_PNG_END) <= len(png) <= MAX_PNG
        or png[:8] != _PNG_SIGNATURE
        or png[12:16] != b"IHDR"
        or not png.endswith(_PNG_END)
    ):
        raise unreadable
    width, height = struct.unpack(">II", png[16:24])
    if not width or not height or width * height > MAX_PIXELS + 2 * (width + height) + 4:
        raise unreadable  # (the slack: a clip's pixel edges are rounded outwards)
    return png


def _one_line(text: Any) -> str:
    words = " ".join(str(text or "").split())[:300]
    return words or "the figure could not be drawn"


def _too_heavy(reason: str) -> TooHeavy:
    return TooHeavy(f"drawing {reason}: the figure is too heavy")


def _ended(code: int | None, budget: FigureBudget) -> PdfError:
    """The child (or the server) ended without a picture."""
    import signal

    if code is None:  # the figure server itself is gone: the next figure starts another
        return PdfError("the figure renderer stopped before drawing it")
    if code < 0:
        if -code == signal.SIGKILL:  # not ours (we kill only once we stop waiting): the kernel
            return _too_heavy(f"stopped (killed, out of memory) within {budget.memory_mb} MB")
        if -code == signal.SIGXCPU:
            return _too_heavy(f"stopped after {budget.seconds:g} s of CPU")
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        return CorruptPdf(f"damaged PDF: the renderer crashed on this figure ({name})")
    return CorruptPdf(f"damaged PDF: the renderer stopped on this figure (exit status {code})")

"""The parse child: limits itself, parses, and writes its answers as frames on one fd.

It runs in a process of its own (a fork of the CLI, or of a server: tui/pdf/workers.py),
so nothing it does — a minute in MuPDF, a gigabyte, a crash — reaches the caller. Its
answers to a parse, in order: ``started``; ``front`` (page 1, when asked); then ``done``
with the whole Document, or ``error`` (a PdfError's class and message) or ``memory``.
A request of kind ``figure`` is answered ``started``, then ``png`` (the picture, base64)
or ``error`` / ``memory``. All are JSON, never pickle.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

from tui.pdf import frames
from tui.pdf.document import release_memory
from tui.pdf.errors import NoTextLayer, PdfError


def run(fd: int, request: dict[str, Any]) -> None:
    """Do the parse ``request`` asks for and answer on ``fd`` (then the caller exits)."""
    failed: BaseException | None = None
    figure = request.get("kind") == "figure"
    try:
        try:
            import pymupdf  # noqa: F401  (loaded before the limit: its libraries are the base)

            if figure:
                import tui.pdf.figures  # noqa: F401
            else:
                import tui.pdf.parse  # noqa: F401

            gc.freeze()  # what the parent had is not the parse's garbage: no pass walks it

            _limit(request["memory_mb"], request["cpu_seconds"])
            _silence(keep_stderr=not request.get("quiet", True))
            frames.send(fd, {"kind": "started"})
            (_figure if figure else _parse)(fd, request)
        except Exception as error:  # MuPDF out of memory, a PdfError, or a bug: one line each
            # Without its traceback (whose frames hold the parse's data) the error is worded
            # below, once that data is gone: at the memory limit even wording it fails here.
            failed = error.with_traceback(None)
    except MemoryError:  # raised inside the handler itself: nothing more may be allocated
        failed = _OUT_OF_MEMORY
    if failed is not None:
        try:
            outcome = _outcome(failed, "the figure could not be drawn" if figure else None)
        except MemoryError:
            outcome = _MEMORY
        _send_last(fd, outcome)


def wait_for_request(fd: int) -> dict[str, Any] | None:
    """A spare child (tui/pdf/workers.py ``prefork``): load the parser while the caller
    gets ready, then read its request (None when the caller went without one)."""
    import pymupdf  # noqa: F401

    import tui.pdf.parse  # noqa: F401

    try:
        return frames.read(fd, timeout=3600.0)
    except (OSError, frames.BadFrame):
        return None


def _outcome(error: BaseException, failed: str | None = None) -> dict[str, Any]:
    if isinstance(error, MemoryError) or _out_of_memory(error):
        return _MEMORY
    if isinstance(error, PdfError):
        return {"kind": "error", "error": type(error).__name__, "message": str(error)}
    text = " ".join(str(error).split())[:200]
    message = f"{failed or 'the parser failed on this PDF'}: {type(error).__name__}: {text}"
    return {"kind": "error", "error": "PdfError", "message": message}


_MEMORY = {"kind": "memory"}
_OUT_OF_MEMORY = MemoryError()
_MEMORY_FRAME = b"\x00\x00\x00\x12" + b'{"kind": "memory"}'  # made ahead: sent with no allocation


def _send_last(fd: int, outcome: dict[str, Any]) -> None:
    """The last answer, even at the memory limit (an answer lost would read as a crash)."""
    if outcome is not _MEMORY:
        try:
            frames.send(fd, outcome)
            return
        except MemoryError:
            pass
    with contextlib.suppress(MemoryError):
        release_memory()
    with contextlib.suppress(OSError):
        os.write(fd, _MEMORY_FRAME)


def _parse(fd: int, request: dict[str, Any]) -> None:
    import pymupdf

    from tui.pdf.damage import inspect
    from tui.pdf.document import open_pdf
    from tui.pdf.parse import parse_pdf

    path = Path(request["path"])
    max_pages = int(request["max_pages"])
    digest = str(request["digest"])
    pymupdf.TOOLS.mupdf_warnings(reset=True)
    pdf = open_pdf(path)
    try:
        damage = inspect(pdf, max_pages)
    finally:
        pdf.close()
    pages = min(max_pages, damage.loop_after) if damage.loop_after else max_pages
    try:
        if request.get("front") and pages > 1:
            try:
                front = parse_pdf(path, use_cache=False, max_pages=1, digest=digest)
            except PdfError:
                pass  # no text on page 1 (a cover image): the whole parse will say
            else:
                doc = replace(front, warnings=()).to_cache()
                frames.send(fd, {"kind": "front", "doc": doc})
        doc = parse_pdf(path, use_cache=False, max_pages=pages, digest=digest)
    except NoTextLayer:
        if damage:
            raise damage.fatal() from None
        raise
    doc = damage.apply(doc)
    frames.send(fd, {"kind": "done", "doc": doc.to_cache(), "peak_mb": _peak_mb()})


def _figure(fd: int, request: dict[str, Any]) -> None:
    """Draw the figure the request names; its PNG in one frame, unless past ``max_bytes``."""
    import base64

    from tui.pdf.figures import render_png

    region = request.get("region")
    png = render_png(
        Path(request["path"]),
        int(request["page"]),
        tuple(region) if region else None,
        tuple(request["bbox"]),
        float(request["zoom"]),
        int(request["max_pixels"]),
    )
    if len(png) > int(request["max_bytes"]):
        size = f"{len(png) / (1 << 20):.0f} MB"
        raise PdfError(f"the figure is too large to draw ({size} as a picture)")
    frames.send(fd, {"kind": "png", "png": base64.b64encode(png).decode("ascii")})


def _limit(memory_mb: int, cpu_seconds: int) -> None:
    """The address space may grow by ``memory_mb`` from here; CPU time is a backstop."""
    import resource

    try:
        base = _vsize()
        limit = base + (memory_mb << 20) if base else memory_mb << 20
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ValueError, OSError):
        pass  # not enforced here (macOS): the wall-clock deadline still holds
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 5))


def _vsize() -> int:
    try:
        with open("/proc/self/statm", "rb") as handle:
            return int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _peak_mb() -> float:
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1 << 20 if sys.platform == "darwin" else 1 << 10), 1)


def _silence(*, keep_stderr: bool) -> None:
    """Nothing from MuPDF or the interpreter reaches the user's terminal (or a pipe that
    carries frames): stdin, stdout and — unless debugging — stderr go to /dev/null."""
    import faulthandler

    if not keep_stderr:
        faulthandler.disable()  # a crash is reported by the parent, in one line
    try:
        null = os.open(os.devnull, os.O_RDWR)
        targets = (0, 1) if keep_stderr else (0, 1, 2)
        for target in targets:
            os.dup2(null, target)
        os.close(null)
    except OSError:
        pass


def _out_of_memory(error: BaseException) -> bool:
    """MuPDF's failed allocations, and a C extension's NULL return with no exception set."""
    text = str(error).lower()
    words = ("malloc", "out of memory", "cannot allocate", "failed to map", "exception set")
    return isinstance(error, (SystemError, MemoryError)) or any(w in text for w in words)

"""Parse a PDF in a child process, under a time and a memory budget.

A PDF is a program MuPDF runs: a page of nested drawing forms can take minutes and
gigabytes. So the app and the CLI never parse in their own process. :func:`parse_bounded`
hashes the file (in chunks), answers from the parse cache when it can, and otherwise
forks a child that

* limits its own address space (``RLIMIT_AS``: the budget on top of what it started
  with) and CPU time (a backstop should the parent vanish),
* parses page 1 first when the caller wants it early (``on_front``: stage 1 shows as
  soon as the front matter is read), then the whole paper,
* sends each result back as the Document's cache JSON, size-capped.

The parent waits on the pipe, never on PyMuPDF: it polls ``cancel`` and the wall-clock
deadline and kills the child past it. Past the budget the caller gets :class:`TooHeavy`
with page 1 when it was ready ("parse stopped after 30 s: the PDF is too heavy"), and
the outcome is cached too, so a heavy paper costs its budget once.

Children come from a fork of the caller when it is single-threaded (the CLI: no second
interpreter to start), else from the parse server (tui/pdf/workers.py), started once per
process with PyMuPDF and the parser already imported (the app: a child costs milliseconds,
and a server that dies is started again). The child's side is tui/pdf/child.py.
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from tui.pdf import cache
from tui.pdf.document import FILE_MB, check_file, check_header
from tui.pdf.errors import (
    CorruptPdf,
    EncryptedPdf,
    NotAPdf,
    NoTextLayer,
    PdfError,
    TooHeavy,
)
from tui.pdf.model import Document
from tui.textsafe import repair

ERRORS: dict[str, type[PdfError]] = {
    cls.__name__: cls for cls in (NotAPdf, EncryptedPdf, NoTextLayer, CorruptPdf, PdfError)
}


@dataclass(frozen=True)
class Budget:
    """How much one parse may take: wall-clock seconds, MB of memory (how far the child's
    address space may grow past its start), MB of file."""

    seconds: float = 30.0
    memory_mb: int = 1536
    file_mb: int = FILE_MB

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Budget:
        """The default budget with ``WINNOW_PARSE_SECONDS`` / ``WINNOW_PARSE_MB`` /
        ``WINNOW_PDF_FILE_MB`` applied (a value that is not a positive number is ignored)."""
        env = os.environ if env is None else env
        base = cls()
        return cls(
            seconds=positive(env.get("WINNOW_PARSE_SECONDS"), base.seconds, float),
            memory_mb=int(positive(env.get("WINNOW_PARSE_MB"), base.memory_mb, int)),
            file_mb=int(positive(env.get("WINNOW_PDF_FILE_MB"), base.file_mb, int)),
        )

    @property
    def key(self) -> str:
        return f"{self.seconds:g}s-{self.memory_mb}mb"


def positive(text: str | None, default: float, kind: type) -> float:
    """``text`` as a positive finite ``kind`` (an environment setting), else ``default``."""
    try:
        value = kind(text) if text else default
    except ValueError:
        return default
    return value if 0 < value < 1e7 and math.isfinite(value) else default


@dataclass
class Stats:
    """What one :func:`parse_bounded` call cost (filled in when the caller passes one)."""

    cached: bool = False
    start_ms: float = 0.0  # from asking for a child to the child running
    front_ms: float | None = None  # to page 1, from the call
    total_ms: float = 0.0
    child_peak_mb: float | None = None  # the child's own peak RSS, as it reported it


def parse_bounded(
    path: Path | str,
    *,
    budget: Budget | None = None,
    max_pages: int = 500,
    use_cache: bool = True,
    digest: str | None = None,
    on_front: Callable[[Document], None] | None = None,
    cancel: Callable[[], bool] | None = None,
    stats: Stats | None = None,
) -> Document:
    """The paper in ``path``, parsed in a child process within ``budget``.

    Raises a one-line PdfError when the file is unusable, :class:`TooHeavy` (with
    ``partial``) past the budget, :class:`Cancelled` when ``cancel()`` turns True.
    ``on_front`` receives page 1's parse first, when that comes before the whole.
    """
    started = time.monotonic()
    stats = stats if stats is not None else Stats()
    budget = budget or Budget.from_env()
    path = Path(path).expanduser().absolute()
    check_file(path, budget.file_mb)
    check_header(path)
    digest = digest or cache.file_sha256(path, max_bytes=budget.file_mb << 20)
    if use_cache:
        hit = cache.load(digest, max_pages)
        if hit is not None:
            stats.cached = True
            return replace(hit, path=str(path))
        heavy = cache.load_heavy(digest, max_pages, budget.key)
        if heavy is not None:
            stats.cached = True
            reason, partial = heavy
            raise TooHeavy(reason, replace(partial, path=str(path)) if partial else None)
    try:
        doc = _run(path, digest, max_pages, budget, on_front, cancel, stats, started)
    except TooHeavy as error:
        if use_cache:
            cache.save_heavy(digest, max_pages, budget.key, str(error), error.partial)
        raise
    finally:
        stats.total_ms = (time.monotonic() - started) * 1000
    if use_cache:
        cache.save(doc, max_pages)
    return doc


# ---------------------------------------------------------------- the parent's side


def warm() -> None:
    """Start the parse server now (the app: before its first paper), without waiting."""
    from tui.pdf import workers

    workers.warm()


def _run(
    path: Path,
    digest: str,
    max_pages: int,
    budget: Budget,
    on_front: Callable[[Document], None] | None,
    cancel: Callable[[], bool] | None,
    stats: Stats,
    started: float,
) -> Document:
    from tui.pdf import frames, workers

    request = {
        "path": str(path),
        "digest": digest,
        "max_pages": max_pages,
        "front": on_front is not None,
        "memory_mb": budget.memory_mb,
        "cpu_seconds": math.ceil(budget.seconds) + 2,
        "quiet": not os.environ.get("WINNOW_DEBUG"),
    }
    deadline = started + budget.seconds
    asked = time.monotonic()
    child = workers.start(request, wait=deadline - asked)
    front: Document | None = None
    try:
        while True:
            try:
                message = child.receive(deadline, cancel)
            except TimeoutError:
                raise _too_heavy(f"parse stopped after {budget.seconds:g} s", front) from None
            except frames.BadFrame:
                raise CorruptPdf("the PDF's parse sent back an unreadable answer") from None
            if message is None:
                raise _crashed(child.status, front, budget)
            kind = message.get("kind")
            if kind == "started":
                stats.start_ms = (time.monotonic() - asked) * 1000
            elif kind == "front":
                front = _document(message.get("doc"), path)
                stats.front_ms = (time.monotonic() - started) * 1000
                if on_front is not None:
                    on_front(front)
            elif kind == "done":
                stats.child_peak_mb = message.get("peak_mb")
                return _document(message.get("doc"), path)
            elif kind == "memory":
                raise _too_heavy(f"parse stopped at {budget.memory_mb} MB", front)
            elif kind == "error":
                cls = ERRORS.get(str(message.get("error", "")), PdfError)
                raise cls(str(message.get("message", "the PDF could not be read"))[:300])
    finally:
        child.close()


def _document(data: Any, path: Path) -> Document:
    """The child's answer as a Document, its text repaired: this is where PDF text enters."""
    try:
        doc = Document.from_cache(_repaired(data))
    except (TypeError, KeyError, ValueError, AttributeError):
        raise CorruptPdf("the PDF's parse sent back an unreadable answer") from None
    return replace(doc, path=str(path))


def _repaired(value: Any) -> Any:
    if isinstance(value, str):
        return repair(value)
    if isinstance(value, list):
        return [_repaired(v) for v in value]
    if isinstance(value, dict):
        return {k: _repaired(v) for k, v in value.items()}
    return value


def _too_heavy(reason: str, front: Document | None) -> TooHeavy:
    message = f"{reason}: the PDF is too heavy"
    partial = None
    if front is not None:
        partial = replace(front, warnings=(f"{message}; showing page 1",))
    return TooHeavy(message, partial)


def _crashed(code: int | None, front: Document | None, budget: Budget) -> PdfError:
    """The child ended without an answer: killed (for memory, by the kernel) or crashed."""
    import signal

    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        if -code == signal.SIGKILL:  # not ours (we kill only once we stop waiting): the kernel
            reason = f"parse stopped (killed, out of memory) within {budget.memory_mb} MB"
            return _too_heavy(reason, front)
        if -code == signal.SIGXCPU:
            return _too_heavy(f"parse stopped after {budget.seconds:g} s of CPU", front)
        return CorruptPdf(f"damaged PDF: the parser crashed on it ({name})")
    if code is None:
        return CorruptPdf("damaged PDF: the parser stopped on it")
    return CorruptPdf(f"damaged PDF: the parser stopped on it (exit status {code})")

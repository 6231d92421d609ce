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
interpreter to start), else from multiprocessing's fork server, started once per process
with PyMuPDF and the parser already imported (the app: a fork costs milliseconds, and
a server that dies is started again on the next parse).
"""

from __future__ import annotations

import contextlib
import json
import math
import multiprocessing
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from tui.pdf import cache
from tui.pdf.document import FILE_MB, check_file, check_header
from tui.pdf.errors import (
    Cancelled,
    CorruptPdf,
    EncryptedPdf,
    NotAPdf,
    NoTextLayer,
    PdfError,
    TooHeavy,
)
from tui.pdf.model import Document
from tui.textsafe import repair

MAX_MESSAGE = 256 << 20
"""The largest answer a child may send (a 500-page paper's JSON is a few MB)."""

_POLL = 0.05  # seconds between looks at cancel() and the deadline
_ERRORS: dict[str, type[PdfError]] = {
    cls.__name__: cls for cls in (NotAPdf, EncryptedPdf, NoTextLayer, CorruptPdf, PdfError)
}
_PRELOAD = ["__main__", "pymupdf", "tui.pdf.parse", "tui.pdf.sandbox"]
_server_lock = threading.Lock()


@dataclass(frozen=True)
class Budget:
    """How much one parse may take: wall-clock seconds, MB of memory, MB of file."""

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
            seconds=_positive(env.get("WINNOW_PARSE_SECONDS"), base.seconds, float),
            memory_mb=int(_positive(env.get("WINNOW_PARSE_MB"), base.memory_mb, int)),
            file_mb=int(_positive(env.get("WINNOW_PDF_FILE_MB"), base.file_mb, int)),
        )

    @property
    def key(self) -> str:
        return f"{self.seconds:g}s-{self.memory_mb}mb"


def _positive(text: str | None, default: float, kind: type) -> float:
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


def _context() -> Any:
    """A fork of this process when that is safe (one thread, not macOS), else the server."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and sys.platform != "darwin" and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        with _server_lock:
            context.set_forkserver_preload(_PRELOAD)
        return context
    return multiprocessing.get_context("spawn")


def warm() -> None:
    """Start the fork server now (in a thread, say) so the first parse does not wait for it."""
    context = _context()
    if context.get_start_method() == "forkserver":
        from multiprocessing import forkserver

        with _server_lock, _real_stderr():
            forkserver.ensure_running()


@contextlib.contextmanager
def _real_stderr() -> Iterator[None]:
    """The process's own stderr while a helper process starts: multiprocessing passes its
    descriptor on, and a TUI's stand-in for ``sys.stderr`` has none (``fileno()`` is -1)."""
    shown = sys.stderr
    real = sys.__stderr__
    try:
        ok = shown is not None and shown.fileno() >= 0
    except (OSError, ValueError, AttributeError):
        ok = False
    if not ok and real is not None:
        sys.stderr = real
    try:
        yield
    finally:
        sys.stderr = shown


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
    context = _context()
    receiver, sender = context.Pipe(duplex=False)
    request = {
        "path": str(path),
        "digest": digest,
        "max_pages": max_pages,
        "front": on_front is not None,
        "memory_mb": budget.memory_mb,
        "cpu_seconds": math.ceil(budget.seconds) + 2,
        "quiet": not os.environ.get("WINNOW_DEBUG"),
    }
    child = context.Process(target=child_main, args=(sender, request), daemon=True)
    for stream in (sys.stdout, sys.stderr):  # a forked child must not repeat buffered output
        with contextlib.suppress(OSError, ValueError, AttributeError):
            stream.flush()
    asked = time.monotonic()
    with _server_lock, _real_stderr():  # the fork server is started (once) under the lock
        child.start()
    sender.close()
    deadline = started + budget.seconds
    front: Document | None = None
    try:
        while True:
            if cancel is not None and cancel():
                raise Cancelled()
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise _too_heavy(f"parse stopped after {budget.seconds:g} s", front)
            if not receiver.poll(min(_POLL, remaining)):
                continue
            try:
                message = json.loads(receiver.recv_bytes(MAX_MESSAGE))
            except EOFError:
                break  # the child is gone without a last word: see below
            except (OSError, ValueError):
                raise CorruptPdf("the PDF's parse sent back an unreadable answer") from None
            kind = message.get("kind")
            if kind == "started":
                stats.start_ms = (time.monotonic() - asked) * 1000
            elif kind == "front":
                front = _document(message["doc"], path)
                stats.front_ms = (time.monotonic() - started) * 1000
                if on_front is not None:
                    on_front(front)
            elif kind == "done":
                stats.child_peak_mb = message.get("peak_mb")
                return _document(message["doc"], path)
            elif kind == "memory":
                raise _too_heavy(f"parse stopped at {budget.memory_mb} MB", front)
            elif kind == "error":
                cls = _ERRORS.get(message.get("error", ""), PdfError)
                raise cls(str(message.get("message", "the PDF could not be read"))[:300])
        child.join(1.0)
        raise _crashed(child.exitcode, front, budget)
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join(2.0)


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
        if -code == signal.SIGKILL:  # not ours (we kill only after we stop waiting): the OOM killer
            return _too_heavy(
                f"parse stopped (killed, out of memory) within {budget.memory_mb} MB", front
            )
        if -code == signal.SIGXCPU:
            return _too_heavy(f"parse stopped after {budget.seconds:g} s of CPU", front)
        return CorruptPdf(f"damaged PDF: the parser crashed on it ({name})")
    return CorruptPdf(f"damaged PDF: the parser stopped on it (exit status {code})")


# ---------------------------------------------------------------- the child's side


def child_main(conn: Any, request: dict[str, Any]) -> None:
    """Entry point of the parse child (a top-level function, so a fork server can run it)."""
    outcome: dict[str, Any] | None = None
    try:
        import pymupdf  # noqa: F401  (loaded before the limit: its libraries count in the base)

        import tui.pdf.parse  # noqa: F401

        _limit(request["memory_mb"], request["cpu_seconds"])
        if request.get("quiet"):
            _silence()
        _send(conn, {"kind": "started"})
        _parse_in_child(conn, request)
    except MemoryError:
        outcome = {"kind": "memory"}
    except PdfError as error:
        outcome = {"kind": "error", "error": type(error).__name__, "message": str(error)}
    except Exception as error:  # MuPDF out of memory, or a bug: one line either way
        if _out_of_memory(error):
            outcome = {"kind": "memory"}
        else:
            text = " ".join(str(error).split())[:200]
            message = f"the parser failed on this PDF: {type(error).__name__}: {text}"
            outcome = {"kind": "error", "error": "PdfError", "message": message}
    # outside the handlers: the failed parse's frames (and their memory) are released
    if outcome is not None:
        _send(conn, outcome)
    conn.close()


def _parse_in_child(conn: Any, request: dict[str, Any]) -> None:
    import pymupdf

    from tui.pdf.damage import inspect
    from tui.pdf.document import open_pdf
    from tui.pdf.parse import parse_pdf

    path = Path(request["path"])
    max_pages = int(request["max_pages"])
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
                front = parse_pdf(path, use_cache=False, max_pages=1)
            except PdfError:
                pass  # no text on page 1 (a cover image): the whole parse will say
            else:
                _send(conn, {"kind": "front", "doc": replace(front, warnings=()).to_cache()})
        doc = parse_pdf(path, use_cache=False, max_pages=pages)
    except NoTextLayer:
        if damage:
            raise damage.fatal() from None
        raise
    doc = replace(damage.apply(doc), sha256=request["digest"])
    _send(conn, {"kind": "done", "doc": doc.to_cache(), "peak_mb": _peak_mb()})


def _send(conn: Any, message: dict[str, Any]) -> None:
    with contextlib.suppress(OSError, ValueError):  # the parent is gone or stopped listening
        conn.send_bytes(json.dumps(message).encode())


def _limit(memory_mb: int, cpu_seconds: int) -> None:
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


def _silence() -> None:
    """MuPDF and the interpreter say nothing on the user's terminal from the child."""
    import faulthandler

    faulthandler.disable()  # a crash is reported by the parent, in one line
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 2)
        os.dup2(null, 1)
        os.close(null)
    except OSError:
        pass


def _out_of_memory(error: BaseException) -> bool:
    """MuPDF's failed allocations, and a C extension's NULL return with no exception set."""
    text = str(error).lower()
    words = ("malloc", "out of memory", "cannot allocate", "failed to map", "exception set")
    return isinstance(error, (SystemError, MemoryError)) or any(w in text for w in words)

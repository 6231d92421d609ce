"""Where a parse (or figure) child comes from: a fork of the caller, or a server.

* **Forked** — a single-threaded caller (the CLI) forks itself: no second interpreter to
  start, the child answers on a pipe.
* **Served** — a threaded caller (the app) must not fork itself, so it asks a server:
  ``python -c "…serve(role)"`` (tui/pdf/serving.py) started once, with PyMuPDF and the
  parser already imported, which forks one child per request and relays the child's
  frames to the caller, then the child's exit status. A server that died is started again.
  A server serves one request at a time, so there are two: ``SERVER`` for parses (started
  in the app's warm-up) and ``FIGURES`` for figures (started with the first parse, whose
  figures come next), so a figure never waits behind a 30-second parse.

No multiprocessing: nothing re-imports the caller's ``__main__``, no resource tracker.
Both give a :class:`Handle`: ``poll``, ``recv`` (None once the child is gone; ``status``
is then its exit status, negative for a signal), ``kill``, ``close``.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tui.pdf import frames

_POLL = 0.05  # seconds between looks at cancel() and the deadline
_SERVE = "from tui.pdf.serving import serve; serve({role!r})"


class Handle:
    """One parse child, seen from the caller."""

    status: int | None = None

    def poll(self, timeout: float) -> bool:
        raise NotImplementedError

    def recv(self) -> dict[str, Any] | None:
        raise NotImplementedError

    def kill(self) -> None:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def receive(self, deadline: float, cancel: Callable[[], bool] | None) -> dict[str, Any] | None:
        """The child's next frame (None once it is gone), waited for up to ``deadline``
        (``time.monotonic``) while ``cancel()`` stays False. Raises Cancelled, TimeoutError
        past the deadline, :class:`frames.BadFrame` for an unreadable frame."""
        from tui.pdf.errors import Cancelled

        while True:
            if cancel is not None and cancel():
                raise Cancelled()
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError
            if self.poll(min(_POLL, remaining)):
                try:
                    return self.recv()
                except OSError:
                    raise frames.BadFrame("unreadable") from None


def can_fork() -> bool:
    """Forking the caller is safe: it runs one thread (and the platform has fork)."""
    return hasattr(os, "fork") and threading.active_count() == 1


def start(
    request: dict[str, Any],
    wait: float = 30.0,
    *,
    server: Server | None = None,
    cancel: Callable[[], bool] | None = None,
) -> Handle:
    """A child for ``request``, from ``server`` (the parse server unless named) when the
    caller cannot fork; ``wait`` is how long to wait for a busy server, ``cancel`` stops
    that wait (:class:`~tui.pdf.errors.Cancelled`)."""
    if can_fork():
        return _spare_for(request) or Forked(request)
    if server is None:  # the app's first paper: its figures come next, let them not wait
        FIGURES.ensure()
    return (server or SERVER).start(request, wait, cancel)


def warm() -> None:
    """Start the parse server now, so the first parse does not wait for it (non-blocking)."""
    if not can_fork():
        SERVER.ensure()


def warm_figures() -> None:
    """Start the figure server now (non-blocking): the app's warm-up does, once its imports
    are done, so the first paper's parse and figure do not share the CPU with its start."""
    if not can_fork():
        FIGURES.ensure()


# ---------------------------------------------------------------- a fork of the caller

_SPARE: Forked | None = None


def prefork() -> None:
    """A single-threaded caller about to parse (the CLI's ``sections``, ``read``): a child
    forked now loads PyMuPDF and the parser (~150 ms) while the caller resolves the paper,
    hashes it and looks in the parse cache; the next :func:`start` hands it the request."""
    global _SPARE
    if _SPARE is None and can_fork():
        _SPARE = Forked(None)


def discard_spare() -> None:
    """Stop a spare child no request came for (the paper was in the cache, or refused)."""
    global _SPARE
    spare, _SPARE = _SPARE, None
    if spare is not None:
        spare.close()


def _spare_for(request: dict[str, Any]) -> Forked | None:
    global _SPARE
    spare, _SPARE = _SPARE, None
    if spare is None:
        return None
    try:
        spare.send(request)
    except OSError:  # it died meanwhile: a fresh fork does the work
        spare.close()
        return None
    return spare


class Forked(Handle):
    def __init__(self, request: dict[str, Any] | None) -> None:
        """A fork that answers ``request``; with None, a spare that loads the parser at once
        and then waits for its request (:meth:`send`)."""
        from tui.pdf import child

        for stream in (sys.stdout, sys.stderr):  # a forked child must not repeat output
            with contextlib.suppress(OSError, ValueError, AttributeError):
                stream.flush()
        self._r, w = os.pipe()
        asked, self._ask = os.pipe() if request is None else (-1, -1)
        self.pid = os.fork()
        if self.pid == 0:  # the child: answer, then leave without running the caller's exit
            code = 70  # EX_SOFTWARE: the child failed without a word (the parent says so)
            try:
                os.close(self._r)
                if request is None:
                    os.close(self._ask)
                    request = child.wait_for_request(asked)
                if request is not None:  # else the caller went without asking
                    child.run(w, request)
                code = 0
            finally:
                os._exit(code)
        os.close(w)
        if asked >= 0:
            os.close(asked)

    def send(self, request: dict[str, Any]) -> None:
        """A spare's request (once)."""
        try:
            frames.write_raw(self._ask, json.dumps(request).encode())  # a dead spare: OSError
        finally:
            os.close(self._ask)
            self._ask = -1

    def poll(self, timeout: float) -> bool:
        return frames.ready(self._r, timeout)

    def recv(self) -> dict[str, Any] | None:
        message = frames.read(self._r)
        if message is None:
            self._reap(block=True)
        return message

    def kill(self) -> None:
        if self.status is None:
            with contextlib.suppress(OSError):
                os.kill(self.pid, signal.SIGKILL)

    def close(self) -> None:
        self.kill()
        self._reap(block=True)
        for fd in (self._r, self._ask):
            with contextlib.suppress(OSError):
                if fd >= 0:
                    os.close(fd)
        self._ask = -1

    def _reap(self, *, block: bool) -> None:
        if self.status is not None:
            return
        with contextlib.suppress(ChildProcessError):
            pid, status = os.waitpid(self.pid, 0 if block else os.WNOHANG)
            if pid:
                self.status = os.waitstatus_to_exitcode(status)


# ---------------------------------------------------------------- the parse server


class Server:
    """The caller's side of a server (``role``: "parse" or "figure"): one request at a
    time, under a lock."""

    def __init__(self, role: str = "parse") -> None:
        self.role = role
        self._proc: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()  # guards _proc
        self.busy = threading.Lock()  # held by the request being served

    def ensure(self) -> subprocess.Popen[bytes]:
        with self._lock:
            if self._proc is None or self._proc.poll() is not None:
                self._proc = _spawn_server(self.role)
            return self._proc

    def drop(self, proc: subprocess.Popen[bytes]) -> None:
        """The server misbehaved or died: stop it; the next request starts another."""
        with self._lock:
            if self._proc is proc:
                self._proc = None
        with contextlib.suppress(OSError):
            proc.kill()
        with contextlib.suppress(subprocess.TimeoutExpired, OSError):
            proc.wait(2)
        for pipe in (proc.stdin, proc.stdout):
            with contextlib.suppress(OSError):
                if pipe is not None:
                    pipe.close()

    def start(
        self, request: dict[str, Any], wait: float, cancel: Callable[[], bool] | None = None
    ) -> Handle:
        """Send ``request``; the handle once the server says which child serves it. A server
        that does not answer (it died, or was killed) is replaced once."""
        from tui.pdf.errors import PdfError

        deadline = time.monotonic() + max(wait, 0.1)
        self._acquire(deadline, cancel)
        try:
            for _attempt in range(2):
                proc = self.ensure()
                assert proc.stdin is not None and proc.stdout is not None
                try:
                    frames.write_raw(proc.stdin.fileno(), json.dumps(request).encode())
                    fd = proc.stdout.fileno()
                    if frames.ready(fd, deadline - time.monotonic()):
                        answer = frames.read(fd)
                        if answer is not None and answer.get("kind") == "pid":
                            return Served(self, proc, int(answer["pid"]))
                except (OSError, ValueError, frames.BadFrame):
                    pass
                self.drop(proc)
            raise PdfError(f"the PDF {self._what} could not be started")
        except BaseException:
            self.busy.release()
            raise

    @property
    def _what(self) -> str:
        return "figure renderer" if self.role == "figure" else "parser"

    def _acquire(self, deadline: float, cancel: Callable[[], bool] | None) -> None:
        """The server to ourselves, before ``deadline``; a ``cancel()`` that turns True
        stops the wait."""
        from tui.pdf.errors import Cancelled, PdfError

        while True:
            left = deadline - time.monotonic()
            if self.busy.acquire(timeout=max(min(left, 0.05 if cancel else left), 0.0)):
                return
            if cancel is not None and cancel():
                raise Cancelled()
            if left <= 0:
                busy = "another figure" if self.role == "figure" else "another paper"
                raise PdfError(f"the PDF {self._what} is busy with {busy}; try again")


class Served(Handle):
    def __init__(self, server: Server, proc: subprocess.Popen[bytes], pid: int) -> None:
        self._server, self._proc, self.pid = server, proc, pid
        assert proc.stdout is not None
        self._fd = proc.stdout.fileno()
        self._done = self._killed = False

    def poll(self, timeout: float) -> bool:
        return frames.ready(self._fd, timeout)

    def recv(self) -> dict[str, Any] | None:
        try:
            message = frames.read(self._fd)
        except (OSError, frames.BadFrame):
            message = None
        if message is None:  # the server itself is gone
            self._finish(broken=True)
            return None
        if message.get("kind") == "exit":
            self.status = int(message["status"])
            self._finish(broken=False)
            return None
        return message

    def kill(self) -> None:
        """Asked of the server, which kills the child before it reaps it (a pid is never
        signalled after it could have been reused)."""
        if not self._done and not self._killed:
            self._killed = True
            assert self._proc.stdin is not None
            with contextlib.suppress(OSError, ValueError):
                frames.write_raw(self._proc.stdin.fileno(), b'{"kind": "kill"}')

    def close(self) -> None:
        if self._done:
            return
        self.kill()
        deadline = time.monotonic() + 5.0
        while not self._done:  # read up to the exit frame, so the next request starts clean
            if time.monotonic() > deadline or not self.poll(deadline - time.monotonic()):
                self._finish(broken=True)
                break
            if self.recv() is None:
                break

    def _finish(self, *, broken: bool) -> None:
        if self._done:
            return
        self._done = True
        if broken:
            self._server.drop(self._proc)
        self._server.busy.release()


SERVER = Server("parse")
FIGURES = Server("figure")


def python_env() -> dict[str, str]:
    """The environment for another interpreter that must import this very ``tui``."""
    package_root = str(Path(__file__).resolve().parents[2])
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH")) if p)
    return env


def _spawn_server(role: str) -> subprocess.Popen[bytes]:
    env = python_env()
    debug = bool(os.environ.get("WINNOW_DEBUG"))
    return subprocess.Popen(
        [sys.executable, "-c", _SERVE.format(role=role)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=None if debug else subprocess.DEVNULL,
        env=env,
        bufsize=0,
        close_fds=True,
        start_new_session=True,  # the terminal's Ctrl+C goes to the app, not to its server
    )

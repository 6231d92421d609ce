"""Where a parse child comes from: a fork of the caller, or the parse server.

* **Forked** — a single-threaded caller (the CLI) forks itself: no second interpreter to
  start, the child answers on a pipe.
* **Served** — a threaded caller (the app) must not fork itself, so it asks its parse
  server: ``python -c "…serve()"`` started once (``warm``), with PyMuPDF and the parser
  already imported, which forks one child per request and relays the child's frames to
  the caller, then the child's exit status. A server that died is started again.

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
from pathlib import Path
from typing import Any

from tui.pdf import frames

_SERVE = "from tui.pdf.workers import serve; serve()"


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


def can_fork() -> bool:
    """Forking the caller is safe: it runs one thread (and the platform has fork)."""
    return hasattr(os, "fork") and threading.active_count() == 1


def start(request: dict[str, Any], wait: float = 30.0) -> Handle:
    """A child for ``request``; ``wait`` is how long to wait for a busy server."""
    if can_fork():
        return Forked(request)
    return SERVER.start(request, wait)


def warm() -> None:
    """Start the parse server now, so the first parse does not wait for it (non-blocking)."""
    if not can_fork():
        SERVER.ensure()


# ---------------------------------------------------------------- a fork of the caller


class Forked(Handle):
    def __init__(self, request: dict[str, Any]) -> None:
        from tui.pdf import child

        for stream in (sys.stdout, sys.stderr):  # a forked child must not repeat output
            with contextlib.suppress(OSError, ValueError, AttributeError):
                stream.flush()
        self._r, w = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:  # the child: answer, then leave without running the caller's exit
            code = 70  # EX_SOFTWARE: the child failed without a word (the parent says so)
            try:
                os.close(self._r)
                child.run(w, request)
                code = 0
            finally:
                os._exit(code)
        os.close(w)

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
        with contextlib.suppress(OSError):
            os.close(self._r)

    def _reap(self, *, block: bool) -> None:
        if self.status is not None:
            return
        with contextlib.suppress(ChildProcessError):
            pid, status = os.waitpid(self.pid, 0 if block else os.WNOHANG)
            if pid:
                self.status = os.waitstatus_to_exitcode(status)


# ---------------------------------------------------------------- the parse server


class Server:
    """The caller's side of the parse server: one request at a time, under a lock."""

    def __init__(self) -> None:
        self._proc: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()  # guards _proc
        self.busy = threading.Lock()  # held by the request being served

    def ensure(self) -> subprocess.Popen[bytes]:
        with self._lock:
            if self._proc is None or self._proc.poll() is not None:
                self._proc = _spawn_server()
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

    def start(self, request: dict[str, Any], wait: float) -> Handle:
        """Send ``request``; the handle once the server says which child serves it. A server
        that does not answer (it died, or was killed) is replaced once."""
        from tui.pdf.errors import PdfError

        deadline = time.monotonic() + max(wait, 0.1)
        if not self.busy.acquire(timeout=max(wait, 0.1)):
            raise PdfError("the PDF parser is busy with another paper; try again")
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
            raise PdfError("the PDF parser could not be started")
        except BaseException:
            self.busy.release()
            raise


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


SERVER = Server()


def _spawn_server() -> subprocess.Popen[bytes]:
    package_root = str(Path(__file__).resolve().parents[2])  # so the server imports this tui
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH")) if p)
    debug = bool(os.environ.get("WINNOW_DEBUG"))
    return subprocess.Popen(
        [sys.executable, "-c", _SERVE],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=None if debug else subprocess.DEVNULL,
        env=env,
        bufsize=0,
        close_fds=True,
        start_new_session=True,  # the terminal's Ctrl+C goes to the app, not to its server
    )


def serve() -> None:
    """The parse server's loop: a request in, a forked child, its frames out, its status."""
    import pymupdf  # noqa: F401  (imported once here, so a child starts in milliseconds)

    import tui.pdf.child  # noqa: F401
    import tui.pdf.parse  # noqa: F401

    _first_use()
    requests, answers = 0, os.dup(1)
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, 1)  # nothing printed by accident can corrupt the answers
    while True:
        try:
            request = frames.read(requests, timeout=3600.0)
        except (OSError, frames.BadFrame):
            return
        if request is None:
            return  # the caller is gone
        # a "kill" that came after its child ended is dropped
        if request.get("kind") != "kill" and not _serve_one(request, requests, answers):
            return


def _first_use() -> None:
    """Parse a small generated page once, so MuPDF's and the parser's first-use work (fonts,
    tables, compiled patterns) is done here and every child inherits it."""
    import tempfile

    import pymupdf

    from tui.pdf.parse import parse_pdf

    with contextlib.suppress(Exception), tempfile.TemporaryDirectory() as folder:
        doc = pymupdf.open()
        page = doc.new_page()
        page.insert_text((72, 72), "Warm Up", fontsize=18)
        page.insert_text((72, 100), "Abstract. " + "A line of text for the parser. " * 8)
        page.insert_text((72, 130), "1 Introduction", fontsize=12)
        path = Path(folder) / "warm.pdf"
        doc.save(path)
        parse_pdf(path, use_cache=False)


def _serve_one(request: dict[str, Any], requests: int, answers: int) -> bool:
    """Fork a child for ``request`` and relay its frames, until it ends or the caller says
    "kill"; then its exit status. False when the caller is gone."""
    import select

    from tui.pdf import child

    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        code = 70  # EX_SOFTWARE: the child failed without a word (the parent says so)
        try:
            os.close(r)
            os.close(answers)
            child.run(w, request)
            code = 0
        finally:
            os._exit(code)
    os.close(w)
    caller = True
    try:
        frames.send(answers, {"kind": "pid", "pid": pid})
        while True:
            ready = select.select([r, requests], [], [])[0]
            if requests in ready:
                word = frames.read(requests)
                if word is None:
                    caller = False
                    break
                if word.get("kind") == "kill":
                    break
                continue
            payload = frames.read_raw(r)
            if payload is None:
                break
            frames.write_raw(answers, payload)
    except (OSError, frames.BadFrame):
        pass
    finally:
        os.close(r)
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)  # not yet reaped: this pid is still the child's
        _, status = os.waitpid(pid, 0)
    frames.send(answers, {"kind": "exit", "status": os.waitstatus_to_exitcode(status)})
    return caller

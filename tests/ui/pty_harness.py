"""Run a terminal program in a real pseudo-terminal and read its screen as text.

For the tests and benchmarks where timing is the point: the first frame, a key pressed
just after it, key press to repaint. The program's output is kept whole; ``text()`` is it
with the escape sequences taken out, which is enough to find a line of the app's text.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import re
import select
import signal
import struct
import termios
import time

_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: cursor moves, colours, modes
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC: titles, clipboard
    r"|\x1bP[^\x1b]*\x1b\\"  # DCS
    r"|\x1b[@-Z\\-_=>]"  # two-byte escapes
)
# Queries a terminal answers (device attributes, cell size): programs wait for the answer.
_QUERIES = (b"\x1b[c", b"\x1b[>c", b"\x1b[16t", b"\x1b[14t")


class PtyApp:
    """``argv`` in a ``columns`` x ``rows`` pty; ``started`` is when it was spawned."""

    def __init__(self, argv: list[str], env: dict[str, str], size: tuple[int, int] = (80, 24)):
        columns, rows = size
        self.started = time.perf_counter()
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: the size is set before the program looks at it
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
                os.execvpe(argv[0], argv, env)
            finally:
                os._exit(127)
        self.output = b""

    def pump(self, timeout: float) -> bool:
        """Read what arrives within ``timeout`` s; False once the program has gone."""
        ready, _, _ = select.select([self.fd], [], [], max(timeout, 0))
        if not ready:
            return True
        try:
            chunk = os.read(self.fd, 65536)
        except OSError:
            return False
        if not chunk:
            return False
        if any(query in chunk for query in _QUERIES):
            os.write(self.fd, b"\x1b[?62;22c")  # a VT220 with no graphics
        self.output += chunk
        return True

    def text(self, since: int = 0) -> str:
        """The output from byte ``since`` on, without escape sequences."""
        return _SEQUENCE.sub("", self.output[since:].decode("utf-8", "replace"))

    def wait_for(self, marker: str, timeout: float = 30.0, since: int = 0) -> float:
        """perf_counter() when ``marker`` first shows in the output after byte ``since``."""
        end = time.perf_counter() + timeout
        while time.perf_counter() < end:
            if marker in self.text(since):
                return time.perf_counter()
            if not self.pump(min(0.02, end - time.perf_counter())):
                break
        if marker in self.text(since):
            return time.perf_counter()
        raise TimeoutError(f"{marker!r} never showed; last output: {self.text()[-400:]!r}")

    def drain(self, quiet: float, limit: float = 3.0) -> None:
        """Read until nothing arrives for ``quiet`` seconds (or ``limit`` seconds pass: a
        clock on screen repaints every second)."""
        end = time.perf_counter() + limit
        while time.perf_counter() < end and select.select([self.fd], [], [], quiet)[0]:
            if not self.pump(0):
                return

    def write(self, data: bytes) -> float:
        os.write(self.fd, data)
        return time.perf_counter()

    def close(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        os.close(self.fd)

    def __enter__(self) -> PtyApp:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

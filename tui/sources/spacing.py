"""At most one arXiv request every ``interval`` seconds across every winnow process.

The time of the last request lives in a small file under the cache dir,
guarded by a file lock. A process takes the lock, waits out the rest of the
interval, stamps the file and lets go, so two panes of tmux searching at once
queue up instead of both hitting arXiv. A Retry-After from arXiv pushes the
stamp into the future, so every process backs off.
"""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path

from filelock import FileLock, Timeout

from tui import paths


class SpacingBusy(Exception):
    """The lock could not be had in time (many processes queued up)."""


class Spacer:
    def __init__(self, interval: float, stamp_file: Path | None = None) -> None:
        self.interval = interval
        self.stamp_file = stamp_file or paths.cache_dir() / "arxiv-last-request"
        self._lock = FileLock(str(self.stamp_file) + ".lock")

    def _read(self) -> float:
        try:
            return float(self.stamp_file.read_text().strip() or 0)
        except (OSError, ValueError):
            return 0.0

    def _write(self, when: float) -> None:
        paths.ensure(self.stamp_file.parent)
        temp = self.stamp_file.with_name(f".{self.stamp_file.name}.{os.getpid()}")
        temp.write_text(f"{when:.6f}")
        os.replace(temp, self.stamp_file)

    def wait_turn(self, max_wait: float | None = None) -> float:
        """Block until this process may send the next request; return the seconds waited.

        Raises :class:`SpacingBusy` when the turn would come later than ``max_wait``.
        """
        if self.interval <= 0:
            return 0.0
        paths.ensure(self.stamp_file.parent)
        started = time.time()
        limit = -1 if max_wait is None else max(max_wait, 0.01)
        try:
            with self._lock.acquire(timeout=limit):
                now = time.time()
                last = self._read()
                if last > now + max(self.interval, 3600):  # a clock that jumped back
                    last = 0.0
                wait = last + self.interval - now
                if max_wait is not None and now - started + wait > max_wait:
                    raise SpacingBusy(f"next arXiv request allowed in {wait:.0f} s")
                if wait > 0:
                    time.sleep(wait)
                self._write(time.time())
        except Timeout:
            raise SpacingBusy("other winnow processes are queued for arXiv") from None
        return time.time() - started

    def defer(self, seconds: float) -> None:
        """Hold every process off for ``seconds`` (arXiv asked us to back off)."""
        with contextlib.suppress(Timeout, OSError), self._lock.acquire(timeout=5):
            until = time.time() + seconds - self.interval
            if until > self._read():
                self._write(until)

"""Store writes off the event loop: one thread runs them one at a time, in the order asked.

A key never waits on the disk (issue 10.2): an action hands its store call to
:meth:`Writes.run` and goes on; the call runs in the writer thread, and what it returned
(or the error it raised) comes back through ``deliver`` — a thread-safe hand-off to the
event loop (the screen posts itself a message). Edits typed key by key go through
:meth:`Writes.later`: one pending write per *slot* (a note field, a reading position),
its value replaced by each new keystroke, run ``delay`` seconds after the first one not
yet written — at most one write per slot per ``delay`` — or at once on :meth:`flush`
(leaving the field, closing the editor, quitting).

No Textual here: the writer is plain threads, tested on its own.
"""

from __future__ import annotations

import contextvars
import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tui.errors import StoreError, WinnowError

Deliver = Callable[[Callable[[], None]], None]
"""Hands a callback to the event loop, from any thread, without waiting."""

log = logging.getLogger(__name__)


@dataclass
class Job:
    change: Callable[[], Any]
    done: Callable[[Any], None] | None = None
    failed: Callable[[WinnowError], None] | None = None
    due: float = 0.0


class Writes:
    """The window's writer: a FIFO of store calls, and coalescing slots for typed edits."""

    def __init__(self, deliver: Deliver) -> None:
        self._deliver = deliver
        self._cond = threading.Condition()
        self._ready: deque[Job] = deque()
        self._slots: dict[str, Job] = {}
        self._busy = False
        self._closed = False
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------ asking

    def run(
        self,
        change: Callable[[], Any],
        done: Callable[[Any], None] | None = None,
        failed: Callable[[WinnowError], None] | None = None,
    ) -> None:
        """Run ``change`` after every write asked before it; then ``done(result)`` or
        ``failed(error)`` on the event loop."""
        self._put(None, Job(change, done, failed))

    def later(
        self,
        slot: str,
        change: Callable[[], Any],
        *,
        delay: float,
        done: Callable[[Any], None] | None = None,
        failed: Callable[[WinnowError], None] | None = None,
    ) -> None:
        """Like :meth:`run`, coalesced: a write for ``slot`` that has not started yet is
        replaced by this one (and keeps its turn); a new one waits ``delay`` seconds."""
        self._put(slot, Job(change, done, failed, due=time.monotonic() + delay))

    def flush(self, slot: str | None = None) -> None:
        """Pending writes of ``slot`` (of every slot when None) run now, in turn."""
        with self._cond:
            for name, job in self._slots.items():
                if slot is None or name == slot:
                    job.due = 0.0
            self._cond.notify_all()

    def pending(self, slot: str) -> bool:
        """A write for ``slot`` waits for its time (not yet started)."""
        with self._cond:
            return slot in self._slots

    def drop(self, slot: str) -> None:
        """Forget the pending write of ``slot`` (it would be refused anyway)."""
        with self._cond:
            self._slots.pop(slot, None)

    @property
    def idle(self) -> bool:
        with self._cond:
            return not (self._ready or self._slots or self._busy)

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Block until every write asked so far has run (pending slots flushed first)."""
        self.flush()
        end = time.monotonic() + timeout
        with self._cond:
            while self._ready or self._slots or self._busy:
                left = end - time.monotonic()
                if left <= 0:
                    return False
                self._cond.wait(left)
        return True

    def close(self, timeout: float = 10.0) -> bool:
        """Run what is pending now, then stop the thread; False if it did not finish in
        ``timeout`` seconds (a store lock held elsewhere)."""
        self.flush()
        with self._cond:
            self._closed = True
            self._cond.notify_all()
            thread = self._thread
        if thread is None:
            return True
        thread.join(timeout)
        return not thread.is_alive()

    # ------------------------------------------------------------ the thread

    def _put(self, slot: str | None, job: Job) -> None:
        with self._cond:
            if self._closed:
                raise StoreError("the window is closing: nothing more is written")
            if slot is None:
                self._ready.append(job)
            elif (waiting := self._slots.get(slot)) is not None:
                job.due = min(job.due, waiting.due)
                self._slots[slot] = job
            else:
                self._slots[slot] = job
            if self._thread is None:
                context = contextvars.copy_context()  # the app's context, for its messages
                self._thread = threading.Thread(
                    target=context.run, args=(self._loop,), name="winnow-writes", daemon=True
                )
                self._thread.start()
            self._cond.notify_all()

    def _next(self) -> Job | None:
        with self._cond:
            while True:
                now = time.monotonic()
                for name, job in list(self._slots.items()):
                    if job.due <= now:
                        self._ready.append(job)
                        del self._slots[name]
                if self._ready:
                    self._busy = True
                    return self._ready.popleft()
                if self._closed and not self._slots:
                    return None
                wait = min((j.due for j in self._slots.values()), default=now + 60) - now
                self._cond.wait(max(wait, 0.001))

    def _loop(self) -> None:
        while (job := self._next()) is not None:
            try:
                self._one(job)
            finally:
                with self._cond:
                    self._busy = False
                    self._cond.notify_all()

    def _one(self, job: Job) -> None:
        try:
            result = job.change()
        except WinnowError as error:
            if job.failed is not None:
                self._hand(job.failed, error)
            return
        except Exception as error:  # a bug must not stop every later write
            log.exception("store write failed")
            if job.failed is not None:
                self._hand(job.failed, StoreError(f"{type(error).__name__}: {error}"))
            return
        if job.done is not None:
            self._hand(job.done, result)

    def _hand(self, callback: Callable[[Any], None], value: Any) -> None:
        try:
            self._deliver(lambda: callback(value))
        except Exception:  # the window is gone: nobody to tell
            log.debug("result of a write not delivered", exc_info=True)

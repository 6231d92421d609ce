"""At most one arXiv request every ``interval`` seconds from this machine, whoever sends it.

arXiv counts requests per address, so the turn is taken machine-wide: the time of the
last request lives in one small stamp file, locked (``flock``) while a process takes its
turn. A process takes the lock, reads the stamp, and either stamps the file and goes or
lets go and sleeps out the rest of the interval; once its request has gone out it stamps
that moment again, so connection set-up cannot shrink the gap arXiv sees. Every winnow —
any tmux pane, any ``WINNOW_HOME``, ideally any user — queues up instead of hitting arXiv
at once. A Retry-After from arXiv pushes the stamp into the
future, so every process backs off.

Where the stamp lives, the first place that works (never inside ``WINNOW_HOME``):

1. ``$WINNOW_SPACING_DIR``, when set (a site's own choice; the tests' isolation);
2. machine-wide: ``<temp dir>/winnow-arxiv``, world-writable and sticky like ``/tmp``
   itself, the stamp file mode 0666 so every user's winnow can take the lock;
3. per user: ``$XDG_RUNTIME_DIR/winnow``, else ``<temp dir>/winnow-<uid>`` (0700), when the
   shared place cannot be used (someone made it with other modes, it is a symlink, the
   temp dir is read-only);
4. the cache dir, last.

A shared file is opened without following symlinks and must be a regular file; what
another user can do through it is bounded: a stamp further ahead than :data:`MAX_DEFER`
is ignored, and a lock held too long ends the wait with :class:`SpacingBusy`.
"""

from __future__ import annotations

import contextlib
import math
import os
import stat
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from tui import paths

try:
    import fcntl
except ImportError:  # pragma: no cover - not a POSIX system: a per-user file lock instead
    fcntl = None  # type: ignore[assignment]

STAMP = "arxiv-last-request"
SHARED_DIR = "winnow-arxiv"
MAX_DEFER = 900.0  # seconds: the longest back-off honoured (and believed from the stamp)
_POLL = 0.02


class SpacingBusy(Exception):
    """The lock could not be had in time (many processes queued up, or one holds it)."""


def _shared_dir() -> Path:
    """The machine-wide folder, made world-writable and sticky; OSError when unusable."""
    folder = Path(tempfile.gettempdir()) / SHARED_DIR
    with contextlib.suppress(FileExistsError):
        os.mkdir(folder, 0o700)
        os.chmod(folder, 0o1777)  # past the umask: every user may add files, none remove others'
    info = os.lstat(folder)
    if not stat.S_ISDIR(info.st_mode):
        raise OSError(f"{folder} is not a folder")
    if stat.S_IMODE(info.st_mode) & 0o1777 != 0o1777:
        if info.st_uid != os.getuid():
            raise OSError(f"{folder} is not shared")
        os.chmod(folder, 0o1777)
    return folder


def _private_dir() -> Path:
    """The per-user folder: the runtime dir, else a 0700 folder of our own in the temp dir."""
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and os.path.isdir(runtime) and os.stat(runtime).st_uid == os.getuid():
        return paths.ensure(Path(runtime) / "winnow")
    folder = Path(tempfile.gettempdir()) / f"winnow-{os.getuid()}"
    with contextlib.suppress(FileExistsError):
        os.mkdir(folder, 0o700)
    info = os.lstat(folder)
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
        raise OSError(f"{folder} is not ours")
    if stat.S_IMODE(info.st_mode) & 0o077:
        os.chmod(folder, 0o700)
    return folder


def candidates() -> Iterator[tuple[Path, bool]]:
    """Where the stamp may live, best first, each with whether it is shared between users."""
    if chosen := os.environ.get("WINNOW_SPACING_DIR"):
        yield paths.ensure(Path(chosen)), False
        return
    if fcntl is not None and hasattr(os, "getuid"):
        with contextlib.suppress(OSError):
            yield _shared_dir(), True
        with contextlib.suppress(OSError):
            yield _private_dir(), False
    yield paths.ensure(paths.cache_dir()), False


def _open(path: Path, shared: bool) -> int:
    """The stamp file, opened read-write without following a symlink; a regular file only."""
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags | getattr(os, "O_NONBLOCK", 0), 0o666 if shared else 0o600)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(f"{path} is not a regular file")
        if shared and info.st_uid == os.getuid() and stat.S_IMODE(info.st_mode) != 0o666:
            os.fchmod(fd, 0o666)  # past the umask, so every user's winnow can take the lock
    except OSError:
        os.close(fd)
        raise
    return fd


class Spacer:
    """Turns for arXiv requests, shared by every process that finds the same stamp file."""

    def __init__(self, interval: float, stamp_file: Path | None = None) -> None:
        self.interval = interval
        self._chosen = stamp_file
        self.stamp_file: Path | None = stamp_file
        self.shared = False

    # ------------------------------------------------------------ the file

    def _open(self) -> int:
        if self._chosen is not None:
            paths.ensure(self._chosen.parent)
            return _open(self._chosen, False)
        error: OSError | None = None
        for folder, shared in candidates():
            try:
                fd = _open(folder / STAMP, shared)
            except OSError as failed:
                error = failed
                continue
            self.stamp_file, self.shared = folder / STAMP, shared
            return fd
        raise error or OSError("no place for the arXiv stamp")

    @contextlib.contextmanager
    def _turn(self, timeout: float | None) -> Iterator[int]:
        """The stamp file, locked; :class:`SpacingBusy` when the lock is not had in time."""
        fd = self._open()
        try:
            if fcntl is None:  # pragma: no cover - not POSIX
                from filelock import FileLock, Timeout

                lock = FileLock(
                    f"{self.stamp_file}.lock", timeout=-1 if timeout is None else timeout
                )
                try:
                    with lock:
                        yield fd
                except Timeout:
                    raise SpacingBusy("other winnow processes are queued for arXiv") from None
                return
            give_up = None if timeout is None else time.monotonic() + timeout
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if give_up is not None and time.monotonic() > give_up:
                        raise SpacingBusy("other winnow processes are queued for arXiv") from None
                    time.sleep(_POLL)
            try:
                yield fd
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)

    @staticmethod
    def _read(fd: int) -> float:
        try:
            value = float(os.pread(fd, 64, 0).decode("ascii").strip() or 0)
        except (OSError, ValueError, UnicodeDecodeError):
            return 0.0
        if not math.isfinite(value) or value > time.time() + MAX_DEFER:  # or a bogus future
            return 0.0
        return value

    @staticmethod
    def _write(fd: int, when: float) -> None:
        data = f"{when:.6f}\n".encode()
        os.pwrite(fd, data, 0)
        os.ftruncate(fd, len(data))

    # ------------------------------------------------------------ turns

    def wait_turn(self, max_wait: float | None = None) -> float:
        """Block until this process may send the next request; return the seconds waited.

        The lock is held only to read and stamp, never while sleeping, so a process that
        has just sent its request can stamp the moment it went out (:meth:`sent`) and the
        next in the queue sees it. Raises :class:`SpacingBusy` when the turn would come
        later than ``max_wait``.
        """
        if self.interval <= 0:
            return 0.0
        started = time.time()
        give_up = None if max_wait is None else started + max(max_wait, 0.01)
        try:
            while True:
                lock_wait = None if give_up is None else max(give_up - time.time(), 0.01)
                with self._turn(lock_wait) as fd:
                    now = time.time()
                    wait = self._read(fd) + self.interval - now
                    if wait <= 0:
                        self._write(fd, now)
                        return now - started
                if give_up is not None and now + wait > give_up:
                    raise SpacingBusy(f"next arXiv request allowed in {wait:.0f} s")
                time.sleep(wait)
        except OSError as error:  # no place at all for the stamp: no request rather than a rude one
            raise SpacingBusy(f"cannot keep the arXiv spacing ({error})") from None

    def _push(self, when: float) -> None:
        """Move the stamp to ``when`` if that is later; best effort (a moment's lock)."""
        with contextlib.suppress(SpacingBusy, OSError), self._turn(5) as fd:
            if when > self._read(fd):
                self._write(fd, when)

    def sent(self, when: float | None = None) -> None:
        """The request has gone out (now, or at ``when``): the next turn counts from here."""
        if self.interval > 0:
            self._push(time.time() if when is None else when)

    def defer(self, seconds: float) -> None:
        """Hold every process off for ``seconds`` (arXiv asked us to back off)."""
        self._push(time.time() + min(max(seconds, 0.0), MAX_DEFER) - self.interval)

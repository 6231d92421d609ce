"""Crash-safe files: write a temp file beside the target, fsync, rename, fsync the folder.

A reader therefore sees either the old file or the new one, never half of one —
whatever kills the writer (``kill -9``, a full disk, a power cut after fsync).

* **Private by place.** A file inside winnow's own folders (data and cache, see
  :func:`tui.paths.is_private`) is written 0600 whatever the umask; a file
  elsewhere (an export) follows the user's umask, or keeps the mode of the file
  it replaces. ``private=True/False`` overrides the rule.
* **Symlinks are written through.** A target that is a symlink (a dotfiles setup)
  has its *target* replaced, with the temp file beside that target; the link stays.
* **Temp files are recognisable.** ``.NAME.PID@HOST.NS.tmp`` beside the file, so
  :func:`sweep_temps` can tell a killed writer's leftovers from a live writer's.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import threading
import time
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from tui.errors import StoreError

TEMP_SUFFIX = ".tmp"
PRIVATE_FILE = 0o600
# A temp whose writer's pid cannot be checked (another host, an unknown format) is a
# leftover once nobody wrote to it for this long; one whose pid lives (perhaps reused
# after a kill), once untouched for an hour. A live writer keeps touching its temp.
UNKNOWN_WRITER_AGE = 60.0
LIVE_WRITER_AGE = 3600.0

_HOST = f"{zlib.crc32(os.uname().nodename.encode()) & 0xFFFFFF:06x}"
_OURS = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)@(?P<host>[0-9a-f]{6})\.\d+\.tmp$")
# Other writers' temp names winnow knows: downloads (``.NAME.PID.part``) and the
# parsed-paper cache (``.parsed-XXXX.tmp``, no pid).
_PID_PART = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)\.part$")
_OLD = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)\.\d+\.tmp$")  # winnow before the host tag
_ANY_TEMP = re.compile(r"^\..+\.(?:tmp|part)$")


class Unreadable(ValueError):
    """The file's content is not a JSON object (cut short, garbage, wrong shape)."""


def temp_name(path: Path) -> Path:
    """Where a writer of ``path`` puts its temp file (beside it, recognisably named)."""
    return path.with_name(f".{path.name}.{os.getpid()}@{_HOST}.{time.monotonic_ns()}{TEMP_SUFFIX}")


def describe_os_error(error: OSError, path: Path) -> str:
    """One line a user can act on, for a failed write."""
    if error.errno == errno.ENOSPC or error.errno == errno.EDQUOT:
        return f"disk full: could not save {path} (free some space; nothing saved was lost)"
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"cannot write {path}: {error.strerror.lower()} (check the folder's permissions)"
    return f"cannot write {path}: {error.strerror or error}"


def fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):  # some filesystems cannot fsync a directory
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def real_target(path: Path) -> Path:
    """The file a write to ``path`` must replace: the end of its symlink chain, if any."""
    path = Path(path)
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def _umask_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _mode_for(target: Path, private: bool | None) -> int | None:
    """The exact mode to set, or None to let the umask decide (a new public file)."""
    if private is None:
        from tui.paths import is_private

        private = is_private(target)
    if private:
        return PRIVATE_FILE
    try:
        return os.stat(target).st_mode & 0o7777  # replacing: keep the file's own mode
    except OSError:
        return None


@contextlib.contextmanager
def replacing(
    path: Path, *, private: bool | None = None, min_mtime_ns: int = 0
) -> Iterator[IO[bytes]]:
    """Write ``path`` atomically through a file handle: stream into it, and on a clean exit
    the temp is fsynced and renamed over the target (an exception leaves the target as it
    was and removes the temp). Raises :class:`StoreError` with one line on an OS error.

    ``min_mtime_ns``: the new file's mtime is at least this (callers that compare
    ``(inode, size, mtime)`` stamps pass the old mtime + 1, so a coarse clock and a reused
    inode can never make two versions look alike).
    """
    target = real_target(path)
    temp = temp_name(target)
    try:
        mode = _mode_for(target, private)
        if not target.parent.is_dir():
            from tui.paths import ensure

            ensure(target.parent)
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600 if mode else 0o666)
        with os.fdopen(fd, "wb") as handle:
            if mode is not None:
                os.fchmod(handle.fileno(), mode)
            yield handle
            handle.flush()
            if min_mtime_ns:
                st = os.fstat(handle.fileno())
                if st.st_mtime_ns < min_mtime_ns:
                    os.utime(handle.fileno(), ns=(st.st_atime_ns, min_mtime_ns))
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except OSError as error:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise StoreError(describe_os_error(error, path)) from None
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    fsync_dir(target.parent)


def write_bytes(
    path: Path, data: bytes, *, private: bool | None = None, min_mtime_ns: int = 0
) -> None:
    """Replace ``path`` with ``data`` atomically and durably, or raise StoreError."""
    with replacing(path, private=private, min_mtime_ns=min_mtime_ns) as handle:
        view = memoryview(data)
        while view:
            written = os.write(handle.fileno(), view)
            view = view[written:]


def write_json(path: Path, value: Any, **options: Any) -> None:
    write_bytes(
        path, json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode(), **options
    )


# ---------------------------------------------------------------- leftovers of killed writers


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True  # someone else's process, or unknowable: assume alive
    return True


def stray_target(name: str) -> str | None:
    """For one of winnow's own temp names, the file it was about to replace; else None."""
    m = _OURS.match(name) or _OLD.match(name)
    return m.group("name") if m else None


def is_leftover(entry: os.DirEntry[str], now: float | None = None) -> bool:
    """Whether a temp file in a folder is a killed writer's, never a live writer's."""
    name = entry.name
    if not (name.startswith(".") and _ANY_TEMP.match(name)):
        return False
    try:
        age = (time.time() if now is None else now) - entry.stat(follow_symlinks=False).st_mtime
    except OSError:
        return False
    m = _OURS.match(name) or _OLD.match(name) or _PID_PART.match(name)
    if m is None or ("host" in m.groupdict() and m.group("host") != _HOST):
        return age >= UNKNOWN_WRITER_AGE
    if _pid_alive(int(m.group("pid"))):
        return age >= LIVE_WRITER_AGE
    return True


def sweep_temps(folder: Path, *, locked_kinds: bool = False) -> int:
    """Remove the leftovers of killed writers in ``folder`` (not its subfolders).
    ``locked_kinds``: leave winnow's own temps (those of files written under a lock,
    which :func:`clean_stray_temps` removes under that lock)."""
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    now = time.time()
    for entry in entries:
        if not entry.name.startswith("."):
            continue
        if locked_kinds and stray_target(entry.name) is not None:
            continue
        if is_leftover(entry, now):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
                removed += 1
    return removed


def clean_stray_temps(path: Path) -> int:
    """Remove every temp file made to replace ``path``. Call under its write lock: no
    writer of ``path`` is alive then, so each one is a leftover."""
    target = real_target(path)
    removed = 0
    for stray in target.parent.glob(f".{glob_escape(target.name)}.*{TEMP_SUFFIX}"):
        m = _OURS.match(stray.name) or _OLD.match(stray.name)
        if m is None or m.group("name") != target.name:
            continue
        with contextlib.suppress(OSError):
            stray.unlink()
            removed += 1
    return removed


def glob_escape(name: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", name)


# ---------------------------------------------------------------- a TinyDB storage


Stamp = tuple[int, int, int]


def stamp_of(path: Path) -> Stamp | None:
    """A file's identity for change checks: (inode, size, mtime ns); None when absent."""
    try:
        st = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


class JSONFile:
    """A TinyDB storage (duck-typed) over an atomically replaced JSON file.

    Reads are cached by the file's identity (inode, size, mtime), so a file
    another process replaced is re-read and an unchanged one is not parsed again.
    Each write gives the file an mtime later than the one it replaces, so the
    identity always changes. Inside :meth:`batch` all reads see one snapshot and
    all writes land as one atomic replace at the end.
    """

    def __init__(self, path: Path, *, private: bool = True) -> None:
        self.path = Path(path)
        self.private = private
        # Threads of one process (the UI and a worker) take turns; processes use the file lock.
        self._lock = threading.RLock()
        self._stamp: Stamp | None = None
        self._data: dict[str, Any] | None = None
        self._batch_depth = 0
        self._dirty = False
        self._last_mtime = 0

    def stamp(self) -> Stamp | None:
        return stamp_of(self.path)

    def read(self) -> dict[str, Any] | None:
        with self._lock:
            return self._read()

    def snapshot(self) -> tuple[Stamp | None, dict[str, Any] | None]:
        """The content and the stamp it was read at, together."""
        with self._lock:
            data = self._read()
            return self._stamp, data

    def _read(self) -> dict[str, Any] | None:
        if self._batch_depth and self._data is not None:
            return self._data
        stamp = self.stamp()
        if stamp is None:
            self._stamp, self._data = None, None
            return None
        if stamp != self._stamp or self._data is None:
            raw = self.path.read_bytes()
            if not raw.strip():
                data: dict[str, Any] | None = None
            else:
                try:
                    data = json.loads(raw)
                except ValueError as error:  # JSONDecodeError and UnicodeDecodeError alike
                    raise Unreadable(str(error)) from None
                if not isinstance(data, dict):
                    raise Unreadable("top level is not an object")
            self._stamp, self._data = stamp, data
            self._last_mtime = max(self._last_mtime, stamp[2])
        return self._data

    def write(self, data: dict[str, Any]) -> None:
        with self._lock:
            self._data = data
            if self._batch_depth:
                self._dirty = True
                return
            self._flush()

    def _flush(self) -> None:
        assert self._data is not None
        write_json(self.path, self._data, private=self.private, min_mtime_ns=self._last_mtime + 1)
        self._stamp = self.stamp()
        if self._stamp is not None:
            self._last_mtime = self._stamp[2]
        self._dirty = False

    @contextlib.contextmanager
    def batch(self):  # type: ignore[no-untyped-def]
        """One snapshot read, one atomic write. Hold the cross-process lock around it."""
        with self._lock:
            yield from self._batch()

    def _batch(self):  # type: ignore[no-untyped-def]
        if self._batch_depth == 0:
            self._data = None
            self._stamp = None
            self.read()
        self._batch_depth += 1
        try:
            yield
        except BaseException:
            self._batch_depth -= 1
            if self._batch_depth == 0:
                self._dirty = False
                self._data, self._stamp = None, None  # drop the half-made change
            raise
        self._batch_depth -= 1
        if self._batch_depth == 0 and self._dirty:
            try:
                self._flush()
            except BaseException:
                self._data, self._stamp, self._dirty = None, None, False
                raise

    def close(self) -> None:
        pass

"""Crash-safe files: write a temp file beside the target, fsync, rename, fsync the folder.

A reader therefore sees either the old file or the new one, never half of one —
whatever kills the writer (``kill -9``, a full disk, a power cut after fsync).
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import threading
import time
from pathlib import Path
from typing import Any

from tui.errors import StoreError

TEMP_SUFFIX = ".tmp"


class Unreadable(ValueError):
    """The file's content is not a JSON object (cut short, garbage, wrong shape)."""


def _temp_name(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.{time.monotonic_ns()}{TEMP_SUFFIX}")


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


def write_bytes(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically and durably, or raise StoreError."""
    path = Path(path)
    temp = _temp_name(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise StoreError(describe_os_error(error, path)) from None
    fsync_dir(path.parent)


def write_json(path: Path, value: Any) -> None:
    write_bytes(path, json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode())


def clean_stray_temps(path: Path, older_than: float = 0.0) -> int:
    """Remove temp files a killed writer left beside ``path``. Call under the write lock."""
    removed = 0
    now = time.time()
    for stray in path.parent.glob(f".{path.name}.*{TEMP_SUFFIX}"):
        try:
            if now - stray.stat().st_mtime >= older_than:
                stray.unlink()
                removed += 1
        except OSError:
            pass
    return removed


class JSONFile:
    """A TinyDB storage (duck-typed) over an atomically replaced JSON file.

    Reads are cached by the file's identity (inode, size, mtime), so a file
    another process replaced is re-read and an unchanged one is not parsed again.
    Inside :meth:`batch` all reads see one snapshot and all writes land as one
    atomic replace at the end.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        # Threads of one process (the UI and a worker) take turns; processes use the file lock.
        self._lock = threading.RLock()
        self._stamp: tuple[int, int, int] | None = None
        self._data: dict[str, Any] | None = None
        self._batch_depth = 0
        self._dirty = False

    def _stat(self) -> tuple[int, int, int] | None:
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return None
        return (st.st_ino, st.st_size, st.st_mtime_ns)

    def read(self) -> dict[str, Any] | None:
        with self._lock:
            return self._read()

    def _read(self) -> dict[str, Any] | None:
        if self._batch_depth and self._data is not None:
            return self._data
        stamp = self._stat()
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
        write_json(self.path, self._data)
        self._stamp = self._stat()
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

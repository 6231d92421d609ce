"""The transaction core: one TinyDB file with its lock, transactions and schema check.

Every change is one transaction on one file: take the file's cross-process lock
(``NAME.lock`` beside it), re-read the file, apply the change, write a temp file,
fsync, rename, fsync the folder (:mod:`tui.atomic`). Reading needs no lock: files
are replaced whole, so a reader sees the old version or the new one.

Locks are only ever nested in this order: the index, then a topic file, then a
papers shard — so two winnows can never wait on each other in a circle.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from tinydb.table import Table

from tui.atomic import JSONFile, Stamp, Unreadable, describe_os_error
from tui.errors import StoreError

SCHEMA_VERSION = 2
LOCK_TIMEOUT = 10.0  # seconds to wait for another winnow's write


def version_of(data: dict[str, Any] | None) -> int | None:
    """The schema a file's content says it is in; 0 for content without a stamp."""
    if not data:
        return None
    meta = data.get("_meta") or {}
    for doc in meta.values() if isinstance(meta, dict) else ():
        if isinstance(doc, dict) and isinstance(doc.get("schema_version"), int):
            return doc["schema_version"]
    return 0


def newer_error(path: Path, version: int) -> StoreError:
    return StoreError(
        f"{path} was written by a newer winnow (schema {version}, this one reads "
        f"{SCHEMA_VERSION}): upgrade winnow; the file was left untouched"
    )


def make_lock(path: Path):  # type: ignore[no-untyped-def]
    from filelock import FileLock  # imported on the first write (~15-40 ms)

    return FileLock(str(path) + ".lock", timeout=LOCK_TIMEOUT, mode=0o600, poll_interval=0.005)


@contextlib.contextmanager
def os_errors(path: Path) -> Iterator[None]:
    """Lock and OS failures as one line the user can act on."""
    from filelock import Timeout

    try:
        yield
    except Timeout:
        raise StoreError(
            f"{path} is locked by another winnow for over {LOCK_TIMEOUT:.0f} s"
        ) from None
    except StoreError:
        raise
    except OSError as error:
        raise StoreError(describe_os_error(error, path)) from None


class TinyFile:
    """One TinyDB file. ``exists_check`` (for topic files) refuses a write to a file that
    vanished because its topic was deleted meanwhile."""

    def __init__(self, path: Path, label: str, notices: list[str], *, check: bool = True) -> None:
        self.path = path
        self.label = label
        self.file = JSONFile(path)
        self._lock = None  # made on the first write: reading needs no lock
        self._make_lock = threading.Lock()
        self._notices = notices
        self._checked = False
        if check:
            self.check()

    def table(self, name: str) -> Table:
        # A fresh Table each time, with no query cache: TinyDB caches the next document id
        # and query results per Table, and another process may have written since.
        return Table(self.file, name, cache_size=0)

    def stamp(self) -> Stamp | None:
        return self.file.stamp()

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        with self._make_lock:
            if self._lock is None:
                self._lock = make_lock(self.path)
        with os_errors(self.path):
            parent = self.path.parent
            if not parent.is_dir():
                from tui.paths import ensure

                ensure(parent)
            with self._lock:
                yield

    @contextlib.contextmanager
    def tx(self, *, still_wanted: Callable[[], bool] | None = None) -> Iterator[None]:
        """Read-modify-write under the lock; the write lands atomically at the end.

        ``still_wanted`` is asked, under the lock, when the file does not exist: False
        means its owner was removed (a deleted topic) and the change is refused.
        """
        with self.locked(), self._guard(), self.file.batch():
            self._check_schema(still_wanted)
            yield

    @contextlib.contextmanager
    def _guard(self) -> Iterator[None]:
        try:
            yield
        except Unreadable:
            raise StoreError(f"{self.path} became unreadable; restart winnow to recover") from None

    def read(self) -> dict[str, Any] | None:
        """The file's content (cached while it does not change); None when absent."""
        if not self._checked:
            self.check()
        with self._guard():
            return self.file.read()

    def snapshot(self) -> tuple[Stamp | None, dict[str, Any] | None]:
        if not self._checked:
            self.check()
        with self._guard():
            return self.file.snapshot()

    def _check_schema(self, still_wanted: Callable[[], bool] | None) -> None:
        data = self.file.read()
        if data is None:  # a new file: stamp it with the schema it is written in
            if still_wanted is not None and not still_wanted():
                raise StoreError(f"{self.label} was deleted in another window")
            self.file.write({"_meta": {"1": {"schema_version": SCHEMA_VERSION}}})
            return
        version = version_of(data)
        if version is not None and version > SCHEMA_VERSION:
            raise newer_error(self.path, version)

    def check(self) -> None:
        """Open the file: refuse a newer one, move an unreadable one aside (and say so)."""
        self._checked = True
        try:
            data = self.file.read()
        except (FileNotFoundError, NotADirectoryError):
            return
        except Unreadable:
            self._recover()
            return
        except OSError as error:
            raise StoreError(f"cannot read {self.path}: {error.strerror}") from None
        version = version_of(data)
        if version is not None and version > SCHEMA_VERSION:
            raise newer_error(self.path, version)

    def _recover(self) -> None:
        stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
        aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        with self.locked():
            try:
                self.file.read()
                return  # another process already recovered it
            except Unreadable:
                pass
            try:
                os.rename(self.path, aside)
            except OSError as error:
                raise StoreError(
                    f"{self.path} is unreadable and could not be moved aside: {error.strerror}"
                ) from None
        self._notices.append(
            f"the {self.label} file did not parse; it was moved to {aside} and a fresh one started"
        )

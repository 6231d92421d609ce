"""Upkeep at every start: private folders and files, leftovers of killed writers.

* Folders holding state or cache are set to 0700 and files in the cache folders
  to 0600 (files the store writes are 0600 already), whatever they were before.
* A temp file a killed writer left is removed. A store file's temps are removed
  under that file's own lock — no writer of it can be alive then; other temps
  (downloads, the parsed-paper cache) only when their writer's pid is dead or
  nobody touched them for long (:func:`tui.atomic.is_leftover`). The lock is
  taken only when there is something to remove, so a start with nothing to tidy
  costs a few directory listings.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from tui.atomic import PRIVATE_FILE, clean_stray_temps, stray_target, sweep_temps
from tui.paths import make_private
from tui.store.layout import Layout


def _subfolders(folder: Path) -> list[Path]:
    try:
        return [Path(e.path) for e in os.scandir(folder) if e.is_dir(follow_symlinks=False)]
    except OSError:
        return []


def _private_files(folder: Path, skip: str) -> None:
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if entry.name == skip or not entry.is_file(follow_symlinks=False):
            continue
        with contextlib.suppress(OSError):
            if entry.stat(follow_symlinks=False).st_mode & 0o077:
                os.chmod(entry.path, PRIVATE_FILE)


def _store_temps(folder: Path) -> set[Path]:
    """The store files in ``folder`` that have temps beside them."""
    targets = set()
    try:
        names = [e.name for e in os.scandir(folder) if e.name.startswith(".")]
    except OSError:
        return targets
    for name in names:
        target = stray_target(name)
        if target is not None:
            targets.add(folder / target)
    return targets


def tidy_folders(layout: Layout, cache_folder: Path, notices: list[str]) -> None:
    from tui.store.tinyfile import make_lock

    for folder in layout.folders():
        if folder.is_dir():
            make_private(folder)
            for target in _store_temps(folder):
                lock = make_lock(target)
                with contextlib.suppress(Exception), lock.acquire(timeout=0):
                    clean_stray_temps(target)
            sweep_temps(folder, locked_kinds=True)  # other formats: by their writer's pid
    for name in ("state.json", "index.json"):
        with contextlib.suppress(OSError):
            path = layout.folder / name
            if os.stat(path).st_mode & 0o077:
                os.chmod(path, PRIVATE_FILE)
    if cache_folder.is_dir():
        for folder in (cache_folder, *_subfolders(cache_folder)):
            make_private(folder)
            sweep_temps(folder)
            _private_files(folder, skip="cache.json")

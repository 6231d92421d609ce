"""Big generated states, built once per run and copied into each test's home."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from bigstate import write_schema1
from helpers_store import BIG


def _memory() -> Path | None:
    shm = Path("/dev/shm")
    return shm if shm.is_dir() and os.access(shm, os.W_OK) else None


@pytest.fixture(scope="session")
def big_folder(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """Where the big states are built: in memory when the machine has it (see memory_home)."""
    if _memory() is None:
        yield tmp_path_factory.mktemp("big")
        return
    folder = Path(tempfile.mkdtemp(prefix="winnow-big-", dir=_memory()))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def big_schema1(big_folder: Path) -> tuple[Path, dict[str, Any]]:
    """A schema-1 state.json of 2,000 topics × 5 papers (real-sized metadata), and its data."""
    path = big_folder / "schema1" / "state.json"
    data = write_schema1(path, BIG)
    return path, data


@pytest.fixture(scope="session")
def big_home(big_folder: Path, big_schema1: tuple[Path, dict[str, Any]]) -> Path:
    """A data folder holding the big state, migrated to the current layout."""
    from tui.store import Store

    folder = big_folder / "home" / "data"
    folder.mkdir(parents=True)
    shutil.copy(big_schema1[0], folder / "state.json")
    Store(folder / "state.json", folder.parent / "cache" / "cache.json")
    return folder


@pytest.fixture
def memory_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """WINNOW_HOME in memory (/dev/shm) when the machine has one, for the kill tests that
    write thousands of files: a SIGKILL never loses what the kernel was handed, so they test
    the same promise on tmpfs, without waiting on a disk other work keeps busy (fsync)."""
    if _memory() is None:
        yield tmp_path / "winnow-home"
        return
    home = Path(tempfile.mkdtemp(prefix="winnow-test-", dir=_memory()))
    monkeypatch.setenv("WINNOW_HOME", str(home))
    try:
        yield home
    finally:
        shutil.rmtree(home, ignore_errors=True)

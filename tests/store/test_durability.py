"""The promise: nothing is lost — kill -9, two processes, bad files, full or read-only disks."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers_store import BIG, install_state

from tui import atomic, paths
from tui.errors import StoreError
from tui.models import parse_ref
from tui.store import SCHEMA_VERSION, Store

WRITER = Path(__file__).with_name("writer.py")


def spawn(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(WRITER), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=os.environ.copy(),
    )


def temps_left() -> list[Path]:
    """Every temp file in the state folders (ours, or any other winnow writer's)."""
    found = []
    for folder in (paths.data_dir(), paths.data_dir() / "topics", paths.data_dir() / "papers"):
        if folder.is_dir():
            found += [p for p in folder.iterdir() if p.name.endswith((".tmp", ".part"))]
    return found


def kill_notes_writer(runs: int, seed: int, window: tuple[float, float]) -> None:
    rng = random.Random(seed)
    for run in range(runs):
        proc = spawn("notes", "100000", str(run))
        time.sleep(rng.uniform(*window))  # start-up plus a random number of writes
        proc.send_signal(signal.SIGKILL)
        out, err = proc.communicate()
        assert "Traceback" not in err, err
        acked = [int(line) for line in out.split()]
        store = Store.open()  # must load, whatever instant the kill hit
        assert not store.notices, store.notices
        assert not temps_left(), temps_left()  # the start removed what the kill left
        if not acked:
            continue
        last = acked[-1]
        text = store.entry("arxiv:1706.03762", "crash").notes.text
        assert int(text.split()[1]) >= last  # the acknowledged edit (or a later one) is there
        names = {t.name for t in store.topics()}
        assert all(f"t{i}-{run}" in names for i in range(0, last + 1, 5))


def test_kill_9_at_random_instants_never_loses_an_acknowledged_write() -> None:
    kill_notes_writer(30, 20261127, (0.15, 0.6))


@pytest.mark.usefixtures("memory_home")
def test_kill_9_at_2000_topics(big_home: Path) -> None:
    install_state(big_home)
    kill_notes_writer(15, 7, (0.2, 0.7))
    assert len(Store.open().topics()) >= BIG


def test_two_processes_creating_100_topics_each_lose_nothing() -> None:
    Store.open()  # create the home first, as a running app would
    procs = [spawn("topics", "left", "100"), spawn("topics", "right", "100")]
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    names = {t.name for t in Store.open().topics()}
    assert len(names) == 200
    assert {f"left-{i}" for i in range(100)} <= names
    assert {f"right-{i}" for i in range(100)} <= names


def saved_store() -> Store:
    store = Store.open()
    store.create_topic("kept", "must survive")
    store.add_ref(parse_ref("1512.03385"))
    return store


@pytest.mark.parametrize("name", ["index.json", "state.json"])
def test_a_corrupt_file_is_moved_aside_not_overwritten(name: str) -> None:
    if name == "index.json":
        saved_store()
    state = paths.data_dir() / name
    state.parent.mkdir(parents=True, exist_ok=True)
    state.write_text('{"topics": {"1": {"name": "half')
    store = Store.open()
    assert "did not parse" in store.notices[0] and "moved to" in store.notices[0]
    if name == "index.json":  # the topics are listed again from their files
        assert len(store.notices) == 2 and "rebuilt from 1 topic file" in store.notices[1]
        assert [t.name for t in store.topics()] == ["kept"] and store.active_count() == 1
    else:
        assert len(store.notices) == 1
    aside = list(state.parent.glob(f"{name}.corrupt-*"))
    assert len(aside) == 1
    assert aside[0].read_text() == '{"topics": {"1": {"name": "half'  # kept as it was
    store.create_topic("fresh")
    expected = ["kept", "fresh"] if name == "index.json" else ["fresh"]
    assert [t.name for t in Store.open().topics()] == expected


def test_a_corrupt_topic_file_is_moved_aside() -> None:
    saved_store()
    (topic_file,) = (paths.data_dir() / "topics").glob("*.json")
    topic_file.write_text("[1, 2")
    store = Store.open()
    assert store.entries("kept") == []
    assert "did not parse" in store.notices[0]
    store.add_ref(parse_ref("1706.03762"), "kept")  # and the topic goes on
    assert [e.paper_key for e in Store.open().entries("kept")] == ["arxiv:1706.03762"]


def test_a_file_from_a_newer_winnow_is_refused_and_left_untouched() -> None:
    saved_store()
    state = paths.index_file()
    data = json.loads(state.read_text())
    data["_meta"] = {"1": {"schema_version": SCHEMA_VERSION + 1}}
    state.write_text(json.dumps(data))
    before = state.read_bytes()
    with pytest.raises(StoreError, match="newer winnow"):
        Store.open()
    assert state.read_bytes() == before


def test_a_schema_1_file_claiming_a_newer_schema_is_refused() -> None:
    state = paths.state_file()
    state.parent.mkdir(parents=True)
    state.write_text(json.dumps({"_meta": {"1": {"schema_version": 2}}, "topics": {}}))
    before = state.read_bytes()
    with pytest.raises(StoreError, match="newer winnow"):
        Store.open()
    assert state.read_bytes() == before and not paths.index_file().exists()


def test_an_old_file_without_a_schema_is_migrated() -> None:
    state = paths.state_file()
    state.parent.mkdir(parents=True)
    state.write_text(json.dumps({"topics": {"1": {"name": "legacy", "purpose": "p"}}}))
    store = Store.open()
    assert [t.name for t in store.topics()] == ["legacy"]
    assert json.loads(paths.index_file().read_text())["_meta"]["1"]["schema_version"] == 2
    assert not state.exists()


def failing_write(code: int):
    def write(fd: int, data: bytes) -> int:
        raise OSError(code, os.strerror(code))

    return write


@pytest.mark.parametrize(
    ("code", "message"),
    [(errno.ENOSPC, "disk full"), (errno.EROFS, "cannot write"), (errno.EACCES, "cannot write")],
)
def test_a_failing_write_says_so_and_loses_nothing(
    code: int, message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = saved_store()
    before = paths.index_file().read_bytes()
    with monkeypatch.context() as patch, pytest.raises(StoreError, match=message) as caught:
        patch.setattr(atomic.os, "write", failing_write(code))
        store.create_topic("lost?")
    assert "\n" not in str(caught.value)
    assert paths.index_file().read_bytes() == before
    assert not temps_left()  # no temp left behind
    reopened = Store.open()
    assert [t.name for t in reopened.topics()] == ["kept"]
    reopened.create_topic("later")  # and the store still works once space is back
    assert len(Store.open().topics()) == 2


@contextlib.contextmanager
def tmpfs(path: Path, size: str):
    path.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
        capture_output=True,
    )
    if result.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], capture_output=True)


def test_a_really_full_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "small"
    with tmpfs(home, "48k"):
        monkeypatch.setenv("WINNOW_HOME", str(home))
        store = saved_store()
        with pytest.raises(StoreError, match="disk full"):
            for i in range(10_000):
                store.set_notes("arxiv:1512.03385", text=f"{i} " + "x" * (2000 * i))
                last = i
        reopened = Store.open()
        assert reopened.entry("arxiv:1512.03385").notes.text.startswith(f"{last} ")


def test_a_really_read_only_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "ro"
    with tmpfs(home, "1m"):
        monkeypatch.setenv("WINNOW_HOME", str(home))
        saved_store()
        remount = subprocess.run(["mount", "-o", "remount,ro", str(home)], capture_output=True)
        if remount.returncode != 0:
            pytest.skip("cannot remount read-only here")
        store = Store.open()  # reading still works
        assert [t.name for t in store.topics()] == ["kept"]
        with pytest.raises(StoreError) as caught:
            store.create_topic("new")
        assert "read-only" in str(caught.value) or "cannot write" in str(caught.value)

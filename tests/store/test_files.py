"""Private files, symlinks written through, leftovers of killed writers, a lazy cache."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tui import atomic, paths
from tui.models import parse_ref
from tui.store import Store


@pytest.fixture(params=[0o000, 0o022, 0o077])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    old = os.umask(request.param)
    try:
        yield request.param
    finally:
        os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def filled_home() -> Store:
    store = Store.open()
    store.create_topic("t", "p")
    store.add_ref(parse_ref("1706.03762"))
    store.set_notes("arxiv:1706.03762", text="private")
    store.cache_put("search", "q", {"papers": []})
    atomic.write_bytes(paths.ensure(paths.pdf_dir()) / "x.pdf", b"%PDF-1.4")
    paths.ensure(paths.parsed_dir())
    return store


def test_state_cache_and_pdfs_are_private_whatever_the_umask(umask: int) -> None:
    filled_home()
    for root in (paths.data_dir(), paths.cache_dir()):
        assert mode(root) == 0o700
        for path in root.rglob("*"):
            assert mode(path) == (0o700 if path.is_dir() else 0o600), (oct(umask), path)


def test_exports_follow_the_users_umask(tmp_path: Path, umask: int) -> None:
    target = tmp_path / "report.md"
    atomic.write_bytes(target, b"# report")
    assert mode(target) == 0o666 & ~umask
    target.chmod(0o640)
    atomic.write_bytes(target, b"# again")  # replacing keeps the file's own mode
    assert mode(target) == 0o640


def test_files_left_readable_by_an_older_winnow_are_made_private() -> None:
    filled_home()
    os.chmod(paths.data_dir(), 0o755)
    os.chmod(paths.pdf_dir(), 0o755)
    os.chmod(paths.pdf_dir() / "x.pdf", 0o644)
    os.chmod(paths.index_file(), 0o644)
    Store.open()
    assert mode(paths.data_dir()) == 0o700 and mode(paths.pdf_dir()) == 0o700
    assert mode(paths.pdf_dir() / "x.pdf") == 0o600 and mode(paths.index_file()) == 0o600


def test_a_symlinked_index_is_written_through(tmp_path: Path) -> None:
    store = filled_home()
    dotfiles = tmp_path / "dotfiles"
    dotfiles.mkdir()
    target = dotfiles / "winnow-index.json"
    paths.index_file().rename(target)
    paths.index_file().symlink_to(target)
    store.create_topic("second", "through the link")
    assert paths.index_file().is_symlink()
    assert os.readlink(paths.index_file()) == str(target)
    assert "second" in target.read_text()
    assert [t.name for t in Store.open().topics()] == ["t", "second"]
    assert not [p for p in dotfiles.iterdir() if p.name.endswith(".tmp")]
    assert not [p for p in paths.data_dir().iterdir() if p.name.endswith(".tmp")]


def test_a_symlinked_topic_file_is_written_through(tmp_path: Path) -> None:
    store = filled_home()
    (topic_file,) = (paths.data_dir() / "topics").glob("*.json")
    target = tmp_path / "elsewhere.json"
    topic_file.rename(target)
    topic_file.symlink_to(target)
    store.set_notes("arxiv:1706.03762", text="through the link")
    assert topic_file.is_symlink() and "through the link" in target.read_text()


def make_temp(folder: Path, name: str, age: float = 0.0) -> Path:
    path = folder / name
    path.write_bytes(b"half a file")
    if age:
        past = time.time() - age
        os.utime(path, (past, past))
    return path


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_leftovers_of_killed_writers_go_at_the_next_start_and_live_ones_stay() -> None:
    filled_home()
    data, topics, pdfs = paths.data_dir(), paths.data_dir() / "topics", paths.pdf_dir()
    host = atomic._HOST
    dead, alive = dead_pid(), os.getppid()
    gone = [
        make_temp(data, f".index.json.{dead}@{host}.123.tmp"),
        make_temp(topics, f".abc.json.{dead}@{host}.1.tmp"),
        make_temp(data, f".state.json.{dead}.99.tmp"),  # an older winnow's name
        make_temp(pdfs, f".arxiv-1.pdf.{dead}.part"),  # a download
        make_temp(paths.parsed_dir(), ".parsed-abc.tmp", age=120),  # no pid: old enough
        make_temp(pdfs, f".x.pdf.{alive}@{host}.5.tmp", age=2 * 3600),  # pid reused since
    ]
    kept = [
        make_temp(pdfs, f".y.pdf.{alive}@{host}.5.tmp"),  # a live writer's
        make_temp(pdfs, f".z.pdf.{alive}.part"),  # a live download
        make_temp(paths.parsed_dir(), ".parsed-new.tmp"),  # no pid, still being written
        make_temp(pdfs, f".w.pdf.{dead}@ffffff.5.tmp"),  # another host's: pid unknowable
    ]
    store = Store.open()
    assert not store.notices
    assert [p for p in gone if p.exists()] == []
    assert all(p.exists() for p in kept)


def test_a_store_files_temps_go_only_under_its_lock() -> None:
    """A writer of the index that is alive holds its lock: its temp is not touched."""
    filled_home()
    from filelock import FileLock

    temp = make_temp(
        paths.data_dir(), f".index.json.{os.getpid()}@{atomic._HOST}.7.tmp", age=2 * 3600
    )
    code = "from tui.store import Store; Store.open()"
    with FileLock(str(paths.index_file()) + ".lock"):
        subprocess.run([sys.executable, "-c", code], check=True, env=os.environ.copy())
        assert temp.exists()
    subprocess.run([sys.executable, "-c", code], check=True, env=os.environ.copy())
    assert not temp.exists()


def test_the_cache_file_is_not_touched_until_a_cache_method_is_called(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    filled_home()
    cache = paths.cache_db_file()
    touched: list[str] = []
    real_stat = os.stat

    def watching_stat(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if str(path) == str(cache):
            touched.append("stat")
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", watching_stat)
    store = Store.open()
    store.entries()
    assert store.paper("arxiv:1706.03762") is not None  # known to the state: no cache read
    store.set_notes("arxiv:1706.03762", purpose="p")
    store.change_stamp()
    assert touched == [], touched
    store.cache_get("search", "q")
    assert touched


def test_a_paper_unknown_to_the_state_comes_from_the_cache() -> None:
    store = filled_home()
    store.cache_put("paper", "arxiv:9999.00001", {"title": "Cached only"})
    assert Store.open().paper("arxiv:9999.00001").title == "Cached only"

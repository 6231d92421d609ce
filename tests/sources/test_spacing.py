"""At most one arXiv request per interval, across processes."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import tempfile
import time
from itertools import pairwise
from pathlib import Path

from helpers_sources import REPO, Clock, arxiv_url, atom_entry, atom_feed
from werkzeug import Response

from tui.sources.spacing import Spacer, SpacingBusy

FEED = atom_feed([atom_entry("1706.03762v7", "Attention Is All You Need")])

WORKER = """
import sys
import tempfile
from tui.sources.arxiv_client import ArxivClient
client = ArxivClient(sys.argv[1], timeout=10, interval=float(sys.argv[2]))
for _ in range(int(sys.argv[3])):
    client.search_sync("all:attention")
"""


def test_spacer_waits_out_the_interval(tmp_path):
    spacer = Spacer(0.3, tmp_path / "stamp")
    assert spacer.wait_turn() < 0.1
    assert 0.25 <= spacer.wait_turn() < 0.5
    time.sleep(0.3)
    assert spacer.wait_turn() < 0.1


def test_spacer_refuses_a_turn_too_far_away(tmp_path):
    spacer = Spacer(0.3, tmp_path / "stamp")
    spacer.defer(60)
    started = time.monotonic()
    try:
        spacer.wait_turn(max_wait=0.5)
    except SpacingBusy:
        pass
    else:
        raise AssertionError("expected SpacingBusy")
    assert time.monotonic() - started < 0.2


def test_two_processes_searching_at_once_keep_the_spacing(server, tmp_path: Path):
    interval, per_process = 0.5, 3
    clock = Clock()

    def answer(_request):
        clock.mark()
        return Response(FEED, content_type="application/atom+xml")

    server.expect_request("/api/query").respond_with_handler(answer)
    env = {**os.environ, "WINNOW_HOME": str(tmp_path / "home"), "PYTHONPATH": str(REPO)}
    args = [sys.executable, "-c", WORKER, arxiv_url(server), str(interval), str(per_process)]
    workers = [subprocess.Popen(args, env=env, cwd=REPO) for _ in range(2)]
    for worker in workers:
        assert worker.wait(timeout=30) == 0
    times = sorted(clock.times)
    assert len(times) == 2 * per_process
    gaps = [b - a for a, b in pairwise(times)]
    assert min(gaps) >= interval * 0.9, gaps  # request arrival jitter, not a second request


CROSS_HOME = """
import sys, time
from tui import config
from tui.sources.arxiv_client import ArxivClient
client = ArxivClient.from_config(config.load())
client.search_sync("all:attention")
"""


def _machine_env(tmp_path: Path, home: str) -> dict[str, str]:
    """A process as a user would start it: its own home, no spacing override, a private /tmp."""
    env = {**os.environ, "WINNOW_HOME": str(tmp_path / home), "PYTHONPATH": str(REPO)}
    env.pop("WINNOW_SPACING_DIR", None)
    env.pop("XDG_RUNTIME_DIR", None)
    env["TMPDIR"] = str(tmp_path / "tmp")
    return env


def test_two_homes_in_two_processes_are_spaced_three_seconds(server, tmp_path: Path):
    clock = Clock()

    def answer(_request):
        clock.mark()
        return Response(FEED, content_type="application/atom+xml")

    server.expect_request("/api/query").respond_with_handler(answer)
    (tmp_path / "tmp").mkdir()
    workers = []
    for home in ("home-a", "home-b"):
        env = _machine_env(tmp_path, home) | {"WINNOW_ARXIV_API": arxiv_url(server)}
        workers.append(subprocess.Popen([sys.executable, "-c", CROSS_HOME], env=env, cwd=REPO))
    for worker in workers:
        assert worker.wait(timeout=30) == 0
    first, second = sorted(clock.times)
    assert second - first >= 2.9, second - first  # the default 3 s, across homes
    shared = tmp_path / "tmp" / "winnow-arxiv"
    assert stat.S_IMODE(shared.stat().st_mode) == 0o1777  # sticky, for every user
    assert stat.S_IMODE((shared / "arxiv-last-request").stat().st_mode) == 0o666
    for home in ("home-a", "home-b"):
        assert not list((tmp_path / home).rglob("arxiv-last-request*"))


def test_an_unusable_shared_place_falls_back_to_the_users_own(tmp_path, monkeypatch):
    monkeypatch.delenv("WINNOW_SPACING_DIR")
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "winnow-arxiv").symlink_to(tmp_path / "elsewhere")  # a planted symlink
    spacer = Spacer(0.05)
    spacer.wait_turn()
    assert spacer.stamp_file == tmp_path / f"winnow-{os.getuid()}" / "arxiv-last-request"
    assert not spacer.shared and not list((tmp_path / "elsewhere").iterdir())
    assert stat.S_IMODE(spacer.stamp_file.parent.stat().st_mode) == 0o700
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    spacer = Spacer(0.05)
    spacer.wait_turn()
    assert spacer.stamp_file == runtime / "winnow" / "arxiv-last-request"


def test_a_planted_symlink_as_the_stamp_is_never_followed(tmp_path, monkeypatch):
    monkeypatch.delenv("WINNOW_SPACING_DIR")
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    victim = tmp_path / "dotfile"
    victim.write_text("precious\n")
    shared = tmp_path / "winnow-arxiv"
    shared.mkdir()
    shared.chmod(0o1777)
    (shared / "arxiv-last-request").symlink_to(victim)
    spacer = Spacer(0.05)
    spacer.wait_turn()
    spacer.defer(1)
    assert victim.read_text() == "precious\n"
    assert spacer.stamp_file is not None and spacer.stamp_file.parent != shared


def test_a_bogus_stamp_far_in_the_future_is_not_believed(tmp_path):
    stamp = tmp_path / "stamp"
    stamp.write_text(f"{time.time() + 10**6:.6f}")  # another user's mischief, or a clock jump
    started = time.monotonic()
    Spacer(0.2, stamp).wait_turn(max_wait=1)
    assert time.monotonic() - started < 0.5

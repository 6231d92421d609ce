"""At most one arXiv request per interval, across processes."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from itertools import pairwise
from pathlib import Path

from helpers_sources import REPO, Clock, arxiv_url, atom_entry, atom_feed
from werkzeug import Response

from tui.sources.spacing import Spacer, SpacingBusy

FEED = atom_feed([atom_entry("1706.03762v7", "Attention Is All You Need")])

WORKER = """
import sys
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

"""The parse child: how it starts, what comes back, how it ends."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import subprocess
import sys
import threading

import pytest

from tests.pdf import hostile
from tui.pdf import Budget, Cancelled, CorruptPdf, TooHeavy, sandbox
from tui.pdf.sandbox import Stats, parse_bounded


@pytest.fixture
def forked(monkeypatch):
    """Children forked from this very process, so a patched child function is the one run."""
    monkeypatch.setattr(sandbox, "_context", lambda: multiprocessing.get_context("fork"))


def test_budget_from_the_environment():
    budget = Budget.from_env(
        {"WINNOW_PARSE_SECONDS": "2.5", "WINNOW_PARSE_MB": "300", "WINNOW_PDF_FILE_MB": "9"}
    )
    assert budget == Budget(seconds=2.5, memory_mb=300, file_mb=9)
    for bad in ("inf", "nan", "-1", "0", "lots", "1e308"):
        env = {"WINNOW_PARSE_SECONDS": bad, "WINNOW_PARSE_MB": bad}
        assert Budget.from_env(env) == Budget()


def test_page_one_comes_first_then_the_whole_and_then_the_cache(made):
    fronts, stats = [], Stats()
    doc = parse_bounded(made["one"], on_front=fronts.append, stats=stats)
    assert [f.title for f in fronts] == [doc.title] and fronts[0].warnings == ()
    assert stats.front_ms is not None and stats.front_ms <= stats.total_ms
    assert len(doc.sections) > len(fronts[0].sections)
    again = Stats()
    assert parse_bounded(made["one"], stats=again) == doc and again.cached


def test_from_a_worker_thread_the_fork_server_parses(made):
    """The app parses from a thread: no fork of a threaded process, a server instead."""
    out: dict[str, object] = {}

    def work() -> None:
        out["method"] = sandbox._context().get_start_method()
        out["title"] = parse_bounded(made["ieee"], use_cache=False).title

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(60)
    assert out["method"] in ("forkserver", "spawn") and out["title"]


def test_cancel_stops_the_child(forked, tmp_path):
    path = hostile.nested_forms(tmp_path / "slow.pdf", depth=5, pages=12)
    fronts = []
    with pytest.raises(Cancelled):
        parse_bounded(path, use_cache=False, on_front=fronts.append, cancel=lambda: bool(fronts))
    assert multiprocessing.active_children() == []


def _crash(conn, request):
    os.kill(os.getpid(), signal.SIGSEGV)


def _killed(conn, request):
    os.kill(os.getpid(), signal.SIGKILL)


def _garbage(conn, request):
    conn.send_bytes(b"\x80not json")


def _hostile_text(conn, request):
    doc = {"title": "Caf\u0065\u0301 \ud800", "sha256": request["digest"], "pages": 1}
    conn.send_bytes(json.dumps({"kind": "done", "doc": doc}).encode())


def test_a_crash_is_damage_a_kill_is_memory_garbage_is_refused(forked, monkeypatch, made):
    monkeypatch.setattr(sandbox, "_parse_in_child", _crash)
    with pytest.raises(CorruptPdf, match=r"^damaged PDF: the parser crashed on it \(SIGSEGV\)$"):
        parse_bounded(made["one"], use_cache=False)
    monkeypatch.setattr(sandbox, "_parse_in_child", _killed)
    with pytest.raises(TooHeavy, match=r"out of memory\) within 1536 MB: the PDF is too heavy$"):
        parse_bounded(made["one"], use_cache=False)
    monkeypatch.setattr(sandbox, "_parse_in_child", _garbage)
    with pytest.raises(CorruptPdf, match="unreadable answer"):
        parse_bounded(made["one"], use_cache=False)


def test_text_from_the_child_is_repaired_where_it_enters(forked, monkeypatch, made):
    monkeypatch.setattr(sandbox, "_parse_in_child", _hostile_text)
    doc = parse_bounded(made["one"], use_cache=False)
    assert doc.title == "Caf\u00e9 \ufffd"


def test_buffered_output_is_not_repeated_by_a_forked_child(made):
    code = (
        "import sys\nsys.stdout.write('before ')\n"
        "from tui.pdf import parse_bounded\n"
        f"parse_bounded({str(made['one'])!r}, use_cache=False)\nprint('after')\n"
    )
    env = {**os.environ, "WINNOW_DEBUG": "1"}  # the child's output is not silenced then
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert done.stdout == "before after\n", done.stdout + done.stderr

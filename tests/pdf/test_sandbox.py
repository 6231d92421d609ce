"""The parse child: how it starts, what comes back, how it ends."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading

import pytest

from tests.pdf import hostile
from tui.pdf import Budget, Cancelled, CorruptPdf, TooHeavy, child, frames, workers
from tui.pdf.sandbox import Stats, parse_bounded


@pytest.fixture
def forked(monkeypatch):
    """Children forked from this very process, so a patched child function is the one run."""
    monkeypatch.setattr(workers, "can_fork", lambda: True)


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


def in_thread(work) -> dict:
    out: dict = {}
    thread = threading.Thread(target=lambda: out.update(work()))
    thread.start()
    thread.join(60)
    return out


def test_from_a_worker_thread_the_parse_server_parses_and_comes_back_if_killed(made):
    """The app parses from a thread: no fork of a threaded process, its server instead."""
    first = in_thread(
        lambda: {
            "forks": workers.can_fork(),
            "title": parse_bounded(made["ieee"], use_cache=False).title,
            "again": parse_bounded(made["one"], use_cache=False).title,
            "server": workers.SERVER.ensure().pid,
        }
    )
    assert first["forks"] is False and first["title"] and first["again"] == hostile.TITLE
    os.kill(first["server"], signal.SIGKILL)
    second = in_thread(
        lambda: {
            "title": parse_bounded(made["one"], use_cache=False).title,
            "server": workers.SERVER.ensure().pid,
        }
    )
    assert second["title"] == hostile.TITLE and second["server"] != first["server"]


def test_cancel_stops_the_child(forked, tmp_path, monkeypatch):
    path = hostile.nested_forms(tmp_path / "slow.pdf", depth=5, pages=12)
    fronts = []
    handles = []
    real_start = workers.start
    monkeypatch.setattr(
        workers, "start", lambda *a, **k: handles.append(real_start(*a, **k)) or handles[-1]
    )
    with pytest.raises(Cancelled):
        parse_bounded(path, use_cache=False, on_front=fronts.append, cancel=lambda: bool(fronts))
    assert handles[0].status == -signal.SIGKILL  # killed and reaped


def _crash(fd, request):
    os.kill(os.getpid(), signal.SIGSEGV)


def _killed(fd, request):
    os.kill(os.getpid(), signal.SIGKILL)


def _garbage(fd, request):
    frames.write_raw(fd, b"\x80not json")


def _hostile_text(fd, request):
    doc = {"title": "Caf\u0065\u0301 \ud800", "sha256": request["digest"], "pages": 1}
    frames.send(fd, {"kind": "done", "doc": doc})


def test_a_crash_is_damage_a_kill_is_memory_garbage_is_refused(forked, monkeypatch, made):
    monkeypatch.setattr(child, "_parse", _crash)
    with pytest.raises(CorruptPdf, match=r"^damaged PDF: the parser crashed on it \(SIGSEGV\)$"):
        parse_bounded(made["one"], use_cache=False)
    monkeypatch.setattr(child, "_parse", _killed)
    with pytest.raises(TooHeavy, match=r"out of memory\) within 1536 MB: the PDF is too heavy$"):
        parse_bounded(made["one"], use_cache=False)
    monkeypatch.setattr(child, "_parse", _garbage)
    with pytest.raises(CorruptPdf, match="unreadable answer"):
        parse_bounded(made["one"], use_cache=False)


def test_text_from_the_child_is_repaired_where_it_enters(forked, monkeypatch, made):
    monkeypatch.setattr(child, "_parse", _hostile_text)
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


def test_a_heavy_outcome_holds_for_no_larger_budget_and_for_a_day(monkeypatch):
    from tui.pdf import cache

    digest = "d" * 64
    cache.save_heavy(digest, 500, "30s-1536mb", "parse stopped after 30 s", None)
    assert cache.load_heavy(digest, 500, "30s-1536mb") == ("parse stopped after 30 s", None)
    assert cache.load_heavy(digest, 500, "2s-300mb") is not None  # less budget: the same end
    assert cache.load_heavy(digest, 500, "60s-1536mb") is None  # more time: try again
    assert cache.load_heavy(digest, 500, "30s-4096mb") is None  # more memory: try again
    later = cache.time.time() + cache.HEAVY_FOR + 1
    monkeypatch.setattr(cache.time, "time", lambda: later)
    assert cache.load_heavy(digest, 500, "30s-1536mb") is None  # a day on: try again

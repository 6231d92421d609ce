"""The CLI forks its parse child first and hands it the request once it has one (issue 12:
the child loads PyMuPDF while the command finds, hashes and looks up the paper)."""

from __future__ import annotations

import os

import pytest

from tui.pdf import workers
from tui.pdf.sandbox import parse_bounded


@pytest.fixture
def single_threaded(monkeypatch):
    monkeypatch.setattr(workers, "can_fork", lambda: True)
    yield
    workers.discard_spare()


def alive(pid: int) -> bool:
    try:
        return os.waitpid(pid, os.WNOHANG) == (0, 0)
    except ChildProcessError:
        return False


def test_the_spare_parses_what_it_is_then_sent(made, single_threaded) -> None:
    workers.prefork()
    spare = workers._SPARE
    assert spare is not None and alive(spare.pid)
    doc = parse_bounded(made["one"], use_cache=False)
    assert doc.title and doc.sections
    assert workers._SPARE is None  # used up: the next parse forks anew
    assert parse_bounded(made["ieee"], use_cache=False).title
    assert not alive(spare.pid)


def test_a_spare_no_request_comes_for_is_stopped(made, single_threaded) -> None:
    parse_bounded(made["one"])  # now in the cache
    workers.prefork()
    spare = workers._SPARE
    assert parse_bounded(made["one"]).title  # from the cache: the spare is not asked
    workers.discard_spare()
    assert workers._SPARE is None and not alive(spare.pid)


def test_a_spare_that_died_gives_way_to_a_fresh_fork(made, single_threaded) -> None:
    workers.prefork()
    spare = workers._SPARE
    os.kill(spare.pid, 9)
    os.waitpid(spare.pid, 0)
    spare.status = -9
    assert parse_bounded(made["caps"], use_cache=False).title


def test_no_spare_is_forked_by_a_threaded_caller(monkeypatch) -> None:
    monkeypatch.setattr(workers, "can_fork", lambda: False)
    workers.prefork()
    assert workers._SPARE is None


def test_the_command_leaves_no_child_behind(made, capsys, monkeypatch) -> None:
    from tui.cli import main

    spares = []
    real = workers.prefork

    def prefork() -> None:
        real()
        spares.append(workers._SPARE.pid)

    monkeypatch.setattr(workers, "prefork", prefork)
    assert main(["sections", str(made["one"])]) == 0
    assert main(["sections", str(made["one"])]) == 0  # from the cache
    assert main(["sections", "/nonexistent.pdf"]) == 1
    assert len(spares) == 3 and workers._SPARE is None
    for pid in spares:  # each was used or stopped, and reaped
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)

"""Two windows on one home: each its own undo, no stale overwrite, live change stamps,
and the cap holding when both add at once."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tui import paths
from tui.errors import UserError
from tui.models import Phase, Status, parse_ref, phase_of
from tui.store import CLI_SESSION, CapReached, EditConflict, Store

WRITER = Path(__file__).with_name("writer.py")


def run_writer(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(WRITER), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture
def two() -> tuple[Store, Store]:
    a = Store.open()
    a.create_topic("t", "p")
    for i in range(6):
        a.add_ref(parse_ref(f"2101.{i:05d}"))
    return a, Store.open()


def test_each_window_undoes_its_own_elimination(two: tuple[Store, Store]) -> None:
    a, b = two
    assert a.session != b.session
    a.eliminate("arxiv:2101.00001", "A's reason")
    with pytest.raises(UserError, match="nothing to undo"):
        b.undo()  # never A's
    b.eliminate("arxiv:2101.00002", "B's reason")
    a.eliminate("arxiv:2101.00003", "A again")
    assert b.undo().paper_key == "arxiv:2101.00002"
    assert a.undo().paper_key == "arxiv:2101.00003"
    assert a.undo().paper_key == "arxiv:2101.00001"  # A's earlier one, in order
    with pytest.raises(UserError, match="nothing to undo"):
        a.undo()


def test_undo_of_a_named_paper_works_whoever_eliminated_it(two: tuple[Store, Store]) -> None:
    a, b = two
    a.eliminate("arxiv:2101.00004", "from A")
    assert b.undo(key="arxiv:2101.00004").status is Status.CANDIDATE
    with pytest.raises(UserError, match="nothing to undo"):
        a.undo()  # its record went with the paper's return
    with pytest.raises(UserError, match="is not eliminated"):
        b.undo(key="arxiv:2101.00004")


def test_the_cli_undoes_only_the_cli(two: tuple[Store, Store]) -> None:
    a, _ = two
    cli = Store.open(session=CLI_SESSION)
    cli.eliminate("arxiv:2101.00000", "from the shell")
    a.eliminate("arxiv:2101.00005", "from the TUI")
    assert Store.open(session=CLI_SESSION).undo().paper_key == "arxiv:2101.00000"
    with pytest.raises(UserError, match="from the command line"):
        Store.open(session=CLI_SESSION).undo()


def test_undo_preview_says_which_paper_and_the_phase_change(two: tuple[Store, Store]) -> None:
    a, _ = two
    assert a.undo_preview() is None
    keys = [e.paper_key for e in a.entries()]
    for key in keys:
        a.open_stage(key, 1)
        a.set_notes(key, purpose="p")
    for key in keys[:3]:
        a.keep(key)
    for key in keys[3:]:
        a.eliminate(key, "weaker")
    assert phase_of(a.entries(), a.cap) is Phase.READ
    assert a.undo_preview() == (keys[5], "READ → CUT")
    assert a.undo_preview(key=keys[3]) == (keys[3], "READ → CUT")
    assert a.entries()[5].status is Status.ELIMINATED  # a preview changes nothing
    a.undo()
    a.eliminate(keys[5], "again")
    a.unkeep(keys[0])
    assert a.undo_preview() == (keys[5], "")  # CUT stays CUT


def test_a_note_edited_in_two_windows_keeps_both_texts(two: tuple[Store, Store]) -> None:
    a, b = two
    key = "arxiv:2101.00000"
    seen_by_a = a.entry(key).notes.purpose
    b.set_notes(key, expected={"purpose": ""}, purpose="B wrote this first")
    with pytest.raises(EditConflict) as caught:
        a.set_notes(key, expected={"purpose": seen_by_a}, purpose="A's draft")
    conflict = caught.value
    assert conflict.field == "purpose"
    assert conflict.theirs == "B wrote this first" and conflict.mine == "A's draft"
    assert "\n" not in str(conflict) and isinstance(conflict, UserError)
    assert a.entry(key).notes.purpose == "B wrote this first"  # nothing overwritten
    # Once A has seen B's text, A's write goes through; other fields are untouched.
    b.set_notes(key, problem="B's problem")
    a.set_notes(key, expected={"purpose": "B wrote this first"}, purpose="A merged both")
    notes = b.entry(key).notes
    assert notes.purpose == "A merged both" and notes.problem == "B's problem"


def test_the_same_text_written_twice_is_no_conflict(two: tuple[Store, Store]) -> None:
    a, b = two
    a.set_notes("arxiv:2101.00000", purpose="same")
    b.set_notes("arxiv:2101.00000", expected={"purpose": ""}, purpose="same")


def test_positions_and_times_merge_field_by_field(two: tuple[Store, Store]) -> None:
    a, b = two
    key = "arxiv:2101.00000"
    a.set_position(key, 4, 120)
    b.set_position(key, 2, 30)
    a.add_time(key, 1, 10)
    b.add_time(key, 1, 5)
    entry = a.entry(key)
    assert entry.position == {"4": 120, "2": 30} and entry.seconds == {"1": 15.0}


def test_writes_from_threads_all_land(two: tuple[Store, Store]) -> None:
    """The notes dialog saves off the UI thread while the reader adds time."""
    a, _ = two
    key = "arxiv:2101.00000"

    def typing() -> None:
        for i in range(30):
            a.set_notes(key, text="x" * i)

    def reading() -> None:
        for _ in range(30):
            a.add_time(key, 1, 1)

    threads = [threading.Thread(target=typing), threading.Thread(target=reading)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    entry = Store.open().entry(key)
    assert entry.notes.text == "x" * 29 and entry.seconds == {"1": 30.0}


def test_change_stamp_changes_after_another_process_writes_and_only_then(
    two: tuple[Store, Store],
) -> None:
    a, _ = two
    first = a.change_stamp()
    assert a.change_stamp() == first  # nothing changed: the same stamp
    proc = run_writer("note", "t", "arxiv:2101.00000", "from another process")
    assert proc.communicate(timeout=60)[0].strip() == "saved"
    second = a.change_stamp()
    assert second != first
    assert a.change_stamp() == second
    other = Store.open()
    other.enrich("arxiv:2101.00001", other.paper("arxiv:2101.00001").with_(title="Now known"))
    third = a.change_stamp()
    assert third != second  # a listed paper's metadata changed
    other.create_topic("elsewhere")  # the open topic changes: so does the stamp
    assert a.change_stamp() != third


def test_change_stamp_parses_nothing_that_did_not_change(
    two: tuple[Store, Store], monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    a, _ = two
    a.change_stamp()
    calls = []
    real = json.loads
    monkeypatch.setattr(json, "loads", lambda *x, **k: calls.append(1) or real(*x, **k))
    for _ in range(20):
        a.change_stamp()
    assert calls == []


def test_two_processes_adding_at_once_never_pass_the_cap() -> None:
    store = Store.open(cap=10)
    store.create_topic("race", "two windows add at once")
    store.add_ref(parse_ref("1706.03762"))
    procs = [run_writer("add", "race", prefix, "12") for prefix in ("2101", "2202")]
    (paths.data_dir() / "GO").touch()
    added = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        added += out.split()
    entries = Store.open().entries("race")
    assert len(entries) == 10 == 1 + len(added)
    with pytest.raises(CapReached):
        store.add_ref(parse_ref("2303.00001"))


def test_a_deleted_topic_refuses_a_late_write(two: tuple[Store, Store]) -> None:
    a, b = two
    b.delete_topic("t")
    with pytest.raises(UserError):
        a.set_notes("arxiv:2101.00000", "t", text="late")
    assert not list((paths.data_dir() / "topics").glob("*.json"))

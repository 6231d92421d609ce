"""Schema 1 (one state.json) → schema 2 (index, a file per topic, paper shards): every
byte kept, and a kill at any instant of the migration leaves a state that loads."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from bigstate import write_schema1
from helpers_store import BIG, install_state, layout_files, load_json

from tui import paths
from tui.models import Paper
from tui.store import Store

WRITER = Path(__file__).with_name("writer.py")


def expected_from(data: dict[str, Any]) -> dict[str, Any]:
    """What the store must show for schema-1 content, read straight from its tables."""

    def table(name: str) -> list[dict[str, Any]]:
        return [d for _, d in sorted(data[name].items(), key=lambda i: int(i[0]))]

    topics = table("topics")
    open_name = next(d["value"] for d in table("settings") if d["key"] == "open_topic")
    fields = ("paper_key", "status", "reason", "eliminated_at", "added_at", "stage")
    lists: dict[str, list[dict[str, Any]]] = {t["name"]: [] for t in topics}
    for e in table("entries"):
        lists[e["topic"]].append(
            {k: e[k] for k in fields}
            | {"notes": e["notes"], "position": e["position"], "seconds": e["seconds"]}
        )
    searches: dict[str, list[dict[str, Any]]] = {t["name"]: [] for t in topics}
    for h in reversed(table("history")):
        searches[h["topic"]].append({k: h[k] for k in ("query", "filters", "at")})
    return {
        "topics": [[t["name"], t["purpose"], t["created_at"]] for t in topics],
        "open": open_name,
        "lists": lists,
        "searches": searches,
        "papers": {d["key"]: d["paper"] for d in table("papers")},
    }


def flat(paper: Paper) -> dict[str, Any]:
    """A paper as plain data, quickly (``dataclasses.asdict`` takes seconds for 10,000)."""
    out = dict(paper.__dict__)
    out["ids"] = dict(paper.ids.__dict__)
    out["authors"] = [dict(a.__dict__) for a in paper.authors]
    return out


def shown_by(store: Store) -> dict[str, Any]:
    topics = store.topics()
    lists = {
        t.name: [
            dict(e.__dict__) | {"status": e.status.value, "notes": dict(e.notes.__dict__)}
            for e in store.entries(t.name)
        ]
        for t in topics
    }
    keys = [e["paper_key"] for entries in lists.values() for e in entries]
    papers = store.papers(keys)
    return {
        "topics": [[t.name, t.purpose, t.created_at] for t in topics],
        "open": store.current_topic().name,
        "lists": lists,
        "searches": {t.name: store.searches(t.name) for t in topics},
        "papers": {k: flat(papers[k]) for k in dict.fromkeys(keys)},
    }


def same_bytes(a: dict[str, Any], b: dict[str, Any]) -> bool:
    def encode(value: dict[str, Any]) -> bytes:
        return json.dumps(value, ensure_ascii=False, sort_keys=True).encode(
            "utf-8", "surrogatepass"
        )

    return encode(a) == encode(b)


def test_a_big_schema_1_file_migrates_with_every_byte_kept(
    big_schema1: tuple[Path, dict[str, Any]], big_home: Path
) -> None:
    install_state(big_home)  # migrated from big_schema1 (once per run)
    store = Store.open()
    assert not store.notices
    shown = shown_by(store)
    assert len(shown["topics"]) == BIG
    assert same_bytes(shown, listed_only(expected_from(big_schema1[1])))
    assert not (big_home / "state.json").exists()  # removed once the switch was durable
    assert len(list((paths.data_dir() / "topics").glob("*.json"))) == BIG


def test_migrated_undo_records_and_aliases_work(big_home: Path) -> None:
    install_state(big_home)
    store = Store.open()
    topic = store.topics()[9]  # every tenth topic lists a paper of the one before
    entries = store.entries(topic.name)
    shared = entries[-1].paper_key
    assert any(e.paper_key == shared for e in store.entries(store.topics()[8].name))
    eliminated = next(e for e in entries if not e.active)
    assert store.undo(topic.name, key=eliminated.paper_key).active  # old records: by key
    paper = store.paper(shared)
    assert paper is not None and paper.ids.s2 and store.paper(f"s2:{paper.ids.s2}") == paper


def spawn_open() -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(WRITER), "open"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=os.environ.copy(),
    )


def migration_seconds() -> float:
    start = time.monotonic()
    proc = spawn_open()
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0 and out.strip() == "open", err
    return time.monotonic() - start


def state_files() -> list[Path]:
    folder = paths.data_dir()
    return [p for p in folder.rglob("*") if p.is_file() and not p.name.endswith(".lock")]


def kill_during_migration(source: Path, kills: int) -> None:
    """Kill a migrating winnow at ``kills`` instants spread over a whole migration; each
    time the next start must finish the job with exactly the files an uninterrupted
    migration writes (whose content the byte-exact test checks)."""
    paths.data_dir().mkdir(parents=True, exist_ok=True)
    shutil.copy(source, paths.state_file())
    whole = migration_seconds()
    reference = layout_files(paths.data_dir())
    original = source.read_bytes()
    for k in range(kills):
        shutil.rmtree(paths.data_dir())
        paths.data_dir().mkdir(parents=True)
        shutil.copy(source, paths.state_file())
        proc = spawn_open()
        time.sleep(whole * (k + 0.5) / kills)
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
        # Whatever the instant: the old file is whole and is the state, or the switch
        # happened and every file of the new layout parses.
        if not paths.index_file().exists():
            assert paths.state_file().read_bytes() == original
        else:
            for path in state_files():
                if path.suffix == ".json":
                    load_json(path)
        store = Store.open()  # resumes or restarts the migration
        assert not store.notices, store.notices
        assert not [p for p in state_files() if p.name.endswith(".tmp")]
        assert layout_files(paths.data_dir()) == reference, f"kill {k}"
        assert not paths.state_file().exists()


@pytest.mark.usefixtures("memory_home")
def test_kill_9_during_a_migration_at_many_instants(tmp_path: Path) -> None:
    source = tmp_path / "state.json"
    data = write_schema1(source, 200, seed=3)
    kill_during_migration(source, 16)
    assert same_bytes(shown_by(Store.open()), listed_only(expected_from(data)))


@pytest.mark.usefixtures("memory_home")
def test_kill_9_during_a_migration_of_2000_topics(
    big_schema1: tuple[Path, dict[str, Any]],
) -> None:
    kill_during_migration(big_schema1[0], kills=5)


def listed_only(expected: dict[str, Any]) -> dict[str, Any]:
    listed = {e["paper_key"] for entries in expected["lists"].values() for e in entries}
    return expected | {"papers": {k: v for k, v in expected["papers"].items() if k in listed}}


def test_two_winnows_starting_at_once_migrate_once(tmp_path: Path) -> None:
    data = write_schema1(paths.state_file(), 50, seed=5)
    procs = [spawn_open(), spawn_open()]
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    assert same_bytes(shown_by(Store.open()), listed_only(expected_from(data)))


def test_two_entries_of_one_paper_become_one_keeping_both() -> None:
    """The old bug (issue 9.16) left two entries sharing one key; the migration joins them."""
    paths.data_dir().mkdir(parents=True)
    entry = {"topic": "t", "paper_key": "arxiv:1706.03762", "stage": 1, "position": {}}
    state = {
        "_meta": {"1": {"schema_version": 1}},
        "topics": {"1": {"name": "t", "purpose": "p", "created_at": ""}},
        "settings": {"1": {"key": "open_topic", "value": "t"}},
        "papers": {
            "1": {
                "key": "arxiv:1706.03762",
                "paper": {"title": "A", "ids": {"arxiv": "1706.03762"}},
            }
        },
        "entries": {
            "1": entry | {"status": "candidate", "notes": {"purpose": "mine"}, "seconds": {"1": 5}},
            "2": entry | {"status": "kept", "notes": {"problem": "yours"}, "seconds": {"1": 7}},
        },
    }
    paths.state_file().write_text(json.dumps(state))
    (only,) = Store.open().entries()
    assert only.status.value == "kept" and only.seconds == {"1": 12.0}
    assert only.notes.purpose == "mine" and only.notes.problem == "yours"


def test_a_symlinked_schema_1_file_is_migrated_and_left_in_place(tmp_path: Path) -> None:
    dotfiles = tmp_path / "dotfiles" / "winnow-state.json"
    write_schema1(dotfiles, 3)
    before = dotfiles.read_bytes()
    paths.data_dir().mkdir(parents=True)
    paths.state_file().symlink_to(dotfiles)
    store = Store.open()
    assert len(store.topics()) == 3
    assert paths.state_file().is_symlink() and dotfiles.read_bytes() == before
    assert any("is a link" in n for n in store.notices)
    assert not Store.open().notices  # said once


def test_a_state_file_changed_after_the_migration_is_not_removed() -> None:
    """An older winnow wrote state.json after the switch: it is left for the user."""
    write_schema1(paths.state_file(), 2)
    Store.open()
    paths.state_file().write_text('{"topics": {}}')
    Store.open()
    assert paths.state_file().exists()


@pytest.mark.parametrize("content", ["", "{}", '{"_meta": {"1": {"schema_version": 1}}}'])
def test_empty_states_start_fresh(content: str) -> None:
    paths.data_dir().mkdir(parents=True)
    paths.state_file().write_text(content)
    store = Store.open()
    assert store.topics() == [] and not store.notices
    store.create_topic("first")
    assert [t.name for t in Store.open().topics()] == ["first"]


def test_a_kill_after_the_switch_before_the_old_file_went(monkeypatch: pytest.MonkeyPatch) -> None:
    from tui.store import migrate

    data = write_schema1(paths.state_file(), 20, seed=9)
    with monkeypatch.context() as patch:
        patch.setattr(migrate, "_finish", lambda store: None)  # "killed" right after the switch
        Store.open()
    assert paths.state_file().exists() and paths.index_file().exists()
    store = Store.open()  # the index is the state now; the old file goes
    assert not paths.state_file().exists()
    assert same_bytes(shown_by(store), listed_only(expected_from(data)))

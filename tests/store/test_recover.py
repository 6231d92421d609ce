"""A lost index is rebuilt from the topic files (nothing the user wrote is hidden)."""

from __future__ import annotations

import json
import os
import threading

from hypothesis import given, settings
from hypothesis import strategies as st

from tui import paths
from tui.models import parse_ref
from tui.store import Store


def _grown() -> Store:
    store = Store.open()
    store.create_topic("graphs", "pick a GNN")
    store.add_ref(parse_ref("2101.00001"))
    store.add_ref(parse_ref("2101.00002"))
    store.set_notes("arxiv:2101.00001", problem="over-smoothing")
    store.create_topic("rl", "offline RL")
    store.add_ref(parse_ref("2005.01643"))
    store.rename_topic("rl", "offline rl")
    return store


def _index():  # type: ignore[no-untyped-def]
    return paths.data_dir() / "index.json"


def _check_recovered(store: Store) -> None:
    topics = {t.name: t.purpose for t in store.topics()}
    assert topics == {"graphs": "pick a GNN", "offline rl": "offline RL"}
    assert [e.paper_key for e in store.entries("graphs")] == [
        "arxiv:2101.00001",
        "arxiv:2101.00002",
    ]
    assert store.entry("arxiv:2101.00001", "graphs").notes.problem == "over-smoothing"
    assert [e.paper_key for e in store.entries("offline rl")] == ["arxiv:2005.01643"]
    assert store.current_topic() is not None
    assert any("rebuilt from 2 topic file(s)" in n for n in store.notices)


def test_an_unreadable_index_is_rebuilt_with_names_lists_and_notes() -> None:
    _grown()
    _index().write_bytes(b"\x00garbage{")
    _check_recovered(Store.open())
    assert not any("rebuilt" in n for n in Store.open().notices)  # once, then an index again


def test_a_deleted_index_is_rebuilt() -> None:
    _grown()
    _index().unlink()
    _check_recovered(Store.open())


def test_older_topic_files_take_their_names_from_the_index_moved_aside() -> None:
    _grown()
    for path in (paths.data_dir() / "topics").glob("*.json"):  # files written before 'about'
        data = json.loads(path.read_text())
        data.pop("about")
        path.write_text(json.dumps(data))
    text = _index().read_text()
    _index().write_text(text[: text.index('"settings"')])  # a truncated index
    store = Store.open()
    _check_recovered(store)


def test_with_no_name_anywhere_a_topic_is_listed_as_recovered() -> None:
    _grown()
    for path in (paths.data_dir() / "topics").glob("*.json"):
        data = json.loads(path.read_text())
        data.pop("about")
        path.write_text(json.dumps(data))
    _index().write_text("nothing useful")
    store = Store.open()
    names = sorted(t.name for t in store.topics())
    assert len(names) == 2 and all(n.startswith("recovered ") for n in names)
    assert sum(store.active_count(n) for n in names) == 3
    assert any("rename them with winnow topic rename" in n for n in store.notices)


def test_two_windows_starting_at_once_rebuild_it_once() -> None:
    _grown()
    _index().unlink()
    stores: list[Store] = []
    threads = [threading.Thread(target=lambda: stores.append(Store.open())) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert len(stores) == 4
    assert len(Store.open().topics()) == 2  # not 8


def test_a_fresh_home_is_not_recovered_into() -> None:
    store = Store.open()
    assert store.topics() == [] and store.notices == []
    assert not os.path.exists(_index())


@settings(max_examples=25, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_in_the_index_lose_no_topic(garbage: bytes) -> None:
    for path in paths.data_dir().glob("**/*"):  # the home is shared by the examples
        if path.is_file():
            path.unlink()
    _grown()
    _index().write_bytes(garbage)
    store = Store.open()
    if any("did not parse" in n for n in store.notices):
        _check_recovered(store)

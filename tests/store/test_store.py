"""The store speaks in intent and enforces the method's rules."""

from __future__ import annotations

import pytest

from tui.errors import UserError
from tui.models import Phase, Status, parse_ref, phase_of
from tui.store import CapReached, Store


@pytest.fixture
def store() -> Store:
    store = Store.open()
    store.create_topic("gnn", "pick a graph network for molecules")
    return store


def add_ids(store: Store, count: int) -> list[str]:
    return [store.add_ref(parse_ref(f"2101.{i:05d}")).paper_key for i in range(count)]


def test_topics_open_and_list(store: Store) -> None:
    store.create_topic("second", "another purpose")
    assert [t.name for t in store.topics()] == ["gnn", "second"]
    assert store.current_topic().name == "second"
    store.open_topic("gnn")
    assert store.current_topic().purpose == "pick a graph network for molecules"
    with pytest.raises(UserError, match="exists already"):
        store.create_topic("gnn")
    with pytest.raises(UserError, match="no topic named"):
        store.open_topic("nope")


def test_eleventh_paper_is_refused_with_the_cap_message(store: Store) -> None:
    add_ids(store, 10)
    with pytest.raises(CapReached, match=r"full \(10/10\): eliminate one first"):
        store.add_ref(parse_ref("2201.00001"))
    assert store.active_count() == 10


def test_elimination_keeps_the_paper_and_can_be_undone(store: Store) -> None:
    keys = add_ids(store, 10)
    store.eliminate(keys[3], "only tested on citation graphs")
    entry = store.entry(keys[3])
    assert entry.status is Status.ELIMINATED
    assert entry.reason == "only tested on citation graphs"
    assert len(store.entries()) == 10  # never deleted
    store.add_ref(parse_ref("2201.00001"))  # room again
    with pytest.raises(CapReached):
        store.undo()  # undoing would pass the cap
    store.eliminate("arxiv:2201.00001", "duplicate")
    assert store.undo().paper_key == "arxiv:2201.00001"  # the last elimination first
    with pytest.raises(UserError, match="reason"):
        store.eliminate(keys[0], "   ")


def test_keep_needs_stage_one_and_an_answer(store: Store) -> None:
    (key,) = add_ids(store, 1)
    with pytest.raises(UserError, match="stage 1"):
        store.keep(key)
    store.open_stage(key, 1)
    with pytest.raises(UserError, match="skim question"):
        store.keep(key)
    store.set_notes(key, problem="message passing oversmooths")
    assert store.keep(key).status is Status.KEPT


def test_forced_cut_locks_stages_two_to_four(store: Store) -> None:
    keys = add_ids(store, 5)
    for key in keys:
        store.open_stage(key, 1)
        store.set_notes(key, purpose="p")
    assert phase_of(store.entries(), store.cap) is Phase.CUT
    store.keep(keys[0])
    with pytest.raises(UserError, match="after the cut"):
        store.open_stage(keys[0], 2)
    for key in keys[3:]:
        store.eliminate(key, "weaker baseline")
    store.keep(keys[1])
    store.keep(keys[2])
    assert phase_of(store.entries(), store.cap) is Phase.READ
    assert store.open_stage(keys[0], 3).stage == 3
    assert not store.stage_open(2, keys[4])  # an eliminated paper stays locked


def test_phases_follow_from_the_state(store: Store) -> None:
    assert phase_of(store.entries(), 10) is Phase.COLLECT
    keys = add_ids(store, 6)
    assert phase_of(store.entries(), 10) is Phase.SKIM
    for key in keys:
        store.open_stage(key, 1)
        store.set_notes(key, contributions="c")
    assert phase_of(store.entries(), 10) is Phase.CUT


def test_notes_positions_and_time(store: Store) -> None:
    (key,) = add_ids(store, 1)
    store.set_notes(key, purpose="why", text="free text")
    store.set_position(key, 4, 120)
    store.add_time(key, 1, 30)
    store.add_time(key, 1, 12.5)
    reopened = Store.open().entry(key)
    assert reopened.notes.purpose == "why" and reopened.notes.text == "free text"
    assert reopened.position == {"4": 120}
    assert reopened.seconds == {"1": 42.5}
    with pytest.raises(UserError):
        store.set_notes(key, mood="x")


def test_resolve_by_id_forms_and_title(store: Store) -> None:
    key = store.add_ref(parse_ref("1706.03762")).paper_key
    assert store.resolve("arXiv:1706.03762v5") == key
    assert store.resolve(key) == key
    with pytest.raises(UserError, match="not on the shortlist"):
        store.resolve("1512.03385")


def test_search_history_is_per_topic_and_newest_first(store: Store) -> None:
    store.record_search("graph transformers", {"since": 2021})
    store.record_search("message passing", {})
    store.record_search("graph transformers", {"since": 2022})
    history = store.searches()
    assert [h["query"] for h in history] == ["graph transformers", "message passing"]
    assert history[0]["filters"] == {"since": 2022}


def test_cache_round_trip_and_age(store: Store) -> None:
    assert store.cache_get("search", "q") is None
    store.cache_put("search", "q", {"papers": [1, 2]})
    value, stored_at = store.cache_get("search", "q")
    assert value == {"papers": [1, 2]} and stored_at > 0
    # the cache lives apart from the small state file
    assert "papers" not in store.state_path.read_text()


def test_no_topic_open_is_a_clear_error() -> None:
    with pytest.raises(UserError, match="no topic is open"):
        Store.open().entries()


def test_old_cache_entries_are_dropped_on_the_next_write(monkeypatch: pytest.MonkeyPatch) -> None:
    import time as time_module

    store = Store.open(cache_keep_days=30)
    store.cache_put("search", "old", {"papers": []})
    real = time_module.time
    monkeypatch.setattr(time_module, "time", lambda: real() + 31 * 86400)
    store.cache_put("search", "new", {"papers": []})
    assert store.cache_get("search", "old") is None
    assert store.cache_get("search", "new") is not None


def test_a_read_on_another_thread_never_sees_a_change_before_it_is_saved() -> None:
    """A worker thread writes the cache while the UI thread reads it."""
    import threading
    import time as time_module

    store = Store.open()
    store.cache_put("search", "x", {"n": 0})
    inside, release = threading.Event(), threading.Event()
    seen: list[tuple[object, float]] = []

    def writer() -> None:
        with store._cache.tx():
            store._cache.table("search").update({"v": {"n": 1}}, doc_ids=[1])
            inside.set()
            release.wait(2)

    def reader() -> None:
        seen.append((store.cache_get("search", "x")[0], time_module.monotonic()))

    threads = [threading.Thread(target=writer), threading.Thread(target=reader)]
    threads[0].start()
    inside.wait(2)
    threads[1].start()
    time_module.sleep(0.2)
    released_at = time_module.monotonic()
    release.set()
    for thread in threads:
        thread.join()
    value, when = seen[0]
    assert when >= released_at  # it waited for the write to finish…
    assert value == {"n": 1}  # …and then saw it saved


def test_rename_and_delete_topics(store: Store) -> None:
    store.add_ref(parse_ref("1706.03762"))
    store.set_notes("arxiv:1706.03762", text="kept through a rename")
    store.create_topic("other", "p")
    assert store.topic_exists("gnn") and store.topic_exists("  other ")
    with pytest.raises(UserError, match="exists already"):
        store.rename_topic("gnn", "other")
    store.open_topic("gnn")
    store.rename_topic("gnn", "graph  networks")
    assert store.current_topic().name == "graph networks"  # still the open one
    assert store.entry("arxiv:1706.03762").notes.text == "kept through a rename"
    assert not store.topic_exists("gnn")
    store.delete_topic("graph networks")
    assert store.current_topic() is None and [t.name for t in store.topics()] == ["other"]
    with pytest.raises(UserError, match="no topic named"):
        store.delete_topic("graph networks")
    store.create_topic("graph networks")  # the name is free again, the notes are gone
    assert store.entries() == []


def test_seen_ids_per_search_and_topic(store: Store) -> None:
    assert store.seen_ids("q:attention") == set()
    assert store.mark_seen("q:attention", ["a", "b", "a"]) == {"a", "b"}
    assert store.mark_seen("q:attention", ["b", "c"]) == {"c"}
    assert store.seen_ids("q:attention") == {"a", "b", "c"}
    assert store.seen_ids("q:other") == set()
    store.create_topic("second")
    assert store.seen_ids("q:attention") == set()
    assert Store.open().seen_ids("q:attention", "gnn") == {"a", "b", "c"}


def test_ui_state_is_merged_field_by_field(store: Store) -> None:
    assert store.ui_state() == {}
    store.set_ui_state(query="graph", filters={"since": 2020})
    other = Store.open()
    other.set_ui_state(paper="arxiv:1", stage=4, position=120)
    store.set_ui_state(query="graph networks")
    assert Store.open().ui_state("gnn") == {
        "query": "graph networks",
        "filters": {"since": 2020},
        "paper": "arxiv:1",
        "stage": 4,
        "position": 120,
    }
    store.set_ui_state(paper=None)
    assert "paper" not in store.ui_state()
    with pytest.raises(UserError, match="plain JSON"):
        store.set_ui_state(bad=object())

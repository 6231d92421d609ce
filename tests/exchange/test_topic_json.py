"""The whole topic as JSON, and back into another home: the same topic."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from exchange_fixtures import PAPERS, PURPOSE, TOPIC, build_triage

from tui.errors import UserError
from tui.exchange import import_topic, topic_to_json
from tui.models import Phase, phase_of
from tui.store import Store

STAMPS = ("created_at", "added_at", "eliminated_at", "at", "exported_at")


def without_stamps(value):
    """The export minus the times at which things happened (an import happens now)."""
    if isinstance(value, dict):
        return {k: without_stamps(v) for k, v in value.items() if k not in STAMPS}
    if isinstance(value, list):
        return [without_stamps(v) for v in value]
    return value


def other_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, **kw) -> Store:
    monkeypatch.setenv("WINNOW_HOME", str(tmp_path / name))
    return Store.open(**kw)


def test_round_trip_into_an_empty_home_gives_the_same_topic(
    triage: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    exported = topic_to_json(triage, TOPIC)
    text = json.dumps(exported, ensure_ascii=False)  # what goes through the file

    labmate = other_home(tmp_path, monkeypatch, "labmate")
    report = import_topic(labmate, json.loads(text))

    assert report.topic == TOPIC
    assert report.refused == [] and report.notes == []
    assert len(report.added) == len(PAPERS)
    assert labmate.current_topic().name == TOPIC
    assert labmate.current_topic().purpose == PURPOSE
    again = topic_to_json(labmate, TOPIC)
    assert without_stamps(again) == without_stamps(exported)
    # dates survive too: only the export's own stamp differs
    assert {**again, "exported_at": None} == {**exported, "exported_at": None}
    assert again["searches"][0]["query"] == "sparse attention transformer"  # newest first
    assert labmate.entries() == triage.entries(TOPIC)
    assert labmate.current_topic() == triage.topic(TOPIC)
    assert phase_of(labmate.entries(), labmate.cap) is Phase.CUT
    assert labmate.stage_open(3, "arxiv:1706.03762") is False  # Big Bird is still undecided


def test_format_is_versioned_and_complete(triage: Store) -> None:
    data = topic_to_json(triage, exported_at="2025-03-14T09:00:00+00:00")
    assert data["winnow_topic"] == 1
    assert data["exported_at"] == "2025-03-14T09:00:00+00:00"
    assert data["topic"]["name"] == TOPIC
    entry = data["entries"][0]
    assert set(entry) == {
        "paper_key",
        "status",
        "reason",
        "eliminated_at",
        "added_at",
        "stage",
        "notes",
        "position",
        "seconds",
    }
    assert (entry["status"], entry["stage"], entry["position"]) == ("kept", 3, {"3": 42})
    assert entry["seconds"] == {"1": 380.0, "2": 1250.0, "3": 2400.0}
    assert data["papers"]["arxiv:1706.03762"]["bibtex"].startswith("@Article{Vaswani")
    assert [e["reason"] for e in data["entries"] if e["status"] == "eliminated"][1] == (
        "assumes a fixed sequence length | no causal masking"
    )


def test_a_taken_name_is_imported_as_name_2_then_3(triage: Store) -> None:
    data = topic_to_json(triage, TOPIC)
    first = import_topic(triage, data)
    assert first.topic == f"{TOPIC} (2)"
    assert first.notes == [f"a topic named {TOPIC!r} exists already: imported as '{TOPIC} (2)'"]
    assert import_topic(triage, data).topic == f"{TOPIC} (3)"
    assert triage.current_topic().name == f"{TOPIC} (3)"
    assert len(triage.entries(TOPIC)) == len(triage.entries(f"{TOPIC} (2)")) == len(PAPERS)


def test_a_topic_over_this_homes_cap_is_refused_whole(
    triage: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = topic_to_json(triage, TOPIC)
    small = other_home(tmp_path, monkeypatch, "small", cap=2)
    with pytest.raises(UserError, match="3 papers, over this shortlist's cap of 2"):
        import_topic(small, data)
    assert small.topics() == []  # nothing half-imported


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], 'no "winnow_topic" version field'),
        ({"topic": {"name": "x"}}, 'no "winnow_topic" version field'),
        ({"winnow_topic": "1"}, "version '1'"),
        ({"winnow_topic": 2, "topic": {"name": "x"}}, "format 2, newer than this winnow"),
        ({"winnow_topic": 1, "topic": {}}, "the topic has no name"),
        ({"winnow_topic": 1, "topic": {"name": "x"}, "entries": {}}, "entries must be a list"),
        (
            {"winnow_topic": 1, "topic": {"name": "x"},
             "entries": [{"paper_key": "a", "status": "?"}]},
            r"entries\[0\].status is '\?'",
        ),
        (
            {"winnow_topic": 1, "topic": {"name": "x"},
             "entries": [{"paper_key": "a", "stage": 9}]},
            r"entries\[0\].stage is 9",
        ),
        (
            {"winnow_topic": 1, "topic": {"name": "x"}, "entries": [{"paper_key": "k"}],
             "papers": {"k": {"no": "title"}}},
            r"papers\['k'\] is malformed",
        ),
    ],
)  # fmt: skip
def test_malformed_files_are_refused_with_one_line(data: object, message: str) -> None:
    store = Store.open()
    with pytest.raises(UserError, match=message):
        import_topic(store, data)
    assert store.topics() == []  # nothing half-imported


def test_an_entry_without_paper_metadata_comes_back_as_a_placeholder() -> None:
    store = Store.open()
    data = {
        "winnow_topic": 1,
        "topic": {"name": "bare", "purpose": "p"},
        "entries": [{"paper_key": "arxiv:1706.03762"}, {"paper_key": "title:some old paper"}],
    }
    report = import_topic(store, data)
    assert report.keys == ["arxiv:1706.03762", "title:some old paper"]
    assert store.paper("arxiv:1706.03762").ids.arxiv == "1706.03762"
    assert store.paper("title:some old paper").title == "some old paper"


def test_an_empty_home_round_trip_is_stable_twice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = build_triage(other_home(tmp_path, monkeypatch, "a"))
    once = topic_to_json(original, TOPIC)
    second = other_home(tmp_path, monkeypatch, "b")
    import_topic(second, once)
    third = other_home(tmp_path, monkeypatch, "c")
    import_topic(third, topic_to_json(second, TOPIC))
    assert without_stamps(topic_to_json(third, TOPIC)) == without_stamps(once)

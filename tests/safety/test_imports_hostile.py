"""Imported files are outside text too: repaired once where they enter, never a crash."""

from __future__ import annotations

import json

from test_cli_hostile import _clean_run

from tui.models import Paper, PaperIds
from tui.store import Store
from tui.textsafe import json_text


def _topic_file(tmp_path, monkeypatch) -> str:
    """A real topic export, taken from another home."""
    from tui.exchange import topic_to_json

    monkeypatch.setenv("WINNOW_HOME", str(tmp_path / "labmate"))
    store = Store.open()
    store.create_topic("shared", "why")
    store.add(Paper("PLACEHOLDER title", ids=PaperIds(arxiv="2101.00001")))
    text = json_text(topic_to_json(store, "shared"))
    monkeypatch.setenv("WINNOW_HOME", str(tmp_path / "me"))
    return text


def test_a_topic_file_with_lone_surrogates_and_escapes_imports_repaired(
    tmp_path, monkeypatch, capsys
) -> None:
    text = _topic_file(tmp_path, monkeypatch)
    evil = "\\ud800 lone \\u001b]52;c;aGk=\\u0007 \\u009b2J e\\u0301 \\u0000nul"  # JSON escapes
    path = tmp_path / "topic.json"
    path.write_text(text.replace("PLACEHOLDER", evil), encoding="utf-8")
    _clean_run(capsys, ["import", str(path)])
    (topic,) = [t for t in Store.open().topics() if t.name.startswith("shared")]
    store = Store.open()
    store.open_topic(topic.name)
    (entry,) = store.entries()
    title = store.paper(entry.paper_key).title
    title.encode("utf-8")  # the lone surrogate is U+FFFD now
    assert "\ufffd lone" in title and "é" in title and "\x00" not in title
    out = _clean_run(capsys, ["shortlist"])
    assert "␛]52" in out


def test_a_deeply_nested_topic_file_is_one_line(tmp_path, capsys) -> None:
    Store.open().create_topic("here", "p")
    path = tmp_path / "deep.json"
    path.write_text("[" * 200_000 + "]" * 200_000)
    _clean_run(capsys, ["import", str(path)], expect=1)


def test_a_bib_file_with_controls_and_nul_imports_repaired(tmp_path, capsys) -> None:
    Store.open().create_topic("here", "p")
    path = tmp_path / "refs.bib"
    path.write_text(
        "@article{k,\n title = {Bad \x1b]0;owned\x07 e\u0301 \x00nul \u202eflip},\n"
        " author = {A. Person}, year = {2020}\n}\n",
        encoding="utf-8",
    )
    _clean_run(capsys, ["import", str(path)])
    store = Store.open()
    (entry,) = store.entries()
    title = store.paper(entry.paper_key).title
    assert "é" in title and "\x00" not in title
    data = json.loads(_clean_run(capsys, ["shortlist", "--json"]))
    assert data["count"] == 1

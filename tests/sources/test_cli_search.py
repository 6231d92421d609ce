"""``winnow search``: SPEC §5's JSON, the env overrides, the exit statuses, one-line errors."""

from __future__ import annotations

import json

import pytest
from helpers_sources import atom_entry, atom_feed, s2_paper, s2_search

from tui.cli import main

FEED = atom_feed([atom_entry("1706.03762v7", "Attention Is All You Need")], total=1)
S2 = s2_search([s2_paper("s2-attn", "Attention is All you Need", arxiv="1706.03762")], total=1)


def test_json_output(live, capsys):
    live.expect_request("/api/query").respond_with_data(FEED)
    live.expect_request("/graph/v1/paper/search").respond_with_json(S2)
    assert main(["search", "attention", "--since", "2017", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["query"] == "attention"
    assert out["filters"]["since"] == 2017 and out["filters"]["source"] == "all"
    assert out["status"] == {"arxiv": "ok", "s2": "ok"}
    (paper,) = out["results"]
    assert set(paper) >= {
        "title",
        "authors",
        "year",
        "venue",
        "citations",
        "tldr",
        "abstract",
        "ids",
        "sources",
        "pdf_url",
    }
    assert paper["ids"] == {"arxiv": "1706.03762", "s2": "s2-attn", "doi": None}
    assert paper["sources"] == ["arxiv", "s2"]


def test_one_source_down_still_succeeds(live, capsys):
    live.expect_request("/api/query").respond_with_data("Rate exceeded.")
    live.expect_request("/graph/v1/paper/search").respond_with_json(S2)
    assert main(["search", "attention", "--json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["status"] == {"arxiv": "rate-limited", "s2": "ok"}
    assert "Traceback" not in captured.err
    assert all(line.startswith("winnow: ") for line in captured.err.splitlines())


def test_text_output_and_terminal_escapes_shown_literally(live, capsys):
    evil = S2 | {"data": [s2_paper("x", "Bad \x1b[31mred\x1b[0m [bold]title[/bold]")]}
    live.expect_request("/graph/v1/paper/search").respond_with_json(evil)
    assert main(["search", "attention", "--source", "s2"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "␛[31mred" in out and "[bold]title[/bold]" in out
    assert "arXiv: skipped" in out


def test_nothing_answered_exits_1_with_one_line(capsys):
    assert main(["search", "attention"]) == 1  # the root conftest points both at a dead port
    err = capsys.readouterr().err
    assert "no source answered" in err and "Traceback" not in err


def test_user_errors(capsys):
    assert main(["search", "x", "--since", "2022", "--until", "2020"]) == 1
    assert main(["search", "x", "--limit", "500"]) == 1
    with pytest.raises(SystemExit) as usage:
        main(["search", "x", "--sort", "sideways"])
    assert usage.value.code == 2


def test_limit_asks_for_n_and_shows_at_most_n(live, capsys):
    live.expect_request("/api/query").respond_with_data(FEED)
    other = s2_search([s2_paper("s2-other", "A different paper entirely")], total=1)
    live.expect_request("/graph/v1/paper/search").respond_with_json(other)
    assert main(["search", "attention", "--limit", "1", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert len(out["results"]) == 1
    sizes = {r.path: r.args.get("max_results") or r.args.get("limit") for r, _ in live.log}
    assert set(sizes.values()) == {"1"} and len(sizes) == 2  # both sources asked for one

"""The Markdown triage report, against an expected file, and safe with any outside text."""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

import pytest
from exchange_fixtures import LONGFORMER

from tui.errors import UserError
from tui.exchange import markdown_report
from tui.exchange.report import duration, md_escape
from tui.store import Store

EXPECTED = Path(__file__).parent / "expected" / "report.md"
TODAY = date(2025, 3, 14)


def test_report_matches_the_expected_file(triage: Store) -> None:
    report = markdown_report(triage, "long-context attention", today=TODAY)
    if os.environ.get("WINNOW_REGENERATE"):
        EXPECTED.write_text(report, encoding="utf-8")
    assert report == EXPECTED.read_text(encoding="utf-8")


def test_report_defaults_to_the_open_topic_and_names_a_missing_one(triage: Store) -> None:
    assert markdown_report(triage, today=TODAY) == markdown_report(
        triage, "long-context attention", today=TODAY
    )
    with pytest.raises(UserError, match="no topic named 'nope'"):
        markdown_report(triage, "nope", today=TODAY)


def test_an_empty_topic_still_makes_a_report() -> None:
    store = Store.open()
    store.create_topic("fresh", "")
    report = markdown_report(store, today=TODAY)
    assert "**Purpose:** _none stated_" in report
    assert "## Kept (0)\n\n_None yet._" in report
    assert "Phase:** COLLECT" in report


def test_outside_text_cannot_break_the_markdown() -> None:
    store = Store.open()
    store.create_topic("x | y", "find `the` *one*")
    hostile = LONGFORMER.with_(
        title="[click](http://evil.example) <script>alert(1)</script> | \x1b[31mred\x1b[0m",
        venue="A|B",
    )
    store.add(hostile)
    store.open_stage(hostile.key, 1)
    store.set_notes(
        hostile.key,
        purpose="**bold** _it_ ~~gone~~ $x$ &amp;",
        text="# not a heading\n1. not a list\n---\n> not a quote\n```\ncode\n```",
    )
    store.keep(hostile.key)
    report = markdown_report(store, today=TODAY)
    assert "\x1b" not in report
    assert "<script>" not in report and "\\<script\\>" in report
    assert "\\[click\\](http://evil.example)" in report
    assert "# Paper triage: x \\| y" in report
    assert "find \\`the\\` \\*one\\*" in report
    assert "\\*\\*bold\\*\\* \\_it\\_ \\~\\~gone\\~\\~ \\$x\\$ \\&amp;" in report
    quoted = [line for line in report.splitlines() if line.startswith("  > ")]
    assert quoted == [
        "  > \\# not a heading",
        "  > 1\\. not a list",
        "  > \\---",
        "  > \\> not a quote",
        "  > \\`\\`\\`",
        "  > code",
        "  > \\`\\`\\`",
    ]
    # the only links are the paper's own page and its discussion pages
    assert re.findall(r"(?<!\\)\]\(([^)]*)\)", report) == [
        "https://arxiv.org/abs/2004.05150",
        "https://www.alphaxiv.org/abs/2004.05150",
        "https://www.semanticscholar.org/arxiv/2004.05150",
    ]


def test_a_doi_with_parentheses_is_linked_in_angle_brackets() -> None:
    from tui.exchange.report import _link

    link = _link("T", "https://doi.org/10.1002/(SICI)1097-4636(199603)31:3<351::AID>3.0.CO;2-N")
    assert link == (
        "[T](<https://doi.org/10.1002/(SICI)1097-4636(199603)31:3%3C351::AID%3E3.0.CO;2-N>)"
    )


def test_md_escape_and_durations() -> None:
    assert md_escape("a\nb\t c") == "a b c"
    assert md_escape(None) == ""
    assert md_escape("R&D &copy;") == "R&D \\&copy;"
    assert [duration(s) for s in (4, 59.4, 59.6, 61, 3569, 3599, 3600, 4000)] == [
        "4 s",
        "59 s",
        "1 min",
        "1 min",
        "59 min",
        "1 h 00 min",
        "1 h 00 min",
        "1 h 07 min",
    ]

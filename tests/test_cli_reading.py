"""``winnow sections`` / ``read`` / ``add`` on hostile files, the skim and the cut lock.

The hostile runs are real processes (``python -m tui``) with small parse budgets; each is
timed and its peak memory (the process and its parse child) read from ``wait4``.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.pdf import fixtures, hostile
from tests.pdf.hostile import Run, measured
from tui.cli import main

SECONDS, MEGABYTES = 2.0, 300
BUDGET_ENV = {"WINNOW_PARSE_SECONDS": str(SECONDS), "WINNOW_PARSE_MB": str(MEGABYTES)}


def run(*args: str, **env: str) -> Run:
    return measured([sys.executable, "-m", "tui", *args], {**os.environ, **BUDGET_ENV, **env})


# name -> (builder, extra env, expected exit status, a line that must be printed)
CASES = {
    "nested-forms bomb": (
        lambda p: hostile.nested_forms(p, depth=7),
        {},
        0,
        r"page 3 could not be read: [\d.]+ MB of drawing commands, too many to run",
    ),
    "heavy pages past the budget": (
        lambda p: hostile.nested_forms(p, depth=5, pages=12),
        {},
        1,
        "winnow: parse stopped after 2 s: the PDF is too heavy",
    ),
    "drawings past the memory budget": (
        # the page needs ~170 MB, the rest of the paper a few: clear of the 60 MB either way
        lambda p: hostile.many_drawings(p, 300_000),
        {"WINNOW_PARSE_MB": "60", "WINNOW_PARSE_SECONDS": "20"},
        0,
        "page 2 could not be read: out of memory",
    ),
    "a million pages": (
        hostile.huge_page_count,
        {"WINNOW_PARSE_SECONDS": "30"},
        0,
        "stopped at page 500 of 1000000",
    ),
    "page tree loop": (
        hostile.page_tree_loop,
        {},
        0,
        "damaged PDF: its page tree loops back on itself after page 2",
    ),
    "page tree loop at once": (
        lambda p: hostile.page_tree_loop(p, at_once=True),
        {},
        1,
        "winnow: damaged PDF: its page tree loops back on itself at once; no readable text",
    ),
    "truncated, repaired": (
        lambda p: hostile.truncated(p, 0.5),
        {},
        0,
        "damaged PDF (repaired by MuPDF: cannot find startxref); some pages may be missing",
    ),
    "truncated to nothing": (
        lambda p: hostile.truncated(p, 0.03),
        {},
        1,
        "winnow: truncated or corrupt PDF",
    ),
    "sparse 3 GB": (
        lambda p: hostile.sparse_stream(p, 3 << 30),
        {},
        1,
        "winnow: too big: x.pdf is 3.0 GB (PDFs over 512 MB are refused",
    ),
    "directory": (hostile.directory, {}, 1, "winnow: not a PDF: x.pdf is a directory"),
    "fifo": (hostile.fifo, {}, 1, "winnow: not a PDF: x.pdf is a named pipe (FIFO)"),
    "not a pdf": (hostile.not_a_pdf, {}, 1, "winnow: not a PDF: x.pdf"),
    "encrypted": (fixtures.encrypted, {}, 1, "winnow: encrypted PDF: needs a password"),
    "scan": (fixtures.scanned, {}, 1, "winnow: no text layer: looks like a scan (OCR it first)"),
}


@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("hostile")


@pytest.mark.parametrize("command", ["sections", "read", "add"])
@pytest.mark.parametrize("case", list(CASES))
def test_hostile_files_are_bounded_and_said_in_one_line(case, command, hostile_dir, winnow_home):
    build, env, code, line = CASES[case]
    folder = hostile_dir / f"{case}-{command}".replace(" ", "-")
    folder.mkdir()
    path = build(folder / "x.pdf")
    if command == "add":
        assert main(["topic", "new", "t"]) == 0
    result = run(command, str(path), **env)
    seconds = float(env.get("WINNOW_PARSE_SECONDS", SECONDS))
    assert result.seconds < seconds + 5, result  # the budget holds, with a start-up margin
    assert result.peak_mb < MEGABYTES + 150, result
    assert "Traceback" not in result.err + result.out
    assert result.code == code, result
    if code == 1:
        assert result.err.strip().splitlines() == [result.err.strip()], result.err
        assert re.match(re.escape(line) if "\\" not in line else line, result.err), result.err
        assert result.out == ""
    elif command == "add":
        assert result.out.startswith(f"added {hostile.TITLE}"), result
    else:
        assert re.search(line if "\\" in line else re.escape(line), result.out), result.out
        assert "scan" not in result.out + result.err


@settings(max_examples=8)
@given(
    uri=st.text(
        alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=40
    )
)
def test_sections_prints_hostile_link_uris_inert(tmp_path_factory, capsys, uri):
    path = fixtures.one_column(tmp_path_factory.mktemp("uri") / "x.pdf")
    import pymupdf

    doc = pymupdf.open(path)
    target = "https://evil.example/\x1b]52;c;ZXZpbA==\x07\x9b2J\u202e" + uri
    doc[0].insert_link(
        {"kind": pymupdf.LINK_URI, "from": pymupdf.Rect(72, 72, 200, 90), "uri": target}
    )
    hostile_pdf = path.with_name("links.pdf")
    doc.save(hostile_pdf)
    capsys.readouterr()
    assert main(["sections", str(hostile_pdf)]) == 0
    text = capsys.readouterr().out
    assert not any(ch in text for ch in "\x1b\x07\x9b\u202e")
    assert "https://evil.example/␛]52;c;ZXZpbA==␇" in text
    assert main(["sections", "--json", str(hostile_pdf)]) == 0
    out = capsys.readouterr().out
    assert not any(ch in out for ch in "\x1b\x07\x9b\u202e")
    assert "\\u009b" in out and "\\u202e" in out
    assert any(link.startswith("https://evil.example/\x1b]52") for link in json.loads(out)["links"])


def shortlist(capsys) -> dict:
    capsys.readouterr()
    assert main(["shortlist", "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_read_stage_1_is_the_skim_and_stages_2_to_4_wait_for_the_cut(tmp_path, capsys):
    pdf = fixtures.one_column(tmp_path / "paper.pdf")
    assert main(["topic", "new", "t", "--purpose", "p"]) == 0
    assert main(["add", str(pdf)]) == 0
    for i in range(4):
        assert main(["add", f"2201.{i:05d}", "--offline"]) == 0
    key = next(e["key"] for e in shortlist(capsys)["entries"] if e["title"] == hostile.TITLE)
    assert main(["keep", key]) == 1  # not skimmed yet
    assert main(["read", str(pdf), "--stage", "1"]) == 0
    assert hostile.TITLE in capsys.readouterr().out
    entry = next(e for e in shortlist(capsys)["entries"] if e["key"] == key)
    assert entry["stage"] == 1
    assert main(["read", key, "--stage", "2"]) == 1
    assert capsys.readouterr().err.strip() == (
        "winnow: stage 2 opens after the cut: keep at most 3 papers and eliminate the rest"
    )
    assert main(["note", key, "--purpose", "layout statistics"]) == 0
    assert main(["keep", key]) == 0
    assert main(["read", str(pdf), "--stage", "3"]) == 1  # kept, but the cut is not done
    for i in range(4):
        assert main(["eliminate", f"2201.{i:05d}", "--reason", "off topic"]) == 0
    assert main(["read", str(pdf), "--stage", "3"]) == 0  # the rest eliminated: the cut is done
    assert "Experiments" in capsys.readouterr().out
    assert next(e for e in shortlist(capsys)["entries"] if e["key"] == key)["stage"] == 3


def test_read_of_a_paper_off_the_list_has_no_lock(tmp_path, capsys):
    pdf = fixtures.one_column(tmp_path / "paper.pdf")
    assert main(["topic", "new", "t"]) == 0
    assert main(["read", str(pdf), "--stage", "4"]) == 0
    assert "References" in capsys.readouterr().out
    assert shortlist(capsys)["entries"] == []


def test_read_stage_1_of_an_id_without_its_pdf_shows_the_metadata(capsys):
    assert main(["topic", "new", "t"]) == 0
    assert main(["add", "2201.00042", "--offline"]) == 0
    capsys.readouterr()
    assert main(["read", "2201.00042", "--stage", "1"]) == 0  # the PDF server is unreachable
    out = capsys.readouterr().out
    assert "PDF not available:" in out and "stage 1 shows metadata only" in out
    assert shortlist(capsys)["entries"][0]["stage"] == 1
    assert main(["read", "2201.00042", "--stage", "2"]) == 1

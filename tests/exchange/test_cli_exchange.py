"""``winnow export`` and ``winnow import`` from the command line: output, files, errors."""

from __future__ import annotations

import json
from pathlib import Path

import bibtexparser
import pytest
from exchange_fixtures import TOPIC, build_triage

from tui.cli import main
from tui.store import Store


@pytest.fixture
def triage() -> Store:
    return build_triage(Store.open())


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_export_markdown_to_stdout(triage: Store, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "export", "--format", "markdown")
    assert code == 0 and err == ""
    assert out.startswith(f"# Paper triage: {TOPIC}\n")
    assert "## Eliminated (3)" in out


def test_export_bibtex_has_the_active_papers(
    triage: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "export", "--format", "bibtex")
    assert code == 0
    library = bibtexparser.parse_string(out)
    assert not library.failed_blocks
    assert [e.key for e in library.entries] == [
        "vaswani2017attention",
        "beltagy2020longformer",
        "zaheer2020big",
    ]


def test_export_to_a_file_takes_the_format_from_the_suffix(
    triage: Store, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "out" / "triage.json"
    code, out, _ = run(capsys, "export", "-o", str(target))
    assert code == 0 and out == f"wrote json to {target}\n"
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["winnow_topic"] == 1 and data["topic"]["name"] == TOPIC
    assert not list(target.parent.glob(".*.tmp"))  # written atomically, no temp left

    code, _, err = run(capsys, "export", "-o", str(tmp_path))
    assert code == 1 and err.startswith("winnow: ") and "is a folder" in err


def test_import_json_round_trip_through_the_cli(
    triage: Store, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch
) -> None:
    target = tmp_path / "t.json"
    assert run(capsys, "export", "--format", "json", "-o", str(target))[0] == 0
    monkeypatch.setenv("WINNOW_HOME", str(tmp_path / "labmate"))
    code, out, _ = run(capsys, "import", str(target))
    assert code == 0
    assert out.splitlines()[-1] == f"imported 6 papers into {TOPIC!r}"
    code, out, _ = run(capsys, "shortlist")
    assert "phase CUT · 3/10 on the list" in out


def test_import_ids_offline(capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "topic", "new", "ids", "--purpose", "p")
    code, out, _ = run(capsys, "import", "--offline", "1706.03762,1810.04805", "junk")
    assert code == 0
    assert out.splitlines() == [
        "added arxiv:1706.03762",
        "added arxiv:1810.04805",
        "ignored 1 word(s) that are not ids: 'junk'",
        "imported 2 papers into 'ids'",
    ]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bad.json", b"{not json", "bad.json is not valid JSON (line 1, column 2"),
        ("list.json", b"[1, 2]", 'not a winnow topic file: no "winnow_topic" version field'),
        ("junk.bib", b"nothing here", "junk.bib holds no BibTeX entry winnow could read"),
        ("latin.bib", b"@misc{k, title={Caf\xe9}}", "latin.bib is not a UTF-8 text file"),
        ("missing.json", None, "no such file"),
    ],
)
def test_bad_files_give_one_line_and_exit_1(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, content, message: str
) -> None:
    run(capsys, "topic", "new", "x")
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    code, out, err = run(capsys, "import", str(path))
    assert code == 1
    assert err.count("\n") == 1 and err.startswith("winnow: ") and message in err
    assert "Traceback" not in err + out


def test_nothing_to_export_without_a_topic(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "export")
    assert code == 1 and "no topic is open" in err
    run(capsys, "topic", "new", "empty")
    code, _, err = run(capsys, "export", "--format", "bibtex")
    assert code == 1 and "empty: no BibTeX to export" in err
    code, _, err = run(capsys, "export", "--topic", "nope")
    assert code == 1 and "no topic named 'nope'" in err


def test_every_refused_import_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "topic", "new", "x")
    run(capsys, "import", "--offline", "1706.03762")
    code, out, _ = run(capsys, "import", "--offline", "1706.03762")
    assert code == 1
    assert "refused arxiv:1706.03762: arxiv:1706.03762 is on the shortlist already" in out


def test_importing_a_topic_twice_says_so_once_then_counts(
    triage: Store, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "t.json"
    assert run(capsys, "export", "--format", "json", "-o", str(target))[0] == 0
    code, out, _ = run(capsys, "import", str(target))
    assert code == 0
    assert out.splitlines() == [
        f"a topic named {TOPIC!r} exists already: imported as '{TOPIC} (2)'",
        f"imported 6 papers into '{TOPIC} (2)'",
    ]  # not one "added … (kept)" line per paper first

"""The command line over the state: exit codes, one-line errors, no Textual."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tui.cli import main


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", *args], capture_output=True, text=True, env=os.environ.copy()
    )


def test_the_whole_state_path(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["topic", "new", "gnn", "--purpose", "pick a GNN"]) == 0
    for i in range(10):
        assert main(["add", f"2101.{i:05d}", "--offline"]) == 0
    capsys.readouterr()
    assert main(["add", "2201.00001", "--offline"]) == 1
    assert "eliminate one first" in capsys.readouterr().err
    assert main(["eliminate", "2101.00003", "--reason", "citation graphs only"]) == 0
    assert main(["note", "arXiv:2101.00001v2", "--purpose", "why", "--problem", "what"]) == 0
    assert main(["keep", "2101.00001"]) == 1  # stage 1 not opened yet
    assert main(["undo"]) == 0
    capsys.readouterr()
    assert main(["shortlist", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["topic"] == "gnn" and data["count"] == 10 and data["phase"] == "SKIM"
    first = next(e for e in data["entries"] if e["key"] == "arxiv:2101.00001")
    assert first["notes"]["purpose"] == "why" and first["status"] == "candidate"


def test_topic_rename_and_delete(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["topic", "new", "first", "--purpose", "p"]) == 0
    assert main(["add", "2101.00001", "--offline"]) == 0
    assert main(["topic", "new", "second"]) == 0
    assert main(["topic", "rename", "first", "renamed"]) == 0
    assert main(["topic", "rename", "second", "renamed"]) == 1
    capsys.readouterr()
    assert main(["topic", "delete", "renamed"]) == 1  # never without --yes
    err = capsys.readouterr().err
    assert "1 paper and their notes" in err and "--yes" in err
    assert main(["topic", "delete", "renamed", "--yes"]) == 0
    assert main(["topic", "delete", "second", "--yes"]) == 0
    assert "it was open" in capsys.readouterr().out
    assert main(["topic", "list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_undo_from_the_cli_is_the_clis_own(capsys: pytest.CaptureFixture[str]) -> None:
    from tui.store import Store

    assert main(["topic", "new", "t"]) == 0
    for i in range(3):
        assert main(["add", f"2101.{i:05d}", "--offline"]) == 0
    Store.open().eliminate("arxiv:2101.00000", "from a TUI window")
    capsys.readouterr()
    assert main(["undo"]) == 1
    assert "from the command line" in capsys.readouterr().err
    assert main(["eliminate", "2101.00001", "--reason", "from the shell"]) == 0
    assert main(["undo"]) == 0
    assert "arxiv:2101.00001" in capsys.readouterr().out
    assert main(["undo", "2101.00000"]) == 0  # by name: whoever eliminated it


def test_add_pdf_of_a_listed_paper_attaches_it(
    capsys: pytest.CaptureFixture[str], tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tui.library
    from tui.models import Paper, PaperIds

    pdf = tmp_path / "good.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    made = Paper(
        title="Attention Is All You Need",
        ids=PaperIds(arxiv="1706.03762"),
        local_pdf=str(tmp_path / "copy.pdf"),
        sources=("pdf",),
    )
    monkeypatch.setattr(tui.library, "paper_from_pdf", lambda path: made)
    assert main(["topic", "new", "t"]) == 0
    assert main(["add", "1706.03762", "--offline"]) == 0
    capsys.readouterr()
    assert main(["add", str(pdf), "--offline"]) == 0
    assert "attached good.pdf to Attention Is All You Need" in capsys.readouterr().out
    assert main(["shortlist", "--json"]) == 0
    (entry,) = json.loads(capsys.readouterr().out)["entries"]
    assert entry["title"] == "Attention Is All You Need"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["shortlist"], "no topic is open"),
        (["add", "not-an-id"], "not an arXiv id"),
        (["topic", "open", "missing"], "no topic named"),
        (["add", "/nonexistent/paper.pdf"], "no such file"),
    ],
)
def test_user_errors_are_one_line_exit_1(args: list[str], message: str) -> None:
    result = run(*args)
    assert result.returncode == 1
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_usage_errors_exit_2() -> None:
    assert run("eliminate", "x").returncode == 2  # --reason missing
    assert run("frobnicate").returncode == 2


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0 and result.stdout.startswith("winnow ")


def test_state_commands_never_import_textual() -> None:
    code = (
        "import sys\nfrom tui.cli import main\n"
        "main(['topic', 'new', 't'])\nmain(['shortlist'])\n"
        "bad = [m for m in ('textual', 'rich', 'pymupdf', 'fitz') if m in sys.modules]\n"
        "print(bad)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip().endswith("[]"), result.stdout + result.stderr


def test_a_corrupt_config_is_one_line(winnow_home) -> None:
    (winnow_home / "config").mkdir(parents=True)
    (winnow_home / "config" / "config.toml").write_text("cap = [\n")
    result = run("topic", "list")
    assert result.returncode == 1 and "config.toml" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "make, word",
    [(lambda p: p.mkdir(), "is a directory"), (lambda p: os.mkfifo(p), "is a named pipe (FIFO)")],
)
def test_add_names_a_path_that_is_no_file_without_pdf_in_its_name(
    tmp_path, capsys: pytest.CaptureFixture[str], make, word: str
) -> None:
    assert main(["topic", "new", "t", "--purpose", "p"]) == 0
    path = tmp_path / "papers"  # no .pdf: once read as an id, "not an arXiv id, DOI…"
    make(path)
    capsys.readouterr()
    assert main(["add", str(path)]) == 1
    assert capsys.readouterr().err == f"winnow: not a PDF: papers {word}\n"
    assert main(["add", "2101.00001", "--offline"]) == 0  # an id is still an id

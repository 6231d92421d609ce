"""The command line loads only what a command needs (issue 12).

Each case runs winnow as a process under ``python -X importtime`` and reads the list of
modules it imported from stderr. (A module loaded by ``importlib.import_module`` is not
listed itself, only what it imports: the command modules are seen through their imports.)
"""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("textual", "rich", "pymupdf", "fitz", "arxiv", "httpx", "requests", "semanticscholar")
COMMAND_MODULES = ("tui.cli.state", "tui.cli.search", "tui.cli.reading", "tui.cli.exchange")


def imported(*args: str) -> tuple[set[str], subprocess.CompletedProcess]:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "tui", *args],
        capture_output=True,
        text=True,
        timeout=60,
    )
    names = set()
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip())
    return names, done


def top_level(names: set[str]) -> set[str]:
    return {name.split(".")[0] for name in names}


def test_version_loads_no_command_and_nothing_heavy() -> None:
    names, done = imported("--version")
    assert done.returncode == 0 and done.stdout.startswith("winnow ")
    assert not top_level(names) & set(HEAVY)
    assert not names & set(COMMAND_MODULES)
    assert not {"tui.store", "tui.config", "tinydb"} & names


@pytest.mark.parametrize("command", [["shortlist", "--json"], ["topic", "list", "--json"]])
def test_a_data_command_loads_its_own_module_only(command: list[str]) -> None:
    subprocess.run(
        [sys.executable, "-m", "tui", "topic", "new", "t", "--purpose", "p"],
        capture_output=True,
        check=True,
    )
    names, done = imported(*command)
    assert done.returncode == 0, done.stderr[-500:]
    assert done.stdout.lstrip().startswith(("{", "["))
    assert not top_level(names) & set(HEAVY)
    assert not names & {"tui.cli.search", "tui.cli.reading", "tui.cli.exchange"}
    assert {"tui.store", "tui.cli.common"} <= names
    assert "asyncio" not in names  # nothing here waits on a network
    # nor what only some runs need: TOML with no config file, OpenSSL, uuid, sockets, and
    # the compression modules shutil brings, which argparse's formatter asks the width of
    assert not {"tomllib", "hashlib", "_hashlib", "uuid", "socket", "shutil"} & names
    assert "tui.store.recover" in names and "tui.store.cache" in names  # the store, opened
    assert "tui.store.migrate" not in names  # no schema-1 file here: nothing to move


def test_help_still_lists_every_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "tui", "--help"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0
    for name in ("search", "sections", "read", "shortlist", "export", "import", "topic"):
        assert name in done.stdout


def test_an_unknown_command_is_a_usage_error_naming_the_commands() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "tui", "frobnicate"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2
    assert "invalid choice" in done.stderr and "shortlist" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_command_builds_its_own_parser_only_and_help_builds_all() -> None:
    from tui.cli import COMMANDS, build_parser

    def commands(parser) -> set[str]:
        (sub,) = [a for a in parser._actions if a.dest == "command"]
        return set(sub.choices)

    every = {name for names in COMMANDS.values() for name in names}
    assert commands(build_parser(["shortlist", "--json"])) == {"shortlist"}
    assert commands(build_parser(["topic", "list"])) == {"topic"}
    assert commands(build_parser(["frobnicate"])) == every  # the usage error names them all
    assert commands(build_parser()) == every
    args = build_parser(["note", "1706.03762", "--text", "t"]).parse_args(
        ["note", "1706.03762", "--text", "t"]
    )
    assert args.text == "t" and callable(args.func)


def test_sections_of_a_pdf_loads_no_store_and_the_cli_session_is_the_stores(
    tmp_path,
) -> None:
    import tui.cli.common
    import tui.store
    from tui.demo_paper import write_demo_pdf

    assert tui.cli.common.CLI_SESSION == tui.store.CLI_SESSION
    names, done = imported("sections", "--json", str(write_demo_pdf(tmp_path / "p.pdf")))
    assert done.returncode == 0, done.stderr[-500:]
    assert "tui.pdf.parse" in names  # it did parse
    assert not {"tui.store", "tinydb", "tui.config"} & names


def test_the_first_frame_loads_no_editor_parser_or_client() -> None:
    """What the app imports before its first frame: never TextArea (and tree-sitter, ~15
    ms: the notes editor is built after the frame), PyMuPDF or the API clients."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import tui.app, tui.screens.main"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr[-500:]
    names = {
        line.rsplit("|", 1)[1].strip()
        for line in done.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }
    assert "tui.screens.main" in names
    assert not names & {"textual.widgets.text_area", "tree_sitter", "tui.widgets.notes_panel"}
    assert not top_level(names) & {"pymupdf", "fitz", "arxiv", "httpx", "semanticscholar"}

"""Exports never overwrite a file winnow did not just write unchanged (11.1)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from exchange_fixtures import TOPIC

from tui.cli import main
from tui.exchange.written import ExportClash, write_export
from tui.store import Store


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_replaces_its_own_file_and_refuses_an_edited_one(triage: Store, tmp_path, capsys):
    target = tmp_path / "report.md"
    assert run(capsys, "export", "-o", str(target))[0] == 0
    assert run(capsys, "export", "-o", str(target))[0] == 0  # unchanged since: replaced
    target.write_text(target.read_text() + "\nmy own conclusions\n")
    code, out, err = run(capsys, "export", "-o", str(target))
    assert code == 1 and str(target) in err and "not overwriting" in err and err.count("\n") == 1
    assert target.read_text().endswith("my own conclusions\n")  # the edits are there
    code, out, _ = run(capsys, "export", "-o", str(target), "--force")
    assert code == 0 and out == f"wrote markdown to {target}\n"
    assert "my own conclusions" not in target.read_text()


def test_cli_never_overwrites_a_file_winnow_did_not_write(triage: Store, tmp_path, capsys):
    target = tmp_path / "refs.bib"
    target.write_text("@misc{mine, title={Mine}}\n")
    code, _, err = run(capsys, "export", "-o", str(target))
    assert code == 1 and "refs.bib" in err
    assert target.read_text() == "@misc{mine, title={Mine}}\n"


def test_an_edited_export_is_kept_and_the_new_one_goes_beside_it(tmp_path):
    target = tmp_path / "winnow-x.csl.json"
    assert write_export(target, "[1]\n") == target
    target.write_text("[1, 2]\n")  # the user edited it
    second = write_export(target, "[3]\n")
    assert second == tmp_path / "winnow-x-2.csl.json" and target.read_text() == "[1, 2]\n"
    assert write_export(target, "[4]\n") == second  # -2 is still winnow's: replaced
    second.write_text("edited too")
    assert write_export(target, "[5]\n") == tmp_path / "winnow-x-3.csl.json"
    with pytest.raises(ExportClash, match="winnow-x.csl.json"):
        write_export(target, "[6]\n", rename=False)


def test_every_format_from_the_cli(triage: Store, tmp_path, capsys):
    import json

    import rispy

    for name, check in (
        ("x.ris", lambda text: len(rispy.loads(text)) == 3),
        ("x.csl.json", lambda text: len(json.loads(text)) == 3),
        ("x.json", lambda text: json.loads(text)["topic"]["name"] == TOPIC),
        ("x.bib", lambda text: text.count("@") == 3),
    ):
        code, out, _ = run(capsys, "export", "-o", str(tmp_path / name))
        assert code == 0 and check((tmp_path / name).read_text()), name
    code, out, _ = run(capsys, "export", "--format", "ris")
    assert code == 0 and out.startswith("TY  - ")


async def test_the_app_s_export_keeps_an_edited_report(triage: Store, tmp_path, monkeypatch):
    from tui import config as config_module
    from tui.app import make_app

    monkeypatch.chdir(tmp_path)
    app = make_app(replace(config_module.load(), image_renderer="none"), triage)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        screen.export(TOPIC, "markdown")
        report = Path("winnow-long-context-attention.md")
        first = report.read_text()
        report.write_text(first + "\nedited\n")
        screen.export(TOPIC, "markdown")
        await pilot.pause()
        messages = [n.message for n in app._notifications]
    assert report.read_text().endswith("edited\n")
    assert Path("winnow-long-context-attention-2.md").read_text() == first
    assert messages[-1] == (
        "winnow-long-context-attention.md changed since winnow wrote it: kept; written to "
        f"{tmp_path / 'winnow-long-context-attention-2.md'}"
    )

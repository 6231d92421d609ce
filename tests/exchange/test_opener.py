"""The PDF opens in a desktop viewer only when a display exists; never blocking."""

from __future__ import annotations

import os
import stat
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from tui.exchange import open_pdf


class Spawned:
    def __init__(self) -> None:
        self.calls: list[tuple[list[str], dict[str, Any]]] = []

    def __call__(self, args: list[str], **kwargs: Any) -> None:
        self.calls.append((args, kwargs))


@pytest.fixture
def pdf(tmp_path: Path) -> Path:
    path = tmp_path / "paper.pdf"
    path.write_bytes(b"%PDF-1.4\n")
    return path


@pytest.fixture
def xdg_open(tmp_path: Path) -> Path:
    folder = tmp_path / "bin"
    folder.mkdir()
    tool = folder / "xdg-open"
    tool.write_text("#!/bin/sh\nexec sleep 5\n")
    tool.chmod(tool.stat().st_mode | stat.S_IEXEC)
    return tool


def test_no_display_says_where_the_file_is(pdf: Path) -> None:
    spawn = Spawned()
    message = open_pdf(pdf, env={"SSH_CONNECTION": "x"}, platform="linux", spawn=spawn)
    assert message == f"no display here (SSH?); the PDF is at {pdf}"
    assert spawn.calls == []


@pytest.mark.parametrize("display", [{"DISPLAY": ":0"}, {"WAYLAND_DISPLAY": "wayland-0"}])
def test_a_display_opens_xdg_open_detached(pdf: Path, xdg_open: Path, display: dict) -> None:
    spawn = Spawned()
    env = {**display, "PATH": str(xdg_open.parent)}
    assert open_pdf(pdf, env=env, platform="linux", spawn=spawn) == (
        "opening paper.pdf in the desktop viewer"
    )
    ((args, kwargs),) = spawn.calls
    assert args == [str(xdg_open), str(pdf)]
    assert kwargs["stdin"] is kwargs["stdout"] is kwargs["stderr"] is subprocess.DEVNULL
    assert kwargs["start_new_session"] is True


def test_macos_uses_open(pdf: Path) -> None:
    spawn = Spawned()
    open_pdf(pdf, env={}, platform="darwin", spawn=spawn)
    assert spawn.calls[0][0] == ["open", str(pdf)]


def test_a_display_without_xdg_open(pdf: Path, tmp_path: Path) -> None:
    env = {"DISPLAY": ":0", "PATH": str(tmp_path / "nothing")}
    assert open_pdf(pdf, env=env, platform="linux", spawn=Spawned()) == (
        f"no xdg-open to show it with; the PDF is at {pdf}"
    )


def test_missing_file_and_failed_start(pdf: Path, tmp_path: Path, xdg_open: Path) -> None:
    assert open_pdf(tmp_path / "gone.pdf", env={}).startswith("no PDF at ")

    def broken(*args: Any, **kwargs: Any) -> None:
        raise PermissionError(13, "Permission denied")

    env = {"DISPLAY": ":0", "PATH": str(xdg_open.parent)}
    message = open_pdf(pdf, env=env, platform="linux", spawn=broken)
    assert message == f"could not start {xdg_open} (Permission denied); the PDF is at {pdf}"


def test_a_slow_viewer_never_blocks(pdf: Path, xdg_open: Path) -> None:
    started_procs: list[subprocess.Popen] = []

    def spawn(*args: Any, **kwargs: Any) -> None:
        started_procs.append(subprocess.Popen(*args, **kwargs))

    env = {**os.environ, "DISPLAY": ":0", "PATH": f"{xdg_open.parent}:{os.environ['PATH']}"}
    started = time.monotonic()
    try:
        assert open_pdf(pdf, env=env, platform="linux", spawn=spawn).startswith("opening")
        assert time.monotonic() - started < 2  # the fake viewer sleeps 5 s
        assert started_procs[0].poll() is None  # still running, in its own session
        assert os.getsid(started_procs[0].pid) == started_procs[0].pid
    finally:
        for proc in started_procs:
            proc.kill()
            proc.wait()

"""kill -9 while typing notes (issue 10.2): what the screen showed as saved is in the file.

winnow runs in tmux as a person would use it; keys are typed into the notes, the screen is
captured, and the process is killed with SIGKILL right after the capture, at varied moments
(while a write is pending, under way, or done). Whatever the captured screen showed as
"✓ saved" — the text of the field beside it — must be in the store afterwards; and what
is stored is always what was typed, never more nor garbled.
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import sys
import time
import uuid

import pytest

from tests.ui.conftest import fake_papers
from tui.store import Store

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")

FIRST = "alpha "
MORE = "beta gamma delta"
DELAYS = (0.0, 0.03, 0.12, 0.35, 0.8)  # from the last key to the capture and the kill


class Tmux:
    def __init__(self, command: str, size: tuple[int, int] = (120, 30)) -> None:
        self.socket = f"winnow-test-{uuid.uuid4().hex[:8]}"
        self.name = "w"
        self.run("new-session", "-d", "-s", self.name, "-x", str(size[0]), "-y", str(size[1]),
                 f"exec {command}")  # fmt: skip
        self.pid = int(self.run("display", "-p", "-t", self.name, "#{pane_pid}").strip())

    def run(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket, "-f", "/dev/null", *args],
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", self.name)

    def wait(self, text: str, limit: float = 20.0, also=lambda shot: True) -> str:
        end = time.monotonic() + limit
        while time.monotonic() < end:
            shot = self.screen()
            if text in shot and also(shot):
                return shot
            time.sleep(0.05)
        raise AssertionError(f"{text!r} never showed:\n{self.screen()}")

    def keys(self, *keys: str) -> None:
        self.run("send-keys", "-t", self.name, *keys)

    def type(self, text: str) -> None:
        for char in text:  # one write per key, as typed
            self.run("send-keys", "-t", self.name, "-l", char)

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)


def purpose_on(shot: str) -> str:
    """The purpose field's text as the screen shows it."""
    line = next(row for row in shot.splitlines() if "Purpose " in row)
    return line.split("Purpose", 1)[1].strip(" │").rstrip()


@pytest.mark.parametrize("delay", DELAYS)
def test_what_the_screen_showed_as_saved_survives_a_kill(delay: float) -> None:
    store = Store.open()
    store.create_topic("t", "p")
    key = store.add(fake_papers(1)[0]).paper_key
    env = {k: os.environ[k] for k in os.environ if k.startswith("WINNOW_")}
    command = " ".join(
        [
            "env",
            *(f"{k}={shlex.quote(v)}" for k, v in env.items()),
            "TERM=tmux-256color",
            shlex.quote(sys.executable),
            "-m",
            "tui",
        ]
    )
    tmux = Tmux(command)
    try:
        tmux.wait("phase")
        tmux.keys("Escape")  # the results
        tmux.keys("Tab")  # the shortlist
        time.sleep(0.2)
        tmux.keys("n")
        tmux.wait("Esc done")
        tmux.type(FIRST)
        # the first words are on disk: the screen says so
        tmux.wait("✓ saved", also=lambda shot: purpose_on(shot) == FIRST.strip())
        tmux.type(MORE)
        time.sleep(delay)
        shot = tmux.screen()
        os.kill(tmux.pid, signal.SIGKILL)
    finally:
        tmux.close()
    stored = Store.open().entry(key).notes.purpose
    typed = FIRST + MORE
    assert typed.startswith(stored), (stored, shot)  # what was typed, never more, nor garbled
    assert stored.startswith(FIRST.strip()), (stored, shot)  # shown as saved before: kept
    if "✓ saved" in shot:
        assert stored.startswith(purpose_on(shot)), (stored, shot)

"""A key pressed as the first frame appears is handled, demo or not (issues 11.3, 12).

winnow runs as a real process in a pseudo-terminal; each key is written the moment the
first frame (the status line) is seen, well within 100 ms of it.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.ui.pty_harness import PtyApp

FIRST_FRAME = "phase"
WINNOW = [sys.executable, "-m", "tui"]


def spawn(*args: str) -> PtyApp:
    return PtyApp([*WINNOW, *args], {**os.environ, "TERM": "xterm-256color"}, size=(80, 24))


def gone(app: PtyApp, timeout: float = 10.0) -> bool:
    """The program ended within ``timeout`` seconds."""
    import time

    end = time.perf_counter() + timeout
    while time.perf_counter() < end:
        if not app.pump(0.05):
            return True
    return False


@pytest.fixture
def topic() -> None:
    new = [*WINNOW, "topic", "new", "t", "--purpose", "p"]
    subprocess.run(new, check=True, capture_output=True)


def test_help_at_the_first_frame_of_the_demo() -> None:
    with spawn("--demo") as app:
        app.wait_for(FIRST_FRAME)
        since = len(app.output)
        app.write(b"?")
        app.wait_for("how to read research papers", 15, since)
        app.write(b"\x1b")
        app.wait_for("long document attention", 15)
        app.drain(0.5)
        assert "attention?" not in app.text()  # the key went to the app, not into the query


def test_quit_at_the_first_frame_of_the_demo() -> None:
    with spawn("--demo") as app:
        app.wait_for(FIRST_FRAME)
        app.write(b"q")
        assert gone(app), app.text()[-300:]


def key_at_first_frame(keys: bytes, shows: str, *args: str) -> None:
    """Write ``keys`` as the first frame appears; ``shows`` must show then."""
    with spawn(*args) as app:
        app.wait_for(FIRST_FRAME)
        since = len(app.output)
        app.write(keys)
        app.wait_for(shows, 15, since)


def test_t_at_the_first_frame_without_a_topic() -> None:
    key_at_first_frame(b"t", "+ new topic")


def test_typing_at_the_first_frame_goes_into_the_query(topic) -> None:
    key_at_first_frame(b"graph", "graph")


def test_escape_and_a_key_in_one_write_leave_the_query(topic) -> None:
    """tmux (and a fast hand) deliver Escape and the next key together: ESC j."""
    with spawn("--demo") as app:
        app.wait_for("9 of 9", 20)  # the demo's search is in
        app.write(b"/")
        app.drain(0.3)
        since = len(app.output)
        app.write(b"\x1bj")
        app.drain(0.5)
        app.write(b"?")  # in the results now: ? is help, not a letter in the box
        app.wait_for("how to read research papers", 15, since)
        assert "attentionj" not in app.text(since)
        app.write(b"\x1b/")  # closes the help, and / goes back into the box
        app.drain(0.5)
        since = len(app.output)
        app.write(b"\x1b?")  # Textual would drop this Escape and type the ?
        app.wait_for("how to read research papers", 15, since)
        assert "attention?" not in app.text(since)

"""OSC 52 bytes, byte for byte — plain, inside tmux, inside GNU screen — and the tmux hint."""

from __future__ import annotations

import base64
import os
import stat
import time
from pathlib import Path

import pytest

from tui.exchange import copy_hint, osc52_sequence
from tui.exchange.clipboard import (
    MAX_SEQUENCE_BYTES,
    MAX_TEXT_BYTES,
    TMUX_HINT,
    ClipboardTooBig,
    copy_to_clipboard,
)

TMUX = {"TMUX": "/tmp/tmux-1000/default,4242,0", "TERM": "tmux-256color"}


def test_plain_osc52() -> None:
    assert osc52_sequence("hello", env={}) == b"\x1b]52;c;aGVsbG8=\x07"
    assert osc52_sequence("", env={"TERM": "xterm-256color"}) == b"\x1b]52;c;\x07"


def test_utf8_text_is_encoded_before_base64() -> None:
    assert osc52_sequence("Schrödinger ≥", env={}) == (
        b"\x1b]52;c;" + base64.b64encode("Schrödinger ≥".encode()) + b"\x07"
    )
    assert osc52_sequence("é", env={}) == b"\x1b]52;c;w6k=\x07"


def test_tmux_gets_plain_then_passthrough_with_every_escape_doubled() -> None:
    assert osc52_sequence("hello", env=TMUX) == (
        b"\x1b]52;c;aGVsbG8=\x07" + b"\x1bPtmux;" + b"\x1b\x1b]52;c;aGVsbG8=\x07" + b"\x1b\\"
    )
    # TERM=screen inside tmux is still tmux
    assert osc52_sequence("hi", env={**TMUX, "TERM": "screen"}) == (
        b"\x1b]52;c;aGk=\x07\x1bPtmux;\x1b\x1b]52;c;aGk=\x07\x1b\\"
    )


def test_gnu_screen_gets_dcs_chunks_of_76() -> None:
    assert osc52_sequence("hi", env={"STY": "1234.pts-0.lab"}) == (b"\x1bP\x1b]52;c;aGk=\x07\x1b\\")
    text = "x" * 120  # 160 base64 characters: 76 + 76 + 8
    encoded = base64.b64encode(text.encode())
    assert osc52_sequence(text, env={"TERM": "screen.xterm-256color"}) == (
        b"\x1bP\x1b]52;c;"
        + encoded[:76]
        + b"\x1b\\\x1bP"
        + encoded[76:152]
        + b"\x1b\\\x1bP"
        + encoded[152:]
        + b"\x07\x1b\\"
    )


def test_size_limit() -> None:
    biggest = osc52_sequence("a" * MAX_TEXT_BYTES, env={})
    assert len(biggest) <= MAX_SEQUENCE_BYTES
    with pytest.raises(ClipboardTooBig, match=r"too big for the clipboard \(75 KB; .*74 KB"):
        osc52_sequence("a" * (MAX_TEXT_BYTES + 1), env={})
    with pytest.raises(ClipboardTooBig):
        osc52_sequence("é" * (MAX_TEXT_BYTES // 2 + 1), env={})  # counted in bytes, not chars


def fake_tmux(folder: Path, script: str) -> dict[str, str]:
    tmux = folder / "tmux"
    tmux.write_text("#!/bin/sh\n" + script + "\n")
    tmux.chmod(tmux.stat().st_mode | stat.S_IEXEC)
    return {**TMUX, "PATH": f"{folder}:{os.environ.get('PATH', '')}"}


def test_hint_when_tmux_lets_neither_way_through(tmp_path: Path) -> None:
    env = fake_tmux(tmp_path, 'case "$3" in set-clipboard) echo off;; *) echo off;; esac')
    assert copy_hint(env) == TMUX_HINT
    # set-clipboard off but passthrough allowed: the wrapped copy arrives, no hint
    env = fake_tmux(tmp_path, 'case "$3" in set-clipboard) echo off;; *) echo on;; esac')
    assert copy_hint(env) is None
    assert "set -g set-clipboard on" in TMUX_HINT and "allow-passthrough on" in TMUX_HINT


def test_hint_when_tmux_drops_passthrough(tmp_path: Path) -> None:
    env = fake_tmux(tmp_path, 'case "$3" in set-clipboard) echo external;; *) echo off;; esac')
    assert copy_hint(env) == TMUX_HINT


def test_no_hint_when_tmux_is_set_up_or_absent(tmp_path: Path) -> None:
    assert copy_hint(fake_tmux(tmp_path, "echo on")) is None
    assert copy_hint({}) is None  # not in tmux: nothing to ask
    assert copy_hint({**TMUX, "PATH": str(tmp_path / "empty")}) is None  # no tmux binary
    assert copy_hint(fake_tmux(tmp_path, "echo 'no server running' >&2; exit 1")) is None


def test_a_hung_tmux_does_not_hang_winnow(tmp_path: Path) -> None:
    env = fake_tmux(tmp_path, "exec sleep 5")
    started = time.monotonic()
    assert copy_hint(env) is None
    assert time.monotonic() - started < 4.5


def test_copy_writes_the_sequence_and_says_so(tmp_path: Path) -> None:
    sent: list[bytes] = []
    message = copy_to_clipboard("@misc{k}", what="the BibTeX", env={}, write=sent.append)
    assert sent == [b"\x1b]52;c;" + base64.b64encode(b"@misc{k}") + b"\x07"]
    assert message == "copied the BibTeX to the clipboard (8 characters)"
    env = fake_tmux(tmp_path, "echo off")
    message = copy_to_clipboard("x", env=env, write=sent.append)
    assert message.endswith(TMUX_HINT)
    assert sent[-1].startswith(b"\x1b]52;c;") and b"\x1bPtmux;" in sent[-1]

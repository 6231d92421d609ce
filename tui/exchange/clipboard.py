"""Copy to the user's own clipboard with OSC 52 — through SSH, tmux and GNU screen.

The terminal emulator on the user's desk sets its clipboard when it sees
``ESC ] 52 ; c ; <base64> BEL``. Inside tmux the sequence is wrapped in tmux's
passthrough (``ESC P tmux; … ESC \\``, every ESC inside doubled); inside GNU
screen it is cut into DCS chunks that screen passes on. Terminals drop
sequences over about 100,000 bytes (hterm, tmux buffers), so the text is
capped at :data:`MAX_TEXT_BYTES` (74,994 bytes, which base64-encode to just
under that) and a longer text is refused with a message.
"""

from __future__ import annotations

import base64
import os
import re
import subprocess
from collections.abc import Callable, Mapping

from tui.errors import UserError

ESC, BEL, ST = b"\x1b", b"\x07", b"\x1b\\"
MAX_SEQUENCE_BYTES = 100_000
MAX_TEXT_BYTES = 74_994  # 4 * ceil(74_994 / 3) + len(ESC ] 52 ; c ; BEL) == 100_000
SCREEN_CHUNK = 76  # screen caps one DCS string; vim-oscyank and osc52.sh send 76 at a time
TMUX_HINT = "tmux: set -g set-clipboard on (and allow-passthrough on for tmux ≥ 3.3)"


class ClipboardTooBig(UserError):
    pass


def _multiplexer(env: Mapping[str, str]) -> str | None:
    if env.get("TMUX"):
        return "tmux"
    if env.get("STY") or env.get("TERM", "").startswith("screen"):
        return "screen"
    return None


def osc52_sequence(text: str, *, env: Mapping[str, str] = os.environ) -> bytes:
    """The bytes that put ``text`` on the clipboard of the terminal the user sits at."""
    data = text.encode("utf-8")
    if len(data) > MAX_TEXT_BYTES:
        raise ClipboardTooBig(
            f"too big for the clipboard ({len(data) / 1000:.0f} KB; terminals take about "
            f"{MAX_TEXT_BYTES // 1000} KB over OSC 52): export it to a file instead (-o FILE)"
        )
    encoded = base64.b64encode(data)
    plain = ESC + b"]52;c;" + encoded + BEL
    where = _multiplexer(env)
    if where == "tmux":
        # Both ways through tmux: the plain sequence, which tmux forwards itself when
        # set-clipboard is on, and the passthrough-wrapped one, which it lets by when
        # allow-passthrough is on. Whichever tmux allows arrives; the other is dropped.
        return plain + ESC + b"Ptmux;" + plain.replace(ESC, ESC + ESC) + ST
    if where == "screen":
        chunks = [encoded[i : i + SCREEN_CHUNK] for i in range(0, len(encoded), SCREEN_CHUNK)]
        body = (ST + ESC + b"P").join(chunks)
        return ESC + b"P" + ESC + b"]52;c;" + body + BEL + ST
    return plain


_OSC52 = re.compile(
    rb"(?:\x1b]52;c;[A-Za-z0-9+/=]*\x07)?"  # plain (first, inside tmux)
    rb"(?:\x1bPtmux;\x1b\x1b]52;c;[A-Za-z0-9+/=]*\x07\x1b\\"  # tmux passthrough
    rb"|\x1bP\x1b]52;c;[A-Za-z0-9+/=]*(?:\x1b\\\x1bP[A-Za-z0-9+/=]*)*\x07\x1b\\)?"  # screen
)


def is_osc52(sequence: bytes) -> bool:
    """Whether ``sequence`` is exactly what :func:`osc52_sequence` makes: base64 and framing."""
    return bool(sequence) and _OSC52.fullmatch(sequence) is not None


def tmux_option(
    name: str, *, env: Mapping[str, str] = os.environ, timeout: float = 1.0
) -> str | None:
    """A global tmux option's value; None when there is no tmux to ask or it does not answer."""
    if not env.get("TMUX"):
        return None
    flags = "-gwv" if name == "allow-passthrough" else "-gv"  # a window/pane option
    try:
        done = subprocess.run(
            ["tmux", "show-options", flags, name],
            capture_output=True,
            text=True,
            timeout=timeout,
            env=dict(env),
            stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def copy_hint(env: Mapping[str, str] = os.environ) -> str | None:
    """How to make copying work, when tmux is set to swallow it; None when all looks well.

    tmux drops an application's OSC 52 when ``set-clipboard`` is off, and (3.3 and
    later) drops the passthrough wrapper when ``allow-passthrough`` is off, its default.
    """
    clipboard = tmux_option("set-clipboard", env=env)
    if clipboard is None:  # not in tmux, or tmux did not answer: nothing to say
        return None
    if clipboard != "on" and tmux_option("allow-passthrough", env=env) == "off":
        return TMUX_HINT
    return None


def copy_to_clipboard(
    text: str,
    *,
    what: str = "text",
    env: Mapping[str, str] = os.environ,
    write: Callable[[bytes], object] | None = None,
) -> str:
    """Send ``text`` to the clipboard; the message to show (with the tmux hint when needed).

    ``write`` receives the bytes (the app passes its driver's writer); by default
    they go to ``/dev/tty``, which is the user's terminal even under a TUI.
    """
    sequence = osc52_sequence(text, env=env)
    try:
        if write is not None:
            write(sequence)
        else:
            with open("/dev/tty", "wb", buffering=0) as tty:
                tty.write(sequence)
    except OSError as error:
        raise UserError(f"cannot reach the terminal to copy: {error.strerror or error}") from None
    message = f"copied {what} to the clipboard ({len(text):,} characters)"
    if hint := copy_hint(env):
        message += f" — if it did not arrive, {hint}"
    return message

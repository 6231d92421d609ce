"""Every character a CLI command prints passes :func:`tui.textsafe.inert`: a rule no command
can forget. And what comes in on the command line is repaired first (:func:`arguments`).

Commands still make their outside text safe themselves (``safe()``, ``print_json()``), but
a ``print`` that forgets — a PDF's link URI, a server's message, a title in a new command —
reaches the terminal through these streams all the same: controls shown as pictures, never
obeyed. Well-behaved output (JSON from ``print_json``, BibTeX, Markdown) passes unchanged.
The streams have no ``buffer``: there is no byte path around them.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Sequence
from typing import TextIO

from tui.textsafe import inert, repair


class InertText(io.TextIOBase):
    """A text stream that writes to ``stream`` what :func:`inert` makes of it (newlines kept)."""

    def __init__(self, stream: TextIO) -> None:
        super().__init__()
        self.stream = stream

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.stream, "encoding", "utf-8")

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self.stream.write(inert(text, multiline=True, limit=len(text) + 1))
        return len(text)

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:
        return self.stream.isatty()


def guard_output() -> Callable[[], None]:
    """Put stdout and stderr behind :class:`InertText`; returns the function that restores them."""
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = InertText(out), InertText(err)  # type: ignore[assignment]

    def restore() -> None:
        sys.stdout, sys.stderr = out, err

    return restore


def arguments(argv: Sequence[str] | None) -> list[str]:
    """The command line, repaired: bytes that are not UTF-8 arrive as lone surrogates
    (``surrogateescape``), which no file, JSON or terminal can hold; they become U+FFFD.
    Nothing else changes (an NFD file name must still name its file)."""
    return [_decoded(arg) for arg in (sys.argv[1:] if argv is None else argv)]


def _decoded(arg: str) -> str:
    try:
        arg.encode("utf-8")
        return arg
    except UnicodeEncodeError:
        pass
    try:  # the bytes the user's terminal sent, each invalid one shown as U+FFFD
        return arg.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:
        return repair(arg)

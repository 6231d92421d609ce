"""Length-prefixed JSON frames over a file descriptor (the parse child's only channel)."""

from __future__ import annotations

import contextlib
import json
import os
import select
import struct
import time
from typing import Any

MAX_FRAME = 256 << 20
"""The largest frame accepted (a 500-page paper's JSON is a few MB)."""

_HEADER = struct.Struct(">I")


class BadFrame(ValueError):
    """A frame that is too big or not JSON."""


def send(fd: int, message: dict[str, Any]) -> None:
    """Write one frame; a reader that went away is not an error here."""
    with contextlib.suppress(OSError, ValueError):
        write_raw(fd, json.dumps(message).encode())


def write_raw(fd: int, payload: bytes) -> None:
    data = memoryview(_HEADER.pack(len(payload)) + payload)
    while data:
        data = data[os.write(fd, data) :]


def ready(fd: int, timeout: float) -> bool:
    return bool(select.select([fd], [], [], max(timeout, 0.0))[0])


def read_raw(fd: int, timeout: float = 60.0) -> bytes | None:
    """The next frame's payload, or None at the end of the stream (or a cut-off frame).
    A frame must arrive whole within ``timeout`` seconds of its first byte."""
    deadline = time.monotonic() + timeout
    head = _read_exact(fd, _HEADER.size, deadline)
    if head is None:
        return None
    (size,) = _HEADER.unpack(head)
    if size > MAX_FRAME:
        raise BadFrame(f"a frame of {size} bytes")
    return _read_exact(fd, size, deadline)


def read(fd: int, timeout: float = 60.0) -> dict[str, Any] | None:
    payload = read_raw(fd, timeout)
    if payload is None:
        return None
    try:
        message = json.loads(payload)
    except ValueError:
        raise BadFrame("not JSON") from None
    if not isinstance(message, dict):
        raise BadFrame("not an object")
    return message


def _read_exact(fd: int, size: int, deadline: float) -> bytes | None:
    parts, left = [], size
    while left:
        if not ready(fd, deadline - time.monotonic()):
            raise BadFrame("a frame cut short")
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            return None
        parts.append(chunk)
        left -= len(chunk)
    return b"".join(parts)

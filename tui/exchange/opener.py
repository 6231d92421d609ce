"""Open a PDF (or a web link) on the desktop, only when there is a desktop to show it on.

Over SSH there usually is none: then the message says where the file is (to
``scp`` it, or open it from a local mount). The viewer is started detached —
its own session, stdio to /dev/null — so winnow never waits for it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any


def viewer_command(env: Mapping[str, str], platform: str = sys.platform) -> list[str] | None:
    """The command that opens a file on this desktop; None when no display exists."""
    if platform == "darwin":
        return ["open"]
    if env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"):
        opener = shutil.which("xdg-open", path=env.get("PATH"))
        return [opener] if opener else None
    return None


def _start(
    command: list[str], target: str, env: Mapping[str, str], spawn: Callable[..., Any]
) -> OSError | None:
    """Start the viewer on ``target``, detached; the error when it could not start."""
    try:
        spawn(
            [*command, target],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            close_fds=True,
            env=dict(env),
        )
    except OSError as error:
        return error
    return None


def open_pdf(
    path: Path | str,
    *,
    env: Mapping[str, str] = os.environ,
    platform: str = sys.platform,
    spawn: Callable[..., Any] = subprocess.Popen,
) -> str:
    """Open ``path`` in the desktop viewer when a display exists; the message to show."""
    path = Path(path).expanduser().resolve()
    if not path.is_file():
        return f"no PDF at {path}"
    command = viewer_command(env, platform)
    if command is None:
        if platform != "darwin" and (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")):
            return f"no xdg-open to show it with; the PDF is at {path}"
        return f"no display here (SSH?); the PDF is at {path}"
    if (error := _start(command, str(path), env, spawn)) is not None:
        return f"could not start {command[0]} ({error.strerror or error}); the PDF is at {path}"
    return f"opening {path.name} in the desktop viewer"


def open_url(
    url: str,
    *,
    env: Mapping[str, str] = os.environ,
    platform: str = sys.platform,
    spawn: Callable[..., Any] = subprocess.Popen,
) -> str | None:
    """Open an http(s) ``url`` in the desktop's browser; the message to show, or None when
    there is no desktop here (the caller shows the URL to copy instead)."""
    if not url.startswith(("https://", "http://")):
        return f"not a web link: {url[:80]}"
    command = viewer_command(env, platform)
    if command is None:
        return None
    if (error := _start(command, url, env, spawn)) is not None:
        return f"could not start {command[0]} ({error.strerror or error}): {url}"
    return f"opening {url} in the browser"

"""Start-up without the cyclic garbage collector walking what start-up builds.

Starting the app imports Textual, Rich and winnow and builds the first screen: hundreds of
thousands of objects, none of them garbage. With the collector on, CPython walks them all
several times over while they are being made (~60 ms of a ~290 ms start on the 2-core
machine we measure on). So the app's start runs with the collector paused; once the first
frame is up and the warm-up has loaded its modules, what exists then is frozen — moved where
the collector no longer walks it, so its later passes (during key presses) stay short — and
collection resumes. Reference counting frees everything else as usual meanwhile.
"""

from __future__ import annotations

import gc
import threading

RESUME_AFTER_SECONDS = 5.0
"""The app resumes collection at most this long after its first frame, warm-up or not."""

_lock = threading.Lock()
_paused = False


def pause() -> None:
    """Pause collection (if it is on) until :func:`resume`."""
    global _paused
    with _lock:
        if gc.isenabled():
            gc.disable()
            _paused = True


def resume() -> None:
    """Freeze what exists and resume collection, if :func:`pause` paused it (any thread,
    any number of times)."""
    global _paused
    with _lock:
        if _paused:
            _paused = False
            gc.freeze()
            gc.enable()


def paused() -> bool:
    return _paused

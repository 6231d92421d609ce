"""A server's own side (a process of its own): it forks one child per request and relays
the child's frames to its caller (tui/pdf/workers.py is the caller's side).

Started as ``python -c "from tui.pdf.serving import serve; serve(role)"``: the parse
server (``"parse"``) has the parser imported and warmed on a small page, the figure
server (``"figure"``) only the renderer, warmed by drawing one.
"""

from __future__ import annotations

import contextlib
import os
import signal
from pathlib import Path
from typing import Any

from tui.pdf import frames


def serve(role: str = "parse") -> None:
    """A server's loop: a request in, a forked child, its frames out, its status."""
    import pymupdf  # noqa: F401  (imported once here, so a child starts in milliseconds)

    import tui.pdf.child  # noqa: F401

    if role == "figure":
        import tui.pdf.figures  # noqa: F401

        _first_draw()
    else:
        import tui.pdf.parse  # noqa: F401

        _first_use()
    requests, answers = 0, os.dup(1)
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, 1)  # nothing printed by accident can corrupt the answers
    while True:
        try:
            request = frames.read(requests, timeout=3600.0)
        except (OSError, frames.BadFrame):
            return
        if request is None:
            return  # the caller is gone
        # a "kill" that came after its child ended is dropped
        if request.get("kind") != "kill" and not _serve_one(request, requests, answers):
            return


def _first_use() -> None:
    """Parse a small generated page once, so MuPDF's and the parser's first-use work (fonts,
    tables, compiled patterns) is done here and every child inherits it."""
    import tempfile

    from tui.pdf.parse import parse_pdf

    with contextlib.suppress(Exception), tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "warm.pdf"
        _warm_page(path)
        parse_pdf(path, use_cache=False)


def _first_draw() -> None:
    """Draw a small generated page once, so MuPDF's first-use work for rendering (fonts,
    the PNG writer) is done here and every figure child inherits it."""
    import tempfile

    from tui.pdf.figures import render_png

    with contextlib.suppress(Exception), tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "warm.pdf"
        _warm_page(path)
        render_png(path, 1, (50, 50, 300, 150), (50, 150, 300, 160), 1.0, 1 << 20)


def _warm_page(path: Path) -> None:
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 72), "Warm Up", fontsize=18)
    page.insert_text((72, 100), "Abstract. " + "A line of text for the parser. " * 8)
    page.insert_text((72, 130), "1 Introduction", fontsize=12)
    page.draw_rect((60, 60, 280, 140), color=(0, 0, 0.8), fill=(0.9, 0.9, 1.0))
    doc.save(path)


def _serve_one(request: dict[str, Any], requests: int, answers: int) -> bool:
    """Fork a child for ``request`` and relay its frames, until it ends or the caller says
    "kill"; then its exit status. False when the caller is gone."""
    import select

    from tui.pdf import child

    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        code = 70  # EX_SOFTWARE: the child failed without a word (the parent says so)
        try:
            os.close(r)
            os.close(answers)
            child.run(w, request)
            code = 0
        finally:
            os._exit(code)
    os.close(w)
    caller = True
    try:
        frames.send(answers, {"kind": "pid", "pid": pid})
        while True:
            ready = select.select([r, requests], [], [])[0]
            if requests in ready:
                word = frames.read(requests)
                if word is None:
                    caller = False
                    break
                if word.get("kind") == "kill":
                    break
                continue
            payload = frames.read_raw(r)
            if payload is None:
                break
            frames.write_raw(answers, payload)
    except (OSError, frames.BadFrame):
        pass
    finally:
        os.close(r)
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)  # not yet reaped: this pid is still the child's
        _, status = os.waitpid(pid, 0)
    frames.send(answers, {"kind": "exit", "status": os.waitstatus_to_exitcode(status)})
    return caller

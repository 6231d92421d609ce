"""The app in a fresh interpreter, opened on a paper until its figure is drawn; prints JSON.

    python -m tests.ui.figure_app PDF [now|before]

Prints what was drawn, the reasons of figures not drawn, whether PyMuPDF is loaded in
the app's process, and the RSS (VmRSS / VmHWM, MB) of the app and of its parse and figure
servers. ``before`` draws the way the app did before figures left its process (PyMuPDF
imported in the warm-up, ``figure_png`` in the figure's thread worker), for
``benchmarks/figures.py``. Used by tests/ui/test_figures_sandboxed.py.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from dataclasses import replace


def status(pid: int | str) -> dict[str, float] | None:
    try:
        with open(f"/proc/{pid}/status") as handle:
            lines = dict(line.split(":", 1) for line in handle if ":" in line)
    except OSError:
        return None
    return {k: int(lines[k].split()[0]) / 1024 for k in ("VmRSS", "VmHWM") if k in lines}


def draw_in_process() -> None:
    import tui.pdf.render as render
    import tui.screens.starting as starting
    from tui.pdf import figure_png

    starting.WARM_UP += ("pymupdf",)
    render.figure_png_bounded = lambda path, figure, zoom, **_: figure_png(path, figure, zoom=zoom)


async def run(pdf: str) -> dict:
    from tui import config as config_module
    from tui.app import make_app
    from tui.demo import DemoSources
    from tui.models import Author, Paper
    from tui.pdf import workers
    from tui.store import Store

    store = Store.open()
    store.create_topic("t", "p")
    config = replace(config_module.load(), image_renderer="halfcell")
    app = make_app(config, store, sources=DemoSources())
    async with app.run_test(size=(120, 40)) as pilot:
        app.screen.open_paper(Paper(title="A paper", authors=(Author("A"),), local_pdf=pdf))
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not (
            app.screen.query(".-picture") and not any(w.is_running for w in app.workers)
        ):
            await pilot.pause(0.05)
        await pilot.pause(0.3)
        servers = {"parse": workers.SERVER._proc, "figure": workers.FIGURES._proc}
        return {
            "drawn": len(app.screen.query(".-picture")),
            "not_drawn": [str(w.content) for w in app.screen.query(".-not-drawn")],
            "loaded": [m for m in ("pymupdf", "fitz") if m in sys.modules],
            "app": status("self"),
            "servers": {n: status(p.pid) for n, p in servers.items() if p is not None},
        }


if __name__ == "__main__":
    if sys.argv[2:] == ["before"]:
        draw_in_process()
    print(json.dumps(asyncio.run(run(sys.argv[1]))))

"""UI speed: start to first frame, key to help / palette, Enter to stage 1, a list move.

Run: python benchmarks/ui.py [--runs N]     (prints figures; nothing is asserted)

The machine is shared, so every start-up figure is a ratio to an anchor run in the same
loop, alternating: (winnow, winnow --demo, minimal Statics app, minimal app with winnow's
widgets) × N.

(a) start to first frame in a real 80x24 pty: spawn to the first output showing the app's
    status line. Goal: winnow ≤ 1.2 × the minimal app with winnow's widgets (Input,
    OptionList, VerticalScroll, Footer).
(b) key → help and key → palette: in-process (Pilot: key to the first frame drawn with it)
    and in a real pty (bytes written to the help / palette text on screen), also through the
    demo's first 1.5 s. Goal ≤ 100 ms.
(c) Enter → stage 1 of a paper whose PDF is on disk, parsed before (the parse cache) and
    never parsed, in-process. Goal ≤ 1 s (SPEC §7).
(d) a list move with 1,000 results, real pty: Down written to the first bytes of the
    repaint. Goal: median ≤ 50 ms.
(e) `winnow --version` and `winnow shortlist --json` as processes, alternating with
    `python -c "import tinydb"`. Goal ≤ 2x.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "ui")]

from tests.ui.pty_harness import PtyApp  # noqa: E402

MINIMAL_STATICS = textwrap.dedent(
    """
    from textual.app import App
    from textual.containers import Horizontal, Vertical
    from textual.widgets import Footer, Static

    class Minimal(App):
        CSS = ".pane { border: round white; height: 1fr; }"

        def compose(self):
            with Horizontal():
                with Vertical():
                    yield Static("search", classes="pane")
                    yield Static("shortlist", classes="pane")
                yield Static("reader", classes="pane")
            yield Static("status: ready")
            yield Footer()

    Minimal().run()
    """
)

MINIMAL_WIDGETS = textwrap.dedent(
    """
    from textual.app import App
    from textual.containers import Horizontal, Vertical, VerticalScroll
    from textual.widgets import Footer, Input, OptionList, Static

    class Minimal(App):
        CSS = '''
        .pane { border: round white; height: 1fr; }
        #status { height: 1; }
        '''
        BINDINGS = [
            ("slash", "noop", "Search"), ("a", "noop", "Add"), ("x", "noop", "Eliminate"),
            ("question_mark", "noop", "Help"), ("q", "quit", "Quit"),
        ]

        def action_noop(self):
            pass

        def compose(self):
            with Horizontal():
                with Vertical():
                    with Vertical(classes="pane"):
                        yield Input(placeholder="search")
                        yield OptionList(*(f"result {i}" for i in range(5)))
                    yield OptionList("first", "second", classes="pane")
                with VerticalScroll(classes="pane"):
                    yield Static("reader")
            yield Static("status: ready", id="status")
            yield Footer()

    Minimal().run()
    """
)


def _script(text: str) -> str:
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as handle:
        handle.write(text)
    return handle.name


def _compile() -> None:
    """winnow's .pyc files, as pip writes them on install."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "tui")], check=True)


def _env(home: str) -> dict[str, str]:
    """A terminal, a fresh home, and .pyc files as an installed winnow has them (a shell
    with PYTHONDONTWRITEBYTECODE would compile winnow's modules on every start)."""
    env = {**os.environ, "TERM": "xterm-256color", "WINNOW_HOME": home}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def alternate(programs: dict, runs: int, measure) -> dict[str, list[float]]:
    """``measure(program)`` for each of ``programs`` in turn, ``runs`` times round."""
    times: dict[str, list[float]] = {name: [] for name in programs}
    for _ in range(runs):
        for name, program in programs.items():
            times[name].append(measure(program))
    return times


def first_frame(argv: list[str], marker: str, env: dict[str, str]) -> float:
    with PtyApp(argv, env) as app:
        return app.wait_for(marker) - app.started


def startup(runs: int) -> None:
    home = tempfile.mkdtemp()
    env = _env(home)
    winnow = [sys.executable, "-m", "tui"]
    subprocess.run([*winnow, "topic", "new", "bench", "--purpose", "start"], env=env, check=True)
    programs = {
        "winnow": (winnow, "phase"),
        "winnow --demo": ([*winnow, "--demo"], "phase"),
        "minimal Statics app": ([sys.executable, _script(MINIMAL_STATICS)], "ready"),
        "minimal widgets app": ([sys.executable, _script(MINIMAL_WIDGETS)], "ready"),
    }
    _compile()
    for argv, marker in programs.values():  # warm the file cache, write .pyc, draw the demo PDF
        first_frame(argv, marker, env)
    times = alternate(programs, runs, lambda program: first_frame(*program, env))
    statics = statistics.median(times["minimal Statics app"])
    widgets = statistics.median(times["minimal widgets app"])
    for name, values in times.items():
        median = statistics.median(values)
        print(
            f"(a) start to first frame, median of {runs}: {name:<21} {median * 1000:5.0f} ms"
            f"  {median / widgets:.2f}x widgets app, {median / statics:.2f}x Statics app"
            + ("  (goal ≤ 1.2x widgets app)" if name.startswith("winnow") else "")
        )


# ---------------------------------------------------------------- (b) help and palette


def demo_first_seconds(runs: int) -> None:
    """? → help, again and again, through the demo's first seconds: its first search, its
    sample paper being parsed and the warm-up all happen then."""
    env = _env(tempfile.mkdtemp())
    times: list[float] = []
    for _ in range(max(2, runs // 3)):
        with PtyApp([sys.executable, "-m", "tui", "--demo"], env) as app:
            app.wait_for("phase")
            start = time.perf_counter()
            while time.perf_counter() - start < 1.5:
                since = len(app.output)
                sent = app.write(b"?")
                times.append(app.wait_for("how to read research papers", 10, since) - sent)
                app.write(b"\x1b")
                app.drain(0.05, 0.2)
    times.sort()
    print(
        f"(b) ? → help in the demo's first 1.5 s, real pty: median "
        f"{statistics.median(times) * 1000:.0f} ms, worst {times[-1] * 1000:.0f} ms of "
        f"{len(times)} (goal: no key waits; ≤ 100 ms)"
    )


def pty_overlays(runs: int) -> None:
    """Key → help and Ctrl+P → palette in a real pty, on the demo (focus in the list)."""
    env = _env(tempfile.mkdtemp())
    help_times, palette_times = [], []
    with PtyApp([sys.executable, "-m", "tui", "--demo"], env) as app:
        app.wait_for("phase")
        app.drain(1.5)  # the demo's search and its sample paper are in
        for _ in range(runs):
            for key, marker, into in (
                (b"?", "how to read research papers", help_times),
                (b"\x10", "Search for commands", palette_times),
            ):
                since = len(app.output)
                sent = app.write(key)
                into.append(app.wait_for(marker, 10, since) - sent)
                app.drain(0.3)
                app.write(b"\x1b")
                app.drain(0.5)
    for name, values in (("? → help", help_times), ("Ctrl+P → palette", palette_times)):
        print(
            f"(b) {name:<17} real pty: first {values[0] * 1000:4.0f} ms, median of {runs} "
            f"{statistics.median(values) * 1000:4.0f} ms, worst {max(values) * 1000:4.0f} ms"
            " (goal ≤ 100 ms)"
        )


async def _pilot_overlays(runs: int) -> dict[str, list[float]]:
    """Key posted → the first frame drawn with the new screen shown (the app's _display)."""
    from dataclasses import replace

    from driving import settle

    from tui import config as config_module
    from tui.app import make_app
    from tui.demo import prepare_demo

    config = replace(config_module.load(), image_renderer="none")
    app = make_app(config, prepare_demo(config), demo=True)
    frames: list[tuple[float, object]] = []
    display = app._display

    def spy(screen, renderable) -> None:
        display(screen, renderable)
        # the palette shows its box once its first list of commands is in (class -ready)
        if renderable is not None and (
            type(screen).__name__ != "CommandPalette" or "-ready" in screen.classes
        ):
            frames.append((time.perf_counter(), screen))

    app._display = spy  # type: ignore[method-assign]
    times: dict[str, list[float]] = {"? → help": [], "Ctrl+P → palette": []}
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.pause(0.5)
        base = app.screen
        for _ in range(runs):
            for key, name in (("question_mark", "? → help"), ("ctrl+p", "Ctrl+P → palette")):
                frames.clear()
                start = time.perf_counter()
                await pilot.press(key)
                while not any(screen is not base for _, screen in frames):
                    await asyncio.sleep(0.001)
                drawn = next(t for t, screen in frames if screen is not base)
                times[name].append(drawn - start)
                await pilot.press("escape")
                await settle(pilot)
                await pilot.pause(0.3)
    return times


def pilot_overlays(runs: int) -> None:
    os.environ["WINNOW_HOME"] = tempfile.mkdtemp()
    for name, values in asyncio.run(_pilot_overlays(runs)).items():
        print(
            f"(b) {name:<17} in-process: first {values[0] * 1000:4.0f} ms, median of {runs} "
            f"{statistics.median(values) * 1000:4.0f} ms (goal ≤ 100 ms)"
        )


# ---------------------------------------------------------------- (c) Enter → stage 1


def _bench_pdf() -> tuple[Path, str]:
    corpus = ROOT.parent / "shared" / "corpus" / "pdfs"
    pdfs = sorted(corpus.glob("*.pdf"), key=lambda p: p.stat().st_size) if corpus.is_dir() else []
    if pdfs:
        pdf = pdfs[len(pdfs) // 2]  # a paper of middling size
        return pdf, f"corpus {pdf.name}"
    from tui.demo_paper import write_demo_pdf

    return write_demo_pdf(Path(tempfile.mkdtemp()) / "demo.pdf"), "the demo paper"


async def _open_times(pdf: Path, runs: int) -> dict[str, list[float]]:
    from dataclasses import replace

    from conftest import FakeSources
    from driving import settle

    from tui import config as config_module
    from tui.app import make_app
    from tui.models import Paper, PaperIds
    from tui.pdf import parse

    config = replace(config_module.load(), image_renderer="none")
    times: dict[str, list[float]] = {"never parsed": [], "parsed before": []}
    for run in range(runs):
        copy = Path(tempfile.mkdtemp()) / f"paper-{run}.pdf"
        copy.write_bytes(pdf.read_bytes() + f"\n% run {run}\n".encode())  # a new digest
        paper = Paper(title=f"Bench paper {run}", ids=PaperIds(s2=f"b{run}"), local_pdf=str(copy))
        from tui.store import Store

        app = make_app(config, Store.open(), sources=FakeSources([paper]))
        async with app.run_test(size=(120, 40)) as pilot:
            screen = app.screen
            screen.start_search("bench")
            await settle(pilot)
            screen.search.results.focus()
            for name in ("never parsed", "parsed before"):
                if name == "parsed before":  # the whole parse, after page 1, is cached
                    digest = parse.cache.file_sha256(copy)
                    for _ in range(3000):
                        if parse.cache.load(digest, 500) is not None:
                            break
                        await asyncio.sleep(0.01)
                    else:
                        raise SystemExit("the parsed paper never reached the cache")
                start = time.perf_counter()
                await pilot.press("enter")
                while screen._doc is None or screen.reader.has_class("-loading"):
                    await asyncio.sleep(0.002)
                await pilot.pause()
                times[name].append(time.perf_counter() - start)
                screen.paper = None  # the next Enter opens it afresh
                screen._doc = None
    return times


def open_paper(runs: int) -> None:
    os.environ["WINNOW_HOME"] = tempfile.mkdtemp()
    pdf, what = _bench_pdf()
    for name, values in asyncio.run(_open_times(pdf, runs)).items():
        print(
            f"(c) Enter → stage 1, {what}, {name:<13}: median of {runs} "
            f"{statistics.median(values) * 1000:5.0f} ms, worst {max(values) * 1000:5.0f} ms"
            " (goal ≤ 1 s)"
        )


# ---------------------------------------------------------------- (d) a list move

RESULTS_APP = textwrap.dedent(
    """
    import sys
    from dataclasses import replace
    sys.path.insert(0, {tests!r})
    from conftest import FakeSources, fake_papers  # the tests' local fake sources
    from tui import config as config_module
    from tui.app import make_app
    from tui.store import Store

    store = Store.open()
    store.create_topic("bench", "key latency")
    sources = FakeSources(fake_papers({count}), page_size={count})
    config = replace(config_module.load(), image_renderer="none")
    app = make_app(config, store, sources=sources)

    def search():
        app.screen.start_search("many")
        app.screen.search.results.focus()

    app.call_later(lambda: app.call_after_refresh(search))
    app.run()
    """
)


def list_move(count: int = 1000, presses: int = 40) -> None:
    script = _script(RESULTS_APP.format(tests=str(ROOT / "tests" / "ui"), count=count))
    times = []
    with PtyApp([sys.executable, script], _env(tempfile.mkdtemp()), size=(120, 40)) as app:
        app.wait_for(f"of {count:,}", 60)
        app.drain(0.5)
        for _ in range(presses):
            sent = app.write(b"\x1b[B")  # Down
            before = len(app.output)
            while len(app.output) == before:
                app.pump(2.0)
            times.append(time.perf_counter() - sent)
            app.drain(0.15)
    times.sort()
    print(
        f"(d) list move with {count:,} results, real pty: median "
        f"{statistics.median(times) * 1000:.1f} ms, p95 {times[int(len(times) * 0.95)] * 1000:.1f}"
        " ms (goal median ≤ 50 ms)"
    )


# ---------------------------------------------------------------- (e) the command line


def command_line(runs: int) -> None:
    _compile()
    env = _env(tempfile.mkdtemp())
    winnow = [sys.executable, "-m", "tui"]
    subprocess.run([*winnow, "topic", "new", "t", "--purpose", "p"], env=env, capture_output=True)
    programs = {
        "winnow --version": [*winnow, "--version"],
        "winnow shortlist --json": [*winnow, "shortlist", "--json"],
        "python -c 'import tinydb'": [sys.executable, "-c", "import tinydb"],
    }

    def measure(argv: list[str]) -> float:
        start = time.perf_counter()
        subprocess.run(argv, env=env, capture_output=True, check=True)
        return time.perf_counter() - start

    times = alternate(programs, 3 * runs, measure)
    base = statistics.median(times["python -c 'import tinydb'"])
    for name, values in times.items():
        median = statistics.median(values)
        print(
            f"(e) {name:<26} median of {3 * runs}: {median * 1000:5.1f} ms "
            f"({median / base:.2f}x import tinydb; goal ≤ 2x)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--only", choices=("start", "overlays", "open", "list", "cli"))
    args = parser.parse_args()
    steps = {
        "start": lambda: startup(args.runs),
        "overlays": lambda: (
            pty_overlays(args.runs),
            pilot_overlays(args.runs),
            demo_first_seconds(args.runs),
        ),
        "open": lambda: open_paper(max(3, args.runs // 2)),
        "list": list_move,
        "cli": lambda: command_line(args.runs),
    }
    print(f"(2 cores shared with other work: figures are noisy; load {os.getloadavg()[0]:.1f})")
    for name, step in steps.items():
        if args.only in (None, name):
            step()


if __name__ == "__main__":
    main()

"""UI speed: start to first painted frame, and key press to repaint with 1,000 results.

Run: python benchmarks/ui.py
(a) `winnow --demo` and a minimal three-pane Textual app, each started 7 times in a real
    pseudo-terminal (80x24); the time from spawning the process to the first frame that
    shows the app's text. Goal: winnow ≤ 1.25 × the minimal app.
(b) 1,000 search results in the list, in a real pty; the time from writing a key (Down)
    to the first bytes of the repaint. Goal: median ≤ 50 ms.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import statistics
import struct
import sys
import tempfile
import termios
import textwrap
import time

MINIMAL_APP = textwrap.dedent(
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
                yield Static("reader ready", classes="pane")
            yield Footer()

    Minimal().run()
    """
)


def first_frame(argv: list[str], marker: bytes, env: dict[str, str], timeout: float = 30) -> float:
    """Seconds from spawning ``argv`` in an 80x24 pty until ``marker`` is on screen."""
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # the child
        os.execvpe(argv[0], argv, env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    seen = b""
    try:
        while time.perf_counter() - start < timeout:
            ready, _, _ = select.select([fd], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(fd, 65536)
                except OSError:
                    break
                if b"\x1b[c" in chunk or b"\x1b[16t" in chunk:  # answer terminal queries
                    os.write(fd, b"\x1b[?62;22c")
                seen += chunk
                if marker in seen:
                    return time.perf_counter() - start
        raise RuntimeError(f"{argv[0]}: {marker!r} never appeared")
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)


def startup(runs: int = 7) -> None:
    env = {**os.environ, "TERM": "xterm-256color", "WINNOW_HOME": tempfile.mkdtemp()}
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as handle:
        handle.write(MINIMAL_APP)
    import subprocess

    subprocess.run(
        [sys.executable, "-m", "tui", "topic", "new", "bench", "--purpose", "start"],
        env=env,
        check=True,
        capture_output=True,
    )
    runs_of = {
        "winnow": [sys.executable, "-m", "tui"],
        "winnow --demo": [sys.executable, "-m", "tui", "--demo"],
        "minimal three-pane app": [sys.executable, handle.name],
    }
    markers = {"minimal three-pane app": b"ready"}
    times: dict[str, list[float]] = {name: [] for name in runs_of}
    for name, argv in runs_of.items():  # warm the file cache (and draw the demo PDF once)
        first_frame(argv, markers.get(name, b"phase"), env)
    for _ in range(runs):
        for name, argv in runs_of.items():
            times[name].append(first_frame(argv, markers.get(name, b"phase"), env))
    base = statistics.median(times["minimal three-pane app"])
    for name, values in times.items():
        median = statistics.median(values)
        print(
            f"(a) start to first frame, median of {runs}: {name:<24} {median * 1000:5.0f} ms"
            f"  ({median / base:.2f}x the minimal app; goal ≤ 1.25x)"
        )


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


def key_latency(count: int = 1000, presses: int = 40) -> None:
    """Key press (Down in the results) to the first bytes of the repaint, in a real pty."""
    tests = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "ui")
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as handle:
        handle.write(RESULTS_APP.format(tests=tests, count=count))
    env = {**os.environ, "TERM": "xterm-256color", "WINNOW_HOME": tempfile.mkdtemp()}
    pid, fd = pty.fork()
    if pid == 0:
        os.execvpe(sys.executable, [sys.executable, handle.name], env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))

    def drain(quiet: float) -> bytes:
        out = b""
        while select.select([fd], [], [], quiet)[0]:
            out += os.read(fd, 65536)
        return out

    try:
        seen, start = b"", time.perf_counter()
        while f"of {count:,}".encode() not in seen and time.perf_counter() - start < 60:
            seen += drain(0.2)
        drain(0.5)
        times = []
        for _ in range(presses):
            os.write(fd, b"\x1b[B")  # Down
            start = time.perf_counter()
            if select.select([fd], [], [], 2.0)[0]:
                times.append((time.perf_counter() - start) * 1000)
            drain(0.15)
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)
    times.sort()
    print(
        f"(b) key press to repaint with {count:,} results: median {statistics.median(times):.1f}"
        f" ms, p95 {times[int(len(times) * 0.95)]:.1f} ms (goal median ≤ 50 ms)"
    )


def main() -> None:
    startup()
    key_latency()


if __name__ == "__main__":
    main()

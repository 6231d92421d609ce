"""Hostile PDFs, bounded: worst-case seconds and peak MB per class, and what the bound costs.

    python benchmarks/hostile_pdf.py [--repeat N] [--before] [--only a|b|c|d]

(a) every hostile class of tests/pdf/hostile.py through ``winnow sections``, ``read`` and
    ``add`` as processes with the default budget (30 s, 1536 MB): the worst wall time and
    peak RSS (the process and its parse child, from ``wait4``), the exit status, the line.
    ``--before`` also runs each file through an unbounded in-process ``parse_pdf`` (what
    winnow did before), stopped at 120 s / 6 GB.
(b) the sandbox on a normal 15-page paper: ``parse_pdf`` in this process vs
    ``parse_bounded`` forked from a single-threaded caller (the CLI) vs from the fork
    server (the app), alternating, no cache; and the time to page 1 (stage 1).
(c) ``winnow sections PDF`` as a process (no cache) vs plain ``get_text`` of every page as a
    process. Goal ≤ 1.5×.
(d) in a real pty: Down in a list of 1,000 results to the first bytes of the repaint, idle
    and while a 500-page PDF parses. Goal ≤ 50 ms.
Opening an unparsed paper to stage 1 (against a minimal reader app) is
``benchmarks/stage_one.py``.
The machine is shared: figures are noisy, ratios within one run are what to compare.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.pdf import fixtures, hostile  # noqa: E402
from tests.pdf.hostile import measured  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "pdfs" / "1706.03762.pdf"

CLASSES = {
    "nested forms, 10^7 rects (17 KB)": lambda p: hostile.nested_forms(p, depth=7),
    "nested forms, 10^5 rects x 12 pages": lambda p: hostile.nested_forms(p, depth=5, pages=12),
    "nested forms, 10^5 rects x 60 pages": lambda p: hostile.nested_forms(p, depth=5, pages=60),
    "150,000 drawings on a page": lambda p: hostile.many_drawings(p, 150_000),
    "a million pages (28 KB)": hostile.huge_page_count,
    "page tree loop": hostile.page_tree_loop,
    "page tree loop at once": lambda p: hostile.page_tree_loop(p, at_once=True),
    "truncated, repaired": lambda p: hostile.truncated(p, 0.5),
    "truncated to nothing": lambda p: hostile.truncated(p, 0.03),
    "2 GB unused stream, sparse": lambda p: hostile.sparse_stream(p, 2 << 30),
    "directory": hostile.directory,
    "FIFO": hostile.fifo,
    "not a PDF": hostile.not_a_pdf,
    "encrypted": fixtures.encrypted,
    "scan": fixtures.scanned,
}

BEFORE = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, (6 << 30, 6 << 30))
import tui.pdf.parse as parse
from tui.pdf.parse import parse_pdf
parse.page_flags = lambda pdf, page, flags: (flags, None)  # no per-page caps, as before
parse.cap_vectors = lambda vectors, number: None
try:
    parse_pdf(sys.argv[1], use_cache=False)
except Exception as error:
    print(type(error).__name__, error)
"""


def winnow(*args: str) -> list[str]:
    return [sys.executable, "-m", "tui", *args]


def hostile_classes(folder: Path, before: bool) -> None:
    print("(a) hostile PDFs with the default budget: worst of sections / read / add")
    print(f"    {'class':<38} {'seconds':>7} {'peak MB':>8}  exit  what is said")
    for name, build in CLASSES.items():
        worst_s, worst_mb, codes, said = 0.0, 0.0, set(), ""
        for command in ("sections", "read", "add"):
            home = tempfile.mkdtemp(dir=folder)
            path = build(Path(tempfile.mkdtemp(dir=folder)) / "x.pdf")
            env = {**os.environ, "WINNOW_HOME": home}
            if command == "add":
                measured(winnow("topic", "new", "t"), env)
            extra = ("--offline",) if command == "add" else ()  # no metadata lookup: parse only
            run = measured(winnow(command, str(path), *extra), env)
            worst_s, worst_mb = max(worst_s, run.seconds), max(worst_mb, run.peak_mb)
            codes.add(run.code)
            lines = run.err.strip().splitlines() or [
                ln for ln in run.out.splitlines() if ln.startswith(("note:", "added"))
            ]
            if command == "sections":
                said = (lines[0] if lines else "").removeprefix("winnow: ")[:70]
        exits = "/".join(str(c) for c in sorted(codes))
        print(f"    {name:<38} {worst_s:7.2f} {worst_mb:8.0f}  {exits:>4}  {said}")
        if before and os.path.isfile(path):
            run = measured([sys.executable, "-c", BEFORE, str(path)], dict(os.environ), 120)
            stopped = " (stopped at 120 s: still running)" if run.code == -9 else ""
            stopped = stopped or (" (killed: out of memory at 6 GB)" if run.code > 128 else "")
            peak = f"{run.peak_mb:8.0f}" if run.peak_mb else "     n/a"
            print(f"    {'  before: in-process parse_pdf':<38} {run.seconds:7.2f} {peak}{stopped}")


def paper(folder: Path) -> Path:
    if CORPUS.is_file():
        return CORPUS
    print("    (corpus absent: a generated 15-page paper instead)")
    return fixtures.many_pages(folder / "fifteen.pdf", 15)


def sandbox_cost(folder: Path, repeat: int) -> None:
    from tui.pdf import parse_pdf
    from tui.pdf.sandbox import Stats, parse_bounded, warm

    pdf = paper(folder)
    times: dict[str, list[float]] = {"in-process": [], "fork": [], "fork server": []}
    fronts: list[float] = []

    def served() -> None:
        stats = Stats()
        started = time.perf_counter()
        parse_bounded(pdf, use_cache=False, on_front=lambda d: None, stats=stats)
        times["fork server"].append(time.perf_counter() - started)
        fronts.append(stats.front_ms or 0.0)

    thread = threading.Thread(target=warm)  # the app warms its server before the first open
    thread.start()
    thread.join()
    for _ in range(repeat):
        started = time.perf_counter()
        parse_pdf(pdf, use_cache=False)
        times["in-process"].append(time.perf_counter() - started)
        started = time.perf_counter()
        parse_bounded(pdf, use_cache=False)
        times["fork"].append(time.perf_counter() - started)
        thread = threading.Thread(target=served)  # from a thread, as the app: the server
        thread.start()
        thread.join()
    base = statistics.median(times["in-process"])
    print(f"(b) {pdf.name}, median of {repeat}, no cache:")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"    parse {name:<12} {median * 1000:6.0f} ms  ({median / base:.2f}x in-process)")
    print(f"    page 1 (stage 1) from the fork server: {statistics.median(fronts):.0f} ms")


def cli_cost(folder: Path, repeat: int) -> None:
    pdf = paper(folder)
    plain = [
        sys.executable,
        "-c",
        "import sys, pymupdf\nfor page in pymupdf.open(sys.argv[1]): page.get_text()",
        str(pdf),
    ]
    ours, anchor = [], []
    for _ in range(repeat):
        home = tempfile.mkdtemp(dir=folder)  # no parse cache
        ours.append(
            measured(winnow("sections", str(pdf)), {**os.environ, "WINNOW_HOME": home}).seconds
        )
        anchor.append(measured(plain, dict(os.environ)).seconds)
    a, b = statistics.median(ours), statistics.median(anchor)
    print(
        f"(c) winnow sections {pdf.name} as a process, median of {repeat}: {a * 1000:.0f} ms; "
        f"plain get_text as a process {b * 1000:.0f} ms: {a / b:.2f}x (goal ≤ 1.5x)"
    )


LIST_APP = """
import sys
from dataclasses import replace
sys.path.insert(0, {tests!r})
from conftest import FakeSources, fake_papers
from tui import config as config_module
from tui.app import make_app
from tui.models import Paper
from tui.store import Store

store = Store.open()
store.create_topic("bench", "keys while a PDF parses")
config = replace(config_module.load(), image_renderer="none")
app = make_app(config, store, sources=FakeSources(fake_papers(1000), page_size=1000))

def search():
    app.screen.start_search("many")
    app.screen.search.results.focus()

def open_long():
    app.screen.open_paper(Paper(title="long", local_pdf={pdf!r}))
    app.screen.search.results.focus()

def start():
    app.call_after_refresh(search)
    app.set_timer({open_at}, open_long)

app.call_later(start)
app.run()
"""


def key_latency(folder: Path, presses: int = 30) -> None:
    """Down in 1,000 results to the first repaint bytes: idle, then while 500 pages parse."""
    import fcntl
    import pty
    import select
    import signal
    import struct
    import termios

    from tui.pdf.sandbox import parse_bounded

    long_pdf = long_paper(folder / "long.pdf", 500)
    started = time.perf_counter()
    parse_bounded(long_pdf, use_cache=False)
    parse_s = time.perf_counter() - started
    script = folder / "list_app.py"
    open_at = 8.0
    tests = str(ROOT / "tests" / "ui")
    script.write_text(LIST_APP.format(tests=tests, pdf=str(long_pdf), open_at=open_at))
    env = {**os.environ, "TERM": "xterm-256color", "WINNOW_HOME": tempfile.mkdtemp(dir=folder)}
    pid, fd = pty.fork()
    if pid == 0:
        os.execvpe(sys.executable, [sys.executable, str(script)], env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    started = time.perf_counter()

    def drain(quiet: float) -> bytes:
        out = b""
        while select.select([fd], [], [], quiet)[0]:
            try:
                out += os.read(fd, 65536)
            except OSError:
                break
        return out

    def presses_ms(count: int) -> list[float]:
        found = []
        for _ in range(count):
            os.write(fd, b"\x1b[B")
            sent = time.perf_counter()
            if select.select([fd], [], [], 3.0)[0]:
                found.append((time.perf_counter() - sent) * 1000)
            drain(0.08)
        return found

    try:
        seen = b""
        while b"of 1,000" not in seen and time.perf_counter() - started < 60:
            seen += drain(0.2)
        drain(0.5)
        idle = presses_ms(presses)
        while time.perf_counter() - started < open_at + 0.3:
            drain(0.05)
        busy_from = time.perf_counter()
        busy = presses_ms(presses)
        busy_s = time.perf_counter() - busy_from
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)
    print("    busy, in order:", " ".join(f"{v:.0f}" for v in busy))
    for name, values in (("idle", idle), ("while 500 pages parse", busy)):
        values.sort()
        print(
            f"(d) Down in 1,000 results, {name:<22} median {statistics.median(values):5.1f} ms, "
            f"max {values[-1]:6.1f} ms (goal ≤ 50 ms)"
        )
    print(f"    (the 500-page parse alone takes {parse_s:.1f} s; the presses took {busy_s:.1f} s)")


def long_paper(path: Path, pages: int) -> Path:
    """``pages`` pages of running text under numbered headings."""
    import pymupdf

    doc = pymupdf.open()
    for number in range(pages):
        page = doc.new_page()
        page.insert_text((72, 60), f"{number + 1} Section {number + 1}", fontsize=12)
        page.insert_textbox(pymupdf.Rect(72, 80, 540, 740), fixtures.LOREM * 8, fontsize=10)
    doc.save(path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--before", action="store_true", help="also the unbounded parse")
    parser.add_argument("--only", choices="abcd", help="run one part")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        parts = {
            "a": lambda: hostile_classes(folder, args.before),
            "b": lambda: sandbox_cost(folder, args.repeat),
            "c": lambda: cli_cost(folder, args.repeat),
            "d": lambda: key_latency(folder),
        }
        for name, part in parts.items():
            if args.only in (None, name):
                part()


if __name__ == "__main__":
    main()

"""Figures drawn in a child process: latency, event-loop stalls and the app's memory, before/after.

    python benchmarks/figures.py [--repeat N]

(a) latency per figure of a generated paper and of corpus papers (when ../shared/corpus is
    there), at the app's zoom (1, half-blocks) and at 2 (sixel/kitty): ``figure_png`` in
    this process (before) vs ``figure_png_bounded`` through the figure server (now),
    alternating, medians; and the first figure when the figure server must start first.
(b) the worst stall of a 1 ms ticker thread (what the event loop would feel) while those
    figures render from a worker thread, before vs now; and while a heavy figure (10^6
    tiny rectangles, ~6 s of MuPDF) renders — now stopped at its budget (2 s here).
(c) the app in a fresh interpreter, opened on a paper with a key figure until it is drawn:
    the app's RSS (VmRSS / VmHWM) before (PyMuPDF in the warm-up, figure_png in the
    worker) vs now, the figure server's RSS (the second server's cost) and the parse
    server's for comparison.
The machine is shared: figures are noisy, ratios within one run are what to compare.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.pdf import fixtures, hostile  # noqa: E402
from tui.pdf import figure_png, parse_pdf, workers  # noqa: E402
from tui.pdf.render import FigureBudget, figure_png_bounded  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "pdfs"
CORPUS_PAPERS = ("1512.03385.pdf", "1706.03762.pdf", "2004.04906.pdf")


class Ticker(threading.Thread):
    """Sleeps 1 ms at a time and keeps the worst oversleep: a thread holding the GIL."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.worst = 0.0
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.is_set():
            started = time.perf_counter()
            time.sleep(0.001)
            self.worst = max(self.worst, time.perf_counter() - started - 0.001)

    def stop(self) -> float:
        self._done.set()
        self.join()
        return self.worst * 1000


def in_worker(work):
    """``work()`` in a second thread (as the app's figure worker), with a ticker beside it:
    (seconds, worst tick stall in ms, result or error)."""
    out: dict = {}
    ticker = Ticker()
    ticker.start()

    def run() -> None:
        try:
            out["value"] = work()
        except Exception as error:  # noqa: BLE001  (a figure that is stopped is a result)
            out["value"] = f"{type(error).__name__}: {error}"

    started = time.perf_counter()
    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    return time.perf_counter() - started, ticker.stop(), out["value"]


def figures(folder: Path) -> list[tuple[str, Path, object]]:
    made = fixtures.one_column(folder / "generated.pdf")
    found = [("generated", made, f) for f in parse_pdf(made, use_cache=False).figures if f.region]
    for name in CORPUS_PAPERS:
        path = CORPUS / name
        if path.is_file():
            doc = parse_pdf(path, use_cache=False)
            found += [(name, path, f) for f in doc.figures if f.region]
    return found


def latency(found, repeat: int) -> None:
    print(f"(a)+(b) per figure, median of {repeat} (ms); stall: worst 1 ms tick delay (ms)")
    print("before: in this process (warm: MuPDF's caches hold this figure's fonts and glyphs")
    print("from the last round; cold: emptied first, as for a figure drawn the first time);")
    print("now: the figure server's child; cached: read back from the figure cache")
    modes = ("warm", "cold", "now", "cached")
    print(
        f"{'figure':30} {'zoom':>4}"
        + "".join(f"{m:>7}" for m in modes)
        + "  stall:"
        + "".join(f"{m:>7}" for m in modes)
    )
    worst = dict.fromkeys(modes, 0.0)
    for zoom in (1.0, 2.0):
        for source, path, figure in found:
            times: dict[str, list[float]] = {m: [] for m in modes}
            stalls: dict[str, list[float]] = {m: [] for m in modes}
            for _ in range(repeat):
                for mode, draw in (
                    ("warm", lambda: figure_png(path, figure, zoom=zoom)),  # noqa: B023
                    ("cold", lambda: cold(lambda: figure_png(path, figure, zoom=zoom))),  # noqa: B023
                    ("now", lambda: figure_png_bounded(path, figure, zoom=zoom, use_cache=False)),  # noqa: B023
                    ("cached", lambda: figure_png_bounded(path, figure, zoom=zoom)),  # noqa: B023
                ):
                    seconds, stall, _ = in_worker(draw)
                    times[mode].append(seconds * 1000)
                    stalls[mode].append(stall)
            for mode in worst:
                worst[mode] = max(worst[mode], max(stalls[mode]))
            label = f"{source} {figure.label}"[:30]
            print(
                f"{label:30} {zoom:4g}"
                + "".join(f"{statistics.median(times[m]):7.1f}" for m in modes)
                + "       "
                + "".join(f"{max(stalls[m]):7.1f}" for m in modes)
            )
    print("worst tick stall over all: " + ", ".join(f"{m} {worst[m]:.1f} ms" for m in modes))


def cold(draw):
    import pymupdf

    pymupdf.TOOLS.glyph_cache_empty()
    pymupdf.TOOLS.store_shrink(100)
    return draw()


def cold_start(found) -> None:
    _, path, figure = found[0]
    times = []
    for _ in range(3):
        proc = in_worker(workers.FIGURES.ensure)[2]
        workers.FIGURES.drop(proc)
        seconds, _, _ = in_worker(
            lambda: figure_png_bounded(path, figure, zoom=1.0, use_cache=False)
        )
        times.append(seconds * 1000)
    print(f"first figure with the figure server still to start: {statistics.median(times):.0f} ms")


def heavy(folder: Path) -> None:
    path = hostile.heavy_figure(folder / "heavy.pdf", depth=6)
    figure = parse_pdf(fixtures.one_column(folder / "one.pdf"), use_cache=False).figures[1]
    seconds, stall, _ = in_worker(lambda: figure_png(path, figure, zoom=1.0))
    print(f"heavy figure (10^6 rects) before: {seconds:.2f} s, worst tick stall {stall:.0f} ms")
    budget = FigureBudget(seconds=2.0)
    seconds, stall, result = in_worker(
        lambda: figure_png_bounded(path, figure, zoom=1.0, budget=budget, use_cache=False)
    )
    print(f"heavy figure now: {seconds:.2f} s, worst tick stall {stall:.1f} ms -> {result}")


def app_memory(folder: Path, repeat: int) -> None:
    from tui.demo_paper import write_demo_pdf

    pdf = write_demo_pdf(folder / "sample.pdf")
    runs: dict[str, list[dict]] = {"before": [], "now": []}
    for k in range(repeat):
        for mode in runs:
            env = {**os.environ, "PYTHONPATH": str(ROOT), "WINNOW_HOME": str(folder / f"{mode}{k}")}
            done = subprocess.run(
                [sys.executable, "-m", "tests.ui.figure_app", str(pdf), mode],
                capture_output=True,
                text=True,
                env=env,
                timeout=180,
                cwd=ROOT,
            )
            if done.returncode:
                print(done.stderr[-1500:])
                continue
            runs[mode].append(json.loads(done.stdout.strip().splitlines()[-1]))
    print("(c) the app after opening a paper with a key figure, drawn (MB, median)")
    for mode, results in runs.items():
        if not results:
            continue
        servers = " ".join(
            f"{name} server RSS {median(results, 'servers', name, 'VmRSS'):.0f}"
            for name in ("parse", "figure")
        )
        print(
            f"{mode:6} app RSS {median(results, 'app', 'VmRSS'):.0f} "
            f"peak {median(results, 'app', 'VmHWM'):.0f}  pymupdf in app: "
            f"{bool(results[0]['loaded'])}  drawn: {results[0]['drawn']}  {servers}"
        )


def median(results: list[dict], *keys: str) -> float:
    values = []
    for result in results:
        for key in keys:
            result = (result or {}).get(key)
        if result is not None:
            values.append(result)
    return statistics.median(values) if values else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        os.environ["WINNOW_HOME"] = str(folder / "home")
        found = figures(folder)
        latency(found, args.repeat)
        cold_start(found)
        heavy(folder)
        app_memory(folder, max(1, args.repeat // 2))


if __name__ == "__main__":
    main()

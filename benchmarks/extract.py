"""Time winnow's whole extraction pipeline against plain ``page.get_text()``.

    python benchmarks/extract.py [PDF_DIR ...] [--repeat N]

For each PDF in the folders (default ``pdfs/`` and ``layouts/`` of
``../shared/corpus`` next to the repo, or of ``$WINNOW_CORPUS``), in the same run:
plain text extraction of every page, and ``parse_pdf`` (no cache) on the same
file. Prints ms per page for each paper, the median and worst, and the ratio
between the two (the goal: the whole parse within 3x plain ``get_text()``).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def default_dirs() -> list[Path]:
    env = os.environ.get("WINNOW_CORPUS")
    base = (Path(env) if env else ROOT / ".." / "shared" / "corpus").resolve()
    return [base / "pdfs", base / "layouts"]


def import_cost(module: str) -> float:
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    return float(out.stdout.strip() or "nan") * 1000


CLOCK = time.process_time  # CPU time: the machine is shared, wall time swings with others


def plain(path: Path) -> tuple[float, int]:
    import pymupdf

    with pymupdf.open(path) as doc:
        start = CLOCK()
        for page in doc:
            page.get_text()
        return CLOCK() - start, doc.page_count


def pipeline(path: Path) -> float:
    from tui.pdf import parse_pdf

    start = CLOCK()
    parse_pdf(path, use_cache=False)
    return CLOCK() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path, default=default_dirs())
    parser.add_argument("--repeat", type=int, default=3, help="best of N runs per paper")
    parser.add_argument("--wall", action="store_true", help="wall-clock time, not CPU time")
    args = parser.parse_args()
    global CLOCK
    if args.wall:
        CLOCK = time.perf_counter
    files = [path for folder in args.folders for path in sorted(folder.glob("*.pdf"))]
    if not files:
        print(f"no PDFs in {', '.join(map(str, args.folders))}", file=sys.stderr)
        return 1
    import pymupdf

    python = sys.version.split()[0]
    clock = "wall-clock" if args.wall else "CPU"
    versions = f"PyMuPDF {pymupdf.VersionBind} (MuPDF {pymupdf.VersionFitz}), Python {python}"
    print(f"{versions}, {clock} time")
    print(
        f"import pymupdf: {import_cost('pymupdf'):.0f} ms   import tui.pdf: "
        f"{import_cost('tui.pdf'):.0f} ms (PyMuPDF is imported lazily)"
    )
    print()
    print(f"{'paper':<32}{'pages':>6}{'get_text ms/p':>15}{'winnow ms/p':>13}{'ratio':>8}")
    rows = []
    for path in files:
        runs = [(plain(path), pipeline(path)) for _ in range(args.repeat)]  # interleaved
        text_s, pages = min(r[0] for r in runs)
        parse_s = min(r[1] for r in runs)
        text_ms, parse_ms = 1000 * text_s / pages, 1000 * parse_s / pages
        rows.append((path.name, pages, text_ms, parse_ms, text_s, parse_s))
        ratio = parse_ms / text_ms
        name = f"{path.parent.name}/{path.name}"[:31]
        print(f"{name:<32}{pages:>6}{text_ms:>15.2f}{parse_ms:>13.2f}{ratio:>8.2f}")
    text_per_page = [r[2] for r in rows]
    parse_per_page = [r[3] for r in rows]
    total_pages = sum(r[1] for r in rows)
    print()
    print(
        f"median ms/page: get_text {statistics.median(text_per_page):.2f}   "
        f"winnow {statistics.median(parse_per_page):.2f}"
    )
    print(f"worst  ms/page: get_text {max(text_per_page):.2f}   winnow {max(parse_per_page):.2f}")
    ratios = [r[3] / r[2] for r in rows]
    print(f"ratio per paper: median {statistics.median(ratios):.2f}   worst {max(ratios):.2f}")
    overall = sum(r[5] for r in rows) / sum(r[4] for r in rows)
    print(
        f"all {total_pages} pages: winnow {1000 * sum(r[5] for r in rows) / total_pages:.2f} "
        f"ms/page, {overall:.2f}x plain get_text (goal: <= 3x and <= 15 ms/page)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

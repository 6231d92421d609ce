"""Time winnow's whole extraction pipeline against plain ``page.get_text()``.

    python benchmarks/extract.py [PDF_DIR] [--repeat N]

For each PDF in PDF_DIR (default ``../shared/corpus/pdfs`` next to the repo,
or ``$WINNOW_CORPUS/pdfs``), in the same run: plain text extraction of every
page, and ``parse_pdf`` (no cache) on the same file. Prints ms per page for
each paper, the median and worst, and the ratio between the two.
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


def default_dir() -> Path:
    env = os.environ.get("WINNOW_CORPUS")
    return (Path(env) if env else ROOT / ".." / "shared" / "corpus").resolve() / "pdfs"


def import_cost(module: str) -> float:
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    return float(out.stdout.strip() or "nan") * 1000


def plain(path: Path) -> tuple[float, int]:
    import pymupdf

    with pymupdf.open(path) as doc:
        start = time.perf_counter()
        for page in doc:
            page.get_text()
        return time.perf_counter() - start, doc.page_count


def pipeline(path: Path) -> float:
    from tui.pdf import parse_pdf

    start = time.perf_counter()
    parse_pdf(path, use_cache=False)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=default_dir())
    parser.add_argument("--repeat", type=int, default=3, help="best of N runs per paper")
    args = parser.parse_args()
    files = sorted(args.folder.glob("*.pdf"))
    if not files:
        print(f"no PDFs in {args.folder}", file=sys.stderr)
        return 1
    import pymupdf

    python = sys.version.split()[0]
    print(f"PyMuPDF {pymupdf.VersionBind} (MuPDF {pymupdf.VersionFitz}), Python {python}")
    print(
        f"import pymupdf: {import_cost('pymupdf'):.0f} ms   import tui.pdf: "
        f"{import_cost('tui.pdf'):.0f} ms (PyMuPDF is imported lazily)"
    )
    print()
    print(f"{'paper':<28}{'pages':>6}{'get_text ms/p':>15}{'winnow ms/p':>13}{'ratio':>8}")
    rows = []
    for path in files:
        text_s, pages = min(plain(path) for _ in range(args.repeat))
        parse_s = min(pipeline(path) for _ in range(args.repeat))
        text_ms, parse_ms = 1000 * text_s / pages, 1000 * parse_s / pages
        rows.append((path.name, pages, text_ms, parse_ms, text_s, parse_s))
        ratio = parse_ms / text_ms
        print(f"{path.name:<28}{pages:>6}{text_ms:>15.2f}{parse_ms:>13.2f}{ratio:>8.2f}")
    text_per_page = [r[2] for r in rows]
    parse_per_page = [r[3] for r in rows]
    total_pages = sum(r[1] for r in rows)
    print()
    print(
        f"median ms/page: get_text {statistics.median(text_per_page):.2f}   "
        f"winnow {statistics.median(parse_per_page):.2f}"
    )
    print(f"worst  ms/page: get_text {max(text_per_page):.2f}   winnow {max(parse_per_page):.2f}")
    overall = sum(r[5] for r in rows) / sum(r[4] for r in rows)
    print(
        f"all {total_pages} pages: winnow {1000 * sum(r[5] for r in rows) / total_pages:.2f} "
        f"ms/page, {overall:.2f}x plain get_text (goal: <= 3x and <= 15 ms/page)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

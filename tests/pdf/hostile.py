"""Hostile PDFs, generated: bombs, loops, damage and files that are not PDFs at all.

Each builder writes ``path`` and returns it; all start from an ordinary two-page paper
(``fixtures.one_column``), so page 1 always has a title, authors and an abstract. Used by
``tests/pdf/test_hostile.py``, the CLI and reader tests and ``benchmarks/hostile_pdf.py``.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pymupdf

from tests.pdf import fixtures

TITLE = "Winnowing Papers with Layout Statistics"


def base(path: Path) -> pymupdf.Document:
    return pymupdf.open(fixtures.one_column(path))


def _append_stream(doc: pymupdf.Document, page: pymupdf.Page, stream: bytes) -> None:
    xref = doc.get_new_xref()
    doc.update_object(xref, "<<>>")
    doc.update_stream(xref, stream, compress=True)
    contents = " ".join(f"{c} 0 R" for c in page.get_contents())
    doc.xref_set_key(page.xref, "Contents", f"[{contents} {xref} 0 R]")


def _set_xobject(doc: pymupdf.Document, page: pymupdf.Page, name: str, xref: int) -> None:
    kind, value = doc.xref_get_key(page.xref, "Resources")
    if kind == "xref":
        doc.xref_set_key(int(value.split()[0]), f"XObject/{name}", f"{xref} 0 R")
    else:
        doc.xref_set_key(page.xref, f"Resources/XObject/{name}", f"{xref} 0 R")


def nested_forms(path: Path, depth: int, *, pages: int = 1, fanout: int = 10) -> Path:
    """A paper followed by ``pages`` pages that each draw a form that draws the one below
    it ``fanout`` times, ``depth`` deep: ``fanout ** depth`` tiny rectangles from a few KB
    (depth 5: a second of MuPDF per page; depth 6: ten)."""
    doc = base(path.with_suffix(".base.pdf"))
    top = _nested_form(doc, depth, fanout)
    for k in range(pages):
        page = doc.new_page()
        page.insert_text((72, 72), f"Appendix page {k + 1} with a drawing.", fontsize=10)
        _set_xobject(doc, page, "Top", top)
        _append_stream(doc, page, b"/Top Do")
    doc.save(path)
    return path


def heavy_figure(path: Path, depth: int, *, fanout: int = 10) -> Path:
    """The ordinary paper, with its figure's page (page 2) also drawing the nested forms
    of :func:`nested_forms`: the same captions and regions, but the figure takes MuPDF
    seconds to draw (depth 5: about a second; depth 6: ten)."""
    doc = base(path.with_suffix(".base.pdf"))
    page = doc[1]
    _set_xobject(doc, page, "Top", _nested_form(doc, depth, fanout))
    _append_stream(doc, page, b"/Top Do")
    doc.save(path)
    return path


def _nested_form(doc: pymupdf.Document, depth: int, fanout: int) -> int:
    leaf = doc.get_new_xref()
    doc.update_object(leaf, "<< /Type /XObject /Subtype /Form /BBox [0 0 612 792] >>")
    doc.update_stream(leaf, b"10 10 0.5 0.5 re f 20 20 0.5 0.5 re f", compress=False)
    below = leaf
    for _ in range(depth):
        form = doc.get_new_xref()
        doc.update_object(
            form,
            "<< /Type /XObject /Subtype /Form /BBox [0 0 612 792] "
            f"/Resources << /XObject << /F {below} 0 R >> >> >>",
        )
        body = b" ".join(b"q 1 0 0 1 %d %d cm /F Do Q" % (k, k) for k in range(fanout))
        doc.update_stream(form, body, compress=False)
        below = form
    return below


def many_drawings(path: Path, count: int) -> Path:
    """A paper whose page 2 carries ``count`` separate tiny filled squares."""
    doc = base(path.with_suffix(".base.pdf"))
    ops = []
    for k in range(count):
        x, y = 30 + (k % 550), 100 + (k // 550) * 0.9
        ops.append(f"{x} {y:.1f} 0.3 0.3 re f")
    _append_stream(doc, doc[1], "\n".join(ops).encode())
    doc.save(path)
    return path


def huge_page_count(path: Path, groups: int = 1000, per_group: int = 1000) -> Path:
    """A small file whose page tree lists one page ``groups * per_group`` times (shared
    subtrees, not a loop): a million pages from a few KB."""
    doc = base(path.with_suffix(".base.pdf"))
    root = int(doc.xref_get_key(doc.pdf_catalog(), "Pages")[1].split()[0])
    page = doc[0].xref
    group = doc.get_new_xref()
    kids = " ".join([f"{page} 0 R"] * per_group)
    doc.update_object(
        group, f"<< /Type /Pages /Parent {root} 0 R /Count {per_group} /Kids [{kids}] >>"
    )
    kids = " ".join([f"{group} 0 R"] * groups)
    doc.update_object(root, f"<< /Type /Pages /Count {groups * per_group} /Kids [{kids}] >>")
    doc.save(path)
    return path


def page_tree_loop(path: Path, *, at_once: bool = False) -> Path:
    """A page tree that lists itself among its kids: after the two real pages, or first."""
    doc = base(path.with_suffix(".base.pdf"))
    root = int(doc.xref_get_key(doc.pdf_catalog(), "Pages")[1].split()[0])
    pages = [doc[i].xref for i in range(doc.page_count)]
    kids = [root] if at_once else [*pages, root]
    listed = " ".join(f"{k} 0 R" for k in kids)
    doc.update_object(root, f"<< /Type /Pages /Count {len(kids) + 5} /Kids [{listed}] >>")
    doc.save(path)
    return path


def truncated(path: Path, fraction: float) -> Path:
    """The paper cut at ``fraction`` of its bytes (MuPDF repairs what it can)."""
    data = fixtures.one_column(path.with_suffix(".base.pdf")).read_bytes()
    path.write_bytes(data[: max(1, int(len(data) * fraction))])
    return path


def sparse_stream(path: Path, size: int) -> Path:
    """A valid paper with an unused ``size``-byte stream appended as an incremental update,
    its bytes a hole in the file (sparse: no disk space, no time to write)."""
    doc = base(path.with_suffix(".base.pdf"))
    catalog = doc.pdf_catalog()
    number = doc.xref_length()
    doc.close()
    plain = path.with_suffix(".plain.pdf")
    pymupdf.open(path.with_suffix(".base.pdf")).save(plain, garbage=0, deflate=False)
    data = plain.read_bytes()
    start = int(data[data.rindex(b"startxref") + 9 :].split()[0])
    with open(path, "wb") as out:
        out.write(data)
        offset = out.tell()
        out.write(f"{number} 0 obj\n<< /Length {size} >>\nstream\n".encode())
        out.seek(size, os.SEEK_CUR)
        out.write(b"\nendstream\nendobj\n")
        xref = out.tell()
        out.write(
            f"xref\n{number} 1\n{offset:010d} 00000 n \ntrailer\n"
            f"<< /Size {number + 1} /Root {catalog} 0 R /Prev {start} >>\n"
            f"startxref\n{xref}\n%%EOF\n".encode()
        )
    return path


def fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def directory(path: Path) -> Path:
    path.mkdir()
    return path


def not_a_pdf(path: Path) -> Path:
    path.write_text("<html><body>Sign in to read this paper</body></html>\n")
    return path


def empty(path: Path) -> Path:
    path.write_bytes(b"")
    return path


@dataclass
class Run:
    code: int
    out: str
    err: str
    seconds: float
    peak_mb: float  # the process's peak RSS, or its children's (a parse child), whichever is more


_WRAPPER = (
    "import resource, subprocess, sys\n"
    "code = subprocess.call(sys.argv[2:])\n"
    "with open(sys.argv[1], 'w') as out:\n"
    "    out.write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))\n"
    "sys.exit(code if code >= 0 else 128 - code)\n"
)


def measured(argv: list[str], env: dict[str, str], timeout: float = 120) -> Run:
    """Run ``argv``; its exit status, output, wall time and peak RSS (its own or its parse
    child's). A small wrapper process starts it: a process's peak RSS counts the memory of
    whoever forked it, so forking straight from a big test process would inflate it."""
    import tempfile

    with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss:
        started = time.monotonic()
        proc = subprocess.Popen(
            [sys.executable, "-c", _WRAPPER, rss.name, *argv],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            start_new_session=True,  # so a timeout can stop the whole tree
        )
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            out, err = proc.communicate()
            return Run(-signal.SIGKILL, out.decode(), err.decode(), timeout, 0.0)
        seconds = time.monotonic() - started
        peak = int(rss.read() or 0) / 1024
    return Run(proc.returncode, out.decode(), err.decode(), seconds, peak)

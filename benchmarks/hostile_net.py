"""Hostile servers against every request path: seconds taken and peak memory (issue 9).

Run: ``python benchmarks/hostile_net.py`` (about a minute). Each case runs in a fresh
child process against a loopback server (``tests/sources/hostile_server.py``) and reports
its wall time, the status word and message it ended with, and its peak RSS; the first
line is a child that only imports the clients and asks a well-behaved server, for scale.

Cases: a 600 MB body without a length; a gzip bomb (1 GB of zeros, ~1 MB on the wire);
the same bomb gzipped twice; a Content-Length of 3 GB; a trickle of one byte every
0.25 s (deadline 3 s here, 12 s for a PDF); a 19 MB JSON answer of a million values (S2's
value cap); and a legitimate 18 MB S2 answer under every cap (the worst that is parsed).
Goals (issue 9): every case ends within its deadline with a status; peak memory stays
within the caps (20 MB answers, 50 MB PDFs streamed to disk) plus the interpreter, never
the body's size.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "sources"))

TIMEOUT = 3.0
CLIENTS = ("s2-search", "arxiv-search", "pdf")
CASES = ("huge", "bomb", "double-bomb", "big-length", "trickle")


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux


def child(client: str, url: str) -> None:
    """One request, in this fresh process; prints what happened as JSON."""
    import asyncio
    from dataclasses import replace

    from tui.config import Config, NetworkConfig
    from tui.models import Paper, PaperIds
    from tui.sources.arxiv_client import ArxivClient
    from tui.sources.download import download_pdf
    from tui.sources.errors import SourceError
    from tui.sources.s2_client import S2Client

    async def s2() -> object:
        s2 = S2Client(url, timeout=TIMEOUT, max_backoff=0)
        try:
            return await s2.search("attention", limit=100)
        finally:
            await s2.aclose()

    def run() -> object:
        if client == "s2-search":
            return asyncio.run(s2())
        if client == "arxiv-search":
            return ArxivClient(url + "/api/query", timeout=TIMEOUT, interval=0).search_sync("x")
        config = replace(Config(), network=NetworkConfig(timeout=TIMEOUT))
        paper = Paper("p", ids=PaperIds(s2="bench"), pdf_url=url + "/paper.pdf")
        return download_pdf(paper, config=config, dest_dir=Path(tempfile.mkdtemp()))

    started = time.monotonic()
    try:
        answer = run()
        status, message = "ok", type(answer).__name__
    except SourceError as error:
        status, message = error.status, str(error)
    took = time.monotonic() - started
    print(json.dumps({"seconds": took, "status": status, "message": message, "mb": _peak_mb()}))


def _run_child(client: str, url: str) -> dict:
    env = {**os.environ, "WINNOW_HOME": tempfile.mkdtemp(prefix="winnow-bench-")}
    env["WINNOW_SPACING_DIR"] = tempfile.mkdtemp(prefix="winnow-spacing-")
    done = subprocess.run(
        [sys.executable, __file__, "--child", client, url],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    if done.returncode != 0:
        return {"seconds": 0, "status": "CRASH", "message": done.stderr[-200:], "mb": 0}
    return json.loads(done.stdout.strip().splitlines()[-1])


class _Json(BaseHTTPRequestHandler):
    """Serves a fixed JSON body (the value-count and the under-the-cap cases)."""

    body = b"{}"

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args: object) -> None:
        pass


def _json_server(body: bytes) -> tuple[ThreadingHTTPServer, str]:
    handler = type("Handler", (_Json,), {"body": body})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def _legit_s2(size: int) -> bytes:
    paper = {
        "paperId": "x" * 40,
        "title": "A title " * 8,
        "abstract": "Words of an abstract. " * 60,
        "authors": [{"authorId": str(i), "name": f"Author {i}"} for i in range(8)],
        "year": 2024,
        "venue": "NeurIPS",
        "citationCount": 10,
        "externalIds": {"DOI": "10.1/x"},
    }
    one = len(json.dumps(paper))
    return json.dumps({"total": 10**6, "offset": 0, "data": [paper] * (size // one)}).encode()


def _line(name: str, client: str, result: dict) -> str:
    message = " ".join(str(result["message"]).split())[:58]
    return (
        f"{name:<14} {client:<13} {result['seconds']:6.2f} s {result['mb']:7.0f} MB  "
        f"{result['status']:<12} {message}"
    )


def main() -> None:
    from hostile_server import gzip_bomb, hostile

    print(f"hostile servers, deadline {TIMEOUT:g} s (PDF: 4x); peak RSS of a fresh process")
    print(f"{'case':<14} {'client':<13} {'time':>8} {'peak':>10}  {'status':<12} message")
    fine = json.dumps({"total": 1, "offset": 0, "data": [{"paperId": "a", "title": "ok"}]})
    server, url = _json_server(fine.encode())
    print(_line("baseline", "s2-search", _run_child("s2-search", url)))
    server.shutdown()
    gzip_bomb(1024)  # built once here (about a second), not inside the timed cases
    for case in CASES:
        for client in CLIENTS:
            with hostile(case) as hostile_server:
                hostile_server.huge_mb, hostile_server.bomb_mb = 600, 1024
                print(_line(case, client, _run_child(client, hostile_server.url)), flush=True)
    values = b"[" + b"{}," * 1_000_000 + b"{}]"  # ~3 MB, a million values: json.loads ~100 MB
    for name, body in (("json-values", values), ("s2-18MB-legit", _legit_s2(18 << 20))):
        server, url = _json_server(body)
        print(_line(name, "s2-search", _run_child("s2-search", url)), flush=True)
        server.shutdown()
    print("(figures vary with load: other work on the machine shares its 2 cores)")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3])
    else:
        main()

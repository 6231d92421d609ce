"""Search benchmarks (issue 3). Run: ``python benchmarks/search.py``.

(a) From the last byte received to merged results ready, 100 arXiv + 100 S2
    results (half of them the same papers): parse both, merge, filter, sort.
    Goal: <= 50 ms.
(b) The whole search against a local server that delays each source by 300 ms.
    Goal: <= 400 ms (the slower source, not the sum).
(c) From the last byte of a citations page of 100 (each row with its four citing
    sentences, intents, an abstract and ten authors) to the rows shown: parse, merge
    into the 100 rows already listed, sort by citations, and format each row as the
    pane draws it (inert title, byline, first sentence). Goal: <= 50 ms.

Nothing leaves the machine: the server is on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("WINNOW_HOME", tempfile.mkdtemp(prefix="winnow-bench-"))

from tui.models import SearchFilters  # noqa: E402
from tui.sources import query as q  # noqa: E402
from tui.sources.arxiv_client import ArxivClient, parse_page  # noqa: E402
from tui.sources.graph import Kind, Listing, merge_rows, parse_graph_page  # noqa: E402
from tui.sources.merge import merge_lists, sort_papers  # noqa: E402
from tui.sources.s2_client import S2Client, parse_search  # noqa: E402
from tui.sources.search import SearchService  # noqa: E402

N = 100
DELAY = 0.3


def arxiv_body(n: int = N) -> bytes:
    entries = []
    for i in range(n):
        aid = f"2401.{i:05d}v1"
        authors = "".join(f"<author><name>Author {i}-{j}</name></author>" for j in range(6))
        entries.append(
            f"""<entry><id>http://arxiv.org/abs/{aid}</id>
<updated>2024-01-0{1 + i % 9}T10:00:00Z</updated><published>2024-01-01T10:00:00Z</published>
<title>Paper number {i}: a study of {escape("things & stuff")}</title>
<summary>{"An abstract sentence about the paper. " * 20}</summary>{authors}
<arxiv:comment>12 pages</arxiv:comment>
<link href="https://arxiv.org/abs/{aid}" rel="alternate" type="text/html"/>
<link title="pdf" href="https://arxiv.org/pdf/{aid}" rel="related" type="application/pdf"/>
<arxiv:primary_category term="cs.CL"/><category term="cs.CL"/><category term="cs.LG"/>
</entry>"""
        )
    return f"""<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/"
 xmlns:arxiv="http://arxiv.org/schemas/atom"><id>https://arxiv.org/api/x</id>
<title>arXiv Query</title><updated>2024-01-01T00:00:00Z</updated>
<opensearch:itemsPerPage>{n}</opensearch:itemsPerPage>
<opensearch:totalResults>8675</opensearch:totalResults><opensearch:startIndex>0</opensearch:startIndex>
{"".join(entries)}</feed>""".encode()


def s2_body(n: int = N) -> bytes:
    data = []
    for i in range(n):
        same = i % 2 == 0  # half are the arXiv papers again
        data.append(
            {
                "paperId": f"{i:040x}",
                "externalIds": {"ArXiv": f"2401.{i:05d}"} if same else {"DOI": f"10.1/{i}"},
                "title": f"Paper number {i}: a study of things & stuff"
                if same
                else f"Other paper {i}",
                "abstract": "An abstract sentence about the paper. " * 20,
                "authors": [{"authorId": str(j), "name": f"Author {i}-{j}"} for j in range(6)],
                "year": 2024,
                "venue": "ACL",
                "citationCount": i * 3,
                "influentialCitationCount": i,
                "isOpenAccess": True,
                "openAccessPdf": {"url": f"https://example.org/{i}.pdf", "status": "GREEN"},
                "tldr": {"model": "tldr@v2.0.0", "text": "A short summary."},
                "citationStyles": {"bibtex": "@article{x, title={y}}"},
            }
        )
    return json.dumps({"total": 8675, "offset": 0, "next": n, "data": data}).encode()


def bench_a(runs: int = 50) -> list[float]:
    arxiv, s2 = arxiv_body(), s2_body()
    parsed, filters = q.parse_query("things"), SearchFilters(sort="citations")
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        a = parse_page(arxiv)
        b = parse_search(json.loads(s2))
        merged = [p for p in merge_lists([a.papers, b.papers]) if q.keeps(p, parsed, filters)]
        merged = sort_papers(merged, filters.sort)
        times.append(time.perf_counter() - start)
    assert len(merged) == 150, len(merged)
    return times


def serve() -> ThreadingHTTPServer:
    bodies = {"/api/query": arxiv_body(), "/graph/v1/paper/search": s2_body()}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            time.sleep(DELAY)
            body = bodies.get(self.path.split("?")[0], b"")
            self.send_response(200 if body else 404)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def bench_b(runs: int = 5) -> list[float]:
    server = serve()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    # No arXiv spacing here: back-to-back runs would otherwise measure the 3 s politeness.
    service = SearchService(
        ArxivClient(base + "/api/query", timeout=5, interval=0.0),
        S2Client(base, timeout=5),
        None,
        page_size=N,
    )

    async def run() -> list[float]:
        times = []
        for _ in range(runs + 1):
            start = time.perf_counter()
            result = await service.search("things", SearchFilters())
            times.append(time.perf_counter() - start)
            assert result.status == {"arxiv": "ok", "s2": "ok"}, result.messages
            assert len(result.papers) == 150
        await service.aclose()
        return times[1:]  # the first run pays for imports and connection set-up

    try:
        return asyncio.run(run())
    finally:
        server.shutdown()


def citations_body(n: int = N, offset: int = 0) -> bytes:
    """A citations page shaped as S2 sends it (the corpus's item, generalised)."""
    sentences = [
        "RP is implemented by fixing the release position at a fixed angle of 45° as in [4].",
        "Work combined a physics-engine simulation with a regression network [4].",
        "Baseline Comparison: We compare our results to DDPG [7] and Residual Physics [4].",
        "In a more recent study, a robot has learned to pick up and throw objects [4].",
    ]
    intents = [["methodology"], ["methodology"], ["result"], ["background"]]
    data = []
    for i in range(offset, offset + n):
        data.append(
            {
                "contexts": [f"{c} ({i})" for c in sentences],
                "intents": ["result", "background", "methodology"],
                "contextsWithIntent": [
                    {"context": f"{c} ({i})", "intents": it}
                    for c, it in zip(sentences, intents, strict=True)
                ],
                "isInfluential": i % 4 == 0,
                "citingPaper": {
                    "paperId": f"{i:040x}",
                    "externalIds": {"DOI": f"10.1/{i}", "CorpusId": i},
                    "title": f"Learning to throw, variant {i}: decision transformers",
                    "abstract": "Throwing objects by a robot extends its reach. " * 30,
                    "authors": [{"authorId": str(j), "name": f"Author {i}-{j}"} for j in range(10)],
                    "year": 2015 + i % 10,
                    "venue": "IEEE Robotics and Automation Letters",
                    "journal": {"name": "IEEE Robotics and Automation Letters"},
                    "citationCount": (i * 37) % 500,
                    "influentialCitationCount": i % 7,
                    "isOpenAccess": False,
                    "openAccessPdf": None,
                    "publicationDate": "2023-02-01",
                },
            }
        )
    return json.dumps({"offset": offset, "next": offset + n, "data": data}).encode()


def _shown(row) -> str:
    from tui.textsafe import one_line, shorten

    paper = row.paper
    byline = " · ".join(
        b for b in (paper.first_authors(2), str(paper.year or ""), f"{paper.citations} cit.") if b
    )
    first = shorten(row.contexts[0].text, 200) if row.contexts else ""
    return f"{one_line(paper.title)}\n{byline}\n{first}"


def bench_c(runs: int = 50) -> list[float]:
    first = parse_graph_page(json.loads(citations_body()), Kind.CITATIONS)
    listing = Listing(Kind.CITATIONS, None, first.rows, first.next, 1881, sort="citations")
    body = citations_body(offset=N)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        page = parse_graph_page(json.loads(body), Kind.CITATIONS, offset=N)
        rows = merge_rows(listing.rows, page.rows)
        grown = Listing(Kind.CITATIONS, None, tuple(rows), page.next, 1881, sort="citations")
        lines = [_shown(row) for row in grown.shown]
        times.append(time.perf_counter() - start)
    assert len(lines) == 2 * N and all("[4]" in line for line in lines), len(lines)
    return times


def main() -> int:
    a = bench_a()
    b = bench_b()
    c = bench_c()
    ms = 1000
    ok_a = statistics.median(a) * ms <= 50
    ok_b = statistics.median(b) * ms <= 400
    print(
        f"(a) last byte -> merged, {N}+{N} results: median {statistics.median(a) * ms:.1f} ms, "
        f"max {max(a) * ms:.1f} ms (goal <= 50 ms) {'OK' if ok_a else 'MISSED'}"
    )
    print(
        f"(b) whole search, each source delayed {DELAY * ms:.0f} ms: median "
        f"{statistics.median(b) * ms:.0f} ms, max {max(b) * ms:.0f} ms (goal <= 400 ms) "
        f"{'OK' if ok_b else 'MISSED'}"
    )
    ok_c = statistics.median(c) * ms <= 50
    print(
        f"(c) last byte -> citations page of {N} merged into {N} and shown: median "
        f"{statistics.median(c) * ms:.1f} ms, max {max(c) * ms:.1f} ms (goal <= 50 ms) "
        f"{'OK' if ok_c else 'MISSED'}"
    )
    return 0 if ok_a and ok_b and ok_c else 1


if __name__ == "__main__":
    sys.exit(main())

"""Helpers for the sources tests: real-format responses, a fake cache, clients on a local server.

Nothing here reaches arXiv or S2: the root conftest points both at a dead
loopback port by default, and every client built here points at the local server.
"""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest
from pytest_httpserver import HTTPServer

from tui.sources.arxiv_client import ArxivClient
from tui.sources.s2_client import S2Client
from tui.sources.search import SearchService

REPO = Path(__file__).resolve().parents[2]


def corpus_dir() -> Path | None:
    where = os.environ.get("WINNOW_CORPUS")
    path = Path(where) if where else REPO.parent / "shared" / "corpus"
    return path if path.is_dir() else None


def corpus_file(rel: str) -> Path:
    """A recorded response from the shared corpus; the test is skipped when it is absent."""
    base = corpus_dir()
    if base is None or not (base / rel).is_file():
        pytest.skip(f"corpus file {rel} not available")
    return base / rel


# ---------------------------------------------------------------- real formats


def atom_entry(
    arxiv_id: str,
    title: str,
    *,
    authors: tuple[str, ...] = ("Ada Lovelace",),
    published: str = "2017-06-12T17:57:34Z",
    categories: tuple[str, ...] = ("cs.CL",),
    doi: str | None = None,
    comment: str | None = None,
    summary: str = "We study things.",
) -> str:
    """One ``<entry>`` as the current arXiv API writes it."""
    cats = "".join(
        f'<category term="{c}" scheme="http://arxiv.org/schemas/atom"/>' for c in categories
    )
    who = "".join(f"<author><name>{escape(a)}</name></author>" for a in authors)
    extra = f"<arxiv:doi>{doi}</arxiv:doi>" if doi else ""
    extra += f"<arxiv:comment>{escape(comment)}</arxiv:comment>" if comment else ""
    return f"""<entry>
    <id>http://arxiv.org/abs/{arxiv_id}</id>
    <title>{escape(title)}</title>
    <updated>{published}</updated>
    <link href="https://arxiv.org/abs/{arxiv_id}" rel="alternate" type="text/html"/>
    <link href="https://arxiv.org/pdf/{arxiv_id}" rel="related" type="application/pdf" title="pdf"/>
    <summary>{escape(summary)}</summary>
    <published>{published}</published>
    <arxiv:primary_category term="{categories[0]}"/>
    {cats}{who}{extra}
  </entry>"""


def atom_feed(entries: list[str], *, total: int | None = None, start: int = 0) -> str:
    total = len(entries) if total is None else total
    return f"""<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/"
      xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">
  <id>https://arxiv.org/api/test</id>
  <title>arXiv Query: search_query=test</title>
  <updated>2026-04-12T22:10:19Z</updated>
  <link href="https://arxiv.org/api/query?search_query=test" type="application/atom+xml"/>
  <opensearch:itemsPerPage>{len(entries)}</opensearch:itemsPerPage>
  <opensearch:totalResults>{total}</opensearch:totalResults>
  <opensearch:startIndex>{start}</opensearch:startIndex>
  {"".join(entries)}
</feed>
"""


def s2_paper(
    paper_id: str,
    title: str,
    *,
    arxiv: str | None = None,
    doi: str | None = None,
    year: int | None = 2017,
    citations: int | None = 10,
    authors: tuple[str, ...] = ("Ada Lovelace",),
    venue: str = "",
    tldr: str | None = None,
    pdf: str | None = None,
    affiliations: tuple[str, ...] = (),
) -> dict[str, Any]:
    """One paper object as S2's ``/paper/search`` returns it."""
    ext: dict[str, Any] = {"CorpusId": abs(hash(paper_id)) % 10**8}
    if arxiv:
        ext["ArXiv"] = arxiv
    if doi:
        ext["DOI"] = doi
    return {
        "paperId": paper_id,
        "externalIds": ext,
        "title": title,
        "abstract": None,
        "venue": venue,
        "year": year,
        "citationCount": citations,
        "influentialCitationCount": None if citations is None else citations // 10,
        "isOpenAccess": bool(pdf),
        "openAccessPdf": {"url": pdf or "", "status": "GREEN" if pdf else None},
        "tldr": {"model": "tldr@v2.0.0", "text": tldr} if tldr else None,
        "publicationDate": None,
        "authors": [
            {
                "authorId": str(i),
                "name": a,
                **({"affiliations": list(affiliations)} if affiliations else {}),
            }
            for i, a in enumerate(authors)
        ],
    }


def s2_search(
    data: list[dict[str, Any]], *, total: int | None = None, offset: int = 0
) -> dict[str, Any]:
    answer: dict[str, Any] = {"total": len(data) if total is None else total, "offset": offset}
    if data:
        answer["data"] = data
        if answer["total"] > offset + len(data):
            answer["next"] = offset + len(data)
    return answer


# ---------------------------------------------------------------- fakes and servers


class FakeCache:
    """The store's cache protocol, in memory; ``age`` makes every entry look older."""

    def __init__(self) -> None:
        self.data: dict[tuple[str, str], tuple[Any, float]] = {}
        self.puts = 0

    def cache_get(self, namespace: str, key: str) -> tuple[Any, float] | None:
        return self.data.get((namespace, key))

    def cache_put(self, namespace: str, key: str, value: Any) -> None:
        json.dumps(value)  # must be JSON-serialisable
        self.data[(namespace, key)] = (json.loads(json.dumps(value)), time.time())
        self.puts += 1

    def age(self, seconds: float) -> None:
        self.data = {k: (v, t - seconds) for k, (v, t) in self.data.items()}


def arxiv_url(server: HTTPServer) -> str:
    return server.url_for("/api/query")


def s2_url(server: HTTPServer) -> str:
    return server.url_for("").rstrip("/")


def make_service(
    server: HTTPServer,
    cache: FakeCache | None = None,
    *,
    timeout: float = 2.0,
    interval: float = 0.0,
    page_size: int = 40,
    max_backoff: float = 0.3,
    arxiv_base: str | None = None,
    s2_base: str | None = None,
) -> SearchService:
    arxiv = ArxivClient(arxiv_base or arxiv_url(server), timeout=timeout, interval=interval)
    s2 = S2Client(
        s2_base or s2_url(server), timeout=timeout, max_backoff=max_backoff, backoff_base=0.05
    )
    return SearchService(arxiv, s2, cache, page_size=page_size)


class Clock:
    """Arrival times of requests, recorded by a handler."""

    def __init__(self) -> None:
        self.times: list[float] = []
        self.lock = threading.Lock()

    def mark(self) -> None:
        with self.lock:
            self.times.append(time.time())


# ---------------------------------------------------------------- citation pages (issue 13)


def citation_item() -> dict[str, Any]:
    """The corpus's one real citation item with contexts (skips when the corpus is absent)."""
    return json.loads(corpus_file("api/s2/paper_citation_item_fixture.json").read_text())


def rich_citations_page(
    count: int, *, offset: int = 0, next_offset: int | None = None, item=None
) -> dict[str, Any]:
    """A citations page of ``count`` items built from the recorded item: each its own paper
    (id, title, year, citations varied), its own sentences, the recorded intents kept."""
    item = item or citation_item()
    data = []
    for n in range(offset, offset + count):
        one = json.loads(json.dumps(item))
        paper = one["citingPaper"]
        paper["paperId"] = f"{n:040x}"
        paper["title"] = f"{paper['title']} (variant {n})"
        paper["externalIds"] = {"CorpusId": 10**8 + n, "DOI": f"10.5555/variant.{n}"}
        paper["citationCount"] = (n * 37) % 500
        paper["year"] = 2015 + n % 10
        one["contexts"] = [f"{c} [variant {n}]" for c in one["contexts"]]
        one["contextsWithIntent"] = [
            {**c, "context": f"{c['context']} [variant {n}]"} for c in one["contextsWithIntent"]
        ]
        one["isInfluential"] = n % 3 == 0
        data.append(one)
    page: dict[str, Any] = {"offset": offset, "data": data}
    if next_offset is not None:
        page["next"] = next_offset
    return page

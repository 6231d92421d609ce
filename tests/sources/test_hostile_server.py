"""Every request ends within its deadline with a status, whatever a loopback server does.

Trickles (body and head, one byte at a time), a body without end, gzip bombs (once and
twice gzipped), a Content-Length of 3 GB, redirects to plain http, to another host and
in a loop, an encoding nobody asked for, and ids carrying ``../``: through the arXiv
search and id lookup, the S2 search and lookup, and the PDF download. Memory is measured
in ``benchmarks/hostile_net.py``, not here.
"""

from __future__ import annotations

import gzip
import json
import time
import zlib
from dataclasses import replace
from urllib.parse import unquote

import pytest
from helpers_sources import arxiv_url, atom_entry, atom_feed, s2_paper, s2_search, s2_url
from hostile_server import hostile
from werkzeug import Response

from tui.config import Config, NetworkConfig
from tui.models import IdKind, Paper, PaperIds, PaperRef
from tui.sources.arxiv_client import ArxivClient
from tui.sources.download import DEADLINE_FACTOR, download_pdf
from tui.sources.errors import DownloadError, SourceError
from tui.sources.net import redirect_problem
from tui.sources.s2_client import S2Client

TIMEOUT = 0.6
SLACK = 1.0  # scheduling on a loaded 2-core machine


def arxiv_search(url: str) -> None:
    ArxivClient(url + "/api/query", timeout=TIMEOUT, interval=0).search_sync("all:x")


def arxiv_lookup(url: str) -> None:
    ArxivClient(url + "/api/query", timeout=TIMEOUT, interval=0).lookup_sync("1706.03762")


def _s2(make):
    import asyncio

    async def run(url: str):
        client = S2Client(url, timeout=TIMEOUT, max_backoff=0.1)
        try:
            return await make(client)
        finally:
            await client.aclose()

    return lambda url: asyncio.run(run(url))


s2_ask = _s2(lambda c: c.search("attention"))
s2_lookup = _s2(lambda c: c.lookup(PaperRef(IdKind.DOI, "10.1/x")))


def pdf(url: str, tmp_path=None) -> None:
    config = replace(Config(), network=NetworkConfig(timeout=TIMEOUT / DEADLINE_FACTOR))
    paper = Paper("A paper", ids=PaperIds(s2="abc"), pdf_url=url + "/paper.pdf")
    download_pdf(paper, config=config)


CLIENTS = {
    "arxiv-search": arxiv_search,
    "arxiv-lookup": arxiv_lookup,
    "s2-search": s2_ask,
    "s2-lookup": s2_lookup,
    "pdf": pdf,
}
BAD = {  # behaviour -> (status words allowed, words the message holds)
    "trickle": ({"unreachable"}, "within"),
    "trickle-head": ({"unreachable"}, "within"),
    "huge": ({"bad-answer", "unreachable"}, "larger than"),
    "bomb": ({"bad-answer", "unreachable"}, "larger than"),
    "double-bomb": ({"bad-answer", "unreachable"}, "larger than"),
    "big-length": ({"bad-answer", "unreachable"}, "over the"),
    "redirect-http": ({"bad-answer", "unreachable"}, "https only"),
    "redirect-loop": ({"bad-answer", "unreachable"}, "too many redirects"),
    "brotli": ({"bad-answer", "unreachable"}, "'br'"),
}


@pytest.mark.parametrize("client", sorted(CLIENTS))
@pytest.mark.parametrize("behaviour", sorted(BAD))
def test_each_request_ends_within_its_deadline_with_a_status(behaviour, client):
    allowed, words = BAD[behaviour]
    with hostile(behaviour) as server:
        server.bomb_mb = server.huge_mb = 64  # over every cap: 20 MB answers, 50 MB PDFs
        started = time.monotonic()
        with pytest.raises(SourceError) as caught:
            CLIENTS[client](server.url)
        took = time.monotonic() - started
    error = caught.value
    assert took < TIMEOUT + SLACK, f"{behaviour} took {took:.1f} s"
    assert error.status in allowed or isinstance(error, DownloadError)
    assert words in str(error) and "\n" not in str(error)
    assert "127.0.0.1" in str(error) or behaviour.startswith("redirect"), str(error)


def test_a_redirect_to_another_host_is_refused_for_a_service_and_named():
    with hostile("redirect-other") as server:
        for name in ("arxiv-search", "s2-search"):
            with pytest.raises(SourceError) as caught:
                CLIENTS[name](server.url)
            message = str(caught.value)
            assert "evil.example" in message and "refused" in message, message
            assert caught.value.status == "bad-answer"
        assert len(server.raw) == 2  # nothing was sent to the other host (it does not exist)


def test_a_trickle_at_one_byte_a_second_ends_at_the_deadline():
    with hostile("trickle") as server:
        server.pause = 1.0
        started = time.monotonic()
        with pytest.raises(SourceError) as caught:
            arxiv_search(server.url)
        assert TIMEOUT * 0.9 < time.monotonic() - started < TIMEOUT + SLACK
    assert caught.value.status == "unreachable" and f"within {TIMEOUT:g} s" in str(caught.value)


@pytest.mark.parametrize(
    "doi", ["10.1/../../../admin", "10.1/x?fields=secret#frag", "10.1/100%done", "10.1/a/../.."]
)
def test_a_doi_stays_one_segment_inside_graph_v1(doi):
    with hostile("redirect-loop") as server, pytest.raises(SourceError):
        _s2(lambda c: c.lookup(PaperRef(IdKind.DOI, doi)))(server.url)
    line = server.raw[0]
    target = line.split(" ")[1]
    path, _, query = target.partition("?")
    assert path.startswith("/graph/v1/paper/DOI:")
    segment = path[len("/graph/v1/paper/") :]
    assert "/" not in segment and "?" not in segment and "#" not in segment
    assert unquote(segment) == f"DOI:{doi}"  # the id arrives whole, as one segment
    assert query.startswith("fields=") and "secret" not in query


# ---------------------------------------------------------------- what must still work


def _compressed(coding: str, data: bytes) -> bytes:
    if coding == "gzip":
        return gzip.compress(data)
    if coding == "deflate":
        return zlib.compress(data)
    if coding == "raw-deflate":
        packer = zlib.compressobj(wbits=-zlib.MAX_WBITS)
        return packer.compress(data) + packer.flush()
    return gzip.compress(gzip.compress(data))  # "gzip, gzip"


@pytest.mark.parametrize("coding", ["gzip", "deflate", "raw-deflate", "gzip, gzip"])
def test_compressed_answers_are_decoded_for_both_services(server, coding):
    header = "deflate" if coding == "raw-deflate" else coding
    feed = atom_feed([atom_entry("1706.03762v7", "Attention Is All You Need")]).encode()
    answer = json.dumps(s2_search([s2_paper("s2-a", "Attention is All you Need")])).encode()
    server.expect_request("/api/query").respond_with_data(
        _compressed(coding, feed), headers={"Content-Encoding": header}
    )
    server.expect_request("/graph/v1/paper/search").respond_with_data(
        _compressed(coding, answer), headers={"Content-Encoding": header}
    )
    arxiv = ArxivClient(arxiv_url(server), timeout=2, interval=0).search_sync("all:x")
    assert [p.title for p in arxiv.papers] == ["Attention Is All You Need"]
    s2 = _s2(lambda c: c.search("x"))(s2_url(server))
    assert [p.title for p in s2.papers] == ["Attention is All you Need"]
    assert all("gzip" in r.headers["Accept-Encoding"] for r, _ in server.log)
    assert all("br" not in r.headers["Accept-Encoding"] for r, _ in server.log)


def test_a_redirect_within_the_service_is_followed(server):
    server.expect_request("/api/query").respond_with_response(
        Response(status=301, headers={"Location": "/api/v2/query?x=1"})
    )
    server.expect_request("/api/v2/query").respond_with_data(
        atom_feed([atom_entry("1706.03762v7", "Attention Is All You Need")])
    )
    page = ArxivClient(arxiv_url(server), timeout=2, interval=0).search_sync("all:x")
    assert len(page.papers) == 1 and len(server.log) == 2


@pytest.mark.parametrize(
    ("origin", "target", "same", "ok"),
    [
        ("https://export.arxiv.org/api", "https://arxiv.org/api", True, True),
        ("https://export.arxiv.org/api", "http://export.arxiv.org/api", True, False),
        ("https://export.arxiv.org/api", "https://arxiv.org.evil.example/", True, False),
        ("https://api.semanticscholar.org/g", "https://evil.example/g", True, False),
        ("https://api.semanticscholar.org/g", "https://www.semanticscholar.org/g", True, True),
        ("http://127.0.0.1:8000/a", "http://127.0.0.1:9000/b", True, True),
        ("http://127.0.0.1:8000/a", "http://10.0.0.1/b", True, False),
        ("https://arxiv.org/pdf/1", "https://publisher.example/x.pdf", False, True),
        ("https://arxiv.org/pdf/1", "http://publisher.example/x.pdf", False, False),
        ("https://arxiv.org/pdf/1", "file:///etc/passwd", False, False),
        ("https://arxiv.org/pdf/1", "https://[::1/x", False, False),
    ],
)
def test_the_redirect_policy(origin, target, same, ok):
    assert (redirect_problem(origin, target, same_service=same) is None) == ok

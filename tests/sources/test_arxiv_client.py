"""The arXiv client: Atom entries become papers; every failure becomes one status, fast."""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlsplit

import pytest
from helpers_sources import arxiv_url, atom_entry, atom_feed, corpus_dir, corpus_file
from werkzeug import Response

from tui.sources.arxiv_client import ArxivClient, parse_page
from tui.sources.errors import (
    BadResponse,
    RateLimited,
    ServerError,
    SourceTimeout,
    SourceUnavailable,
)
from tui.sources.spacing import Spacer

FEED = atom_feed(
    [
        atom_entry(
            "1706.03762v7",
            "Attention Is All\n  You Need",
            authors=("Ashish Vaswani", "Noam Shazeer"),
            categories=("cs.CL", "cs.LG"),
            doi="10.48550/arXiv.1706.03762",
            comment="15 pages, 5 figures",
        ),
        atom_entry("hep-th/9901001v2", "An old style identifier paper", categories=("hep-th",)),
    ],
    total=8675,
)


def test_entry_becomes_a_paper():
    page = parse_page(FEED.encode())
    assert page.total == 8675
    first, old = page.papers
    assert first.title == "Attention Is All You Need"
    assert first.ids.arxiv == "1706.03762"  # version stripped
    assert first.ids.doi == "10.48550/arxiv.1706.03762"
    assert first.author_names == ["Ashish Vaswani", "Noam Shazeer"]
    assert first.categories == ("cs.CL", "cs.LG")
    assert first.comment == "15 pages, 5 figures"
    assert first.year == 2017 and first.published == "2017-06-12"
    assert first.pdf_url == "https://arxiv.org/pdf/1706.03762v7"
    assert first.sources == ("arxiv",) and first.open_access
    assert old.ids.arxiv == "hep-th/9901001"


@pytest.mark.parametrize(
    "body, error",
    [
        (b"Rate exceeded.", RateLimited),
        (b"<html><body>Service Unavailable</body></html>", BadResponse),
        (FEED.encode()[: len(FEED) // 2], BadResponse),  # cut short
        (b"<?xml version='1.0'?><feed><entry><title>x</feed>", BadResponse),
        (b"", BadResponse),
    ],
)
def test_bad_bodies(body, error):
    with pytest.raises(error):
        parse_page(body)


@pytest.mark.skipif(corpus_dir() is None, reason="no corpus")
def test_every_recorded_feed_parses():
    base = corpus_file("api/arxiv/index.json").parent
    for path in sorted(base.glob("*.xml")):
        if "error_400" in path.name:
            continue
        page = parse_page(path.read_bytes())
        assert page.total is not None, path.name
        for paper in page.papers:
            assert paper.ids.arxiv and "v" not in paper.ids.arxiv[-3:], path.name
            assert paper.pdf_url and paper.pdf_url.startswith("https://"), path.name


def test_recorded_pages_and_edge_cases():
    page = parse_page(corpus_file("api/arxiv/new_query_testing_start0_max10.xml").read_bytes())
    assert page.total == 214881 and len(page.papers) == 10
    assert any(p.ids.doi for p in page.papers)
    empty = parse_page(corpus_file("api/arxiv/new_id_0000.0000_empty.xml").read_bytes())
    assert empty.papers == () and empty.total == 0
    zero = parse_page(corpus_file("api/arxiv/new_id_2104.12255v1_title_is_0.xml").read_bytes())
    assert zero.papers[0].title == "0"
    affil = parse_page(corpus_file("api/arxiv/new_id_astro-ph_0601001.xml").read_bytes())
    assert any(a.affiliations for a in affil.papers[0].authors)
    with pytest.raises(BadResponse, match="incorrect id format"):
        parse_page(corpus_file("api/arxiv/new_id_abc_error_400.xml").read_bytes())


def client(server, **kw) -> ArxivClient:
    return ArxivClient(arxiv_url(server), timeout=kw.pop("timeout", 2.0), interval=0.0, **kw)


def test_search_sends_field_terms_paging_sort_and_user_agent(server):
    server.expect_request("/api/query").respond_with_data(FEED, content_type="application/atom+xml")
    page = client(server).search_sync(
        "ti:attention AND cat:cs.CL", sort="newest", start=40, size=40
    )
    assert len(page.papers) == 2
    ((request, _),) = server.log
    args = parse_qs(urlsplit(request.url).query)
    assert args["search_query"] == ["ti:attention AND cat:cs.CL"]
    assert args["start"] == ["40"] and args["max_results"] == ["40"]
    assert args["sortBy"] == ["submittedDate"] and args["sortOrder"] == ["descending"]
    assert request.headers["User-Agent"].startswith("winnow/")


def test_400_error_feed_is_a_bad_answer(server):
    body = atom_feed(
        [
            """<entry><id>https://arxiv.org/api/errors#incorrect_id_format_for_abc</id>
        <title>Error</title><summary>incorrect id format for abc</summary>
        <updated>2026-04-12T00:00:00Z</updated><published>2026-04-12T00:00:00Z</published>
        <author><name>arXiv api core</name></author></entry>"""
        ]
    )
    server.expect_request("/api/query").respond_with_data(body, status=400)
    with pytest.raises(BadResponse, match="incorrect id format for abc"):
        client(server).lookup_sync("abc")


def test_429_is_not_retried_blindly_and_backs_off_every_process(server, tmp_path):
    server.expect_request("/api/query").respond_with_data(
        "Too Many Requests", status=429, headers={"Retry-After": "7"}
    )
    spacer = Spacer(0.0, tmp_path / "stamp")
    spacer.interval = 0.01
    arxiv = ArxivClient(arxiv_url(server), timeout=2.0, spacer=spacer)
    with pytest.raises(RateLimited) as caught:
        arxiv.search_sync("all:x")
    assert caught.value.retry_after == 7 and caught.value.status == "rate-limited"
    assert len(server.log) == 1  # the package would have fired four at once
    assert float((tmp_path / "stamp").read_text()) > time.time() + 5  # next turn pushed out


@pytest.mark.parametrize("status", [500, 502, 503])
def test_5xx_is_a_server_error_after_one_request(server, status):
    server.expect_request("/api/query").respond_with_data("down", status=status)
    with pytest.raises(ServerError) as caught:
        client(server).search_sync("all:x")
    assert caught.value.status == "server-error" and "127.0.0.1" in str(caught.value)
    assert len(server.log) == 1


def test_rate_exceeded_with_200(server):
    server.expect_request("/api/query").respond_with_data("Rate exceeded.", status=200)
    with pytest.raises(RateLimited):
        client(server).search_sync("all:x")


def test_silent_server_times_out_within_the_configured_timeout(silent_port):
    arxiv = ArxivClient(f"http://127.0.0.1:{silent_port}/api/query", timeout=0.5, interval=0.0)
    started = time.monotonic()
    with pytest.raises(SourceTimeout):
        arxiv.search_sync("all:x")
    assert time.monotonic() - started < 2.0


def test_slow_trickle_is_bounded(server):
    def trickle(_request):
        def body():
            yield FEED[:100].encode()
            for _ in range(40):
                time.sleep(0.1)
                yield b" "

        return Response(body(), content_type="application/atom+xml")

    server.expect_request("/api/query").respond_with_handler(trickle)
    started = time.monotonic()
    with pytest.raises(SourceTimeout):
        client(server, timeout=0.5).search_sync("all:x")
    assert time.monotonic() - started < 2.0


def test_nothing_listening_is_unreachable(server):
    with pytest.raises(SourceUnavailable, match="cannot reach"):
        ArxivClient("http://127.0.0.1:9/api/query", timeout=1, interval=0).search_sync("all:x")


async def test_async_search_runs_off_the_loop(server):
    def slow(_request):
        time.sleep(0.3)
        return Response(FEED, content_type="application/atom+xml")

    server.expect_request("/api/query").respond_with_handler(slow)
    import asyncio

    ticks = 0

    async def ticker():
        nonlocal ticks
        while True:
            await asyncio.sleep(0.02)
            ticks += 1

    tick = asyncio.create_task(ticker())
    page = await client(server).search("all:x")
    tick.cancel()
    assert len(page.papers) == 2 and ticks >= 5  # the loop kept turning


def test_the_version_arxiv_answers_is_kept():
    page = parse_page(corpus_file("api/arxiv/new_id_quant-ph_0201082v1.xml").read_bytes())
    assert page.papers[0].version == 1 and page.papers[0].ids.arxiv == "quant-ph/0201082"
    feed = atom_feed([atom_entry("1706.03762v7", "Attention"), atom_entry("1810.04805", "BERT")])
    assert [p.version for p in parse_page(feed.encode()).papers] == [7, None]


def test_several_ids_in_one_request(server):
    feed = atom_feed([atom_entry("1706.03762v7", "Attention"), atom_entry("1810.04805v2", "BERT")])
    server.expect_request("/api/query").respond_with_data(feed)
    client = ArxivClient(arxiv_url(server), timeout=2.0, interval=0.0)
    papers = client.lookup_many_sync(["1706.03762", "1810.04805", "1706.03762"])
    (request,) = [r for r, _ in server.log]
    assert request.args["id_list"] == "1706.03762,1810.04805" and request.args["max_results"] == "2"
    assert [p.version for p in papers] == [7, 2]
    assert client.lookup_many_sync([]) == [] and len(server.log) == 1

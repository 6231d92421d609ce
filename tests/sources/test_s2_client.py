"""The S2 client: JSON becomes papers; 429s are backed off by us; 5xx is never 'no results'."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from urllib.parse import parse_qs, urlsplit

import pytest
from helpers_sources import corpus_file, s2_paper, s2_search, s2_url
from werkzeug import Response

from tui.models import IdKind, PaperRef
from tui.sources.errors import BadResponse, RateLimited, ServerError, SourceTimeout
from tui.sources.s2_client import S2Client, paper_from_s2, parse_search

SEARCH = "/graph/v1/paper/search"
ANSWER = s2_search(
    [
        s2_paper(
            "204e3073870fae3d05bcbc2f6a8e263d9b72e776",
            "Attention is All you Need",
            arxiv="1706.03762",
            doi="10.5555/3295222.3295349",
            citations=100000,
            venue="Neural Information Processing Systems",
            tldr="The Transformer.",
            pdf="https://example.org/attention.pdf",
            affiliations=("Google Brain",),
        )
    ],
    total=8675,
)


def client(server, **kw) -> S2Client:
    kw.setdefault("timeout", 2.0)
    kw.setdefault("max_backoff", 1.0)
    kw.setdefault("backoff_base", 0.05)
    return S2Client(s2_url(server), **kw)


def test_paper_object_becomes_a_paper():
    page = parse_search(ANSWER)
    assert page.total == 8675
    (paper,) = page.papers
    assert paper.ids.arxiv == "1706.03762" and paper.ids.doi == "10.5555/3295222.3295349"
    assert paper.ids.s2 == "204e3073870fae3d05bcbc2f6a8e263d9b72e776"
    assert paper.citations == 100000 and paper.influential_citations == 10000
    assert paper.tldr == "The Transformer." and paper.venue.startswith("Neural")
    assert paper.pdf_url == "https://example.org/attention.pdf" and paper.open_access
    assert paper.authors[0].affiliations == ("Google Brain",)
    assert paper.sources == ("s2",)


def test_odd_shapes():
    assert parse_search({"total": 0, "offset": 0}).papers == ()  # no hits: no "data" key
    empty_pdf = paper_from_s2({"paperId": "x", "title": None, "openAccessPdf": {"url": ""}})
    assert empty_pdf.pdf_url is None and empty_pdf.title == "(untitled)"
    for bad in ({}, [], {"total": "many"}, {"total": 1, "data": "nope"}):
        with pytest.raises(BadResponse):
            parse_search(bad)


def test_recorded_answers():
    full = json.loads(corpus_file("api/s2/search_paper_full_fields.json").read_text())
    page = parse_search(full)
    assert len(page.papers) == 100 and page.total == full["total"]
    assert sum(bool(p.ids.arxiv) for p in page.papers) == 30
    assert any(p.bibtex for p in page.papers)
    assert all(p.pdf_url != "" for p in page.papers)
    empty = json.loads(corpus_file("api/s2/search_paper_empty.json").read_text())
    assert parse_search(empty).papers == ()
    last = json.loads(corpus_file("api/s2/search_paper_last_page_no_next.json").read_text())
    assert len(parse_search(last).papers) == 89


async def test_query_is_encoded_fields_given_and_one_page_only(server):
    server.expect_request(SEARCH).respond_with_json(ANSWER)
    s2 = client(server, api_key="sekrit")
    page = await s2.search(
        "C++ & Rust",
        offset=40,
        limit=40,
        year="2019-2021",
        open_access=True,
        fields_of_study=("Computer Science",),
    )
    await s2.aclose()
    assert len(page.papers) == 1
    ((request, _),) = server.log  # ANSWER has "next": iterating would have fetched more
    args = parse_qs(urlsplit(request.url).query, keep_blank_values=True)
    assert args["query"] == ["C++ & Rust"]
    assert args["offset"] == ["40"] and args["limit"] == ["40"]
    assert args["year"] == ["2019-2021"] and "openAccessPdf" in args
    assert args["fieldsOfStudy"] == ["Computer Science"]
    fields = args["fields"][0].split(",")
    assert "title" in fields and "externalIds" in fields
    assert not {"citations", "references", "embedding"} & set(fields)
    assert request.headers["x-api-key"] == "sekrit"
    assert request.headers["User-Agent"].startswith("winnow/")


async def test_429_with_retry_after_is_honoured_then_succeeds(server):
    server.expect_ordered_request(SEARCH).respond_with_json(
        {"message": "Too Many Requests", "code": "429"}, status=429, headers={"Retry-After": "0.2"}
    )
    server.expect_ordered_request(SEARCH).respond_with_json(ANSWER)
    started = time.monotonic()
    page = await client(server).search("x")
    assert len(page.papers) == 1 and len(server.log) == 2
    assert time.monotonic() - started >= 0.2


async def test_429_without_retry_after_backs_off_then_gives_up(server):
    body = {"message": "Too Many Requests. Please wait and try again.", "code": "429"}
    server.expect_request(SEARCH).respond_with_json(body, status=429)  # as recorded: no Retry-After
    started = time.monotonic()
    with pytest.raises(RateLimited) as caught:
        await client(server, max_backoff=0.5).search("x")
    assert caught.value.status == "rate-limited"
    assert 2 <= len(server.log) <= 4  # 0.05, 0.1, 0.2 s waits, then the cap
    assert time.monotonic() - started < 1.5


async def test_429_asking_too_long_a_wait_fails_at_once(server):
    server.expect_request(SEARCH).respond_with_data(
        "{}", status=429, headers={"Retry-After": "250"}
    )
    with pytest.raises(RateLimited) as caught:
        await client(server, max_backoff=60).search("x")
    assert caught.value.retry_after == 250 and len(server.log) == 1


async def test_backoff_is_cancellable(server):
    server.expect_request(SEARCH).respond_with_data("{}", status=429, headers={"Retry-After": "30"})
    task = asyncio.create_task(client(server, max_backoff=60).search("x"))
    await asyncio.sleep(0.3)
    started = time.monotonic()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert time.monotonic() - started < 0.2


@pytest.mark.parametrize("status", [500, 502, 503, 504])
async def test_5xx_is_a_server_error_not_empty(server, status):
    server.expect_request(SEARCH).respond_with_data("<html>Bad Gateway</html>", status=status)
    with pytest.raises(ServerError) as caught:
        await client(server).search("x")
    assert caught.value.status == "server-error"


@pytest.mark.parametrize(
    "body, status, match",
    [
        ('{"data": [', 200, "malformed JSON"),
        ("<html>hello</html>", 200, "malformed JSON"),
        ('{"error":"Unrecognized or unsupported fields: [unknown]"}', 400, "Unrecognized"),
        ('{"message":"Forbidden"}', 403, "Forbidden"),
        ("{}", 200, "no result count"),
    ],
)
async def test_bad_answers(server, body, status, match):
    server.expect_request(SEARCH).respond_with_data(body, status=status)
    with pytest.raises(BadResponse, match=match):
        await client(server).search("x")


async def test_search_without_tldr_support_drops_the_field(server):
    server.expect_ordered_request(SEARCH).respond_with_json(
        {"error": "Unrecognized or unsupported fields: [tldr]"}, status=400
    )
    server.expect_ordered_request(SEARCH).respond_with_json(ANSWER)
    s2 = client(server)
    assert len((await s2.search("x")).papers) == 1
    assert "tldr" not in parse_qs(urlsplit(server.log[1][0].url).query)["fields"][0]


async def test_silent_server_times_out(silent_port):
    s2 = S2Client(f"http://127.0.0.1:{silent_port}", timeout=0.5)
    started = time.monotonic()
    with pytest.raises(SourceTimeout):
        await s2.search("x")
    assert time.monotonic() - started < 2.0


async def test_slow_server_times_out(server):
    release = threading.Event()

    def slow(_request):
        release.wait(5)
        return Response(json.dumps(ANSWER), content_type="application/json")

    server.expect_request(SEARCH).respond_with_handler(slow)
    with pytest.raises(SourceTimeout):
        await client(server, timeout=0.4).search("x")
    release.set()  # let the handler finish (and log) now, not during the next test
    while not server.log:
        await asyncio.sleep(0.01)


async def test_lookup_paths_and_not_found(server):
    paper = dict(s2_paper("abc", "A looked-up paper", arxiv="1706.03762"))
    paper["authors"] = [{"name": "Ada Lovelace", "affiliations": ["Analytical Engines Ltd"]}]
    server.expect_request("/graph/v1/paper/arXiv:1706.03762").respond_with_json(paper)
    server.expect_request("/graph/v1/paper/DOI:10.1093/mind/lix.236.433").respond_with_json(paper)
    server.expect_request("/graph/v1/paper/deadbeef").respond_with_json(
        {"error": "Paper with id deadbeef not found"}, status=404
    )
    s2 = client(server)
    found = await s2.lookup(PaperRef(IdKind.ARXIV, "1706.03762"))
    assert found is not None and found.authors[0].affiliations == ("Analytical Engines Ltd",)
    assert await s2.lookup(PaperRef(IdKind.DOI, "10.1093/mind/lix.236.433")) is not None
    assert await s2.lookup(PaperRef(IdKind.S2, "deadbeef")) is None
    fields = parse_qs(urlsplit(server.log[0][0].url).query)["fields"][0].split(",")
    assert "authors.affiliations" in fields and "embedding" not in fields


def test_building_the_client_leaves_logging_alone():
    import logging

    before = list(logging.getLogger().handlers)
    S2Client("http://127.0.0.1:9")
    assert logging.getLogger().handlers == before  # the package would call basicConfig

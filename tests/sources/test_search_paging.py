"""Paging merges into what is shown (11.9), stops at each source's end (11.11), and "most
cited" sorts S2's whole answer along the bulk search's token chain (11.14, 13.3)."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

from helpers_sources import atom_entry, atom_feed, corpus_file, make_service, s2_paper, s2_search
from werkzeug import Response

from tui.models import SearchFilters

ARXIV_PATH, S2_PATH, BULK_PATH = (
    "/api/query",
    "/graph/v1/paper/search",
    "/graph/v1/paper/search/bulk",
)


def by_offset(pages: dict[int, str], key: str, kind: str):
    def handler(request):
        start = int(request.args.get(key, "0"))
        return Response(pages[start], content_type=kind)

    return handler


def starts(server, path, key):
    return [r.args.get(key) for r, _ in server.log if urlsplit(r.url).path == path]


async def test_a_paper_on_arxiv_page_1_and_s2_page_2_is_one_row_with_s2_citations(server):
    arxiv = {
        0: atom_feed([atom_entry("1706.03762v7", "Attention Is All You Need")], total=2),
        2: atom_feed([], total=2),
    }
    s2 = {
        0: json.dumps(
            s2_search(
                [s2_paper("s2-a", "Alpha beta gamma paper", citations=3),
                 s2_paper("s2-b", "Delta epsilon zeta paper", citations=4)],
                total=4,
            )
        ),
        2: json.dumps(
            s2_search(
                [s2_paper("s2-attn", "Attention is All you Need", arxiv="1706.03762",
                          citations=100000),
                 s2_paper("s2-c", "Eta theta iota paper", citations=5)],
                total=4,
                offset=2,
            )
        ),
    }  # fmt: skip
    server.expect_request(ARXIV_PATH).respond_with_handler(
        by_offset(arxiv, "start", "application/atom+xml")
    )
    server.expect_request(S2_PATH).respond_with_handler(by_offset(s2, "offset", "application/json"))
    service = make_service(server, page_size=2)
    first = await service.search("attention", SearchFilters())
    assert len(first.papers) == 3 and first.papers[0].citations is None
    second = await service.next_page(first)
    titles = [p.title for p in second.papers]
    assert len(titles) == len(set(titles)) == 4  # 113 rows for 100 titles before the fix
    attention = second.papers[0]  # still where it was shown
    assert attention.title == "Attention Is All You Need"
    assert attention.citations == 100000 and attention.sources == ("arxiv", "s2")
    # arXiv said 2 results in all: page 2 (start=2) is never asked for
    assert starts(server, ARXIV_PATH, "start") == ["0"]


async def test_arxiv_is_never_asked_past_total_results(server):
    feed = atom_feed([atom_entry(f"2101.0000{i}", f"Paper number {i} here") for i in range(3)],
                     total=7)  # fmt: skip
    server.expect_request(ARXIV_PATH).respond_with_data(feed, content_type="application/atom+xml")
    service = make_service(server, page_size=3)
    result = await service.search("x", SearchFilters(source="arxiv"))
    while result.has_more:
        result = await service.next_page(result)
    extra = await service.next_page(result)  # one more, as a pane scrolled to the end would
    assert starts(server, ARXIV_PATH, "start") == ["0", "3", "6"]
    assert not extra.has_more and extra.status["arxiv"] == "ok"


async def test_page_without_previous_reads_the_totals_from_the_cache(server):
    from helpers_sources import FakeCache

    feed = atom_feed([atom_entry("2101.00001", "The only paper here")], total=1)
    server.expect_request(ARXIV_PATH).respond_with_data(feed, content_type="application/atom+xml")
    service = make_service(server, FakeCache(), page_size=5)
    await service.search("x", SearchFilters(source="arxiv"))
    await service.search("x", SearchFilters(source="arxiv"), page=1)  # winnow search --page 1
    assert starts(server, ARXIV_PATH, "start") == ["0"]


def _recorded_bulk(server):
    """The corpus's four-answer token chain, served by token as S2 did."""
    pages = [
        "api/s2/search_bulk_citationcount_desc_page1.json",
        "api/s2/search_bulk_citationcount_desc_page2.json",
        "api/s2/search_bulk_citationcount_desc_page3.json",
        "api/s2/search_bulk_citationcount_desc_page4_last.json",
    ]
    bodies = [corpus_file(p).read_bytes() for p in pages]
    by_token = {None: bodies[0]}
    for body, following in zip(bodies, bodies[1:], strict=False):
        by_token[json.loads(body)["token"]] = following

    def handler(request):
        return Response(by_token[request.args.get("token")], content_type="application/json")

    server.expect_request(BULK_PATH).respond_with_handler(handler)
    return [json.loads(b) for b in bodies]


async def test_most_cited_spans_the_whole_answer_along_the_token_chain(server):
    recorded = _recorded_bulk(server)
    everything = [p["citationCount"] for body in recorded for p in body["data"]]
    service = make_service(server, page_size=100)
    filters = SearchFilters(sort="citations", source="s2")
    first = await service.search("kubernetes", filters)
    assert first.papers[0].citations == max(everything) == 947
    assert first.totals["s2"] == 3027 and first.has_more and first.sort_note is None
    (request,) = [r for r, _ in server.log]
    assert request.args["sort"] == "citationCount:desc" and "token" not in request.args
    result = first
    for _ in range(30):  # 3,027 papers, 100 a page: four requests in all
        result = await service.next_page(result)
    assert not result.has_more and len(result.papers) == 3027
    counts = [p.citations for p in result.papers]
    assert counts == sorted(everything, reverse=True)
    tokens = [r.args.get("token") for r, _ in server.log]
    assert tokens == [None] + [body["token"] for body in recorded[:3]]


async def test_most_cited_says_arxiv_is_sorted_within_the_fetched_pages(server):
    _recorded_bulk(server)
    feed = atom_feed([atom_entry("1706.03762", "Attention Is All You Need")], total=500)
    server.expect_request(ARXIV_PATH).respond_with_data(feed, content_type="application/atom+xml")
    result = await make_service(server).search("kubernetes", SearchFilters(sort="citations"))
    assert "arXiv" in result.sort_note and "within the pages fetched" in result.sort_note
    assert result.to_json()["sort_note"] == result.sort_note


async def test_bulk_gets_the_query_syntax_and_relevance_the_plain_words(server):
    server.expect_request(BULK_PATH).respond_with_json({"total": 0, "token": None, "data": []})
    server.expect_request(S2_PATH).respond_with_json(s2_search([]))
    service = make_service(server)
    await service.search('"neural turing" -quantum', SearchFilters(sort="citations", source="s2"))
    await service.search('"neural turing" -quantum', SearchFilters(source="s2"))
    bulk, relevance = (parse_qs(urlsplit(r.url).query)["query"][0] for r, _ in server.log)
    assert bulk == '"neural turing" -quantum' and relevance == "neural turing"

"""The search service: both sources at once, streamed, merged, filtered, paged, cached."""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlsplit

import pytest
from helpers_sources import FakeCache, atom_entry, atom_feed, make_service, s2_paper, s2_search
from werkzeug import Response

from tui.errors import UserError
from tui.models import IdKind, PaperRef, SearchFilters

ARXIV_PATH, S2_PATH = "/api/query", "/graph/v1/paper/search"
FEED = atom_feed(
    [
        atom_entry("1706.03762v7", "Attention Is All You Need", categories=("cs.CL", "cs.LG")),
        atom_entry("1810.04805v2", "BERT: Pre-training of Deep Bidirectional Transformers"),
    ],
    total=120,
)
S2 = s2_search(
    [
        s2_paper("s2-attn", "Attention is All you Need", arxiv="1706.03762", citations=100000),
        s2_paper("s2-other", "Another paper about transformers", citations=7, year=2020),
    ],
    total=8675,
)


BULK_PATH = S2_PATH + "/bulk"


def bulk_of(answer, token=None):
    """A search answer as the bulk search gives it: sorted by citations, a token, no offset."""
    data = sorted(answer.get("data", []), key=lambda p: p["citationCount"] or 0, reverse=True)
    return {"total": answer["total"], "token": token, "data": data}


def serve(server, arxiv=FEED, s2=S2, delay=0.0):
    def later(body, kind):
        def handler(_request):
            time.sleep(delay)
            return Response(body, content_type=kind)

        return handler

    if arxiv is not None:
        server.expect_request(ARXIV_PATH).respond_with_handler(later(arxiv, "application/atom+xml"))
    if s2 is not None:
        import json

        server.expect_request(S2_PATH).respond_with_handler(
            later(json.dumps(s2), "application/json")
        )
        server.expect_request(BULK_PATH).respond_with_handler(
            later(json.dumps(bulk_of(s2)), "application/json")
        )


def requests_to(server, path):
    return [r for r, _ in server.log if urlsplit(r.url).path == path]


async def test_both_sources_merged_streamed_and_counted(server):
    serve(server)
    updates = []
    result = await make_service(server).search(
        "attention", SearchFilters(), on_update=updates.append
    )
    assert result.status == {"arxiv": "ok", "s2": "ok"}
    assert result.totals == {"arxiv": 120, "s2": 8675}
    titles = [p.title for p in result.papers]
    assert titles == [
        "Attention Is All You Need",
        "BERT: Pre-training of Deep Bidirectional Transformers",
        "Another paper about transformers",
    ]
    attn = result.papers[0]
    assert attn.sources == ("arxiv", "s2") and attn.citations == 100000
    assert attn.categories == ("cs.CL", "cs.LG") and attn.ids.s2 == "s2-attn"
    assert len(updates) == 2 and updates[-1].done and not updates[0].done
    assert len(updates[0].papers) == 2  # the first source's answer, before the second
    assert result.has_more and result.cached_at is None
    assert result.to_json()["results"][0]["sources"] == ["arxiv", "s2"]


async def test_sources_run_concurrently(server):
    serve(server, delay=0.4)
    started = time.monotonic()
    result = await make_service(server).search("attention", SearchFilters())
    assert result.status == {"arxiv": "ok", "s2": "ok"}
    assert time.monotonic() - started < 0.75  # the slower one, not the sum


async def test_source_filter_skips_the_other(server):
    serve(server)
    result = await make_service(server).search("x", SearchFilters(source="arxiv"))
    assert result.status == {"arxiv": "ok", "s2": "skipped"}
    assert not requests_to(server, S2_PATH)
    result = await make_service(server).search("x", SearchFilters(source="s2"))
    assert result.status == {"arxiv": "skipped", "s2": "ok"}


async def test_filters_go_to_the_sources(server):
    serve(server)
    filters = SearchFilters(since=2019, until=2021, category="cs.CL", open_access=True)
    await make_service(server).search("ti:attention au:vaswani deep", filters)
    (a,) = requests_to(server, ARXIV_PATH)
    query = parse_qs(urlsplit(a.url).query)["search_query"][0]
    assert "ti:attention" in query and "au:vaswani" in query and "cat:cs.CL" in query
    assert "submittedDate:[201901010000 TO 202112312359]" in query
    (s,) = requests_to(server, S2_PATH)
    args = parse_qs(urlsplit(s.url).query, keep_blank_values=True)
    assert args["query"] == ["deep attention vaswani"] and args["year"] == ["2019-2021"]
    assert "openAccessPdf" in args and args["fieldsOfStudy"] == ["Computer Science"]


async def test_merged_list_filters_and_sorts(server):
    serve(server)
    service = make_service(server)
    by_citations = await service.search("x", SearchFilters(sort="citations"))
    assert [p.citations for p in by_citations.papers] == [100000, 7, None]
    recent = await service.search("x", SearchFilters(since=2018))  # 2017 S2 years dropped here
    assert "Another paper about transformers" in [p.title for p in recent.papers]
    newest = await service.search("x", SearchFilters(sort="newest"))
    assert requests_to(server, ARXIV_PATH)[-1].args["sortBy"] == "submittedDate"
    assert newest.papers[0].title == "Another paper about transformers"  # 2020 > 2017
    au = await service.search("au:lovelace x", SearchFilters())
    assert len(au.papers) == 3  # the fixtures' author
    nobody = await service.search("au:nobody x", SearchFilters(source="s2"))
    assert nobody.papers == ()


async def test_paging(server):
    serve(server)
    result = await make_service(server, page_size=40).search("x", SearchFilters(), page=2)
    (a,) = requests_to(server, ARXIV_PATH)
    assert a.args["start"] == "80" and a.args["max_results"] == "40"
    (s,) = requests_to(server, S2_PATH)
    assert s.args["offset"] == "80" and s.args["limit"] == "40"
    assert result.page == 2 and result.has_more  # S2 holds 8,675
    last = await make_service(server, page_size=40).search(
        "x", SearchFilters(source="arxiv"), page=2
    )
    assert not last.has_more  # arXiv holds 120 = 3 pages


async def test_s2_relevance_search_stops_at_1000(server):
    serve(server)
    result = await make_service(server, page_size=100).search("x", SearchFilters(), page=10)
    assert result.status["s2"] == "skipped" and not requests_to(server, S2_PATH)


async def test_repeat_is_answered_from_cache_without_a_request(server):
    serve(server)
    cache = FakeCache()
    service = make_service(server, cache)
    first = await service.search("attention", SearchFilters())
    n = len(server.log)
    updates = []
    again = await service.search("  attention ", SearchFilters(), on_update=updates.append)
    assert len(server.log) == n
    assert again.status == {"arxiv": "cached", "s2": "cached"}
    assert again.papers == first.papers and again.cached_at is not None
    assert len(updates) == 1 and updates[0].source == "cache"
    cache.age(25 * 3600)  # older than search_max_age_hours: asked again
    await service.search("attention", SearchFilters())
    assert len(server.log) == 2 * n


async def test_failing_source_falls_back_to_cached_results_with_their_age(server):
    serve(server)
    cache = FakeCache()
    await make_service(server, cache).search("attention", SearchFilters())
    cache.age(48 * 3600)
    server.clear()
    serve(server, arxiv=None)
    server.expect_request(ARXIV_PATH).respond_with_data("Rate exceeded.")
    result = await make_service(server, cache).search("attention", SearchFilters())
    assert result.status == {"arxiv": "rate-limited", "s2": "ok"}
    assert result.cached_at is not None and time.time() - result.cached_at > 47 * 3600
    assert result.papers[1].title.startswith("BERT")  # arXiv's part, from the cache
    assert any("arXiv" in m and "cached" in m for m in result.messages)
    assert cache.puts == 1  # a half answer is not written over a whole one


async def test_offline_with_cache_and_without(server):
    cache = FakeCache()
    serve(server)
    await make_service(server, cache).search("attention", SearchFilters())
    cache.age(48 * 3600)
    dead = "http://127.0.0.1:9"
    offline = make_service(server, cache, arxiv_base=dead + "/api/query", s2_base=dead)
    result = await offline.search("attention", SearchFilters())
    assert result.status == {"arxiv": "unreachable", "s2": "unreachable"}
    assert len(result.papers) == 3 and result.cached_at is not None and result.answered
    nothing = await offline.search("something else", SearchFilters())
    assert nothing.papers == () and not nothing.answered and len(nothing.messages) == 2


FAILURES = {
    "429": (
        lambda s, p: s.expect_request(p).respond_with_data("slow down", status=429),
        "rate-limited",
    ),
    "503": (lambda s, p: s.expect_request(p).respond_with_data("", status=503), "server-error"),
    "garbage": (lambda s, p: s.expect_request(p).respond_with_data("<<<{{{"), "bad-answer"),
    "rate exceeded": (lambda s, p: s.expect_request(p).respond_with_data("Rate exceeded."), None),
}


@pytest.mark.parametrize("failure", sorted(FAILURES))
@pytest.mark.parametrize("source", ["arxiv", "s2"])
async def test_each_failure_gives_its_status_and_the_other_source_still_answers(
    server, source, failure
):
    install, status = FAILURES[failure]
    if status is None:
        status = "rate-limited" if source == "arxiv" else "bad-answer"
    install(server, ARXIV_PATH if source == "arxiv" else S2_PATH)
    serve(server, **{source: None})
    started = time.monotonic()
    result = await make_service(server).search("attention", SearchFilters())
    other = "s2" if source == "arxiv" else "arxiv"
    assert result.status == {source: status, other: "ok"}
    assert result.papers and len(result.messages) == 1 and "\n" not in result.messages[0]
    assert time.monotonic() - started < 2.0


async def test_a_server_that_never_answers_is_bounded_by_the_timeout(server, silent_port):
    serve(server)
    silent = f"http://127.0.0.1:{silent_port}"
    service = make_service(server, timeout=0.5, arxiv_base=silent + "/api/query", s2_base=silent)
    started = time.monotonic()
    result = await service.search("attention", SearchFilters())
    assert result.status == {"arxiv": "unreachable", "s2": "unreachable"}
    assert time.monotonic() - started < 2.0


async def test_bad_input_is_a_user_error(server):
    service = make_service(server)
    for query, filters in [("   ", SearchFilters()), ("x", SearchFilters(source="web"))]:
        with pytest.raises(UserError):
            await service.search(query, filters)


async def test_lookup_merges_both_sources_and_caches(server):
    server.expect_request(ARXIV_PATH).respond_with_data(
        FEED.replace("<opensearch:totalResults>120", "<opensearch:totalResults>2")
    )
    server.expect_request("/graph/v1/paper/arXiv:1706.03762").respond_with_json(
        s2_paper("s2-attn", "Attention is All you Need", arxiv="1706.03762", citations=5)
    )
    cache = FakeCache()
    service = make_service(server, cache)
    paper = await service.lookup(PaperRef(IdKind.ARXIV, "1706.03762"))
    assert paper is not None and paper.sources == ("arxiv", "s2") and paper.citations == 5
    n = len(server.log)
    assert await service.lookup(PaperRef(IdKind.ARXIV, "1706.03762")) == paper
    assert len(server.log) == n


async def test_lookup_offline_raises_one_line_error(server):
    from tui.sources.errors import SourceError

    service = make_service(server, arxiv_base="http://127.0.0.1:9/q", s2_base="http://127.0.0.1:9")
    with pytest.raises(SourceError):
        await service.lookup(PaperRef(IdKind.DOI, "10.1/x"))


async def test_recorded_answers_served_locally(server):
    from helpers_sources import corpus_file

    arxiv = corpus_file("api/arxiv/new_query_testing_start0_max10.xml").read_bytes()
    s2 = corpus_file("api/s2/search_paper_full_fields.json").read_bytes()
    server.expect_request(ARXIV_PATH).respond_with_data(arxiv, content_type="application/atom+xml")
    server.expect_request(S2_PATH).respond_with_data(s2, content_type="application/json")
    result = await make_service(server, page_size=100).search("testing", SearchFilters())
    assert result.status == {"arxiv": "ok", "s2": "ok"}
    assert result.totals["arxiv"] == 214881 and 100 <= len(result.papers) <= 110
    assert all(p.title and p.sources for p in result.papers)
    json_out = result.to_json()
    assert {"query", "filters", "status", "results"} <= set(json_out)


async def test_recorded_errors_served_locally(server):
    from helpers_sources import corpus_file

    error = corpus_file("api/arxiv/new_id_abc_error_400.xml").read_bytes()
    server.expect_request(ARXIV_PATH).respond_with_data(error, status=400)
    forbidden = corpus_file("api/s2/error_403_forbidden.json").read_bytes()
    server.expect_request(S2_PATH).respond_with_data(forbidden, status=403)
    result = await make_service(server).search("x", SearchFilters())
    assert result.status == {"arxiv": "bad-answer", "s2": "bad-answer"}
    assert any("incorrect id format" in m for m in result.messages)


async def test_s2_backing_off_says_retrying_in_so_many_seconds(server):
    server.expect_ordered_request(S2_PATH).respond_with_data(
        "{}", status=429, headers={"Retry-After": "0.4"}
    )
    server.expect_ordered_request(S2_PATH).respond_with_json(S2)
    updates = []
    result = await make_service(server, max_backoff=2).search(
        "attention", SearchFilters(source="s2"), on_update=updates.append
    )
    assert result.status["s2"] == "ok"
    waiting = [u for u in updates if u.retry_in]
    assert len(waiting) == 1 and waiting[0].retry_in == {"s2": 0.4}
    assert waiting[0].status["s2"] == "pending" and not waiting[0].done  # the shape stays
    assert waiting[0].note("s2") == "retrying in 1 s"
    assert updates[-1].done and updates[-1].retry_in == {} and updates[-1].note("s2") == "ok"


async def test_a_5xx_is_a_server_error_in_the_status(server):
    server.expect_request(S2_PATH).respond_with_data("<html>oops</html>", status=502)
    updates = []
    result = await make_service(server).search(
        "attention", SearchFilters(source="s2"), on_update=updates.append
    )
    assert result.status["s2"] == "server-error" and updates[-1].note("s2") == "server error"
    assert "HTTP 502 from 127.0.0.1" in result.messages[0]

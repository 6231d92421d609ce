"""References, citations with their sentences, recommendations: parsed, paged, cached, and
followed along a trail — against a local server speaking S2's recorded formats."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest
from helpers_sources import FakeCache, corpus_file, rich_citations_page, s2_url
from hypothesis import given
from hypothesis import strategies as st
from werkzeug import Response

from tui.errors import UserError
from tui.models import Intent, Paper, PaperIds, SearchFilters
from tui.sources.errors import BadResponse, NotFound, RateLimited, SourceUnavailable
from tui.sources.graph import GraphService, Kind, Listing, parse_graph_page, parse_recommendations
from tui.sources.results import SearchResult
from tui.sources.s2_client import S2Client
from tui.sources.trail import Hop, Trail
from tui.textsafe import inert, one_line

GRAPH = "/graph/v1/paper"
RECS = "/recommendations/v1/papers"
ATTENTION = Paper(
    "Attention Is All You Need",
    ids=PaperIds(arxiv="1706.03762", s2="204e3073870fae3d05bcbc2f6a8e263d9b72e776"),
    citations=1881,
)


def service(server, cache=None, **kw) -> GraphService:
    s2 = S2Client(s2_url(server), timeout=2.0, max_backoff=1.0, backoff_base=0.05)
    return GraphService(s2, cache, **kw)


def paged(pages: dict[int, bytes | str]):
    def handler(request):
        return Response(
            pages[int(request.args.get("offset", "0"))], content_type="application/json"
        )

    return handler


def paths(server) -> list[str]:
    return [urlsplit(r.url).path for r, _ in server.log]


# ---------------------------------------------------------------- references and citations


async def test_recorded_references_paged_to_the_end_with_unresolved_counted(server):
    pages = {
        0: corpus_file("api/s2/paper_references_full_fields_page1.json").read_bytes(),
        100: corpus_file("api/s2/paper_references_full_fields_page2.json").read_bytes(),
    }
    server.expect_request(f"{GRAPH}/{ATTENTION.ids.s2}/references").respond_with_handler(
        paged(pages)
    )
    graph = service(server)
    first = await graph.open(Kind.REFERENCES, ATTENTION)
    assert len(first.rows) == 100 and first.next == 100 and first.has_more
    done = await graph.more(first)
    assert not done.has_more and done.next is None  # page 2 has no "next"
    assert done.unresolved == 9 and len(done.rows) == 147 == done.total
    assert all(row.paper.ids.s2 for row in done.rows)  # junk entries ("References IV") left out
    influential = [r for r in done.rows if r.influential]
    assert influential and max(len(r.contexts) for r in influential) == 9
    args = server.log[0][0].args
    assert "contexts" in args["fields"] and "isInfluential" in args["fields"]
    assert args["limit"] == "100" and args["offset"] == "0"
    assert await graph.more(done) is done  # complete: no request
    assert len(server.log) == 2


async def test_citations_carry_their_sentences_and_intents_and_sort_three_ways(server):
    pages = {
        0: json.dumps(rich_citations_page(100, next_offset=100)),
        100: json.dumps(rich_citations_page(40, offset=100)),
    }
    server.expect_request(f"{GRAPH}/arXiv:1706.03762/citations").respond_with_handler(paged(pages))
    graph = service(server)
    subject = ATTENTION.with_(ids=PaperIds(arxiv="1706.03762"))
    listing = await graph.open(Kind.CITATIONS, subject)
    row = listing.rows[0]
    assert [c.text for c in row.contexts][0].startswith("RP is implemented by fixing")
    assert row.contexts[0].intents == (Intent.METHOD,) and row.contexts[3].intents == (
        Intent.BACKGROUND,
    )
    assert set(row.intents) == {Intent.RESULT, Intent.BACKGROUND, Intent.METHOD}
    assert row.to_json()["contexts"][2] == {
        "text": row.contexts[2].text,
        "intents": ["result"],
    }
    assert listing.total == 1881  # from the paper's count: citation lists carry none
    by_cites = listing.sorted_by("citations")
    counts = [r.paper.citations for r in by_cites.shown]
    assert counts == sorted(counts, reverse=True)
    assert "sorted within the 100 of 1,881 fetched" in by_cites.sort_note
    years = [r.paper.year for r in listing.sorted_by("year").shown]
    assert years == sorted(years, reverse=True)
    assert all(r.influential for r in listing.sorted_by("influential").shown[:34])
    complete = await graph.more(by_cites)
    assert len(complete.rows) == 140 and complete.sort_note is None  # the whole list: exact
    with pytest.raises(UserError):
        listing.sorted_by("sideways")


async def test_hostile_sentences_are_kept_literally_and_shown_inert(server):
    page = rich_citations_page(1)
    evil = "See [4] \x1b[31m[bold]red[/bold]\x1b[0m \u202eevil\u202c and \ud800 here."
    page["data"][0]["contexts"] = [evil]
    page["data"][0]["contextsWithIntent"] = [{"context": evil, "intents": ["methodology"]}]
    page["data"][0]["citingPaper"]["title"] = "Bad \x1b]0;pwned\x07 title"
    server.expect_request(f"{GRAPH}/arXiv:1706.03762/citations").respond_with_json(page)
    listing = await service(server).open(
        Kind.CITATIONS, Paper("X", ids=PaperIds(arxiv="1706.03762"))
    )
    (context,) = listing.rows[0].contexts
    assert "\x1b[31m[bold]red[/bold]" in context.text  # kept as written, markup and all
    assert "\ud800" not in context.text and "\ufffd" in context.text  # repaired at the door
    shown = inert(context.text)
    assert "\x1b" not in shown and "\u202e" not in shown and "[bold]red[/bold]" in shown
    label = Hop.of(Listing(Kind.CITATIONS, listing.rows[0].paper)).label()
    assert "\x1b" not in label and "\x07" not in label


async def test_graph_pages_are_cached(server):
    server.expect_request(f"{GRAPH}/arXiv:1706.03762/citations").respond_with_json(
        rich_citations_page(3)
    )
    cache = FakeCache()
    subject = Paper("X", ids=PaperIds(arxiv="1706.03762"))
    first = await service(server, cache).open(Kind.CITATIONS, subject)
    again = await service(server, cache).open(Kind.CITATIONS, subject)
    assert len(server.log) == 1 and again.status == "cached" and again.cached_at
    assert again.rows == first.rows


# ---------------------------------------------------------------- the trail


async def test_a_trail_of_three_hops_and_back_twice(server):
    a, b, c = (f"{n:040x}" for n in (1, 2, 3))

    def listing_of(prefix: str, ids: list[str], kind: str):
        key = "citedPaper" if kind == "references" else "citingPaper"
        return {
            "offset": 0,
            "data": [
                {key: {"paperId": i, "title": f"{prefix} paper {i[-1]} of the trail"}} for i in ids
            ],
        }

    server.expect_request(f"{GRAPH}/{a}/references").respond_with_json(
        listing_of("Referenced", [b, f"{9:040x}"], "references")
    )
    server.expect_request(f"{GRAPH}/{b}/citations").respond_with_json(
        listing_of("Citing", [f"{8:040x}", c], "citations")
    )
    server.expect_request(f"{GRAPH}/{c}/references").respond_with_json(
        listing_of("Deep", [f"{7:040x}"], "references")
    )
    graph = service(server)
    search = SearchResult("attention", SearchFilters(), (Paper("Root paper", PaperIds(s2=a)),), {})
    trail = Trail.start(Hop.of_search(search))
    root = trail.current.rows[0].paper

    refs = await graph.open(Kind.REFERENCES, root)
    trail = trail.push(Hop.of(refs), cursor=0)
    cites = await graph.open(Kind.CITATIONS, trail.current.rows[0].paper)
    trail = trail.push(Hop.of(cites), cursor=0)
    deeper = await graph.open(Kind.REFERENCES, trail.current.rows[1].paper)
    trail = trail.push(Hop.of(deeper), cursor=1)
    assert trail.depth == 4 and [h.kind for h in trail.hops] == [
        "search",
        "references",
        "citations",
        "references",
    ]
    assert trail.breadcrumb(200) == (
        "search “attention” › references of › Root paper › cited by › Referenced paper 2 of "
        "the trail › references of › Citing paper 3 of the trail"
    )
    assert len(trail.breadcrumb(60)) <= 60 and trail.breadcrumb(60).startswith("…")
    trail = trail.back().back()
    assert trail.current.kind == "references" and trail.current.subject == root
    assert trail.current.cursor == 0 and trail.current.rows[0].paper.ids.s2 == b
    assert trail.back().back().back().depth == 1  # the search stays
    assert paths(server) == [
        f"{GRAPH}/{a}/references",
        f"{GRAPH}/{b}/citations",
        f"{GRAPH}/{c}/references",
    ]  # going back asked nothing again


def test_a_paper_s2_cannot_know_cannot_be_followed():
    with pytest.raises(UserError, match="cannot follow"):
        from tui.sources.graph import s2_id

        s2_id(Paper("Added from a PDF with no id"))


# ---------------------------------------------------------------- recommendations


async def test_recommendations_post_positives_and_negatives(server):
    body = corpus_file("api/s2/recommendations_from_lists_full_fields.json").read_bytes()
    server.expect_request(RECS, method="POST").respond_with_data(
        body, content_type="application/json"
    )
    kept = Paper("Kept", ids=PaperIds(arxiv="1706.03762"))
    candidate = Paper("Candidate", ids=PaperIds(doi="10.1145/3544585.3544600"))
    eliminated = Paper("Out", ids=PaperIds(s2="0f40b1f08821e22e859c6050916cec3667778613"))
    listing = await service(server).recommend([kept, candidate, Paper("no id")], [eliminated])
    (request, _) = server.log[0]
    assert json.loads(request.data) == {
        "positivePaperIds": ["arXiv:1706.03762", "DOI:10.1145/3544585.3544600"],
        "negativePaperIds": ["0f40b1f08821e22e859c6050916cec3667778613"],
    }
    assert "title" in request.args["fields"] and request.args["limit"] == "100"
    assert listing.kind is Kind.RECOMMENDATIONS and len(listing.rows) == 100
    assert not listing.has_more


async def test_recommendations_need_a_positive(server):
    with pytest.raises(UserError, match="at least one kept or candidate"):
        await service(server).recommend([Paper("no id")], [ATTENTION])
    assert not server.log  # refused before asking
    body = corpus_file("api/s2/error_400_recommendations_no_positive.json").read_bytes()
    server.expect_request(RECS, method="POST").respond_with_data(
        body, status=400, content_type="application/json"
    )
    with pytest.raises(BadResponse, match="No positive paper examples given"):
        await service(server).recommend([ATTENTION])


@pytest.mark.parametrize(
    ("file", "status", "error", "word"),
    [
        ("error_404_paper_not_found.json", 404, NotFound, "not found"),
        ("error_500_recommendations_internal.json", 500, SourceUnavailable, "HTTP 500"),
        ("error_504_citations_full_fields_timeout.json", 504, SourceUnavailable, "HTTP 504"),
    ],
)
async def test_recorded_failures_become_one_line_errors(server, file, status, error, word):
    body = corpus_file(f"api/s2/{file}").read_bytes()
    server.expect_request(f"{GRAPH}/CorpusId:1/citations").respond_with_data(
        body, status=status, content_type="application/json"
    )
    with pytest.raises(error) as raised:
        await service(server).open(Kind.CITATIONS, Paper("X", ids=PaperIds(s2="CorpusId:1")))
    assert word in str(raised.value) and "\n" not in str(raised.value)


async def test_429_is_backed_off_then_answered(server):
    body = corpus_file("api/s2/error_429_too_many_requests.json").read_bytes()
    answers = iter([Response(body, status=429), Response(json.dumps(rich_citations_page(2)))])
    server.expect_request(f"{GRAPH}/arXiv:1706.03762/citations").respond_with_handler(
        lambda _request: next(answers)
    )
    listing = await service(server).open(
        Kind.CITATIONS, Paper("X", ids=PaperIds(arxiv="1706.03762"))
    )
    assert len(listing.rows) == 2 and len(server.log) == 2
    server.clear()
    server.expect_request(f"{GRAPH}/arXiv:1706.03762/citations").respond_with_data(body, status=429)
    with pytest.raises(RateLimited):
        await service(server).open(Kind.CITATIONS, Paper("X", ids=PaperIds(arxiv="1706.03762")))


async def test_an_id_with_path_characters_stays_one_segment(server):
    server.expect_request(f"{GRAPH}/DOI:10.1000/../../x?y/references").respond_with_json(
        {"offset": 0, "data": []}
    )
    listing = await service(server).open(
        Kind.REFERENCES, Paper("X", ids=PaperIds(doi="10.1000/../../x?y"))
    )
    assert listing.rows == () and not listing.has_more
    raw = server.log[0][0].environ.get("REQUEST_URI") or server.log[0][0].environ["RAW_URI"]
    assert raw.startswith(f"{GRAPH}/DOI:10.1000%2F..%2F..%2Fx%3Fy/references?")


# ---------------------------------------------------------------- any shape, no crash

_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 300) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=20,
)
_KEYS = st.sampled_from(
    ["paperId", "title", "authors", "externalIds", "year", "citationCount", "openAccessPdf",
     "contexts", "intents", "contextsWithIntent", "isInfluential", "context", "name", "ArXiv"]
)  # fmt: skip
_ITEM = st.dictionaries(_KEYS, _JSON, max_size=6)
_SHAPE = (
    st.fixed_dictionaries(
        {},
        optional={
            "offset": _JSON,
            "next": _JSON,
            "data": st.lists(
                st.fixed_dictionaries(
                    {}, optional={"citingPaper": _ITEM | _JSON, "citedPaper": _ITEM}
                )
                | _ITEM,
                max_size=5,
            )
            | _JSON,
        },
    )
    | _JSON
)


@given(_SHAPE)
def test_any_graph_json_shape_is_rows_or_a_bad_answer(data):
    for kind in (Kind.REFERENCES, Kind.CITATIONS):
        try:
            page = parse_graph_page(data, kind, offset=3)
        except BadResponse:
            continue
        assert page.next is None or page.next > page.offset
        for row in page.rows:
            assert isinstance(row.paper.title, str) and one_line(row.paper.title) is not None
            assert all(isinstance(c.text, str) and c.text for c in row.contexts)


@given(
    st.fixed_dictionaries({}, optional={"recommendedPapers": st.lists(_ITEM | _JSON) | _JSON})
    | _JSON
)
def test_any_recommendations_shape_is_papers_or_a_bad_answer(data):
    try:
        papers = parse_recommendations(data)
    except BadResponse:
        return
    assert all(isinstance(p.title, str) for p in papers)

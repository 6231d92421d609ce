"""What S2 says while a listing comes (issue 13, 11.23/24): a back-off shows its wait, a
server error and a rate limit are named, a paper S2 does not know is one line — against a
local server on 127.0.0.1 speaking S2's graph format. And a listing's next page merges in
with the cursor where it was; its order changes with S or f."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response

from tests.ui.driving import screen_text, search_for, settle
from tests.ui.trail_fakes import TrailSources, keys_of, trail_app, wait_for
from tui import config as config_module
from tui.app import make_app
from tui.sources.graph import GraphService
from tui.sources.s2_client import S2Client
from tui.store import Store

CITATIONS = "/graph/v1/paper/arXiv:2101.00003/citations"


def citations_page(count: int, *, offset: int = 0, next_offset: int | None = None) -> str:
    data = [
        {
            "citingPaper": {
                "paperId": f"{n:040x}",
                "title": f"Citing paper number {n}",
                "externalIds": {"ArXiv": f"2301.{n:05d}"},
                "year": 2020 + n % 5,
                "citationCount": (n * 37) % 100,
                "authors": [{"name": "Ada Lovelace"}],
            },
            "contexts": [f"As in [{n}], we window the attention."],
            "intents": ["methodology"],
            "contextsWithIntent": [
                {"context": f"As in [{n}], we window the attention.", "intents": ["methodology"]}
            ],
            "isInfluential": n % 2 == 0,
        }
        for n in range(offset, offset + count)
    ]
    page: dict = {"offset": offset, "data": data}
    if next_offset is not None:
        page["next"] = next_offset
    return json.dumps(page)


def s2_app(server: HTTPServer, **graph_options):
    from tests.ui.conftest import fake_papers

    store = Store.open()
    store.create_topic("t", "p")
    s2 = S2Client(server.url_for("").rstrip("/"), timeout=3.0, max_backoff=5.0, backoff_base=0.05)
    graph = GraphService(s2, None, **graph_options)
    config = replace(config_module.load(), image_renderer="none")
    return make_app(config, store, sources=TrailSources(fake_papers(14), graph))


def status_text(app) -> str:
    return str(app.screen.search.query_one("#search-status").content)


async def cites_of_paper_3(pilot) -> None:
    await search_for(pilot, "sparse")
    pilot.app.screen.search.results.highlighted = 3
    await pilot.press("c")


async def test_a_back_off_shows_its_wait_then_the_listing(server) -> None:
    answers = iter(
        [
            Response("{}", status=429, headers={"Retry-After": "1"}),
            Response(citations_page(3), content_type="application/json"),
        ]
    )
    server.expect_request(CITATIONS).respond_with_handler(lambda request: next(answers))
    app = s2_app(server)
    async with app.run_test(size=(120, 40)) as pilot:
        await cites_of_paper_3(pilot)
        await wait_for(pilot, lambda: "S2 retrying in 1 s" in status_text(app))
        assert "S2 retrying in 1 s" in screen_text(app)  # the status line says it too
        await wait_for(pilot, lambda: app.screen.search.current.kind == "citations")
        assert "retrying" not in status_text(app) and "S2 ✓" in status_text(app)
        assert len(app.screen.search.papers) == 3


@pytest.mark.parametrize(
    ("status", "words", "message"),
    [
        (500, "S2 server error", "HTTP 500"),
        (429, "S2 rate limited", "429"),
        (404, "not found", "Semantic Scholar does not know this paper"),
    ],
)
async def test_a_failure_is_named_in_one_line_and_the_list_stays(
    server, status, words, message
) -> None:
    body = json.dumps({"error": "Paper with id arXiv:2101.00003 not found"})
    server.expect_request(CITATIONS).respond_with_response(
        Response(body, status=status, headers={"Retry-After": "0"})
    )
    app = s2_app(server)
    async with app.run_test(size=(160, 40), notifications=True) as pilot:
        await cites_of_paper_3(pilot)
        await settle(pilot)
        assert words in status_text(app)
        shot = screen_text(app)
        assert message in shot and "Traceback" not in shot
        search = app.screen.search
        assert search.trail.depth == 1 and len(search.papers) == 14  # still the search


async def test_a_listings_next_page_merges_in_and_the_cursor_stays_on_its_row(server) -> None:
    pages = {0: citations_page(5, next_offset=5), 5: citations_page(4, offset=5)}
    server.expect_request(CITATIONS).respond_with_handler(
        lambda r: Response(pages[int(r.args.get("offset", 0))], content_type="application/json")
    )
    app = s2_app(server, page_size=5)
    async with app.run_test(size=(120, 40)) as pilot:
        await cites_of_paper_3(pilot)
        await settle(pilot)
        search = app.screen.search
        first = keys_of(search)
        assert len(first) == 5 and "5 of 300" in status_text(app)  # S2: the paper's count
        search.results.highlighted = 4  # the end: the next page comes
        await wait_for(pilot, lambda: len(search.papers) == 9)
        assert keys_of(search)[:5] == first
        assert search.results.highlighted == 4 and search.highlighted_paper().key == first[4]
        assert [r.args["offset"] for r, _ in server.log] == ["0", "5"]


async def test_s_orders_a_listing_and_says_when_the_order_covers_the_pages_fetched() -> None:
    app, s2 = trail_app(page_size=3)
    async with app.run_test(size=(160, 40), notifications=True) as pilot:
        await search_for(pilot, "sparse")
        search = app.screen.search
        search.results.highlighted = 0
        await pilot.press("r")  # paper 00 cites 01 … 06: three a page
        await settle(pilot)
        search.results.highlighted = 1
        on = search.highlighted_paper().key
        await pilot.press("S")  # most cited
        await settle(pilot)
        cites = [p.citations for p in search.papers]
        assert cites == sorted(cites, reverse=True)
        assert search.highlighted_paper().key == on  # the cursor follows its paper
        assert "most cited, within the 3 fetched" in status_text(app)
        assert "sorted within the 3 fetched so far" in screen_text(app)
        await pilot.press("f")  # a listing's filter is its order
        await pilot.pause()
        assert "Order of references of" in screen_text(app)
        await pilot.press("down", "down", "enter")  # newest first
        await settle(pilot)
        years = [p.year for p in search.papers]
        assert years == sorted(years, reverse=True)
        assert "newest" in status_text(app)
        await pilot.press("c")  # the next listing opens in the order chosen last
        await settle(pilot)
        assert search.current.listing.sort == "year"
        assert s2.calls[-1][0] == "citations"


@pytest.mark.parametrize(
    ("status", "cached", "words"),
    [
        ("ok", False, "2 of 5  S2 ✓"),
        ("cached", True, "2 of 5  S2 cached 2 min ago"),  # said once, not "cached … S2 cached"
        ("rate-limited", False, "2 of 5  S2 rate limited"),
        ("server-error", True, "2 of 5 · cached 2 min ago  S2 server error"),
    ],
)
def test_a_listings_status_line_names_its_state_once(status, cached, words) -> None:
    import time

    from tui.models import Citation, Paper
    from tui.sources.listing import Kind, Listing
    from tui.widgets.trail_status import listing_status

    rows = (Citation(Paper("A")), Citation(Paper("B")))
    at = time.time() - 120 if cached else None
    listing = Listing(Kind.CITATIONS, Paper("S"), rows, 2, 5, status=status, cached_at=at)
    assert listing_status(listing).plain == words


@pytest.mark.parametrize(
    ("status", "cached", "words"),
    [
        ({"arxiv": "cached", "s2": "cached"}, False, "9 of 9 · cached"),
        ({"arxiv": "cached", "s2": "cached"}, True, "9 of 9 · cached 2 min ago"),
        ({"arxiv": "ok", "s2": "cached"}, False, "9 of 9  arXiv ✓  S2 cached"),
    ],
)
def test_a_search_all_from_the_cache_says_cached_once(status, cached, words) -> None:
    """At 80x24 '9 of 9  arXiv cached  S2 cached' wrapped the pane's status line."""
    import time

    from tui.models import Paper, SearchFilters
    from tui.sources.results import SearchResult
    from tui.widgets.trail_status import search_status

    at = time.time() - 120 if cached else None
    papers = tuple(Paper(f"P{i}") for i in range(9))
    result = SearchResult("q", SearchFilters(), papers, status, {"arxiv": 9}, at)
    assert search_status(result, 9).plain == words

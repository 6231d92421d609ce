"""What is new since the last look: saved searches re-run, new ids exactly, new arXiv versions."""

from __future__ import annotations

import json

from helpers_sources import FakeCache, atom_entry, atom_feed, make_service, s2_paper, s2_search
from werkzeug import Response

from tui.cli import main
from tui.models import Paper, PaperIds, SearchFilters
from tui.news import gather_news, mark_new, search_key, version_updates
from tui.store import Store

ARXIV_PATH, S2_PATH = "/api/query", "/graph/v1/paper/search"
LISTED = Paper(
    "Attention Is All You Need", ids=PaperIds(arxiv="1706.03762"), version=3, sources=("arxiv",)
)


def results(*names: str) -> dict:
    return s2_search([s2_paper(f"s2-{n}", f"Result paper called {n}", citations=1) for n in names])


class World:
    """A local server whose S2 answer can change between runs; arXiv knows v5 of LISTED."""

    def __init__(self, server) -> None:
        self.s2 = results("a", "b")
        self.latest = 5
        self.server = server

        def arxiv(request):
            if request.args.get("id_list"):
                ids = request.args["id_list"].split(",")
                entries = [atom_entry(f"{i}v{self.latest}", f"Paper {i} as it is now") for i in ids]
                return Response(atom_feed(entries), content_type="application/atom+xml")
            return Response(atom_feed([], total=0), content_type="application/atom+xml")

        server.expect_request(ARXIV_PATH).respond_with_handler(arxiv)
        server.expect_request(S2_PATH).respond_with_handler(
            lambda _r: Response(json.dumps(self.s2), content_type="application/json")
        )


def topic_store() -> Store:
    store = Store.open()
    store.create_topic("attention", "read up")
    store.add(LISTED)
    store.record_search("result paper", SearchFilters().to_json())
    return store


async def test_news_finds_exactly_the_new_ids_of_a_second_run_and_nothing_on_a_third(server):
    world = World(server)
    store = topic_store()

    first = await gather_news(store, make_service(server))  # the baseline look
    (topic,) = first
    assert [s.new for s in topic.searches] == [()]
    (update,) = topic.updated  # added at v3, arXiv now has v5
    assert update.label == "v3 → v5" and update.paper.ids.arxiv == "1706.03762"

    world.s2 = results("a", "b", "c", "d")
    (second,) = await gather_news(store, make_service(server))
    (search,) = second.searches
    assert sorted(p.ids.s2 for p in search.new) == ["s2-c", "s2-d"]
    assert second.updated == ()  # reported once
    assert second.to_json()["searches"][0]["new"][0]["title"].startswith("Result paper")

    (third,) = await gather_news(store, make_service(server))
    assert third.empty

    world.latest = 6
    (fourth,) = await gather_news(store, make_service(server))
    assert [u.label for u in fourth.updated] == ["v5 → v6"]


async def test_news_reuses_a_fresh_cached_answer_and_asks_arxiv_once_for_all_versions(server):
    World(server)
    store = topic_store()
    store.create_topic("second", "more")
    store.add(LISTED)
    store.record_search("result paper", SearchFilters().to_json())
    cache = FakeCache()
    await gather_news(store, make_service(server, cache))
    searches = [r for r, _ in server.log if r.args.get("query") or r.args.get("search_query")]
    lookups = [r for r, _ in server.log if r.args.get("id_list")]
    assert len(lookups) == 1  # every topic's arXiv papers in one id_list request
    assert len([r for r in searches if r.path == S2_PATH]) == 1  # the repeat came from the cache


def test_a_paper_merged_under_another_id_is_not_new():
    store = Store.open()
    store.create_topic("t")
    filters = SearchFilters()
    by_doi = Paper("A paper seen by its DOI", ids=PaperIds(doi="10.1/x"))
    assert mark_new(store, "q", filters, [by_doi]) == frozenset()  # baseline
    merged = by_doi.with_(ids=PaperIds(arxiv="2101.00001", doi="10.1/x"))
    fresh = Paper("A paper never seen", ids=PaperIds(arxiv="2101.00002"))
    assert mark_new(store, "  q ", filters, [merged, fresh]) == {fresh.key}
    assert search_key("q", filters) != search_key("q", SearchFilters(since=2020))


def test_a_paper_added_without_a_version_takes_arxiv_s_as_its_baseline():
    store = Store.open()
    store.create_topic("t")
    store.add(LISTED.with_(version=None))
    now = LISTED.with_(version=4)
    assert version_updates(store, "t", [now]) == []
    assert [u.label for u in version_updates(store, "t", [now.with_(version=5)])] == ["v4 → v5"]


def test_cli_news_is_quiet_when_nothing_is_new_and_lists_what_is(live, capsys):
    from tui import paths

    paths.ensure(paths.config_dir())
    paths.config_file().write_text("[cache]\nsearch_max_age_hours = 0\n")  # always ask
    world = World(live)
    store = Store.open()
    store.create_topic("attention", "read up")
    store.record_search("result paper", SearchFilters(source="s2").to_json())
    assert main(["news"]) == 0  # the baseline
    assert capsys.readouterr().out == ""
    world.s2 = results("a", "b", "\x1b[31mevil")
    assert main(["news", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    (topic,) = out["topics"]
    (search,) = topic["searches"]
    assert [p["title"] for p in search["new"]] == ["Result paper called \x1b[31mevil"]
    world.s2 = results("a", "b", "\x1b[31mevil", "e")
    assert main(["news"]) == 0
    text = capsys.readouterr().out
    assert "attention: 1 new" in text and "Result paper called e" in text and "\x1b" not in text
    assert main(["news"]) == 0
    assert capsys.readouterr().out == ""  # seen now

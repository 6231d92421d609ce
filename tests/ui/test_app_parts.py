"""Pieces of the app: literal outside text, the palette, help, filters, history, topics,
offline status, fast keys."""

from __future__ import annotations

from textual.widgets import Input, OptionList

from tests.ui.driving import main_screen, screen_text, search_for, settle
from tui.models import Author, Paper, PaperIds, SearchFilters
from tui.sources import SearchResult
from tui.store import Store
from tui.widgets.search_pane import SearchPane
from tui.widgets.shortlist_pane import ShortlistPane

EVIL = "[bold]Evil[/] [link=https://x.invalid]paper[/link] \x1b[31mred\x1b[0m \x1b]52;c;aGk=\x07"


async def test_markup_and_escapes_in_outside_text_are_shown_literally(app_factory) -> None:
    evil = Paper(
        title=EVIL,
        ids=PaperIds(arxiv="2301.00001"),
        authors=(Author("[i]Mallory[/i]\x1b[2J"),),
        abstract="[red]not red[/red]",
        sources=("arxiv",),
    )
    store = Store.open()
    store.create_topic("[b]topic[/b]", "purpose with [brackets] and \x1b[5m")
    app = app_factory([evil], store)
    async with app.run_test(size=(160, 48)) as pilot:
        await search_for(pilot, "evil")
        await pilot.press("a")
        await pilot.pause()
        app.screen.query_one(ShortlistPane).options.focus()
        await pilot.press("enter")
        await settle(pilot)
        shot = screen_text(app)
        # brackets are shown as typed; the escape character shows as ␛ and is never sent
        assert "[bold]Evil[/]" in shot
        assert "[b]topic[/b]" in shot
        assert "\x1b[31m" not in shot and "\x1b]52" not in shot
        assert "␛" in shot
        assert store.entries()[0].paper_key == "arxiv:2301.00001"


async def test_palette_help_and_filters(app_factory) -> None:
    store = Store.open()
    store.create_topic("t", "p")
    app = app_factory(store=store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("escape", "question_mark")
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"
        assert "eliminate the highlighted paper" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        # filters: since 2021, most cited
        await pilot.press("f")
        await pilot.pause()
        app.screen.query_one("#since", Input).value = "2021"
        app.screen.query_one("#sort").value = "citations"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen.filters == SearchFilters(since=2021, sort="citations")
        assert "since 2021, most cited" in app.screen.search.border_title
        # the command palette runs winnow's commands by name
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"help")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert type(app.screen).__name__ == "HelpScreen"


async def test_history_brings_back_an_earlier_search(app_factory) -> None:
    store = Store.open()
    store.create_topic("t", "p")
    app = app_factory(store=store)
    async with app.run_test(size=(120, 40)) as pilot:
        await search_for(pilot, "first query")
        await search_for(pilot, "second query")
        await pilot.press("escape", "h")
        await pilot.pause()
        options = app.screen.query_one("#choices", OptionList)
        assert options.option_count == 2
        await pilot.press("down", "enter")
        await settle(pilot)
        assert app.screen.query_text == "first query"
        assert app.screen.sources.calls[-1] == ("first query", 0)


async def test_paging_when_the_cursor_reaches_the_end(app_factory) -> None:
    store = Store.open()
    store.create_topic("t", "p")
    app = app_factory(store=store)  # 14 papers, 20 a page: one page
    from tests.ui.conftest import fake_papers

    app = app_factory(fake_papers(45), store)
    async with app.run_test(size=(120, 40)) as pilot:
        await search_for(pilot, "many")
        search = app.screen.query_one(SearchPane)
        assert len(search.papers) == 20
        search.results.highlighted = 19
        await settle(pilot)
        assert len(search.papers) == 40
        assert app.screen.sources.calls[-1] == ("many", 1)


async def test_topics_switch_and_the_purpose_stays_visible(app_factory) -> None:
    store = Store.open()
    store.create_topic("first", "purpose one")
    store.create_topic("second", "purpose two")
    app = app_factory(store=store)
    async with app.run_test(size=(120, 40)) as pilot:
        assert "purpose two" in screen_text(app)
        await pilot.press("escape", "t")
        await pilot.pause()
        await pilot.press("down", "enter")  # the first listed topic after "+ new topic…"
        await pilot.pause()
        assert store.current_topic().name == "first"
        assert "purpose one" in screen_text(app)


class OfflineSources:
    """Both services unreachable; an old cached answer shown with its age."""

    def __init__(self, paper: Paper) -> None:
        self.paper = paper

    async def search(self, query, filters, *, page=0, on_update=None):
        return SearchResult(
            query=query,
            filters=filters,
            papers=(self.paper,),
            status={"arxiv": "unreachable", "s2": "unreachable"},
            totals={"arxiv": 1, "s2": None},
            cached_at=1.0,
            messages=("arXiv: unreachable (no network?)",),
            page=page,
        )

    async def lookup(self, ref):
        return None


async def test_offline_shows_cached_results_with_their_age(app_factory) -> None:
    from tui.app import make_app

    paper = Paper(title="Cached paper", ids=PaperIds(arxiv="2001.00001"))
    store = Store.open()
    store.create_topic("t", "p")
    app = make_app(app_factory().config, store, sources=OfflineSources(paper))
    async with app.run_test(size=(120, 40)) as pilot:
        await search_for(pilot, "anything")
        shot = screen_text(app)
        assert "Cached paper" in shot
        assert "unreachable" in shot and "cached" in shot and "days ago" in shot
        assert "offline (cached)" in shot


async def test_fast_keys_act_on_what_is_highlighted_when_handled(app_factory) -> None:
    store = Store.open()
    store.create_topic("t", "p")
    app = app_factory(store=store)
    async with app.run_test(size=(120, 40)) as pilot:
        await search_for(pilot, "fast")
        await pilot.press("down", "down", "a", "down", "a")  # no pause between keys
        await pilot.pause()
        keys = [e.paper_key for e in store.entries()]
        assert keys == ["arxiv:2101.00002", "arxiv:2101.00003"]


def test_keymap_problems_are_reported() -> None:
    from tui.keys import keymap_problems

    assert list(keymap_problems({"quit": "x", "notreal": "z", "eliminate": "d"})) == [
        "config: [keymap] 'notreal' is not a command (see ? for the list)"
    ]
    assert list(keymap_problems({"quit": "x"})) == [
        "config: [keymap] quit takes x from eliminate: give eliminate another key"
    ]


async def test_an_unknown_theme_is_reported(app_factory) -> None:
    from dataclasses import replace

    app = app_factory()
    app.config = replace(app.config, theme="nope")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert any("unknown theme 'nope'" in n.message for n in app._notifications)
        assert app.theme == "textual-dark"


async def test_tab_into_a_note_and_type_keeps_the_answer(app_factory) -> None:
    store = Store.open()
    store.create_topic("t", "p")
    key = store.add_ref(__import__("tui.models").models.parse_ref("2101.00001")).paper_key
    store.set_notes(key, purpose="first answer", problem="second answer")
    app = app_factory(store=store)
    async with app.run_test(size=(120, 40)) as pilot:
        app.screen.shortlist.options.focus()
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*" more")  # typed at the end of the first answer
        await pilot.press("tab", *" too")  # and at the end of the second: nothing selected
        await pilot.press("escape")
        await pilot.pause()
    notes = store.entry(key).notes
    assert (notes.purpose, notes.problem) == ("first answer more", "second answer too")


async def test_u_on_an_eliminated_paper_brings_that_one_back(app_factory) -> None:
    from tui.models import parse_ref

    store = Store.open()
    store.create_topic("t", "p")
    keys = [store.add_ref(parse_ref(f"2101.0000{i}")).paper_key for i in range(3)]
    store.eliminate(keys[0], "first out")
    store.eliminate(keys[1], "second out")
    app = app_factory(store=store)
    async with app.run_test(size=(120, 40)) as pilot:
        shortlist = app.screen.shortlist
        shortlist.options.focus()
        shortlist.options.highlighted = shortlist.keys.index(None)
        await pilot.press("enter")  # open the eliminated group
        await pilot.pause()
        shortlist.options.highlighted = shortlist.keys.index(keys[0])
        await pilot.press("u")
        await pilot.pause()
        assert store.entry(keys[0]).active and not store.entry(keys[1]).active
        # adding an eliminated paper says so, with its reason
        with __import__("pytest").raises(Exception, match="was eliminated \\(second out\\)"):
            store.add_ref(parse_ref("2101.00001"))


async def test_switching_topics_clears_the_last_topics_results(app_factory) -> None:
    store = Store.open()
    store.create_topic("first", "one")
    app = app_factory(store=store)
    async with app.run_test(size=(120, 40)) as pilot:
        await search_for(pilot, "attention")
        assert app.screen.search.papers
        app.screen.switch_topic(lambda: store.create_topic("second", "two"))
        await pilot.pause()
        assert app.screen.search.papers == [] and app.screen.query_text == ""


async def test_a_burst_of_j_scrolls_every_line(app_factory) -> None:
    app = app_factory()
    store = app.store
    store.create_topic("t", "p")
    async with app.run_test(size=(90, 24)) as pilot:
        await search_for(pilot, "x")
        await pilot.press("enter")  # open the first result: it has the sample PDF (stage 1)
        await settle(pilot)
        body = app.screen.reader.body
        body.focus()
        before = body.scroll_y
        for _ in range(10):  # as a terminal delivers a burst: no wait between the keys
            app.simulate_key("j")
        await pilot.pause(0.5)
        assert body.max_scroll_y > 12, body.max_scroll_y
        assert body.scroll_y == before + 10


class LookupSources(OfflineSources):
    async def lookup(self, ref):
        return Paper(title="Attention Is All You Need", ids=PaperIds(arxiv=ref.value), year=2017)


async def test_ids_added_offline_get_their_metadata_when_a_source_answers(app_factory) -> None:
    from tui.app import make_app
    from tui.models import parse_ref

    store = Store.open()
    store.create_topic("t", "p")
    store.add_ref(parse_ref("1706.03762"))
    assert store.paper("arxiv:1706.03762").title == "arxiv:1706.03762"
    app = make_app(app_factory().config, store, sources=LookupSources(None))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert store.paper("arxiv:1706.03762").title == "Attention Is All You Need"
        assert "Attention Is All You Need" in screen_text(app)


def summarizing_app(app_factory):
    """An app whose summarize_command upper-cases the stage, on a topic."""
    from dataclasses import replace

    app = app_factory()
    app.config = replace(app.config, summarize_command="tr a-z A-Z")
    app.store.create_topic("t", "p")
    return app


async def open_first_result(pilot) -> None:
    await search_for(pilot, "x")
    await pilot.press("enter")
    await settle(pilot)


async def test_summarize_command_runs_on_the_stage_and_is_cached(app_factory) -> None:
    app = summarizing_app(app_factory)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first_result(pilot)
        app.screen.reader.body.focus()
        await pilot.press("s")
        await settle(pilot)
        await pilot.pause()
        assert type(app.screen).__name__ == "ShowText"
        assert "WINDOWED RECURRENT ATTENTION" in screen_text(app)
        reading = main_screen(app)
        key = f"arxiv:2101.00000|1|{reading._doc.sha256}"  # per paper, stage and text read
        hit = app.store.cache_get("summary", key)
        assert hit and "WINDOWED" in hit[0]


async def test_a_summary_of_page_one_alone_or_of_the_metadata_is_not_the_papers(
    app_factory,
) -> None:
    """Summarised while only page 1 was in (or before the PDF), the summary is shown but
    never stands in for the whole paper's later."""
    app = summarizing_app(app_factory)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first_result(pilot)
        reading = main_screen(app)
        paper, doc = reading.paper, reading._doc
        reading.summarize(paper, 1, doc, partial=True)
        await settle(pilot)
        assert app.store.cache_get("summary", f"{paper.key}|1|{doc.sha256}") is None
        app.pop_screen()
        reading.summarize(paper, 1, None)
        await settle(pilot)
        assert app.store.cache_get("summary", f"{paper.key}|1|metadata") is not None
        assert app.store.cache_get("summary", f"{paper.key}|1|{doc.sha256}") is None

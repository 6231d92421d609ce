"""The defects a new user met (issue 11): keys, the query box, clocks, the footer, the
reader's width, toasts. Each test drives the app with keys, as the user did."""

from __future__ import annotations

import asyncio
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st
from textual import events

from tests.ui.driving import screen_text, search_for, settle
from tui.keys import _INTRODUCERS, EscapeFirstParser
from tui.models import Paper, PaperIds, parse_ref
from tui.store import Store


def topic_store(**kwargs) -> Store:
    store = Store.open(**kwargs)
    store.create_topic("t", "p")
    return store


# ---------------------------------------------------------------- 4: j and k move in the lists


async def test_j_and_k_move_in_the_results_and_the_shortlist(app_factory) -> None:
    store = topic_store()
    for i in range(3):
        store.add_ref(parse_ref(f"2101.0000{i}"))
    app = app_factory(store=store)
    async with app.run_test(size=(120, 40)) as pilot:
        await search_for(pilot, "attention")
        results = app.screen.search.results
        assert results.has_focus and results.highlighted == 0
        await pilot.press("j", "j", "j", "k")
        assert results.highlighted == 2
        shortlist = app.screen.shortlist.options
        shortlist.focus()
        await pilot.pause()
        shortlist.highlighted = 0
        await pilot.press("j", "j", "k")
        assert shortlist.highlighted == 1


# ---------------------------------------------------------------- 5, 30, 21: the query box


async def test_tab_into_the_query_keeps_it_whole(app_factory) -> None:
    app = app_factory(store=topic_store())
    async with app.run_test(size=(120, 40)) as pilot:
        await search_for(pilot, "attention")  # the focus is in the results now
        await pilot.press("shift+tab")
        box = app.screen.query_one("#query")
        assert box.has_focus
        await pilot.press("a", "f")  # typed at the end, nothing selected to replace
        assert box.value == "attentionaf"


async def test_at_80x24_the_placeholder_fits_and_a_long_query_shows_its_start(
    app_factory,
) -> None:
    long_query = "sparse attention for very long scientific documents"
    app = app_factory(store=topic_store())
    async with app.run_test(size=(80, 24)) as pilot:
        box = app.screen.query_one("#query")
        await pilot.pause()
        assert len(box.placeholder) <= box.scrollable_content_region.width
        assert box.placeholder in screen_text(app)
        await search_for(pilot, long_query)  # Enter leaves the box for the results
        await pilot.pause()
        assert not box.has_focus and box.scroll_x == 0
        assert "sparse attention" in screen_text(app)
        await pilot.press("shift+tab", "x")  # back in: the cursor is at the end
        assert box.value == long_query + "x"


def parsed(text: str) -> list[events.Key]:
    """The keys winnow's terminal parser reads from ``text`` (and then the end of input)."""
    parser = EscapeFirstParser()
    tokens = [*parser.feed(text), *parser.feed("")]
    return [token for token in tokens if isinstance(token, events.Key)]


@given(st.characters(blacklist_categories=("Cs",), blacklist_characters=_INTRODUCERS))
def test_escape_then_any_key_is_read_as_the_two_keys(char: str) -> None:
    """Textual reads ESC a as Alt+a, ESC 1 as "¡", ESC f as ctrl+right, and drops the Escape
    of ESC ? — each of them the Escape key and a key typed within the escape delay."""
    keys = parsed("\x1b" + char)
    assert [k.key for k in keys[:1]] == ["escape"] and len(keys) == 2
    assert keys[1].character == char


def test_longer_sequences_still_parse_as_their_keys() -> None:
    keys = parsed("\x1b[A\x1b[1;5D\x1bOPa\x1b")
    assert [k.key for k in keys] == ["up", "ctrl+left", "f1", "a", "escape"]


async def test_escape_then_a_key_at_once_is_not_typed_into_the_query(app_factory) -> None:
    """Escape and a key within the escape delay (or through tmux): one write, ESC a."""
    app = app_factory(store=topic_store())
    async with app.run_test(size=(120, 40)) as pilot:
        await search_for(pilot, "attention")
        await pilot.press("shift+tab")
        box = app.screen.query_one("#query")
        assert box.has_focus
        for key in parsed("\x1ba"):
            app.post_message(key)
        await pilot.pause()
        await settle(pilot)
        assert box.value == "attention"
        assert app.screen.search.results.has_focus
        assert [e.paper_key for e in app.store.entries()] == ["arxiv:2101.00000"]  # a = add


async def test_keys_typed_right_behind_escape_follow_the_focus(app_factory) -> None:
    app = app_factory(store=topic_store())
    async with app.run_test(size=(120, 40)) as pilot:
        await search_for(pilot, "attention")
        await pilot.press("shift+tab")
        for key in ("escape", "j", "j", "a"):  # one burst, no wait between the keys
            app.simulate_key(key)
        await pilot.pause()
        await settle(pilot)
        assert app.screen.query_one("#query").value == "attention"
        assert [e.paper_key for e in app.store.entries()] == ["arxiv:2101.00002"]


# ---------------------------------------------------------------- 13: clocks need a text


class FakeClock:
    now = 1000.0

    @classmethod
    def monotonic(cls) -> float:
        return cls.now


async def test_no_time_is_kept_for_a_stage_with_nothing_to_show(
    app_factory, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tui.screens.main as main_screen

    monkeypatch.setattr(main_screen, "time", FakeClock)
    store = topic_store()
    # a kept paper with no PDF to be had: stage 2 says "PDF not available"
    nopdf = Paper(title="No PDF anywhere", ids=PaperIds(s2="abc123"), sources=("s2",))
    store.add(nopdf)
    store.open_stage(nopdf.key, 1)
    store.set_notes(nopdf.key, purpose="why")
    store.keep(nopdf.key)
    app = app_factory(store=store)
    async with app.run_test(size=(120, 40)) as pilot:
        app.screen.shortlist.options.focus()
        await pilot.press("enter")
        await settle(pilot)
        FakeClock.now += 30
        await pilot.press("2")
        await settle(pilot)
        assert "PDF not available" in screen_text(app)
        FakeClock.now += 12
        app.screen.flush_clock()
        await pilot.press("1")
        await settle(pilot)
        FakeClock.now += 5
        app.screen.flush_clock()
    seconds = store.entry(nopdf.key).seconds
    assert seconds.get("2", 0) == 0
    assert seconds["1"] == pytest.approx(35)


# ---------------------------------------------------------------- 18: the reader at full width


async def test_z_gives_the_reader_the_full_width_and_back(app_factory) -> None:
    app = app_factory(store=topic_store())
    async with app.run_test(size=(80, 24)) as pilot:
        await search_for(pilot, "attention")
        await pilot.press("enter")  # the first result has the sample PDF
        await settle(pilot)
        reader = app.screen.reader
        narrow = reader.region.width
        assert narrow < 60
        await pilot.press("z")
        await pilot.pause()
        assert reader.region.width == 80 and reader.body.has_focus
        assert not app.screen.query_one("#left").display
        await pilot.press("z")
        await pilot.pause()
        assert reader.region.width == narrow and app.screen.query_one("#left").display


# ---------------------------------------------------------------- 19, 25: what S1 3/3 means


async def test_the_shortlist_explains_its_marks_and_says_the_real_cap(app_factory) -> None:
    store = topic_store(cap=3)
    store.add_ref(parse_ref("2101.00001"))
    app = app_factory(store=store)
    app.config = replace(app.config, shortlist_cap=3)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        shot = screen_text(app)
        assert "S0 0/3" in shot and "S: stage · n/3: answers" in shot
        await pilot.press("escape", "question_mark")
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"
        body = " ".join(_plain(app))
    assert "At most 3 papers" in body and "at most ten" not in body.lower()
    assert "furthest stage opened" in body and "questions are answered" in body


def _plain(app):
    """The help's text, part by part."""
    from rich.text import Text

    screen = app.get_screen("help")
    for part in screen.body.renderables:
        if isinstance(part, Text):
            yield part.plain


# ---------------------------------------------------------------- 28: the footer fits


@pytest.mark.parametrize("width", [80, 100, 200])
async def test_the_footer_fits_and_always_has_help_and_quit(app_factory, width) -> None:
    store = topic_store()
    for i in range(3):
        store.add_ref(parse_ref(f"2101.0000{i}"))
    app = app_factory(store=store)
    async with app.run_test(size=(width, 30)) as pilot:

        def footer() -> str:
            return screen_text(app).splitlines()[-1]

        await search_for(pilot, "attention")  # results focused: a, and the paper keys
        seen = [footer()]
        await pilot.press("enter")
        await settle(pilot)
        seen.append(footer())  # a paper open: stage keys
        app.screen.shortlist.options.focus()
        await pilot.pause()
        seen.append(footer())
    for text in seen:
        assert len(text) <= width
        assert "? Help" in text and "q Quit" in text and "/ Search" in text
    assert any("a Add" in text for text in seen)
    if width >= 200:
        assert any("t Topic" in text and "^p Palette" in text for text in seen)


# ---------------------------------------------------------------- 29: no stray 0


async def test_no_count_in_the_search_status_before_any_search(app_factory) -> None:
    app = app_factory(store=topic_store())
    async with app.run_test(size=(80, 24)) as pilot:
        await search_for(pilot, "attention")
        app.screen.switch_topic(lambda: app.store.create_topic("second", "another"))
        await pilot.pause()
        status = app.screen.search.query_one("#search-status")
        assert str(status.content) == ""


# ---------------------------------------------------------------- 35: toasts stay clear


async def test_toasts_cover_neither_the_status_line_nor_the_readers_last_lines(
    app_factory,
) -> None:
    from textual.widgets._toast import Toast

    from tui.widgets.status_line import StatusLine

    app = app_factory(store=topic_store())
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await search_for(pilot, "attention")
        await pilot.press("enter")
        await settle(pilot)
        app.notify("added: a paper with a title long enough to wrap onto a second line")
        app.notify("a second message")
        await pilot.pause(0.3)
        toasts = list(app.screen.query(Toast))
        assert len(toasts) == 2
        status = app.screen.query_one(StatusLine).region
        body = app.screen.reader.body.region
        last_lines = body._replace(y=body.bottom - 5, height=5)
        for toast in toasts:
            assert not toast.region.overlaps(status)
            assert not toast.region.overlaps(last_lines)
            assert toast.region.height <= 5


async def test_the_demo_toast_is_short_and_short_lived(monkeypatch) -> None:
    from tui import config as config_module
    from tui.app import make_app
    from tui.demo import prepare_demo

    config = replace(config_module.load(), image_renderer="none")
    app = make_app(config, prepare_demo(config), demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        demo = [n for n in app._notifications if "demo" in n.message.lower()]
        assert len(demo) == 1
        assert demo[0].timeout <= 5 and len(demo[0].message) <= 46  # one line at 80x24


# ---------------------------------------------------------------- 12: the API clients off the loop


async def test_the_search_service_is_built_off_the_event_loop(monkeypatch) -> None:
    """Its imports (arXiv, httpx, S2) take 0.3-2 s: never on the thread that handles keys."""
    import threading

    from tui import config as config_module
    from tui.app import LazySources
    from tui.sources import search as search_module

    built_on: list[threading.Thread] = []

    class Service:
        async def search(self, query, filters, **kwargs):
            return query

    def from_config(*args):
        built_on.append(threading.current_thread())
        return Service()

    monkeypatch.setattr(search_module.SearchService, "from_config", staticmethod(from_config))
    sources = LazySources(config_module.load(), Store.open())
    results = await asyncio.gather(*(sources.search(f"q{i}", None) for i in range(3)))
    assert results == ["q0", "q1", "q2"]
    assert len(built_on) == 1 and built_on[0] is not threading.main_thread()

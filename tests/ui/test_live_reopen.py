"""Quit and reopen brings the user back where they left (11.15): the topic's last search
(query, filters, results, the highlighted one), the open paper at its stage and line; and
Enter on a paper read at stage 4 opens stage 4."""

from __future__ import annotations

from pathlib import Path

from tests.ui.conftest import fake_papers
from tests.ui.driving import settle
from tui.models import SearchFilters
from tui.store import Store


def read_phase_store(pdf: Path) -> tuple[Store, str, str]:
    """Two papers kept, the cut done (READ): stages 2-4 open."""
    store = Store.open()
    store.create_topic("t", "p")
    keys = []
    for paper in fake_papers(2, pdf):
        key = store.add(paper).paper_key
        store.open_stage(key, 1)
        store.set_notes(key, purpose="why")
        store.keep(key)
        keys.append(key)
    return store, keys[0], keys[1]


async def until_line(pilot, reader, line: int) -> None:
    for _ in range(100):
        if reader.is_ready and reader.current_line == line:
            return
        await pilot.pause(0.02)
    raise AssertionError(f"the reader is at line {reader.current_line}, not {line}")


async def test_quit_and_reopen_brings_back_the_search_the_paper_its_stage_and_line(
    app_factory, sample_pdf: Path
) -> None:
    store, with_pdf, _ = read_phase_store(sample_pdf)
    app = app_factory(store=store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        screen.filters = SearchFilters(since=2018)
        screen.search.focus_query()
        screen.search.set_query("sparse attention")
        await pilot.press("enter")
        await settle(pilot)
        screen.search.results.highlighted = 5
        await settle(pilot)
        screen.shortlist.options.focus()
        screen.shortlist.options.highlighted = screen.shortlist.keys.index(with_pdf)
        await pilot.press("enter", "4")
        await settle(pilot)
        assert screen.reader.current_stage == 4
        assert screen.reader.body.max_scroll_y > 30
        screen.reader.body.scroll_to(y=30, animate=False, immediate=True)
        await pilot.pause(1.3)  # the position settles (1 s of stillness)
        await settle(pilot)

    again = Store.open()
    app = app_factory(store=again)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert screen.search.query_one("#query").value == "sparse attention"
        assert screen.filters == SearchFilters(since=2018)
        assert len(screen.search.papers) == 14  # the results, again
        assert screen.search.results.highlighted == 5
        assert screen.paper is not None and screen.paper.key == with_pdf
        assert screen.reader.current_stage == 4
        await until_line(pilot, screen.reader, 30)
        assert screen.shortlist.options.has_focus  # where the focus was


async def test_enter_opens_a_paper_at_the_stage_it_was_read_at(
    app_factory, sample_pdf: Path
) -> None:
    store, with_pdf, other = read_phase_store(sample_pdf)
    app = app_factory(store=store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        shortlist = app.screen.shortlist
        shortlist.options.focus()
        shortlist.options.highlighted = shortlist.keys.index(with_pdf)
        await pilot.press("enter", "4")
        await settle(pilot)
        assert app.screen.reader.current_stage == 4
        shortlist.options.highlighted = shortlist.keys.index(other)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.reader.current_stage == 1
        shortlist.options.highlighted = shortlist.keys.index(with_pdf)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.reader.current_stage == 4  # where it was read, not stage 1

    app = app_factory(store=Store.open())  # and after a restart too
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        shortlist = app.screen.shortlist
        shortlist.options.focus()
        shortlist.options.highlighted = shortlist.keys.index(with_pdf)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.reader.current_stage == 4


async def test_a_paper_off_the_list_comes_back_too(app_factory) -> None:
    store = Store.open()
    store.create_topic("t", "p")
    app = app_factory(store=store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.screen.search.focus_query()
        app.screen.search.set_query("attention")
        await pilot.press("enter")
        await settle(pilot)
        app.screen.search.results.highlighted = 2
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.paper.key == "arxiv:2101.00002"
    app = app_factory(store=Store.open())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.screen.paper is not None and app.screen.paper.title.startswith("Paper 02")

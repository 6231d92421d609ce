"""The shortlist's actions never surprise: after x the highlight goes to the next candidate
(11.2), a kept paper is eliminated only after a yes, u says what it undoes and asks when it
changes the phase (10.5, 11.16), a fourth K says that the cut is to three (11.22)."""

from __future__ import annotations

from tests.ui.conftest import fake_papers
from tests.ui.driving import settle
from tests.ui.test_triage_flow import type_text
from tui.models import Phase, Status, phase_of
from tui.store import Store


def store_with(kept: int, candidates: int) -> tuple[Store, list[str]]:
    """Papers skimmed (stage 1 and an answer): ``kept`` kept, then ``candidates``."""
    store = Store.open()
    store.create_topic("t", "p")
    keys = []
    for i, paper in enumerate(fake_papers(kept + candidates)):
        key = store.add(paper).paper_key
        store.open_stage(key, 1)
        store.set_notes(key, purpose="why")
        if i < kept:
            store.keep(key)
        keys.append(key)
    return store, keys


async def eliminate(pilot, reason: str) -> None:
    await pilot.press("x")
    await settle(pilot)
    await type_text(pilot, reason)
    await pilot.press("enter")
    await settle(pilot)


def messages(app) -> list[str]:
    return [n.message for n in app._notifications]


async def test_after_x_the_highlight_moves_to_the_next_candidate(app_factory) -> None:
    store, keys = store_with(kept=2, candidates=4)
    app = app_factory(store=store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        shortlist = app.screen.shortlist
        shortlist.options.focus()
        shortlist.options.highlighted = shortlist.keys.index(keys[3])
        await eliminate(pilot, "weaker baseline")
        assert store.entry(keys[3]).status is Status.ELIMINATED
        assert shortlist.highlighted_key() == keys[4]  # the next candidate, not row 1
        await eliminate(pilot, "no code")
        assert shortlist.highlighted_key() == keys[5]
        await eliminate(pilot, "old data")  # the last row: the candidate before it
        assert shortlist.highlighted_key() == keys[2]
        assert [store.entry(k).status for k in keys[:2]] == [Status.KEPT, Status.KEPT]


async def test_the_highlight_also_moves_on_when_another_window_eliminates(app_factory) -> None:
    store, keys = store_with(kept=1, candidates=3)
    app = app_factory(store=store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        shortlist = app.screen.shortlist
        shortlist.options.focus()
        shortlist.options.highlighted = shortlist.keys.index(keys[2])
        Store.open().eliminate(keys[2], "elsewhere")
        for _ in range(100):
            await pilot.pause(0.02)
            if app.screen.view.entry(keys[2]).status is Status.ELIMINATED:
                break
        assert shortlist.highlighted_key() == keys[3]


async def test_a_kept_paper_is_eliminated_only_after_a_yes(app_factory) -> None:
    store, keys = store_with(kept=1, candidates=1)
    app = app_factory(store=store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.screen.shortlist.options.focus()
        app.screen.shortlist.options.highlighted = 0  # the kept paper
        await pilot.press("x")
        await settle(pilot)
        assert type(app.screen).__name__ == "Confirm"
        await pilot.press("enter", "n")  # a stray Enter is not a yes
        await settle(pilot)
        assert type(app.screen).__name__ == "MainScreen"
        assert store.entry(keys[0]).status is Status.KEPT
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert type(app.screen).__name__ == "AskLine"
        await type_text(pilot, "changed my mind")
        await pilot.press("enter")
        await settle(pilot)
        assert store.entry(keys[0]).status is Status.ELIMINATED


async def test_u_names_the_paper_and_asks_before_it_leaves_read(app_factory) -> None:
    store, keys = store_with(kept=2, candidates=2)
    app = app_factory(store=store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        shortlist = app.screen.shortlist
        shortlist.options.focus()
        shortlist.options.highlighted = shortlist.keys.index(keys[2])
        await eliminate(pilot, "first out")
        # u with the phase unchanged (CUT): done at once, the toast names the paper
        await pilot.press("u")
        await settle(pilot)
        assert store.entry(keys[2]).active
        assert any("back on the list" in m and "Paper 02" in m for m in messages(app))
        shortlist.options.highlighted = shortlist.keys.index(keys[2])
        await eliminate(pilot, "first out")
        shortlist.options.highlighted = shortlist.keys.index(keys[3])
        await eliminate(pilot, "second out")
        assert phase_of(store.entries(), 10) is Phase.READ
        # u now would lock stages 2-4 again: it says so, and asks
        shortlist.options.highlighted = 0
        await pilot.press("u")
        await settle(pilot)
        assert type(app.screen).__name__ == "Confirm"
        question = str(app.screen.question)
        assert "Paper 03" in question and "READ to CUT" in question and "lock again" in question
        await pilot.press("escape")
        await settle(pilot)
        assert not store.entry(keys[3]).active and phase_of(store.entries(), 10) is Phase.READ
        await pilot.press("u")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert store.entry(keys[3]).active  # this window's last elimination
        assert not store.entry(keys[2]).active


async def test_a_fourth_keep_says_the_cut_is_to_three(app_factory) -> None:
    store, keys = store_with(kept=3, candidates=1)
    app = app_factory(store=store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        shortlist = app.screen.shortlist
        shortlist.options.focus()
        shortlist.options.highlighted = shortlist.keys.index(keys[3])
        await pilot.press("K")
        await settle(pilot)
        assert store.entry(keys[3]).status is Status.KEPT  # taken: a researcher may cut later
        assert any("4 kept" in m and "the cut is to 3" in m for m in messages(app))


async def test_the_last_keep_says_the_cut_is_done(app_factory) -> None:
    store, keys = store_with(kept=1, candidates=1)
    app = app_factory(store=store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        shortlist = app.screen.shortlist
        shortlist.options.focus()
        shortlist.options.highlighted = shortlist.keys.index(keys[1])
        await pilot.press("K")
        await settle(pilot)
        assert any("the cut is done" in m for m in messages(app))

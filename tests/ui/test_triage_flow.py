"""The whole path, keys only: search → add 10 → the eleventh refused → skim → cut to 3 →
stages 2–4 open → notes → quit and reopen with everything as it was."""

from __future__ import annotations

from tests.ui.driving import settle
from tui.models import Phase, Status, phase_of
from tui.store import Store
from tui.widgets.reader_pane import ReaderPane
from tui.widgets.search_pane import SearchPane
from tui.widgets.shortlist_pane import ShortlistPane


async def type_text(pilot, text: str) -> None:
    await pilot.press(*[c if c != " " else "space" for c in text])


async def test_search_shortlist_cut_and_read(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        store: Store = app.store
        # a topic, created from the keyboard
        await pilot.press("escape")  # leave the search input
        await pilot.press("t")
        await pilot.press("enter")  # "+ new topic…"
        await type_text(pilot, "sparse attention")
        await pilot.press("enter")
        await type_text(pilot, "pick one for long documents")
        await pilot.press("enter")
        await pilot.pause()
        assert store.current_topic().purpose == "pick one for long documents"

        # search
        await pilot.press("slash")
        await type_text(pilot, "attention")
        await pilot.press("enter")
        await settle(pilot)
        search = app.screen.query_one(SearchPane)
        assert len(search.papers) == 14

        # add ten, fast keys: Down and a, the action reads the highlight at key time
        for _ in range(10):
            await pilot.press("a", "down")
        await pilot.pause()
        assert store.active_count() == 10
        await pilot.press("a")  # the eleventh
        await pilot.pause()
        assert store.active_count() == 10
        assert any("eliminate one first" in n.message for n in app._notifications)

        # skim: open each paper's stage 1 and answer one question
        shortlist = app.screen.query_one(ShortlistPane)
        shortlist.options.focus()
        for i in range(10):
            shortlist.options.highlighted = i
            await pilot.press("enter")
            await settle(pilot)
            await pilot.press("n")
            await pilot.pause()
            await type_text(pilot, f"purpose {i}")
            await pilot.press("escape")
            await pilot.pause()
        entries = store.entries()
        assert all(e.stage >= 1 and e.notes.purpose for e in entries), entries
        assert phase_of(entries, 10) is Phase.CUT

        # stage 2 is locked before the cut, with a message saying why
        shortlist.options.highlighted = 0
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("2")
        await pilot.pause()
        assert app.screen.query_one(ReaderPane).current_stage == 1
        assert any("opens after the cut" in n.message for n in app._notifications)

        # the cut: keep three, eliminate seven with reasons
        for _ in range(3):
            shortlist.options.focus()
            await pilot.press("K", "down")
        await pilot.pause()
        for i in range(7):
            keys = shortlist.keys
            first = next(
                n for n, k in enumerate(keys) if k and store.entry(k).status is Status.CANDIDATE
            )
            shortlist.options.highlighted = first
            await pilot.press("x")
            await pilot.pause()
            await type_text(pilot, f"weaker baseline {i}")
            await pilot.press("enter")
            await pilot.pause()
        entries = store.entries()
        assert sum(e.status is Status.KEPT for e in entries) == 3
        assert sum(e.status is Status.ELIMINATED for e in entries) == 7
        assert phase_of(entries, 10) is Phase.READ

        # undo brings the last one back (it leaves READ: asked first), and it goes again
        await pilot.press("u")
        await settle(pilot)
        assert type(app.screen).__name__ == "Confirm"
        await pilot.press("y")
        await settle(pilot)
        assert sum(e.status is Status.ELIMINATED for e in store.entries()) == 6
        candidate = next(e.paper_key for e in store.entries() if e.status is Status.CANDIDATE)
        store.eliminate(candidate, "weaker baseline 6")
        app.screen.refresh_state()

        # stages 2-4 open for a kept paper: the one with the sample PDF
        kept = [e.paper_key for e in store.entries() if e.status is Status.KEPT]
        assert "arxiv:2101.00000" in kept
        shortlist.options.highlighted = shortlist.keys.index("arxiv:2101.00000")
        shortlist.options.focus()
        await pilot.press("enter")
        await settle(pilot)
        reader = app.screen.query_one(ReaderPane)
        for stage in ("2", "3", "4"):
            await pilot.press(stage)
            await settle(pilot)
            assert reader.current_stage == int(stage)
        assert store.entry("arxiv:2101.00000").stage == 4
        await pilot.press("right_square_bracket")
        await pilot.pause()

        # notes on the open paper
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("tab")
        await type_text(pilot, "quadratic cost")
        await pilot.press("escape")
        await pilot.pause()
        assert store.entry("arxiv:2101.00000").notes.problem == "quadratic cost"
        await pilot.press("q")

    # reopen: everything as it was
    again = Store.open()
    assert again.current_topic().name == "sparse attention"
    entries = again.entries()
    assert len(entries) == 10
    assert sum(e.status is Status.KEPT for e in entries) == 3
    reasons = sorted(e.reason for e in entries if e.status is Status.ELIMINATED)
    assert reasons == sorted(f"weaker baseline {i}" for i in range(7))
    assert again.entry("arxiv:2101.00000").notes.purpose.startswith("purpose")
    assert again.entry("arxiv:2101.00000").seconds  # time was kept
    assert again.searches()[0]["query"] == "attention"
    app2 = app_factory(store=again)
    async with app2.run_test(size=(120, 40)) as pilot:
        shortlist = app2.screen.query_one(ShortlistPane)
        assert shortlist.border_title.startswith("Shortlist  3/10")

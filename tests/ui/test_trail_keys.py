"""Snowballing with keys (issue 13.1): r, c and R open listings in the search pane as hops
of a trail; Backspace walks back, restoring each list and its cursor without a request;
a adds from any hop, and the cap still refuses."""

from __future__ import annotations

from tests.ui.driving import screen_text, search_for, settle
from tests.ui.trail_fakes import keys_of, trail_app
from tui.models import Status
from tui.store import Store


async def test_three_hops_and_back_each_list_and_cursor_restored_without_a_request() -> None:
    app, s2 = trail_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await search_for(pilot, "sparse")
        search = app.screen.search
        papers = list(search.papers)
        shown = [keys_of(search)]
        search.results.highlighted = 3
        await pilot.press("c")  # who cites paper 03: papers 02, 01, 00
        await settle(pilot)
        assert keys_of(search) == [papers[i].key for i in (2, 1, 0)]
        assert "cited by › Paper 03 on sparse attention" in str(search.border_title)
        assert search.results.has_focus and search.results.highlighted == 0
        shown.append(keys_of(search))
        search.results.highlighted = 1
        await pilot.press("r")  # what paper 01 cites: 02 … 07
        await settle(pilot)
        assert keys_of(search) == [p.key for p in papers[2:8]]
        shown.append(keys_of(search))
        search.results.highlighted = 4  # paper 06
        await pilot.press("c")
        await settle(pilot)
        assert keys_of(search) == [papers[i].key for i in (5, 4, 3, 2, 1, 0)]
        assert search.trail.depth == 4
        asked = list(s2.calls)
        assert [c[:2] for c in asked] == [
            ("citations", "2101.00003"),
            ("references", "2101.00001"),
            ("citations", "2101.00006"),
        ]

        for expected, cursor in ((shown[2], 4), (shown[1], 1), (shown[0], 3)):
            await pilot.press("backspace")
            await settle(pilot)
            assert keys_of(search) == expected
            assert search.results.highlighted == cursor
        assert s2.calls == asked  # going back asked S2 nothing
        assert str(search.border_title) == "Search"
        assert not search.can_go_back
        await pilot.press("backspace")  # nowhere further back: nothing happens
        assert keys_of(search) == shown[0]


async def test_a_adds_from_a_trail_and_the_cap_refuses_past_it() -> None:
    store = Store.open(cap=2)
    store.create_topic("capped", "two at most")
    app, _ = trail_app(store=store)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await search_for(pilot, "sparse")
        search = app.screen.search
        await pilot.press("r")  # what paper 00 cites
        await settle(pilot)
        first, second, third = search.papers[:3]
        await pilot.press("a")
        await pilot.press("j", "a")
        await settle(pilot)
        assert [e.paper_key for e in store.entries()] == [first.key, second.key]
        assert search.results.get_option_at_index(0).prompt.plain.startswith("● ")
        await pilot.press("j", "a")  # the third: past the cap
        await settle(pilot)
        assert [e.paper_key for e in store.entries()] == [first.key, second.key]
        assert third.key not in {e.paper_key for e in store.entries()}
        assert "eliminate one first" in screen_text(app)


async def test_r_and_c_follow_the_shortlist_entry_or_the_paper_in_the_reader() -> None:
    app, s2 = trail_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await search_for(pilot, "sparse")
        search = app.screen.search
        search.results.highlighted = 5
        await pilot.press("a")
        await settle(pilot)
        shortlist = app.screen.shortlist
        shortlist.options.focus()
        shortlist.options.highlighted = 0
        await pilot.press("r")  # the shortlist entry, paper 05
        await settle(pilot)
        assert s2.calls[-1][:2] == ("references", "2101.00005")
        assert search.results.has_focus  # the listing is where the keys go now
        await pilot.press("backspace")
        await settle(pilot)
        search.results.highlighted = 9
        await pilot.press("enter")  # paper 09 in the reader
        await settle(pilot)
        app.screen.reader.body.focus()
        await pilot.pause()
        await pilot.press("c")  # the paper in the reader
        await settle(pilot)
        assert s2.calls[-1][:2] == ("citations", "2101.00009")
        assert "cited by › Paper 09" in str(search.border_title)


async def test_recommendations_from_the_list_marked_with_why_a_paper_was_eliminated() -> None:
    app, s2 = trail_app()
    store = app.store
    async with app.run_test(size=(120, 40)) as pilot:
        await search_for(pilot, "sparse")
        papers = app.screen.search.papers
        for paper in papers[:3]:
            store.add(paper)
        store.eliminate(papers[2].key, "only [b]MNIST[/b]\x1b[31m")
        app.screen.refresh_state()
        s2.recommended = [papers[5], papers[2], papers[0], papers[7]]
        await pilot.press("R")
        await settle(pilot)
        assert s2.seeds == (["2101.00000", "2101.00001"], ["2101.00002"])
        search = app.screen.search
        assert search.current.kind == "recommendations"
        assert keys_of(search) == [p.key for p in s2.recommended]
        prompts = [search.results.get_option_at_index(i).prompt.plain for i in range(4)]
        assert prompts[1].startswith("✗ ") and "eliminated: only [b]MNIST[/b]␛[31m" in prompts[1]
        assert prompts[2].startswith("● ") and not prompts[0].startswith(("●", "✗"))
        assert "recommended for “snowball”" in str(search.border_title)
        # R again refreshes the hop rather than stacking another
        await pilot.press("R")
        await settle(pilot)
        assert search.trail.depth == 2


async def test_recommendations_need_a_paper_on_the_list_and_say_when_s2_has_none() -> None:
    app, s2 = trail_app()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await search_for(pilot, "sparse")
        await pilot.press("R")  # nothing on the list yet
        await settle(pilot)
        assert "recommendations need at least one kept or candidate paper" in screen_text(app)
        assert app.screen.search.trail.depth == 1 and not s2.calls
        app.store.add(app.screen.search.papers[0])
        app.screen.refresh_state()
        s2.recommended = []
        await pilot.press("R")
        await settle(pilot)
        assert app.screen.search.current.kind == "recommendations"
        assert "S2 has no recommendations for this list" in screen_text(app)


async def test_listed_papers_marked_in_a_listing_by_any_of_their_ids() -> None:
    app, _ = trail_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await search_for(pilot, "sparse")
        search = app.screen.search
        target = search.papers[3]
        # on the list by its DOI only: the listing's row (an arXiv id) is still that paper
        from tui.models import PaperIds

        app.store.add(target.with_(ids=PaperIds(arxiv=target.ids.arxiv, doi="10.1/x")))
        app.store.eliminate(app.store.entries()[0].paper_key, "too narrow")
        app.screen.refresh_state()
        await pilot.press("r")  # paper 00 cites 01 … 06
        await settle(pilot)
        prompt = search.results.get_option_at_index(2).prompt.plain
        assert prompt.startswith("✗ ") and "eliminated: too narrow" in prompt
        assert app.store.entries()[0].status is Status.ELIMINATED


def test_slash_and_a_query_in_one_write_go_into_the_box_not_to_r_and_a() -> None:
    """``/rope`` typed fast (tmux, a paste): the r must not open references, nor a add."""
    import os
    import sys

    from tests.ui.pty_harness import PtyApp

    env = {**os.environ, "TERM": "xterm-256color"}
    with PtyApp([sys.executable, "-m", "tui", "--demo"], env, size=(80, 24)) as app:
        app.wait_for("9 of 9", 20)  # the demo's search is in
        app.write(b"/")
        app.drain(0.3)
        app.write(b"\x1b")  # out of the box, into the results
        app.drain(0.5)
        since = len(app.output)
        app.write(b"/rope")
        app.wait_for("rope", 15, since)
        app.drain(0.5)
        assert "references of" not in app.text(since)

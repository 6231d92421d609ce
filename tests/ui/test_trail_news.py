"""What is new since the last look (issue 13.4) and pages merged into what is shown (11.9),
in the app: a saved search's rows not seen before carry ``new``; a listed arXiv paper with a
newer version is flagged ``v3 → v5``; the next page merges into the rows shown and the
cursor stays where it was."""

from __future__ import annotations

from tests.ui.driving import screen_text, search_for, settle
from tests.ui.trail_fakes import trail_app
from tui.models import Author, Paper, PaperIds


def prompts(search) -> list[str]:
    results = search.results
    return [results.get_option_at_index(i).prompt.plain for i in range(results.option_count)]


async def test_a_second_look_marks_only_the_papers_not_seen_before() -> None:
    app, _ = trail_app()
    sources = app.sources
    async with app.run_test(size=(120, 40)) as pilot:
        await search_for(pilot, "sparse")
        search = app.screen.search
        assert not any("new " in p.split("\n")[0] for p in prompts(search))  # the baseline
        fresh = [
            Paper(f"Fresh paper {n} on sparse attention", ids=PaperIds(arxiv=f"2405.0000{n}"))
            for n in range(2)
        ]
        sources.papers = [fresh[0], *sources.papers[:5], fresh[1], *sources.papers[5:]]
        await search_for(pilot, "sparse")
        new = [p for p in prompts(search) if p.startswith("new ")]
        assert [p.split("\n")[0] for p in new] == [f"new {f.title}" for f in fresh]
        assert search.new_keys == {f.key for f in fresh}
        # the same search again: nothing is new any more
        await search_for(pilot, "sparse")
        assert not any(p.startswith("new ") for p in prompts(search))
        # another search is another saved search, with its own baseline
        await search_for(pilot, "sparse windows")
        assert not any(p.startswith("new ") for p in prompts(search))


async def test_a_listed_arxiv_paper_with_a_newer_version_is_flagged() -> None:
    app, _ = trail_app()
    sources = app.sources
    old = sources.papers[2].with_(version=3)
    app.store.add(old)
    sources.papers[2] = old.with_(version=5, authors=(Author("A. Author"),))
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await search_for(pilot, "sparse")
        search = app.screen.search
        row = prompts(search)[2]
        assert row.startswith("● ") and "v3 → v5" in row
        assert "newer on arXiv" in screen_text(app) and "v3 → v5" in screen_text(app)
        assert "v3 → v5" not in prompts(search)[1]
        await pilot.press("c")  # in a trail too
        await settle(pilot)
        await pilot.press("backspace")
        await settle(pilot)
        assert "v3 → v5" in prompts(search)[2]


async def test_the_next_page_merges_into_the_rows_shown_and_the_cursor_stays() -> None:
    papers = [
        Paper(
            f"Paper {i:02d} on sparse attention",
            ids=PaperIds(arxiv=f"2101.{i:05d}"),
            sources=("arxiv",),
        )
        for i in range(40)
    ]
    # page 2 (rows 20-39) brings S2's record of paper 03: the same paper, with its count
    papers[25] = Paper(
        "Paper 03 on Sparse Attention",
        ids=PaperIds(arxiv="2101.00003", s2="s2-3"),
        citations=999,
        sources=("s2",),
    )
    app, _ = trail_app(papers)
    async with app.run_test(size=(120, 40)) as pilot:
        await search_for(pilot, "sparse")
        search = app.screen.search
        assert len(search.papers) == 20
        search.results.highlighted = 19  # the end: the next page comes
        await settle(pilot)
        assert app.sources.calls[-1] == ("sparse", 1)
        assert len(search.papers) == 39  # one row per paper
        assert search.papers[3].citations == 999 and search.papers[3].sources == ("arxiv", "s2")
        assert "999 cit" in prompts(search)[3]
        assert search.results.highlighted == 19
        assert search.highlighted_paper().title == "Paper 19 on sparse attention"
        assert [p.title for p in search.papers[:20]] == [p.title for p in papers[:20]]

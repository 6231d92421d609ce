"""Topics from the keyboard (11.20): a taken name refused before the purpose is asked; the
list marks the open topic with each topic's phase and count; rename; delete asks (and says
when it is the open topic); after a switch the focus is where typing makes sense."""

from __future__ import annotations

from pathlib import Path

from tests.ui.conftest import fake_papers
from tests.ui.driving import screen_text, settle
from tests.ui.test_triage_flow import type_text
from tui.store import Store


def two_topics() -> Store:
    store = Store.open()
    store.create_topic("graphs", "pick a GNN")
    for paper in fake_papers(2):
        store.add(paper)
    store.create_topic("attention", "long documents")
    store.add(fake_papers(3)[2])
    return store


async def test_a_taken_name_is_refused_before_the_purpose_is_asked(app_factory) -> None:
    store = two_topics()
    app = app_factory(store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("escape", "t")
        await settle(pilot)
        await pilot.press("n")  # a new topic
        await settle(pilot)
        await type_text(pilot, "graphs")
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "AskLine"
        assert "exists already" in screen_text(app)
        assert "purpose" not in str(app.screen.question)  # still asking for the name
        await pilot.press(*["backspace"] * 6)
        await type_text(pilot, "vision")
        await pilot.press("enter")
        await settle(pilot)
        assert "purpose" in str(app.screen.question)
        await type_text(pilot, "pick a backbone")
        await pilot.press("enter")
        await settle(pilot)
        assert store.current_topic().name == "vision"
        # the focus is in the query: what is typed next is a query, never a command
        await type_text(pilot, "vit")
        await settle(pilot)
        assert app.screen.search.query_one("#query").value == "vit"
        assert not list(Path.cwd().glob("winnow-*"))  # no export written by an "e"


async def test_the_list_marks_the_open_topic_with_phase_and_count(app_factory) -> None:
    store = two_topics()
    app = app_factory(store=store)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("escape", "t")
        await settle(pilot)
        shot = screen_text(app)
        assert "● attention  COLLECT · 1 on list" in shot
        assert "graphs  COLLECT · 2 on list — pick a GNN" in shot
        assert "● graphs" not in shot


async def test_rename_and_delete_from_the_topics_dialog(app_factory) -> None:
    store = two_topics()
    app = app_factory(store=store)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("escape", "t")
        await settle(pilot)
        await pilot.press("down", "r")  # graphs (the first topic), rename
        await settle(pilot)
        await pilot.press(*["backspace"] * 6)
        await type_text(pilot, "attention")  # taken: refused in the dialog
        await pilot.press("enter")
        await settle(pilot)
        assert "exists already" in screen_text(app)
        await pilot.press(*["backspace"] * 9)
        await type_text(pilot, "gnns")
        await pilot.press("enter")
        await settle(pilot)
        assert [t.name for t in store.topics()] == ["gnns", "attention"]
        assert len(store.entries("gnns")) == 2  # the list went with the name
        # delete the open topic: asked, and said that it is the open one
        await pilot.press("t")
        await settle(pilot)
        await pilot.press("down", "down", "d")
        await settle(pilot)
        assert type(app.screen).__name__ == "Confirm"
        assert "the open topic “attention”" in str(app.screen.question)
        await pilot.press("n")
        await settle(pilot)
        assert store.topic("attention") is not None
        await pilot.press("t")
        await settle(pilot)
        await pilot.press("down", "down", "d")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert store.topic("attention") is None and store.current_topic() is None
        assert "No topic open" in screen_text(app)
        assert app.screen.search.results.has_focus  # t is a key here, not a letter typed


async def test_opening_another_topic_brings_its_list_and_clears_the_last_search(
    app_factory,
) -> None:
    store = two_topics()
    app = app_factory(store=store)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("escape", "t")
        await settle(pilot)
        await pilot.press("down", "enter")  # graphs
        await settle(pilot)
        assert store.current_topic().name == "graphs"
        assert app.screen.shortlist.border_title.startswith("Shortlist  2/")
        assert app.screen.shortlist.options.has_focus
        assert app.screen.search.papers == []


async def test_the_delete_question_is_whole_at_80x24(app_factory) -> None:
    store = two_topics()
    app = app_factory(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("escape", "t")
        await settle(pilot)
        await pilot.press("down", "down", "d")
        await settle(pilot)
        assert type(app.screen).__name__ == "Confirm"
        shown = screen_text(app)
        assert "good?" in shown  # the question wraps in the dialog, never cut at its edge

"""Windows that see each other (issue 10): two TUIs on one home (two Pilot apps in one
test) and the command line. A change in any one shows in the others within a second,
with no key pressed there; a note edited in two places keeps both texts; ``u`` undoes the
window's own elimination only; the cap holds when two windows add at once; a refused
action redraws the truth."""

from __future__ import annotations

import asyncio
import sys
import time

from tests.ui.conftest import fake_papers
from tests.ui.driving import screen_text, search_for, settle
from tests.ui.test_triage_flow import type_text
from tui.models import Status
from tui.store import Store
from tui.widgets.notes_panel import NotesPanel

LIVE = 1.0  # seconds within which another window's change must show


def skimmed_store(count: int = 4) -> tuple[Store, list[str]]:
    store = Store.open()
    store.create_topic("t", "p")
    keys = []
    for paper in fake_papers(count):
        key = store.add(paper).paper_key
        store.open_stage(key, 1)
        store.set_notes(key, purpose=f"purpose of {key}")
        keys.append(key)
    return store, keys


async def until(pilots, predicate, limit: float = LIVE) -> float:
    """Seconds until ``predicate()`` holds, pausing the apps meanwhile (no key pressed)."""
    started = time.perf_counter()
    while not predicate():
        elapsed = time.perf_counter() - started
        assert elapsed < limit, f"not shown within {limit} s"
        for pilot in pilots:
            await pilot.pause(0.02)
    return time.perf_counter() - started


async def cli(*args: str) -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tui", *args, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await process.communicate()
    assert process.returncode == 0, err.decode()


def status(app, key: str) -> Status | None:
    entry = app.screen.view.entry(key)
    return entry.status if entry else None


async def test_a_change_in_any_window_shows_in_the_others_within_a_second(app_factory) -> None:
    store, keys = skimmed_store()
    a, b = app_factory(store=store), app_factory(store=Store.open())
    async with a.run_test(size=(120, 40)) as pa, b.run_test(size=(120, 40)) as pb:
        await settle(pa)
        await settle(pb)
        # A eliminates with keys: B shows it, its highlight and list redrawn, no key pressed
        a.screen.shortlist.options.focus()
        a.screen.shortlist.options.highlighted = 0
        await pa.press("x")
        await type_text(pa, "too narrow")
        await pa.press("enter")
        await settle(pa)
        assert store.entry(keys[0]).status is Status.ELIMINATED
        await until([pa, pb], lambda: status(b, keys[0]) is Status.ELIMINATED)
        assert "eliminated (1)" in screen_text(b)

        # B keeps one: A shows it kept
        b.screen.shortlist.options.focus()
        b.screen.shortlist.options.highlighted = b.screen.shortlist.keys.index(keys[1])
        await pb.press("K")
        await settle(pb)
        await until([pa, pb], lambda: status(a, keys[1]) is Status.KEPT)
        assert "1 kept" in a.screen.shortlist.border_title

        # the command line eliminates one: both windows show it
        await cli("eliminate", "2101.00002", "--reason", "from the shell")
        await until([pa, pb], lambda: status(a, keys[2]) is Status.ELIMINATED)
        await until([pa, pb], lambda: status(b, keys[2]) is Status.ELIMINATED)

        # and a note from the command line reaches the lists' n/3 and an open editor
        await pa.press("escape")
        a.screen.shortlist.options.focus()
        a.screen.shortlist.options.highlighted = a.screen.shortlist.keys.index(keys[3])
        await pa.press("n")
        await settle(pa)
        await cli("note", "2101.00003", "--problem", "long inputs")
        panel = a.screen.query_one(NotesPanel)
        await until([pa, pb], lambda: panel.field_widget("problem").value == "long inputs")
        assert "✓ saved" in panel.state_label


async def test_a_note_edited_in_two_places_keeps_both_texts(app_factory, monkeypatch) -> None:
    from tui.screens import notes

    monkeypatch.setattr(notes, "NOTE_DELAY", 60.0)  # A's text stays a draft until Escape
    store, keys = skimmed_store(1)
    a, b = app_factory(store=store), app_factory(store=Store.open())
    async with a.run_test(size=(120, 40)) as pa, b.run_test(size=(120, 40)) as pb:
        await settle(pa)
        await settle(pb)
        for app, pilot in ((a, pa), (b, pb)):
            app.screen.shortlist.options.focus()
            await pilot.press("n")
            await settle(pilot)
            await pilot.press("tab")  # problem
        await type_text(pa, "mine from A")
        await type_text(pb, "theirs from B")
        await pb.press("escape")  # B's text is written
        await settle(pb)
        assert store.entry(keys[0]).notes.problem == "theirs from B"
        panel = a.screen.query_one(NotesPanel)
        await until([pa, pb], lambda: "changed elsewhere" in panel.state_label)
        shot = screen_text(a)
        assert "mine from A" in shot and "theirs from B" in shot  # both, side by side
        assert store.entry(keys[0]).notes.problem == "theirs from B"  # nothing overwritten
        await pa.press("escape")  # closing keeps the draft in the window, and says so
        await settle(pa)
        assert store.entry(keys[0]).notes.problem == "theirs from B"
        assert any("kept in this window" in n.message for n in a._notifications)
        await pa.press("n")
        await settle(pa)
        assert panel.field_widget("problem").value == "mine from A"
        await pa.press("ctrl+o")  # keep mine, knowingly
        await settle(pa)
        assert store.entry(keys[0]).notes.problem == "mine from A"
        assert "✓ saved" in panel.state_label
        await until([pa, pb], lambda: b.screen.view.entry(keys[0]).notes.problem == "mine from A")


async def test_take_theirs_after_a_refused_write(app_factory, monkeypatch) -> None:
    from tui.screens import live

    monkeypatch.setattr(live, "POLL_SECONDS", 3600.0)  # A does not see B's edit coming
    store, keys = skimmed_store(1)
    app = app_factory(store=store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.screen.shortlist.options.focus()
        await pilot.press("n")
        await settle(pilot)
        Store.open().set_notes(keys[0], purpose="written elsewhere")  # another window
        await pilot.press("end", *" and more")
        await settle(pilot)
        panel = app.screen.query_one(NotesPanel)
        assert "changed elsewhere" in panel.state_label  # the write was refused
        assert store.entry(keys[0]).notes.purpose == "written elsewhere"
        assert "written elsewhere" in screen_text(app)
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert panel.field_widget("purpose").value == "written elsewhere"
        assert "✓ saved" in panel.state_label


async def test_u_undoes_this_windows_elimination_never_anothers(app_factory) -> None:
    store, keys = skimmed_store()
    a, b = app_factory(store=store), app_factory(store=Store.open())
    async with a.run_test(size=(120, 40)) as pa, b.run_test(size=(120, 40)) as pb:
        await settle(pa)
        await settle(pb)
        a.screen.shortlist.options.focus()
        await pa.press("x")
        await type_text(pa, "off topic")
        await pa.press("enter")
        await settle(pa)
        await until([pa, pb], lambda: status(b, keys[0]) is Status.ELIMINATED)
        b.screen.shortlist.options.focus()  # the highlight is on a candidate, not on it
        await pb.press("u")
        await settle(pb)
        assert store.entry(keys[0]).status is Status.ELIMINATED
        assert any("nothing to undo" in n.message for n in b._notifications)
        await pa.press("u")
        await settle(pa)
        assert store.entry(keys[0]).active
        assert any(
            "back on the list" in n.message and "Paper 00" in n.message for n in a._notifications
        )


async def test_the_cap_holds_when_two_windows_add_at_once(app_factory) -> None:
    store = Store.open()
    store.create_topic("t", "p")
    papers = fake_papers(14)
    for paper in papers[:9]:
        store.add(paper)
    a, b = app_factory(store=store), app_factory(store=Store.open())
    async with a.run_test(size=(120, 40)) as pa, b.run_test(size=(120, 40)) as pb:
        for app, pilot, row in ((a, pa, 10), (b, pb, 11)):
            await search_for(pilot, "attention")
            app.screen.search.results.highlighted = row
        a.simulate_key("a")
        b.simulate_key("a")
        await settle(pa)
        await settle(pb)
        assert store.active_count() == 10
        refused = [app for app in (a, b) if any("is full" in n.message for n in app._notifications)]
        assert len(refused) == 1
        for app in (a, b):
            await until([pa, pb], lambda app=app: "10/10" in app.screen.shortlist.border_title)


async def test_a_refused_action_redraws_the_truth(app_factory, monkeypatch) -> None:
    from tui.screens import live

    monkeypatch.setattr(live, "POLL_SECONDS", 3600.0)  # this window does not see it coming
    store, keys = skimmed_store()
    app = app_factory(store=store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        Store.open().eliminate(keys[0], "elsewhere")
        assert status(app, keys[0]) is Status.CANDIDATE  # the window is behind
        app.screen.shortlist.options.focus()
        app.screen.shortlist.options.highlighted = 0
        await pilot.press("K")
        await settle(pilot)
        assert any("is eliminated" in n.message for n in app._notifications)
        assert status(app, keys[0]) is Status.ELIMINATED
        assert "eliminated (1)" in screen_text(app)

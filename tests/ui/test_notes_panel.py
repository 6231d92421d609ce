"""Notes under the reader (11.17), keys that follow the focus (11.12), and an editor that
never waits for the disk and says honestly whether the text is saved (10.2)."""

from __future__ import annotations

import threading
import time

from textual import events

from tests.ui.conftest import fake_papers
from tests.ui.driving import screen_text, settle
from tui.store import Store
from tui.widgets.notes_panel import NotesPanel


def listed_store(count: int = 3) -> tuple[Store, list[str]]:
    store = Store.open()
    store.create_topic("t", "p")
    keys = [store.add(p).paper_key for p in fake_papers(count)]
    return store, keys


async def open_notes(pilot, row: int = 0) -> NotesPanel:
    screen = pilot.app.screen
    screen.shortlist.options.focus()
    screen.shortlist.options.highlighted = row
    await pilot.press("n")
    await settle(pilot)
    panel = screen.query_one(NotesPanel)
    assert panel.display and panel.has_focus_within
    return panel


def field_values(panel: NotesPanel) -> dict[str, str]:
    return {
        name: (w.value if hasattr(w, "value") else w.text)
        for name, w in (
            (n, panel.field_widget(n)) for n in ("purpose", "problem", "contributions", "text")
        )
    }


async def test_notes_open_under_the_reader_with_the_abstract_in_sight_at_80x24(
    app_factory,
) -> None:
    store, keys = listed_store()
    app = app_factory(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        panel = await open_notes(pilot, 1)
        screen = app.screen
        assert screen.paper is not None and screen.paper.key == keys[1]  # the paper beside
        reader = screen.reader
        assert reader.region.height >= 8 and reader.region.width == 80
        assert panel.region.y >= reader.region.bottom  # under it, not over it
        shot = screen_text(app)
        assert "Abstract of paper 1." in shot  # the abstract, while answering
        assert "What is the purpose of this paper?" in shot
        assert not screen.query_one("#left").display  # the lists step aside at 80 columns
        await pilot.press("escape")
        await settle(pilot)
        assert not panel.display and screen.query_one("#left").display
        assert screen.shortlist.options.has_focus  # back where the user was


async def test_at_200_columns_the_lists_stay_beside_the_reader_and_notes(app_factory) -> None:
    store, _ = listed_store()
    app = app_factory(store=store)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        panel = await open_notes(pilot)
        assert app.screen.query_one("#left").display
        assert panel.region.x == app.screen.reader.region.x


async def test_a_burst_of_answers_and_tabs_lands_in_the_right_fields(app_factory) -> None:
    store, keys = listed_store()
    app = app_factory(store=store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        panel = await open_notes(pilot)
        burst = [*"one", "tab", *"two", "tab", *"three", "tab", *"four", "shift+tab", *"!"]
        for key in burst:  # as a terminal delivers a burst: no wait between the keys
            app.simulate_key(key)
        await settle(pilot)
        assert field_values(panel) == {
            "purpose": "one",
            "problem": "two",
            "contributions": "three!",
            "text": "four",
        }
        notes = store.entry(keys[0]).notes
        assert (notes.purpose, notes.problem, notes.contributions, notes.text) == (
            "one",
            "two",
            "three!",
            "four",
        )


async def test_a_paste_with_tabs_and_lines_fills_the_fields_in_order(app_factory) -> None:
    store, keys = listed_store()
    app = app_factory(store=store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        panel = await open_notes(pilot)
        app.screen.focused.post_message(events.Paste("a purpose\ta problem\nsome\tcontribs\nx\ny"))
        await settle(pilot)
        assert field_values(panel) == {
            "purpose": "a purpose",
            "problem": "a problem",
            "contributions": "some",
            "text": "contribs\nx\ny",
        }


class SlowNotes:
    """The store's set_notes held until released: the disk is slow or locked."""

    def __init__(self, store: Store) -> None:
        self.release = threading.Event()
        self.calls = 0
        real = store.set_notes

        def slow(*args, **kwargs):
            self.calls += 1
            self.release.wait(10)
            return real(*args, **kwargs)

        store.set_notes = slow  # type: ignore[method-assign]


async def test_typing_never_waits_for_the_disk_and_saved_means_on_disk(app_factory) -> None:
    store, keys = listed_store()
    slow = SlowNotes(store)
    app = app_factory(store=store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        panel = await open_notes(pilot)
        started = time.perf_counter()
        for char in "quadratic cost":
            app.simulate_key(char)
        await pilot.pause()
        while panel.field_widget("purpose").value != "quadratic cost":
            assert time.perf_counter() - started < 1.0, "the keys waited for the disk"
            await pilot.pause(0.01)
        await pilot.pause(0.5)  # past the coalescing delay: the write is under way, held
        assert slow.calls == 1  # one write for fourteen keys
        assert "saving…" in panel.state_label and "saved" not in panel.state_label
        assert store.entry(keys[0]).notes.purpose == ""
        slow.release.set()
        await settle(pilot)
        assert "✓ saved" in panel.state_label
        assert store.entry(keys[0]).notes.purpose == "quadratic cost"
        assert "1/3" in screen_text(app)  # the list counts the answer


async def test_escape_writes_what_is_pending_at_once(app_factory, monkeypatch) -> None:
    from tui.screens import notes

    monkeypatch.setattr(notes, "NOTE_DELAY", 60.0)  # typing alone would not write for a minute
    store, keys = listed_store()
    app = app_factory(store=store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_notes(pilot)
        for char in "abc":
            app.simulate_key(char)
        await pilot.pause(0.2)
        assert store.entry(keys[0]).notes.purpose == ""
        await pilot.press("escape")
        deadline = time.perf_counter() + 5
        while store.entry(keys[0]).notes.purpose != "abc":
            assert time.perf_counter() < deadline
            await pilot.pause(0.02)


async def test_a_late_edit_message_never_writes_an_older_text(app_factory) -> None:
    """An edit's message may reach the screen after a refresh took in the field's newer
    text: what is written is the text the field holds, never the older one."""
    store, keys = listed_store()
    app = app_factory(store=store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        panel = await open_notes(pilot)
        panel.field_widget("purpose").value = "long inputs"
        await settle(pilot)
        assert store.entry(keys[0]).notes.purpose == "long inputs"
        panel.post_message(NotesPanel.Edited("purpose", "long in"))  # a message lagging behind
        await settle(pilot)
        assert store.entry(keys[0]).notes.purpose == "long inputs"
        assert "✓ saved" in panel.state_label

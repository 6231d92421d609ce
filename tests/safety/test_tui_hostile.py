"""Hostile titles through the app, keys only: nothing the terminal would obey is ever written.

The app runs with a driver that records every byte it sends to the terminal (a headless
driver that says it is not headless, so Textual renders for real). A search answers with
papers whose titles, authors, venues, abstracts and TLDRs carry OSC 52, window titles,
screen clears, C1 CSI, bidi overrides, markup and lone surrogates (as repaired at the
boundary); the topic's name and purpose are hostile too. Then: the result list, add (its
toast), the shortlist, eliminate with a hostile reason and undo (their toasts), the reader
header and stage 1, the status line, a hostile server message as a toast, and the app's
title. What the terminal received must hold Textual's own sequences and nothing else.
"""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from hostile import SEQUENCES, terminal_bad
from textual.drivers import headless_driver

from tui import config as config_module
from tui.app import make_app
from tui.models import Author, Paper, PaperIds, SearchFilters, Status
from tui.sources import SearchResult
from tui.store import Store
from tui.textsafe import repair
from tui.widgets.reader_pane import ReaderPane
from tui.widgets.shortlist_pane import ShortlistPane

EVIL = repair("".join(SEQUENCES[:12]))  # past the boundary: repaired, not yet made inert

# What Textual itself writes: colours (SGR), cursor moves, private modes, the pointer shape,
# and hyperlinks (OSC 8) whose body holds no control at all.
_TEXTUAL = re.compile(
    r"\x1b\[[0-9;:]*m|\x1b\[\d+;\d+H|\x1b\[\d*[ABCDGK]|\x1b\[\?\d+[hl]|\x1b\]22;[a-z-]+\x07"
    r"|\x1b\]8;[^\x00-\x1f\x7f-\x9f]*?\x1b\\"
)


class RecordingDriver(headless_driver.HeadlessDriver):
    """Headless input, real output: every write kept for the test to read."""

    written: list[str] = []

    @property
    def is_headless(self) -> bool:
        return False

    def write(self, data: str) -> None:
        RecordingDriver.written.append(data)


class HostileSources:
    def __init__(self, papers: list[Paper]) -> None:
        self.papers = papers

    async def search(self, query: str, filters: SearchFilters, *, page: int = 0, on_update=None):
        return SearchResult(
            query=query,
            filters=filters,
            papers=tuple(self.papers),
            status={"arxiv": "bad-answer", "s2": "ok"},
            totals={"arxiv": None, "s2": len(self.papers)},
            messages=(f"arXiv: the server says {EVIL}",),
        )

    async def lookup(self, ref):
        return None


def _papers() -> list[Paper]:
    return [
        Paper(
            title=f"{EVIL} number {i}",
            ids=PaperIds(arxiv=f"2101.0000{i}"),
            authors=(Author(EVIL, (EVIL,)), Author("B. Second")),
            year=2021,
            venue=EVIL,
            abstract=f"An abstract. {EVIL}\nSecond line {EVIL}",
            tldr=EVIL,
            citations=3,
            sources=("arxiv", "s2"),
        )
        for i in range(3)
    ]


def _leftover(output: str) -> list[str]:
    """Whatever in ``output`` is neither text nor one of Textual's own sequences."""
    rest = _TEXTUAL.sub("", output)
    found = re.findall("\x1b.{0,12}", rest) + terminal_bad(rest.replace("\n", ""))
    return sorted(set(found))


async def settle(pilot) -> None:
    """Wait until no worker runs (a worker may start another)."""
    for _ in range(50):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if not any(w.is_running for w in pilot.app.workers):
            return


async def _type(pilot, text: str) -> None:
    await pilot.press(*[c if c != " " else "space" for c in text])


@pytest.fixture
def recording(monkeypatch):
    RecordingDriver.written = []
    monkeypatch.setattr(headless_driver, "HeadlessDriver", RecordingDriver)
    return RecordingDriver.written


async def test_hostile_text_everywhere_leaves_no_escape_in_the_terminal(recording) -> None:
    store = Store.open()
    store.create_topic(f"topic {EVIL}", f"purpose {EVIL}")
    config = replace(config_module.load(), image_renderer="none")
    app = make_app(config, store, sources=HostileSources(_papers()))
    async with app.run_test(size=(120, 40)) as pilot:
        app.title = EVIL  # the terminal's own title is never written from outside text
        app.sub_title = EVIL
        assert not terminal_bad(app.title + app.sub_title)
        await pilot.press("slash")
        await _type(pilot, "attention")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("a", "down", "a")  # two added: two toasts with hostile titles
        await settle(pilot)
        assert store.active_count() == 2
        shortlist = app.screen.query_one(ShortlistPane)
        shortlist.options.focus()
        shortlist.options.highlighted = 0
        await pilot.press("x")
        await pilot.pause()
        await _type(pilot, "weak ")
        app.screen.focused.insert_text_at_cursor(EVIL)  # a reason pasted from elsewhere
        await pilot.press("enter")
        await settle(pilot)
        assert any(e.status is Status.ELIMINATED for e in store.entries())
        await pilot.press("u")
        await settle(pilot)
        assert not any(e.status is Status.ELIMINATED for e in store.entries())
        shortlist.options.focus()
        shortlist.options.highlighted = 0
        await pilot.press("enter")
        await settle(pilot)
        reader = app.screen.query_one(ReaderPane)
        assert reader.current_stage == 1
        app.notify(EVIL, title=EVIL)  # whatever a worker's error says
        await pilot.pause()
        await pilot.pause()
        messages = [n.message + n.title for n in app._notifications]
    output = "".join(recording)
    assert "␛" in output and "⟨U+202E⟩" in output  # the hostile text was drawn, as pictures
    assert _leftover(output) == []
    assert len(messages) >= 5  # added x2, eliminated, back on the list, the server's message
    assert all(not terminal_bad(m) and "\n" not in m for m in messages)

"""A paper on disk opens straight to stage 1: its loading message waits a moment and is
dropped when the paper comes first (issue 12: a frame drawn for nothing delayed stage 1 by
~15 ms); a download's message shows at once."""

from __future__ import annotations

import asyncio

import tui.widgets.reader_pane as reader_pane
from tests.ui.test_reader_pane import ReaderApp, body
from tui.models import Paper

PAPER = Paper(title="A Paper On Disk")


async def shows(pilot, pane, text: str, seconds: float = 2.0) -> bool:
    """``text`` is in the reader's body within ``seconds``."""
    for _ in range(int(seconds / 0.02)):
        await pilot.pause(0.02)
        if text in body(pane):
            return True
    return False


async def test_a_paper_that_comes_in_time_never_shows_its_loading_message(monkeypatch) -> None:
    monkeypatch.setattr(reader_pane, "LOADING_DELAY", 0.3)
    app = ReaderApp()
    async with app.run_test(size=(100, 30)) as pilot:
        pane = app.pane
        pane.show_loading(PAPER, "looking for the PDF…", defer=True)
        pane.show_loading(PAPER, "reading the PDF…", defer=True)
        await pilot.pause()
        assert "reading the PDF" not in body(pane)
        await pane.show(PAPER, 1, missing="offline")
        await asyncio.sleep(0.5)
        await pilot.pause()
        shown = body(pane)
        assert "reading the PDF" not in shown and "looking for" not in shown
        assert "offline" in shown


async def test_a_paper_that_takes_long_shows_the_latest_message(monkeypatch) -> None:
    monkeypatch.setattr(reader_pane, "LOADING_DELAY", 0.05)
    app = ReaderApp()
    async with app.run_test(size=(100, 30)) as pilot:
        pane = app.pane
        pane.show_loading(PAPER, "looking for the PDF…", defer=True)
        pane.show_loading(PAPER, "reading the PDF…", defer=True)
        assert await shows(pilot, pane, "reading the PDF")
        assert "looking for the PDF" not in body(pane)


async def test_a_download_says_so_at_once(monkeypatch) -> None:
    monkeypatch.setattr(reader_pane, "LOADING_DELAY", 10.0)
    app = ReaderApp()
    async with app.run_test(size=(100, 30)) as pilot:
        pane = app.pane
        pane.show_loading(PAPER, "looking for the PDF…", defer=True)
        pane.show_loading(PAPER, "downloading the PDF…")
        assert await shows(pilot, pane, "downloading the PDF", 1.0)
        assert pane._defer_timer is None  # the deferred one will not come after it


async def test_clearing_the_reader_drops_a_pending_message(monkeypatch) -> None:
    monkeypatch.setattr(reader_pane, "LOADING_DELAY", 0.05)
    app = ReaderApp()
    async with app.run_test(size=(100, 30)) as pilot:
        pane = app.pane
        pane.show_loading(PAPER, "reading the PDF…", defer=True)
        pane.clear("Nothing open here")
        await asyncio.sleep(0.2)
        await pilot.pause()
        assert "reading the PDF" not in body(pane)
        assert "Nothing open here" in body(pane)

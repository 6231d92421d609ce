"""Helpers for driving the app in Pilot tests."""

from __future__ import annotations

import asyncio
import contextlib
import html
import re

from textual.worker import WorkerCancelled


def main_screen(app):
    """The app's main screen (under any dialog)."""
    return next(s for s in app.screen_stack if hasattr(s, "writes"))


async def settle(pilot) -> None:
    """Wait until no worker runs (a worker may start another: loading starts showing), the
    window's writes have landed and its view is fresh."""
    for _ in range(50):
        with contextlib.suppress(WorkerCancelled):  # an exclusive worker gave way
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        screen = main_screen(pilot.app)
        if not screen.writes.idle:
            await asyncio.to_thread(screen.writes.wait_idle, 10.0)
            continue
        if not screen.fresh:
            await pilot.pause(0.01)
            continue
        if not any(w.is_running for w in pilot.app.workers):
            return


def screen_text(app) -> str:
    """What the screen shows, as text (from the SVG screenshot)."""
    svg = app.export_screenshot()
    parts = re.findall(r"<text[^>]*>(.*?)</text>", svg, flags=re.S)
    return html.unescape("".join(parts)).replace("\xa0", " ")


async def search_for(pilot, query: str) -> None:
    pilot.app.screen.search.focus_query()
    pilot.app.screen.search.set_query(query)
    await pilot.press("enter")
    await settle(pilot)

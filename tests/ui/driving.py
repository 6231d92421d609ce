"""Helpers for driving the app in Pilot tests."""

from __future__ import annotations

import html
import re


async def settle(pilot) -> None:
    """Wait until no worker runs (a worker may start another: loading starts showing)."""
    for _ in range(50):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
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

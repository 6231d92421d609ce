"""Helpers for driving the app in Pilot tests."""

from __future__ import annotations


async def settle(pilot) -> None:
    """Wait until no worker runs (a worker may start another: loading starts showing)."""
    for _ in range(50):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if not any(w.is_running for w in pilot.app.workers):
            return

"""Regenerate screenshots/*.svg from the built-in demo (no network).

Run: python scripts/screenshots.py   (uses a temporary WINNOW_HOME)
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "screenshots"

# (file, size, keys pressed after the demo opens)
SHOTS = [
    ("demo-80x24.svg", (80, 24), []),
    ("stage1-160x48.svg", (160, 48), []),
    ("stage2-checklist-160x48.svg", (160, 48), ["2"]),
    ("stage3-figures-160x48.svg", (160, 48), ["3"]),
    ("stage4-80x24.svg", (80, 24), ["4"]),
    ("help-80x24.svg", (80, 24), ["question_mark"]),
    ("notes-under-the-paper-80x24.svg", (80, 24), ["n"]),
    # the results, then the first result's references, then the papers citing its first
    ("citations-trail-160x48.svg", (160, 48), ["slash", "escape", "r", "c"]),
    ("citations-trail-80x24.svg", (80, 24), ["slash", "escape", "r", "c"]),
]


async def settle(pilot) -> None:
    for _ in range(50):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if not any(w.is_running for w in pilot.app.workers):
            break
    pilot.app.clear_notifications()  # toasts time out; a picture should not depend on when
    await pilot.pause(0.3)


async def shoot(name: str, size: tuple[int, int], keys: list[str]) -> None:
    from tui import config as config_module
    from tui.app import make_app
    from tui.demo import prepare_demo

    config = replace(config_module.load(), image_renderer="halfcell")
    app = make_app(config, prepare_demo(config), demo=True)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        app.save_screenshot(filename=name, path=str(OUT))
    print(f"screenshots/{name}")


def main() -> None:
    os.environ["WINNOW_HOME"] = tempfile.mkdtemp(prefix="winnow-shots-")
    OUT.mkdir(exist_ok=True)
    for name, size, keys in SHOTS:
        asyncio.run(shoot(name, size, keys))


if __name__ == "__main__":
    sys.exit(main())

"""Snapshots of the main views (pytest-textual-snapshot), at 80×24 and 160×48.

Figures use the half-block renderer, chosen explicitly so the pictures match everywhere;
the reader's clock is frozen so the time shown beside the stage does not tick.
Update with: pytest tests/ui/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.ui.driving import settle as settle_workers
from tui import config as config_module
from tui.app import make_app
from tui.demo import prepare_demo
from tui.widgets import reader_pane


class FrozenClock:
    @staticmethod
    def monotonic() -> float:
        return 1000.0


@pytest.fixture
def demo_app(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(reader_pane, "time", FrozenClock)
    config = replace(config_module.load(), image_renderer="halfcell")
    store = prepare_demo(config)
    return make_app(config, store, demo=True)


async def settle(pilot) -> None:
    await settle_workers(pilot)
    pilot.app.clear_notifications()  # toasts time out; a picture should not depend on when
    await pilot.pause(0.2)


def keys_then_settle(*keys: str):
    async def run_before(pilot) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return run_before


@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["80x24", "160x48"])
def test_demo_opens_on_three_panes(snap_compare, demo_app, size) -> None:
    assert snap_compare(demo_app, terminal_size=size, run_before=keys_then_settle())


@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["80x24", "160x48"])
def test_stage_two_with_the_checklist(snap_compare, demo_app, size) -> None:
    assert snap_compare(demo_app, terminal_size=size, run_before=keys_then_settle("2"))


def test_stage_three_folds_the_math(snap_compare, demo_app) -> None:
    assert snap_compare(demo_app, terminal_size=(160, 48), run_before=keys_then_settle("3"))


def test_help(snap_compare, demo_app) -> None:
    assert snap_compare(
        demo_app, terminal_size=(80, 24), run_before=keys_then_settle("question_mark")
    )


def test_eliminated_group_expanded(snap_compare, demo_app) -> None:
    async def run_before(pilot) -> None:
        await settle(pilot)
        shortlist = pilot.app.screen.shortlist
        shortlist.options.focus()
        shortlist.options.highlighted = shortlist.keys.index(None)
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(demo_app, terminal_size=(80, 24), run_before=run_before)


@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["80x24", "160x48"])
def test_a_citations_trail_with_its_sentences(snap_compare, demo_app, size) -> None:
    """search › references of › Longformer › cited by › Attention Is All You Need."""

    async def run_before(pilot) -> None:
        await settle(pilot)
        search = pilot.app.screen.search
        search.results.focus()
        search.results.highlighted = 0  # Longformer
        for key in ("r", "c"):  # then the first paper it cites: Attention Is All You Need
            await pilot.press(key)
            await settle(pilot)

    assert snap_compare(demo_app, terminal_size=size, run_before=run_before)

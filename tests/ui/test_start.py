"""What the app does right after its first frame (issue 12).

The parse server is started then, so the first paper opened does not wait for a Python
with PyMuPDF to start (~250 ms of a first open here).

The app starts with the cyclic collector paused, and always gets it back.

Start-up builds hundreds of thousands of objects and no garbage; the collector walking them
while they are made was ~60 ms of the start (see ``tui.startup``). These tests hold the
other half of that bargain: collection resumes after the warm-up, after a warm-up that
fails, and when the app ends however it ends.
"""

from __future__ import annotations

import gc

import pytest

from tests.ui.driving import settle
from tui import startup
from tui.screens import starting


@pytest.fixture
def paused():
    """The collector paused as ``winnow`` pauses it; on again after the test whatever
    happened (and the test's frozen objects handed back)."""
    startup.pause()
    yield
    startup.resume()
    gc.enable()
    gc.unfreeze()


async def test_collection_resumes_once_the_warm_up_is_done(paused, app_factory) -> None:
    assert not gc.isenabled()
    async with app_factory().run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert gc.isenabled()
        assert not startup.paused()
        assert gc.get_freeze_count() > 0  # what start-up built is out of the collector's way


async def test_a_warm_up_that_fails_still_resumes_collection(
    paused, app_factory, monkeypatch
) -> None:
    def broken(name: str):
        raise RuntimeError(f"cannot load {name}")

    monkeypatch.setattr(starting.importlib, "import_module", broken)
    async with app_factory().run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert gc.isenabled()


async def test_a_warm_up_that_never_ends_gives_it_back_after_a_while(
    paused, app_factory, monkeypatch
) -> None:
    monkeypatch.setattr(starting.StartMixin, "warm_up", lambda self: None)
    monkeypatch.setattr(startup, "RESUME_AFTER_SECONDS", 0.2)
    async with app_factory().run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.1)
        assert not gc.isenabled()  # still the start
        await pilot.pause(0.4)
        assert gc.isenabled()


def test_the_app_command_resumes_collection_however_it_ends(monkeypatch) -> None:
    import tui.cli.run_app
    from tui.cli import main
    from tui.errors import UserError

    def crash(*, demo: bool = False) -> int:
        assert not gc.isenabled()  # paused while the app starts
        raise UserError("the terminal went away")

    monkeypatch.setattr(tui.cli.run_app, "run_app", crash)
    try:
        assert main([]) == 1
        assert gc.isenabled()
    finally:
        gc.enable()
        gc.unfreeze()


def test_a_collector_turned_off_by_someone_else_stays_off() -> None:
    gc.disable()
    try:
        startup.pause()
        startup.resume()
        assert not gc.isenabled()  # not ours to turn on
    finally:
        gc.enable()


async def test_the_parse_server_starts_before_the_first_paper(app_factory, monkeypatch) -> None:
    import tui.pdf

    started = []
    monkeypatch.setattr(tui.pdf, "warm", lambda: started.append(True), raising=False)
    async with app_factory().run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert started == [True]  # with no paper opened yet


async def test_help_and_the_notes_editor_are_built_once_the_warm_up_is_done(
    app_factory, monkeypatch
) -> None:
    import threading

    from tests.ui.driving import main_screen

    release = threading.Event()
    real = starting.importlib.import_module

    def slow(name: str):
        release.wait(10)
        return real(name)

    monkeypatch.setattr(starting.importlib, "import_module", slow)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.3)
        screen = main_screen(app)
        assert not app.is_screen_installed("help")  # the loop is the user's meanwhile
        assert screen.notes_panel is None
        release.set()
        await settle(pilot)
        assert app.is_screen_installed("help")
        assert screen.notes_panel is not None


async def test_the_figure_server_starts_once_the_warm_up_has_imported(
    app_factory, monkeypatch
) -> None:
    from dataclasses import replace

    import tui.pdf.workers

    started = []
    monkeypatch.setattr(tui.pdf.workers, "warm_figures", lambda: started.append("figures"))
    app = app_factory()
    app.config = replace(app.config, image_renderer="halfcell")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert started == ["figures"]  # before any paper: its parse need not share the CPU
    started.clear()
    app = app_factory()  # figures not drawn at all: no server for them
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert started == []

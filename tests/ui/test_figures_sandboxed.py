"""Figures are drawn in another process: a stuck drawing holds no key, and the app itself
never loads PyMuPDF."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from textual.widgets import Static

from tests.pdf import fixtures, hostile
from tests.ui.test_reader_loading import loop_lag, wait_for
from tests.ui.test_reader_pane import PAPER, ReaderApp
from tui.pdf import Document, parse_pdf
from tui.widgets.figure_view import FigureView

ROOT = Path(__file__).resolve().parents[2]


class CountingApp(ReaderApp):
    """The reader alone, and a key whose presses are counted."""

    BINDINGS = [("k", "count", "count")]

    def __init__(self) -> None:
        super().__init__("halfcell")
        self.presses = 0

    def action_count(self) -> None:
        self.presses += 1


@pytest.fixture(scope="module")
def papers(tmp_path_factory: pytest.TempPathFactory) -> tuple[Document, Path]:
    """An ordinary paper's parse, and a copy of it whose figure page draws for seconds."""
    folder = tmp_path_factory.mktemp("figures")
    doc = parse_pdf(fixtures.one_column(folder / "one.pdf"), use_cache=False)
    return doc, hostile.heavy_figure(folder / "heavy.pdf", depth=6)


async def stage_3(app: CountingApp, pilot, papers) -> list[FigureView]:
    """Stage 3 of the paper, its figures to be drawn from the heavy copy of its PDF."""
    doc, heavy = papers
    await app.pane.show(PAPER, 3, doc=doc, pdf_path=heavy)
    await pilot.pause()
    views = list(app.pane.body.query(FigureView))
    assert len(views) == 2
    return views


async def test_keys_are_answered_while_a_figure_is_stuck_and_it_ends_with_why(
    papers, monkeypatch
) -> None:
    from tui.pdf import workers

    monkeypatch.setenv("WINNOW_FIGURE_SECONDS", "2.5")
    app = CountingApp()
    async with app.run_test(size=(100, 40)) as pilot:
        views = await stage_3(app, pilot, papers)
        for view in views:
            view.draw()  # the light one draws, the heavy one is stuck in MuPDF for seconds
        light, stuck = views
        # the figure server draws one at a time: whichever got it first, the heavy one is
        # drawing (in the child) at some moment while the light one is drawn or waits
        await wait_for(
            pilot, lambda: workers.FIGURES.busy.locked() and not stuck.query(".-not-drawn")
        )
        started = time.monotonic()
        assert stuck.query(".-drawing"), "the heavy figure should still be drawing"
        lag = await loop_lag(seconds=0.8)
        for _ in range(5):
            await pilot.press("k")
        assert app.presses == 5
        # in a thread of this process, MuPDF would hold the GIL for the figure's 6 seconds
        assert lag < 0.5, f"the event loop stalled {lag:.2f} s"
        await wait_for(pilot, lambda: bool(stuck.query(".-not-drawn")))
        assert time.monotonic() - started < 2 * 2.5 + 2.0  # its budget, maybe after the other
        reasons = [str(w.content) for w in stuck.query(".-not-drawn").results(Static)]
        assert reasons == [
            "[figure not drawn: drawing stopped after 2.5 s: the figure is too heavy]"
        ]
        await wait_for(pilot, lambda: bool(light.query(".-picture")))
        assert not light.query(".-not-drawn")


async def test_moving_on_kills_the_figure_in_flight(papers, monkeypatch) -> None:
    from tui.pdf import workers

    monkeypatch.setenv("WINNOW_FIGURE_SECONDS", "30")
    app = CountingApp()
    async with app.run_test(size=(100, 40)) as pilot:
        stuck = (await stage_3(app, pilot, papers))[1]
        stuck.draw()
        await wait_for(pilot, lambda: workers.FIGURES.busy.locked())
        doc, heavy = papers
        await app.pane.show(PAPER, 2, doc=doc, pdf_path=heavy)  # the user moves on
        started = time.monotonic()
        await wait_for(pilot, lambda: not workers.FIGURES.busy.locked(), seconds=5)
        assert time.monotonic() - started < 2  # killed, not drawn to its end (6 s)


def test_the_app_draws_a_papers_figure_without_loading_pymupdf(sample_pdf: Path) -> None:
    """A fresh interpreter runs the app up to a paper's figure drawn (this test process
    itself has PyMuPDF loaded for its fixtures)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "tests.ui.figure_app", str(sample_pdf)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["drawn"] >= 1 and not result["not_drawn"], result
    assert result["loaded"] == []

"""Opening a paper: page 1 first, the parse in another process, a budget, failed downloads."""

from __future__ import annotations

import asyncio
import time

from tests.pdf import fixtures, hostile
from tests.ui.driving import settle
from tests.ui.test_app_parts import screen_text
from tui.models import Author, Paper, PaperIds
from tui.store import Store


def heavy_paper(tmp_path) -> Paper:
    """Page 1 is an ordinary paper's; the twelve pages after it take MuPDF seconds each."""
    pdf = hostile.nested_forms(tmp_path / "heavy.pdf", depth=5, pages=12)
    return Paper(title="A heavy paper", authors=(Author("A. Uthor"),), local_pdf=str(pdf))


async def wait_for(pilot, condition, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the condition never came true"
        await pilot.pause(0.02)


def topic_app(app_factory, monkeypatch, parse_seconds: str):
    """The app on a fresh topic, with the parse budget given."""
    monkeypatch.setenv("WINNOW_PARSE_SECONDS", parse_seconds)
    store = Store.open()
    store.create_topic("t", "p")
    return app_factory(store=store)


def loading(app) -> bool:
    return any(w.group == "reader" and w.is_running for w in app.workers)


async def test_stage_1_shows_at_page_1_and_keys_work_while_the_rest_parses(
    app_factory, tmp_path, monkeypatch
) -> None:
    app = topic_app(app_factory, monkeypatch, "60")
    paper = heavy_paper(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        app.screen.open_paper(paper)
        await wait_for(pilot, lambda: hostile.TITLE in screen_text(app))  # page 1, parsed first
        assert loading(app), "the whole paper should still be parsing"
        await pilot.pause(0.2)  # stage 1 is mounted
        lag = await loop_lag(seconds=1.5)  # the event loop, while the rest parses
        assert loading(app), "the parse should still be running"
        # in a thread of this process, MuPDF would hold the GIL a second or more per page
        assert lag < 0.5, f"the event loop stalled {lag:.2f} s"
        focused = []
        for _ in range(3):  # keys are handled meanwhile: each moves the focus
            await pilot.press("tab")
            focused.append(app.focused)
        assert len(set(map(id, focused))) > 1


async def loop_lag(seconds: float) -> float:
    """The longest an ``asyncio.sleep(0.01)`` overslept during ``seconds``: how long a key
    would have waited (a thread holding the GIL inside PyMuPDF stalls it for seconds)."""
    worst, end = 0.0, time.monotonic() + seconds
    while time.monotonic() < end:
        started = time.monotonic()
        await asyncio.sleep(0.01)
        worst = max(worst, time.monotonic() - started - 0.01)
    return worst


async def test_past_the_budget_the_reader_shows_page_1_and_why(
    app_factory, tmp_path, monkeypatch
) -> None:
    app = topic_app(app_factory, monkeypatch, "1.5")
    async with app.run_test(size=(160, 48)) as pilot:
        app.screen.open_paper(heavy_paper(tmp_path))
        await settle(pilot)
        shown = screen_text(app)
        assert hostile.TITLE in shown
        assert "parse stopped after 1.5 s: the PDF is too heavy; showing page 1" in shown


async def test_a_failed_download_is_remembered_for_the_session(
    app_factory, monkeypatch, tmp_path
) -> None:
    import tui.library

    real, calls = tui.library.pdf_for, []

    def counted(paper, config):
        calls.append(paper.key)
        return real(paper, config)

    monkeypatch.setattr(tui.library, "pdf_for", counted)
    paper = Paper(title="Offline paper", ids=PaperIds(arxiv="2101.09999"), sources=("arxiv",))
    app = topic_app(app_factory, monkeypatch, "30")
    async with app.run_test(size=(160, 48)) as pilot:
        app.screen.open_paper(paper)
        await settle(pilot)
        first = app.screen._missing
        assert first and calls == ["arxiv:2101.09999"]  # the PDF server is a dead port
        app.screen.open_paper(paper)
        await settle(pilot)
        assert calls == ["arxiv:2101.09999"]  # not tried again
        assert app.screen._missing.startswith(first) and "tried" in app.screen._missing
        assert "Offline paper" in screen_text(app)
        pdf = fixtures.one_column(tmp_path / "now.pdf")  # its PDF arrived meanwhile
        app.screen.open_paper(paper.with_(local_pdf=str(pdf)))
        await settle(pilot)
        assert app.screen._missing is None and app.screen._doc.title == hostile.TITLE


def test_failed_downloads_are_tried_again_after_a_while(monkeypatch) -> None:
    import tui.library

    now = [1000.0]
    monkeypatch.setattr(tui.library.time, "monotonic", lambda: now[0])
    memory = tui.library.FailedDownloads(retry_after=120)
    memory.remember("k", "HTTP 404 from arxiv.org")
    now[0] += 30
    assert memory.recent("k") == (
        "HTTP 404 from arxiv.org (tried 30 s ago; reopen in about 2 min to try again)"
    )
    now[0] += 90
    assert memory.recent("k") is None
    memory.remember("k", "again")
    memory.forget("k")
    assert memory.recent("k") is None

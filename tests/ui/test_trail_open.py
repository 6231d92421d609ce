"""The o menu (issue 13.5): PDF, arXiv, S2, alphaXiv discussion and code link of the paper
highlighted or open; with no browser (SSH) the URLs are listed to copy, and Enter copies
the highlighted one over OSC 52; with a desktop, Enter opens it."""

from __future__ import annotations

import base64
import re

import pytest

from tests.ui.driving import screen_text, search_for, settle
from tests.ui.trail_fakes import trail_app
from tui.exchange.opener import open_url
from tui.models import Paper, PaperIds
from tui.screens import open_menu
from tui.screens.open_menu import OpenMenu, menu_entries


@pytest.fixture
def no_desktop(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "TMUX"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(open_menu, "viewer_command", lambda env: None)


def test_the_entries_name_every_page_of_a_paper_and_its_code() -> None:
    paper = Paper(
        "X",
        ids=PaperIds(arxiv="1706.03762", s2="abc", doi="10.1/x"),
        pdf_url="https://arxiv.org/pdf/1706.03762",
    )
    links = ["https://example.org/project", "https://github.com/org/repo"]
    labels = [label for label, _ in menu_entries(paper, None, links)]
    assert labels == ["PDF", "arXiv", "DOI", "Semantic Scholar", "alphaXiv discussion", "code"]
    assert dict(menu_entries(paper, None, links))["code"] == "https://github.com/org/repo"
    assert menu_entries(Paper("no ids at all")) == []


def test_open_url_starts_the_desktop_opener_only_for_web_links() -> None:
    started: list[list[str]] = []
    env = {"DISPLAY": ":0", "PATH": "/usr/bin"}

    def spawn(command, **kwargs):
        started.append(command)

    assert open_url("https://arxiv.org/abs/1", env={}, platform="linux", spawn=spawn) is None
    message = open_url("https://arxiv.org/abs/1", env=env, platform="darwin", spawn=spawn)
    assert started == [["open", "https://arxiv.org/abs/1"]] and "browser" in message
    assert "not a web link" in open_url("file:///etc/passwd", env=env, spawn=spawn)
    assert len(started) == 1


async def test_with_no_browser_the_links_are_listed_and_enter_copies_one(no_desktop) -> None:
    app, _ = trail_app()
    written: list[bytes] = []
    app.write_osc52 = written.append  # the one raw write: what reaches the clipboard
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await search_for(pilot, "sparse")
        app.screen.search.results.highlighted = 2
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, OpenMenu)
        shown = screen_text(app)
        assert "No browser here" in shown
        for url in (
            "https://arxiv.org/abs/2101.00002",
            "https://www.semanticscholar.org/arxiv/2101.00002",
            "https://www.alphaxiv.org/abs/2101.00002",
        ):
            assert url in shown
        await pilot.press("down", "enter")  # the S2 page
        await settle(pilot)
        (sequence,) = written
        payload = re.search(rb"52;c;([A-Za-z0-9+/=]+)", sequence).group(1)
        assert base64.b64decode(payload) == b"https://www.semanticscholar.org/arxiv/2101.00002"
        assert "copied the Semantic Scholar link" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, OpenMenu)


async def test_with_a_desktop_enter_opens_the_link(monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr(open_menu, "viewer_command", lambda env: ["xdg-open"])
    monkeypatch.setattr(open_menu, "open_url", lambda url: opened.append(url) or f"opening {url}")
    app, _ = trail_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await search_for(pilot, "sparse")
        await pilot.press("o")
        await pilot.pause()
        await pilot.press("enter")  # the first entry: arXiv (no PDF URL in these papers)
        await pilot.pause()
        assert opened == ["https://arxiv.org/abs/2101.00000"]


async def test_the_open_paper_offers_its_downloaded_pdf_first(no_desktop, sample_pdf) -> None:
    app, _ = trail_app(pdf=sample_pdf)  # paper 00's PDF is on disk
    async with app.run_test(size=(120, 40)) as pilot:
        await search_for(pilot, "sparse")
        await pilot.press("enter")
        await settle(pilot)
        app.screen.reader.body.focus()
        await pilot.press("o")
        await pilot.pause()
        menu = app.screen
        assert isinstance(menu, OpenMenu)
        assert menu.entries[0] == ("PDF (downloaded)", str(sample_pdf))
        assert "https://example.org/windowed-attention" not in dict(menu.entries).values()

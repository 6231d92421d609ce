"""The main screen's start: what comes right after the first frame, and the demo's opening.

The first frame shows only what ``MainScreen.on_mount`` set up; then the modules the first
paper, figure and dialog need load in a thread (and the parse server starts), the demo runs
its search and opens its sample paper; once the warm-up is done the help and the notes
editor are built ahead.
"""

from __future__ import annotations

import contextlib
import importlib

from textual import work

from tui import startup
from tui.models import SearchFilters, Status

WARM_UP = (
    "tui.pdf.model",
    "tui.pdf.stages",
    "tui.screens.filters",
    "tui.sources.trail",
    "tui.widgets.notes_panel",
    "PIL.Image",
)
"""Modules the first paper, figure or dialog needs, loaded off the event loop after the
first frame (each takes 30-400 ms; imported on the loop they would hold up a key)."""


class StartMixin:
    """Mixed into MainScreen; uses its store, sources, config and panes."""

    def _after_first_frame(self) -> None:
        self.warm_up()
        if startup.paused():  # the warm-up resumes it; a hung one must not keep it off
            self.set_timer(startup.RESUME_AFTER_SECONDS, startup.resume)
        self.fill_placeholders()
        if getattr(self.app, "demo", False):
            self._demo_start()
            self.notify("Demo sandbox, reset on every --demo", timeout=4)

    def _after_warm_up(self) -> None:
        """Once the warm-up's imports are done: the help and the notes editor are built
        ahead (? and n then open at once), on the event loop, which the user's first keys
        no longer share with the warm-up thread (asked for before, each builds then)."""
        self.call_after_refresh(self.help_screen)
        self.run_worker(self.prepare_notes(), group="notes", exit_on_error=False)

    @work(thread=True, group="warm-up", exit_on_error=False)
    def warm_up(self) -> None:
        try:
            from tui.pdf import warm

            warm()  # the parse server (its own process) loads PyMuPDF before the first paper
            prepare = getattr(self.sources, "prepare", None)
            if prepare is not None:
                with contextlib.suppress(Exception):  # a failure shows when the user searches
                    prepare()
            for name in WARM_UP:
                with contextlib.suppress(ImportError):
                    importlib.import_module(name)
            if self.config.image_renderer != "none":
                from tui.pdf.workers import warm_figures
                from tui.widgets import figure_view

                with contextlib.suppress(ImportError):
                    figure_view.prepare(self.config.image_renderer)
                warm_figures()
        finally:
            startup.resume()
            with contextlib.suppress(RuntimeError):  # the app is closing
                self.app.call_from_thread(self._after_warm_up)

    def _demo_prepare(self) -> None:
        """The demo's first frame: its search box filled, the focus in its shortlist."""
        history = self.store.searches()
        if history:
            self.filters = SearchFilters(**history[0].get("filters") or {})
            self.search.set_query(history[0]["query"])
            self.search.show_searching(history[0]["query"])
        self.reader.clear("Opening the sample paper…")
        self.shortlist.options.focus()

    def _demo_start(self) -> None:
        """The demo opens with its search run and its sample paper in the reader."""
        history = self.store.searches()
        if history:
            self.start_search(history[0]["query"])
        kept = [e for e in self.store.entries() if e.status is Status.KEPT]
        if kept and (paper := self.store.paper(kept[0].paper_key)) is not None:
            self.open_paper(paper)

    def help_screen(self) -> str:
        """The help, built once and kept installed; its name for ``push_screen``."""
        if not self.app.is_screen_installed("help"):
            from tui.screens.help import HelpScreen
            from tui.widgets import reader_pane, search_pane, shortlist_pane

            cap, target = self.store.cap, self.store.kept_target
            self.app.install_screen(
                HelpScreen(
                    self.config.keymap,
                    [
                        ("Search", search_pane.HELP),
                        ("Shortlist", shortlist_pane.help_text(cap, target)),
                        ("Reader", reader_pane.HELP),
                    ],
                ),
                "help",
            )
        return "help"

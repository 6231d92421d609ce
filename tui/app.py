"""The Textual app: thin. It builds the main screen and handles what is app-wide."""

from __future__ import annotations

from textual.app import App
from textual.worker import Worker, WorkerState

from tui.commands import WinnowCommands
from tui.config import Config
from tui.store import Store


class WinnowApp(App[int]):
    """winnow: search, shortlist, cut to three, read in four stages."""

    CSS_PATH = ["winnow.tcss", "widgets/reader.tcss"]
    TITLE = "winnow"
    ENABLE_COMMAND_PALETTE = True
    COMMANDS = App.COMMANDS | {WinnowCommands}

    def __init__(self, config: Config, store: Store, *, sources=None, demo: bool = False) -> None:
        super().__init__()
        self.config = config
        self.store = store
        self.sources = sources
        self.demo = demo

    def on_mount(self) -> None:
        from tui.screens.main import MainScreen

        self.theme = (
            self.config.theme if self.config.theme in self.available_themes else ("textual-dark")
        )
        if self.config.keymap:
            self.set_keymap(self.config.keymap)
        if self.sources is None:
            from tui.sources import SearchService

            self.sources = SearchService.from_config(self.config, self.store)
        self.push_screen(MainScreen(self.config, self.store, self.sources))
        for warning in (*self.config.warnings, *self.store.notices):
            self.notify(warning, severity="warning", timeout=10)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """One place turns a failed worker into a message, never a traceback."""
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            error = event.worker.error
            self.notify(f"{event.worker.name}: {error}", severity="error", markup=False)


def make_app(config: Config, store: Store, *, sources=None, demo: bool = False) -> WinnowApp:
    """The one factory for the CLI, the tests and the screenshot script."""
    if demo and sources is None:
        from tui.demo import DemoSources

        sources = DemoSources()
    return WinnowApp(config, store, sources=sources, demo=demo)

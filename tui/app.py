"""The Textual app: thin. It builds the main screen and handles what is app-wide."""

from __future__ import annotations

import asyncio
import threading

from textual.app import App
from textual.command import CommandPalette
from textual.notifications import SeverityLevel
from textual.worker import Worker, WorkerState

from tui.commands import WinnowCommands
from tui.config import Config
from tui.keys import keymap_problems
from tui.store import Store
from tui.textsafe import one_line

MAX_TOAST = 300  # characters: a toast is a line or two, never a paper's abstract


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

    def get_default_screen(self):
        """The main screen is the app's first screen (no blank screen pushed over)."""
        from tui.screens.main import MainScreen

        if self.sources is None:
            self.sources = LazySources(self.config, self.store)
        return MainScreen(self.config, self.store, self.sources)

    def on_mount(self) -> None:
        problems = list(keymap_problems(self.config.keymap))
        if self.config.theme in self.available_themes:
            self.theme = self.config.theme
        else:
            self.theme = "textual-dark"
            problems.append(
                f"config: unknown theme {self.config.theme!r} "
                f"(one of: {', '.join(sorted(self.available_themes))})"
            )
        if self.config.keymap:
            self.set_keymap(self.config.keymap)
        for warning in (*self.config.warnings, *problems, *self.store.notices):
            self.notify(warning, severity="warning", timeout=10)

    def action_command_palette(self) -> None:
        """Textual's palette, its box shown at once (Textual shows it once every provider has
        answered, and up to 0.1 s after that); the commands fill in as they come."""
        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(id="--command-palette", classes="-ready"))

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Every toast passes here (widgets' and screens' ``notify`` call the app's).

        Toasts often carry outside text (a title, an error from a server): the message is
        made inert and never read as markup, whatever the caller asked.
        """
        kwargs = {} if timeout is None else {"timeout": timeout}
        super().notify(
            one_line(message, limit=MAX_TOAST),
            title=one_line(title, limit=80),
            severity=severity,
            markup=False,
            **kwargs,
        )

    def write_osc52(self, sequence: bytes) -> None:
        """The one raw write to the terminal: a clipboard copy, and only one that is well formed
        (OSC 52 of base64, plain or wrapped for tmux/screen), so no outside byte rides along."""
        from tui.exchange.clipboard import is_osc52

        if not is_osc52(sequence):
            raise ValueError("not an OSC 52 clipboard sequence")
        if self._driver is not None:
            self._driver.write(sequence.decode("ascii"))

    def validate_title(self, title: object) -> str:
        """The app's title may name a paper or a topic some day: always one inert line."""
        return one_line(title, limit=200)

    def validate_sub_title(self, sub_title: object) -> str:
        return one_line(sub_title, limit=200)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """One place turns a failed worker into a message, never a traceback."""
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            error = event.worker.error
            self.notify(f"{event.worker.name}: {error}", severity="error", markup=False)


class LazySources:
    """The search service, built off the event loop: the API packages take 0.3-2 s to
    import. ``prepare`` builds it (any thread; the app calls it after the first frame);
    a search before that waits for it in a thread, never on the loop."""

    def __init__(self, config: Config, store: Store) -> None:
        self._args = (config, store)
        self._service = None
        self._lock = threading.Lock()

    def prepare(self):
        with self._lock:
            if self._service is None:
                from tui.sources import SearchService

                self._service = SearchService.from_config(*self._args)
        return self._service

    async def _get(self):
        return self._service or await asyncio.to_thread(self.prepare)

    async def search(self, *args, **kwargs):
        return await (await self._get()).search(*args, **kwargs)

    async def lookup(self, ref):
        return await (await self._get()).lookup(ref)


def make_app(config: Config, store: Store, *, sources=None, demo: bool = False) -> WinnowApp:
    """The one factory for the CLI, the tests and the screenshot script."""
    if demo and sources is None:
        from tui.demo import DemoSources

        sources = DemoSources()
    return WinnowApp(config, store, sources=sources, demo=demo)

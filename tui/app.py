"""The Textual app: thin. It builds the main screen and handles what is app-wide."""

from __future__ import annotations

from textual.app import App
from textual.notifications import SeverityLevel
from textual.worker import Worker, WorkerState

from tui.commands import WinnowCommands
from tui.config import Config
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


def keymap_problems(keymap: dict[str, str]):
    """Unknown command ids, and keys a remap takes from another command."""
    from tui.keys import COMMANDS

    ids = {c.id for c in COMMANDS}
    keys_of = {c.id: {k.strip() for k in c.keys.split(",")} for c in COMMANDS}
    for command_id, keys in keymap.items():
        if command_id not in ids:
            yield f"config: [keymap] {command_id!r} is not a command (see ? for the list)"
            continue
        keys_of[command_id] = {k.strip() for k in keys.split(",")}
    for command_id in keymap:
        for other, theirs in keys_of.items():
            shared = keys_of.get(command_id, set()) & theirs
            if other != command_id and shared and command_id in ids:
                yield (
                    f"config: [keymap] {command_id} takes {', '.join(sorted(shared))} "
                    f"from {other}: give {other} another key"
                )


class LazySources:
    """The search service, built on the first search: the API packages import slowly."""

    def __init__(self, config: Config, store: Store) -> None:
        self._args = (config, store)
        self._service = None

    def _get(self):
        if self._service is None:
            from tui.sources import SearchService

            self._service = SearchService.from_config(*self._args)
        return self._service

    async def search(self, *args, **kwargs):
        return await self._get().search(*args, **kwargs)

    async def lookup(self, ref):
        return await self._get().lookup(ref)


def make_app(config: Config, store: Store, *, sources=None, demo: bool = False) -> WinnowApp:
    """The one factory for the CLI, the tests and the screenshot script."""
    if demo and sources is None:
        from tui.demo import DemoSources

        sources = DemoSources()
    return WinnowApp(config, store, sources=sources, demo=demo)

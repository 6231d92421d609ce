"""The main screen: three panes and a status line. It owns the shared state."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Static

from tui.config import Config
from tui.keys import bindings
from tui.models import phase_of
from tui.store import Store
from tui.widgets.status_line import StatusLine


class MainScreen(Screen):
    BINDINGS = bindings()

    def __init__(self, config: Config, store: Store, sources=None) -> None:
        super().__init__()
        self.config = config
        self.store = store
        self.sources = sources

    def compose(self) -> ComposeResult:
        with Horizontal(id="panes"):
            with Vertical(id="left"):
                search = Static("Type / to search arXiv and Semantic Scholar.", classes="pane")
                search.border_title = "Search"
                yield search
                shortlist = Static("Nothing on the list yet.", classes="pane")
                shortlist.border_title = f"Shortlist  0/{self.config.shortlist_cap}"
                yield shortlist
            reader = Static("Open a paper with Enter.", id="reader", classes="pane")
            reader.border_title = "Reader"
            yield reader
        yield StatusLine()
        yield Footer()

    def on_mount(self) -> None:
        topic = self.store.current_topic()
        entries = self.store.entries() if topic else []
        self.query_one(StatusLine).update_state(
            topic=topic,
            phase=phase_of(entries, self.store.cap, self.store.kept_target),
            count=sum(e.active for e in entries),
            network="",
        )

"""The main screen: three panes and a status line. It owns the shared state.

Panes post messages up; the screen talks to the store and the workers and
pushes the result down. Actions read what is highlighted when the key is
handled, never a value cached from an earlier message.

No key waits on the disk: every store write goes through the window's writer
(:mod:`tui.screens.writes`), and what the screen shows is its :class:`View` of the
store, read in a thread and kept live (:mod:`tui.screens.live`). The parts: the
shortlist's actions (:mod:`tui.screens.triage`), notes (:mod:`tui.screens.notes`),
topics (:mod:`tui.screens.topics`), where the user left (:mod:`tui.screens.place`),
metadata arriving later (:mod:`tui.screens.enrich`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen

from tui.config import Config
from tui.errors import WinnowError
from tui.keys import bindings
from tui.models import Paper, SearchFilters
from tui.screens.companions import CompanionsMixin
from tui.screens.enrich import EnrichMixin
from tui.screens.live import LiveMixin, View
from tui.screens.notes import NotesSide
from tui.screens.place import PlaceMixin
from tui.screens.reading import ReadingMixin
from tui.screens.searching import SearchMixin
from tui.screens.snowball import TRAIL_ACTIONS, TrailMixin
from tui.screens.starting import StartMixin
from tui.screens.topics import TopicsMixin
from tui.screens.triage import TriageMixin
from tui.screens.writes import Writes
from tui.store import Store
from tui.widgets.key_bar import KeyBar
from tui.widgets.reader_pane import ReaderPane
from tui.widgets.search_pane import SearchPane
from tui.widgets.shortlist_pane import ShortlistPane
from tui.widgets.status_line import StatusLine

TIME_FLUSH_SECONDS = 30.0
CLOSE_SECONDS = 10.0
"""At most this long, on quitting, for the last writes (a store lock held elsewhere)."""


class Delivered(Message):
    """A write's outcome, handed from the writer thread to the event loop."""

    def __init__(self, callback: Callable[[], None]) -> None:
        super().__init__()
        self.callback = callback


class MainScreen(
    LiveMixin,
    TriageMixin,
    NotesSide,
    TopicsMixin,
    PlaceMixin,
    EnrichMixin,
    StartMixin,
    SearchMixin,
    TrailMixin,
    ReadingMixin,
    CompanionsMixin,
    Screen,
):
    BINDINGS = [
        *bindings(),
        # A locked stage key still answers: with why it is locked.
        *(Binding(str(n), f"locked_stage({n})", show=False) for n in (2, 3, 4)),
    ]

    def __init__(self, config: Config, store: Store, sources) -> None:
        super().__init__()
        self.config = config
        self.store = store
        self.sources = sources
        self.filters = SearchFilters()
        self.query_text = ""
        self.page = 0
        self.network = ""
        self.paper: Paper | None = None  # the paper open in the reader
        self.stage = 1
        self._clock: tuple[str, int, float] | None = None  # (key, stage, started)
        self.writes = Writes(lambda callback: self.post_message(Delivered(callback)))

    # ------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        self._search = SearchPane(id="search", classes="pane")
        self._shortlist = ShortlistPane(
            self.config.shortlist_cap, id="shortlist-pane", classes="pane"
        )
        self._reader = ReaderPane(
            image_renderer=self.config.image_renderer, id="reader", classes="pane"
        )
        with Horizontal(id="panes"):
            with Vertical(id="left"):
                yield self._search
                yield self._shortlist
            with Vertical(id="right"):
                yield self._reader
        yield StatusLine()
        yield KeyBar(id="keys")

    @property
    def search(self) -> SearchPane:
        return self._search

    @property
    def shortlist(self) -> ShortlistPane:
        return self._shortlist

    @property
    def reader(self) -> ReaderPane:
        return self._reader

    def on_mount(self) -> None:
        """Only what the first frame shows; the rest waits for it (``_after_first_frame``).

        The focus is settled here, before the first frame, so a key pressed as it appears
        goes where it will stay.
        """
        self.search.border_title = "Search"
        self.refresh_now()
        self.set_interval(TIME_FLUSH_SECONDS, self.flush_clock)
        self.start_live()
        if self.view.topic is None:
            self.reader.clear("No topic yet. Press t to create one: a name and your purpose.")
            self.search.results.focus()  # so t is a key, not a letter typed in the query
        elif getattr(self.app, "demo", False):
            self._demo_prepare()
        else:
            self.reader.clear("Search with /, add with a, open with Enter.")
            self.prepare_place()
        self.call_after_refresh(self._after_first_frame)
        self.call_after_refresh(self._after_start)

    def _after_start(self) -> None:
        if not getattr(self.app, "demo", False):
            self.restore_place()

    # ------------------------------------------------------------ state down

    def show_view(self, old: View, view: View) -> None:
        """Draw the store's state: the list, the marks, the status line, the open paper
        and notes — keeping highlights and scroll where the user has them."""
        if old.stamp and old.topic_id != view.topic_id:
            self.topic_changed_elsewhere(view)
        entries = list(view.entries)
        self.shortlist.set_entries(entries, view.papers)
        self.search.mark_shortlisted(
            {e.paper_key for e in entries if e.active},
            {e.paper_key for e in entries if not e.active},
        )
        self.query_one(StatusLine).update_state(
            topic=view.topic, phase=view.phase, count=len(view.active), network=self.network
        )
        if old.stamp:
            self.reader_follows(old, view)
            self.notes_follow(view)
        self.restore_result()
        self.refresh_keys()

    def refresh_keys(self) -> None:
        """The footer and the palette follow what applies now (one line to redraw)."""
        self.refresh_bindings()

    # ------------------------------------------------------------ writes

    def on_delivered(self, event: Delivered) -> None:
        event.stop()
        event.callback()

    def run_guarded(
        self, change: Callable[[], Any], done: Callable[[Any], None] | None = None
    ) -> None:
        """Run a store change in the writer (in turn, off the event loop); then ``done``
        with its result. A refusal becomes a message, and the window redraws the truth."""

        def finished(result: Any) -> None:
            if done is not None:
                done(result)
            self.refresh_state()

        try:
            self.writes.run(change, finished, self.refused)
        except WinnowError as error:  # the window is closing
            self.refused(error)

    def refused(self, error: WinnowError) -> None:
        self.notify(str(error), severity="warning", markup=False)
        self.refresh_state()

    def topic_name(self) -> str | None:
        """The topic this window shows (writes name it: another window may open another)."""
        return self.view.topic.name if self.view.topic else None

    # ------------------------------------------------------------ which paper

    def target_key(self) -> str | None:
        """The shortlist paper an action means: highlighted in the list, else the open one."""
        if self.shortlist.has_focus_within:
            return self.shortlist.highlighted_key()
        if self.paper is not None and self._on_list(self.paper.key):
            return self.paper.key
        return self.shortlist.highlighted_key()

    def _on_list(self, key: str) -> bool:
        return self.view.on_list(key)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """False hides a key with nothing to act on; None greys one the method still locks."""
        panel = self.notes_panel
        if panel is not None and self.notes_open and panel.has_focus_within:
            return False  # keys type into the notes: the footer shows the editor's own
        if action in TRAIL_ACTIONS:
            return self.check_trail_action(action)
        if action == "stage":
            if self.paper is None:
                return False
            return True if self._stage_allowed(int(parameters[0])) else None
        if action == "locked_stage":
            return not self._stage_allowed(int(parameters[0]))
        if action == "add":
            return self.search.has_focus_within and self.search.highlighted_paper() is not None
        if action in ("eliminate", "keep", "notes"):
            return self.target_key() is not None
        if action in ("section", "copy", "summarize"):
            return self.paper is not None
        if action == "undo":
            return self.shortlist.has_eliminated
        if action == "zoom":
            return self.paper is not None or self.has_class("-zoomed")
        return True

    def on_option_list_option_highlighted(self, _event) -> None:
        """What the keys act on follows the highlight (a paper, or the eliminated group)."""
        self.refresh_keys()

    # ------------------------------------------------------------ actions

    def action_focus_search(self) -> None:
        self.search.focus_query()

    async def action_notes(self) -> None:
        key = self.target_key()
        if key is None:
            return
        if self.paper is None or self.paper.key != key:
            paper = self.view.papers.get(key)
            if paper is not None:
                self.open_paper(paper)  # the paper beside its notes
        await self.open_notes(key)

    def action_help(self) -> None:
        self.app.push_screen(self.help_screen())

    def action_zoom(self) -> None:
        """The reader at the full width, and back (the lists keep their place)."""
        zoomed = not self.has_class("-zoomed")
        if zoomed and self.reader.is_ready and self.query_one("#left").has_focus_within:
            self.reader.body.focus()
        self.set_class(zoomed, "-zoomed")
        self.refresh_keys()

    # ------------------------------------------------------------ time kept per stage

    def start_clock(self) -> None:
        """Time the stage on screen, if it has something to show (issue 11.13)."""
        self.flush_clock()
        self._clock = None
        if self.paper is not None and self._on_list(self.paper.key) and self.stage_has_text():
            self._clock = (self.paper.key, self.stage, time.monotonic())

    def stage_has_text(self) -> bool:
        """Stage 1 always has the metadata; stages 2-4 need the paper's text, and the cut."""
        if self.stage == 1:
            return True
        return self._doc is not None and self._stage_allowed(self.stage)

    def flush_clock(self) -> None:
        if self._clock is None:
            return
        key, stage, started = self._clock
        now = time.monotonic()
        self._clock = (key, stage, now)
        topic = self.topic_name()

        def lost(_error: WinnowError) -> None:
            self._clock = None

        seconds = now - started
        try:
            self.writes.run(lambda: self.store.add_time(key, stage, seconds, topic), None, lost)
        except WinnowError:
            self._clock = None

    def on_unmount(self) -> None:
        """The last writes land before the window goes: time, place, pending notes."""
        self.flush_clock()
        self.leave_place()
        self.writes.close(CLOSE_SECONDS)

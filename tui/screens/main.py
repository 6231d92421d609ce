"""The main screen: three panes and a status line. It owns the shared state.

Panes post messages up; the screen talks to the store and the workers and
pushes the result down. Actions read what is highlighted when the key is
handled, never a value cached from an earlier message.
"""

from __future__ import annotations

import time

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen

from tui.config import Config
from tui.errors import WinnowError
from tui.keys import bindings
from tui.models import Paper, SearchFilters, Status, phase_of
from tui.screens.ask import AskLine, Choose
from tui.screens.reading import ReadingMixin
from tui.screens.searching import SearchMixin
from tui.screens.snowball import TRAIL_ACTIONS, TrailMixin
from tui.screens.starting import StartMixin
from tui.store import Store, needs_metadata
from tui.widgets.key_bar import KeyBar
from tui.widgets.reader_pane import ReaderPane
from tui.widgets.search_pane import SearchPane
from tui.widgets.shortlist_pane import ShortlistPane
from tui.widgets.status_line import StatusLine

TIME_FLUSH_SECONDS = 30.0


class MainScreen(StartMixin, SearchMixin, TrailMixin, ReadingMixin, Screen):
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
        self.refresh_state()
        self.set_interval(TIME_FLUSH_SECONDS, self.flush_clock)
        if self.store.current_topic() is None:
            self.reader.clear("No topic yet. Press t to create one: a name and your purpose.")
            self.search.results.focus()  # so t is a key, not a letter typed in the query
        elif getattr(self.app, "demo", False):
            self._demo_prepare()
        else:
            self.reader.clear("Search with /, add with a, open with Enter.")
            self.search.focus_query()
        self.call_after_refresh(self._after_first_frame)

    # ------------------------------------------------------------ state down

    def refresh_state(self) -> None:
        topic = self.store.current_topic()
        entries = self.store.entries() if topic else []
        papers = {e.paper_key: self.store.paper(e.paper_key) for e in entries}
        self.shortlist.set_entries(entries, papers)
        self.search.mark_shortlisted(
            {e.paper_key for e in entries if e.active},
            {e.paper_key for e in entries if not e.active},
        )
        phase = phase_of(entries, self.store.cap, self.store.kept_target)
        self.query_one(StatusLine).update_state(
            topic=topic, phase=phase, count=sum(e.active for e in entries), network=self.network
        )
        self.refresh_keys()

    def refresh_keys(self) -> None:
        """The footer and the palette follow what applies now (one line to redraw)."""
        self.refresh_bindings()

    # ------------------------------------------------------------ which paper

    def target_key(self) -> str | None:
        """The shortlist paper an action means: highlighted in the list, else the open one."""
        if self.shortlist.has_focus_within:
            return self.shortlist.highlighted_key()
        if self.paper is not None and self._on_list(self.paper.key):
            return self.paper.key
        return self.shortlist.highlighted_key()

    def _on_list(self, key: str) -> bool:
        if self.store.current_topic() is None:
            return False
        return any(e.paper_key == key for e in self.store.entries())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """False hides a key with nothing to act on; None greys one the method still locks."""
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

    # ------------------------------------------------------------ actions

    def action_focus_search(self) -> None:
        self.search.focus_query()

    def run_guarded(self, change) -> bool:
        """Run a store change; a refusal becomes a message, not a crash."""
        try:
            change()
        except WinnowError as error:
            self.notify(str(error), severity="warning", markup=False)
            return False
        self.refresh_state()
        return True

    def action_add(self) -> None:
        paper = self.search.highlighted_paper()
        if paper is None:
            return
        if self.store.current_topic() is None:
            self.notify("create a topic first (t): its name and your purpose", severity="warning")
            return
        if self.run_guarded(lambda: self.store.add(paper)):  # refresh_state marks it ●
            self.notify(f"added: {paper.title[:60]}", markup=False)

    def action_eliminate(self) -> None:
        key = self.target_key()
        if key is None:
            return

        paper = self.store.paper(key)
        title = paper.title if paper else key

        def done(reason: str | None) -> None:
            if reason and self.run_guarded(lambda: self.store.eliminate(key, reason)):
                self.notify(f"eliminated “{title[:50]}” — u brings it back", markup=False)

        self.app.push_screen(
            AskLine(f"Why eliminate “{title[:70]}”?", "one line, e.g. only tested on MNIST"), done
        )

    def action_undo(self) -> None:
        """u on an eliminated paper in the list brings that one back; else the last one."""
        if self.store.current_topic() is None:
            return
        key = self.shortlist.highlighted_key() if self.shortlist.has_focus_within else None
        if key is not None and not any(
            e.paper_key == key and not e.active for e in self.store.entries()
        ):
            key = None
        restored: list = []
        if self.run_guarded(lambda: restored.append(self.store.undo(key=key))):
            paper = self.store.paper(restored[0].paper_key)
            title = paper.title if paper else restored[0].paper_key
            self.notify(f"back on the list: “{title[:50]}”", markup=False)

    def action_keep(self) -> None:
        key = self.target_key()
        if key is None:
            return
        entry = next((e for e in self.store.entries() if e.paper_key == key), None)
        if entry is not None and entry.status is Status.KEPT:
            self.run_guarded(lambda: self.store.unkeep(key))
            self.notify("no longer kept")
        elif self.run_guarded(lambda: self.store.keep(key)):
            self.notify("kept")

    def action_notes(self) -> None:
        key = self.target_key()
        if key is None:
            return
        entry = self.store.entry(key)
        paper = self.store.paper(key)

        def save(field: str, value: str) -> None:
            try:
                self.store.set_notes(key, **{field: value})
            except WinnowError as error:
                self.notify(str(error), severity="error", markup=False)

        from tui.screens.notes import NotesScreen  # TextArea loads on first use

        self.app.push_screen(
            NotesScreen(paper.title if paper else key, entry.notes, save),
            lambda _: self.refresh_state(),
        )

    def action_topics(self) -> None:
        topics = self.store.topics()
        choices = ["+ new topic…"] + [f"{t.name} — {t.purpose}" for t in topics]

        def chosen(index: int | None) -> None:
            if index is None:
                return
            if index == 0:
                self.app.push_screen(
                    AskLine("Name of the new topic?", "e.g. graph transformers"), ask_purpose
                )
            else:
                self.switch_topic(lambda: self.store.open_topic(topics[index - 1].name))

        def ask_purpose(name: str | None) -> None:
            if name:  # Escape at either question creates nothing; a purpose is required
                self.app.push_screen(
                    AskLine("Your purpose: why are you reading?", "one line"),
                    lambda purpose: (
                        purpose
                        and self.switch_topic(lambda: self.store.create_topic(name, purpose))
                    ),
                )

        title = "Topics"
        if getattr(self.app, "demo", False):
            title += " (demo sandbox: reset on the next --demo; run winnow for your own)"
        self.app.push_screen(Choose(title, choices), chosen)

    def switch_topic(self, change) -> None:
        self.flush_clock()
        self._clock = None
        if self.run_guarded(change):
            self.paper = None
            self.query_text, self.page, self.filters = "", 0, SearchFilters()
            self.search.border_title = "Search"
            self.search.set_query("")
            self.search.show_result((), {}, {})  # the last topic's results are not this one's
            self.refresh_state()
            self.reader.clear("Search with /, add with a, open with Enter.")

    def action_help(self) -> None:
        self.app.push_screen(self.help_screen())

    def action_zoom(self) -> None:
        """The reader at the full width, and back (the lists keep their place)."""
        zoomed = not self.has_class("-zoomed")
        if zoomed and self.reader.is_ready and self.query_one("#left").has_focus_within:
            self.reader.body.focus()
        self.set_class(zoomed, "-zoomed")
        self.refresh_keys()

    @work(group="metadata", exit_on_error=False)
    async def fill_placeholders(self) -> None:
        """Papers added by id alone (offline) get their metadata once a source answers."""
        if self.store.current_topic() is None:
            return
        for entry in self.store.entries():
            paper = self.store.paper(entry.paper_key)
            ref = paper.ids.primary() if paper else None
            if paper is None or ref is None or not needs_metadata(paper):
                continue  # known already (an id alone, or a PDF alone, still wants more)
            try:
                found = await self.sources.lookup(ref)
            except Exception:  # offline, rate-limited: try again on the next start
                return
            if found is not None:
                if paper.local_pdf:
                    found = found.with_(local_pdf=paper.local_pdf)
                self.run_guarded(
                    lambda old=entry.paper_key, new=found: self.store.replace_paper_key(old, new)
                )

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
        try:
            self.store.add_time(key, stage, now - started)
        except WinnowError:
            self._clock = None

    def on_unmount(self) -> None:
        self.flush_clock()

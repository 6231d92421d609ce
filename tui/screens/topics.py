"""Topics (t): the list marks the open one and shows each one's phase and count; a new
topic's name is refused at once when taken (before the purpose is asked); rename and
delete (which asks, and says so when it is the open topic) — issue 11.20.

Arriving at another topic — opened here, or in another window (the open topic is the
store's, shared by every window) — clears the last topic's search and paper and brings
back where this one was left; the focus goes where the next key makes sense.
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from tui.errors import WinnowError
from tui.models import Phase, SearchFilters, Topic, phase_of
from tui.screens.ask import AskLine
from tui.screens.confirm import Confirm
from tui.screens.live import View
from tui.store import Store
from tui.widgets.literal import literal

NEW = "+ new topic…"


def topic_prompt(topic: Topic, is_open: bool, state: tuple[Phase, int] | None) -> Text:
    text = Text("● " if is_open else "  ", style="bold green")
    text.append_text(literal(topic.name, "bold"))
    if state is not None:
        text.append(f"  {state[0].value} · {state[1]} on list", style="cyan")
    else:
        text.append("  …", style="dim")
    if topic.purpose:
        text.append(" — ", style="dim")
        text.append_text(literal(topic.purpose, "dim"))
    return text


class TopicsScreen(ModalScreen[tuple[str, str] | None]):
    """Pick, create, rename or delete a topic; answers ``(what, name)``."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("n", "pick('new')", "New"),
        Binding("r", "pick('rename')", "Rename"),
        Binding("d", "pick('delete')", "Delete"),
    ]

    def __init__(self, store: Store, open_name: str | None, title: str = "Topics") -> None:
        super().__init__()
        self.store = store
        self.open_name = open_name
        self.title_text = title
        self.topics = store.topics()  # the index: one small file, read once
        self.states: dict[str, tuple[Phase, int]] = {}

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(literal(self.title_text, "bold"))
            yield OptionList(
                Option(Text(NEW)),
                *(Option(topic_prompt(t, t.name == self.open_name, None)) for t in self.topics),
                id="choices",
            )
            yield Label(
                Text("Enter open · n new · r rename · d delete · Escape", style="dim"),
                id="topics-hint",
            )

    def on_mount(self) -> None:
        self.count_topics()

    @work(thread=True, group="topics", exit_on_error=False)
    def count_topics(self) -> None:
        """Each topic's phase and count: one file per topic, read off the event loop."""
        store = self.store
        for index, topic in enumerate(self.topics, start=1):
            try:
                entries = store.entries(topic.name)
            except WinnowError:
                continue
            phase = phase_of(entries, store.cap, store.kept_target)
            state = (phase, sum(e.active for e in entries))
            self.app.call_from_thread(self._counted, index, topic, state)

    def _counted(self, index: int, topic: Topic, state: tuple[Phase, int]) -> None:
        self.states[topic.name] = state
        options = self.query_one("#choices", OptionList)
        if index < options.option_count:
            prompt = topic_prompt(topic, topic.name == self.open_name, state)
            options.replace_option_prompt_at_index(index, prompt)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_index == 0:
            self.dismiss(("new", ""))
        else:
            self.dismiss(("open", self.topics[event.option_index - 1].name))

    def action_pick(self, what: str) -> None:
        if what == "new":
            self.dismiss(("new", ""))
            return
        index = self.query_one("#choices", OptionList).highlighted
        if index is None or index == 0:
            self.notify(f"highlight a topic to {what} it first", severity="warning")
            return
        self.dismiss((what, self.topics[index - 1].name))

    def action_cancel(self) -> None:
        self.dismiss(None)


class TopicsMixin:
    """Mixed into MainScreen: the topics dialog, and arriving at a topic."""

    _arriving: str | None = None  # "new" / "open" while this window's own switch lands

    def action_topics(self) -> None:
        title = "Topics"
        if getattr(self.app, "demo", False):
            title += " (demo sandbox: reset on the next --demo; run winnow for your own)"
        current = self.topic_name()

        def chosen(choice: tuple[str, str] | None) -> None:
            if choice is None:
                return
            what, name = choice
            if what == "new":
                self.ask_new_topic()
            elif what == "open" and name != current:
                self.switch_topic(lambda: self.store.open_topic(name))
            elif what == "rename":
                self.ask_rename(name)
            elif what == "delete":
                self.ask_delete(name, name == current)

        self.app.push_screen(TopicsScreen(self.store, current, title), chosen)

    def _taken(self, name: str) -> str | None:
        if self.store.topic_exists(name):
            return f"a topic named “{' '.join(name.split())}” exists already: choose another name"
        return None

    def ask_new_topic(self) -> None:
        def ask_purpose(name: str | None) -> None:
            if name:  # Escape at either question creates nothing; a purpose is required
                self.app.push_screen(
                    AskLine("Your purpose: why are you reading?", "one line"),
                    lambda purpose: (
                        purpose
                        and self.switch_topic(
                            lambda: self.store.create_topic(name, purpose), created=True
                        )
                    ),
                )

        self.app.push_screen(
            AskLine("Name of the new topic?", "e.g. graph transformers", check=self._taken),
            ask_purpose,
        )

    def ask_rename(self, old: str) -> None:
        def check(new: str) -> str | None:
            return None if " ".join(new.split()) == old else self._taken(new)

        def renamed(new: str | None) -> None:
            if new and new != old:
                self.run_guarded(
                    lambda: self.store.rename_topic(old, new),
                    lambda topic: self.notify(f"renamed “{old}” to “{topic.name}”", markup=False),
                )

        self.app.push_screen(AskLine(f"New name for “{old}”?", value=old, check=check), renamed)

    def ask_delete(self, name: str, is_open: bool) -> None:
        what = "the open topic" if is_open else "the topic"
        then = " This window will have no topic open." if is_open else ""
        question = f"Delete {what} “{name}” with its shortlist, notes and history, for good?{then}"

        def answered(yes: bool | None) -> None:
            if yes:
                self.run_guarded(
                    lambda: self.store.delete_topic(name),
                    lambda _none: self.notify(f"deleted the topic “{name}”", markup=False),
                )

        self.app.push_screen(Confirm(question, yes="delete it", no="keep it"), answered)

    def switch_topic(self, change, created: bool = False) -> None:
        """Open (or create) a topic; the window arrives there once it is written."""
        self.flush_clock()
        self._clock = None
        self._arriving = "new" if created else "open"

        def refused(error: WinnowError) -> None:
            self._arriving = None
            self.refused(error)

        try:
            self.writes.run(change, lambda _topic: self.refresh_state(), refused)
        except WinnowError as error:
            refused(error)

    def topic_changed_elsewhere(self, view: View) -> None:
        """The open topic is another one now (this window's switch, or another window's,
        or a deletion): clear the last one's search and paper, come back to this one."""
        own, self._arriving = self._arriving, None
        self.flush_clock()
        self._clock = None
        self.close_notes()
        self.paper = None
        self.query_text, self.page, self.filters = "", 0, SearchFilters()
        self.search.border_title = "Search"
        self.search.set_query("")
        self.search.show_result((), {}, {})  # the last topic's results are not this one's
        if view.topic is None:
            self.reader.clear("No topic open. Press t to open or create one.")
            self.search.results.focus()  # t is a key here, never a letter in the query
        else:
            self.reader.clear("Search with /, add with a, open with Enter.")
            if own == "new" or not view.entries:
                self.search.focus_query()  # a new topic: its first search comes next
            else:
                self.shortlist.options.focus()
            if own is None:
                self.notify(f"another window opened the topic “{view.topic.name}”", markup=False)
            self.arrive_place()

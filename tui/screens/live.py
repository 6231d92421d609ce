"""Live windows (issue 10.3): what a window shows follows the store, whoever changed it.

The window keeps a :class:`View` — the open topic, its list and papers, read together
with the store's ``change_stamp()``. Every ``POLL_SECONDS`` the stamp is taken again (a
few ``os.stat`` calls, in a thread); when it differs — another winnow, TUI or CLI, or this
window's own write — the view is read again in a thread and drawn on the event loop,
keeping the highlight and the scroll where the user has them. The event loop never reads
the disk for a refresh, and a refresh reads only when something changed.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterable
from dataclasses import dataclass, field

from tui.errors import WinnowError
from tui.models import Entry, Paper, Phase, Status, Topic, cut_done, phase_of
from tui.store import Store

POLL_SECONDS = 0.3
"""How often a window looks at the store's change stamp (a change shows within ~0.5 s)."""


@dataclass(frozen=True)
class View:
    """What a window shows of the store, as read at one moment (``read_at``, monotonic)."""

    stamp: tuple = ()
    read_at: float = 0.0
    topic: Topic | None = None
    entries: tuple[Entry, ...] = ()
    papers: dict[str, Paper] = field(default_factory=dict)
    cap: int = 10
    kept_target: int = 3

    @property
    def topic_id(self) -> str | None:
        """The open topic's file id (``change_stamp`` names it second): stays the same
        through a rename, differs when another topic was opened."""
        return self.stamp[1] if len(self.stamp) > 1 else None

    @property
    def phase(self) -> Phase:
        return phase_of(list(self.entries), self.cap, self.kept_target)

    @property
    def active(self) -> list[Entry]:
        return [e for e in self.entries if e.active]

    def entry(self, key: str | None) -> Entry | None:
        return next((e for e in self.entries if e.paper_key == key), None)

    def on_list(self, key: str | None) -> bool:
        return self.entry(key) is not None

    def kept(self) -> int:
        return sum(e.status is Status.KEPT for e in self.entries)

    def stage_open(self, stage: int, key: str) -> bool:
        """As ``Store.stage_open``: stage 1 always; 2-4 for a kept paper after the cut."""
        if stage <= 1:
            return True
        entry = self.entry(key)
        return (
            entry is not None
            and entry.status is Status.KEPT
            and cut_done(list(self.entries), self.kept_target)
        )

    def locked(self, key: str | None) -> frozenset[int]:
        return frozenset(n for n in (2, 3, 4) if key is None or not self.stage_open(n, key))

    def title(self, key: str) -> str:
        paper = self.papers.get(key)
        return paper.title if paper is not None else key


def read_view(store: Store) -> View:
    """The open topic's list and papers (each file read once), with the stamp taken first:
    a change made while reading shows as a newer stamp at the next poll."""
    read_at = time.monotonic()
    stamp = store.change_stamp()
    topic = store.current_topic()
    entries: list[Entry] = []
    if topic is not None:
        try:
            entries = store.entries()
        except WinnowError:  # deleted meanwhile: the next poll sees it
            topic = None
    papers = store.papers(e.paper_key for e in entries)
    return View(stamp, read_at, topic, tuple(entries), papers, store.cap, store.kept_target)


def changed_papers(old: View, new: View, keys: Iterable[str]) -> set[str]:
    return {k for k in keys if old.papers.get(k) != new.papers.get(k)}


class LiveMixin:
    """Mixed into MainScreen: ``self.view`` follows the store; ``show_view`` draws it."""

    view: View = View()
    _polling = False
    _dirty = False

    def start_live(self) -> None:
        self.set_interval(POLL_SECONDS, self._poll)

    def refresh_now(self) -> None:
        """Read and draw at once, on the event loop: only for the first frame."""
        self._apply(read_view(self.store))

    def refresh_state(self) -> None:
        """Read again (in a thread) and draw: after this window's writes and refusals."""
        self._dirty = True
        self.run_worker(self._poll(), group="refresh", exit_on_error=False)

    @property
    def fresh(self) -> bool:
        """No refresh asked or under way (for tests that wait for the screen)."""
        return not (self._polling or self._dirty)

    async def _poll(self) -> None:
        if self._polling:
            return  # the poll under way reads again if asked meanwhile (``_dirty``)
        self._polling = True
        try:
            while True:
                forced, self._dirty = self._dirty, False
                known = None if forced else self.view.stamp
                view = await asyncio.to_thread(self._read_if_changed, known)
                if view is not None and self.is_mounted:
                    self._apply(view)
                if not self._dirty:
                    return
        except WinnowError as error:  # a store that cannot be read now: said once per change
            message = str(error)
            if message != getattr(self, "_live_error", None):
                self._live_error = message
                self.notify(message, severity="error", markup=False)
        finally:
            self._polling = False

    def _read_if_changed(self, known: tuple | None) -> View | None:
        if known is not None and self.store.change_stamp() == known:
            return None
        return read_view(self.store)

    def _apply(self, view: View) -> None:
        old, self.view = self.view, view
        self.show_view(old, view)

    _reshow = False

    def reader_follows(self, old: View, view: View) -> None:
        """The open paper as the store now knows it: its record (a title come later, from
        any window) and its locks (another window's cut or undo), at the line it is at."""
        paper = self.paper
        if paper is None:
            return
        key = paper.key
        stored = view.papers.get(key)
        changed = stored is not None and old.papers.get(key) != stored
        if changed:
            self.paper = stored if stored.local_pdf else stored.with_(local_pdf=paper.local_pdf)
        relocked = old.locked(key) != view.locked(key)
        if changed or relocked or self._reshow:
            self._reshow = False
            if relocked:
                self.start_clock()  # a stage locked (or opened) elsewhere: the clock follows
            self.show_stage(position=self.reader.current_line)

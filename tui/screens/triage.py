"""The shortlist's actions: add, eliminate (asks why; a kept paper only after a yes),
undo (this window's own; asks first when it changes the phase), keep.

Each writes through the window's writer and says what it did, naming the paper; a
refusal is a message and the window redraws the truth.
"""

from __future__ import annotations

from typing import Any

from tui.models import Status, cut_done
from tui.screens.ask import AskLine
from tui.screens.confirm import Confirm
from tui.textsafe import shorten


def quoted(title: str, width: int = 50) -> str:
    return f"“{shorten(title, width)}”"


class TriageMixin:
    """Mixed into MainScreen: uses its view, writer, panes and dialogs."""

    def action_add(self) -> None:
        paper = self.search.highlighted_paper()
        if paper is None:
            return
        if self.view.topic is None:
            self.notify("create a topic first (t): its name and your purpose", severity="warning")
            return
        topic = self.topic_name()
        self.run_guarded(
            lambda: self.store.add(paper, topic),
            lambda _entry: self.notify(f"added: {quoted(paper.title, 60)}", markup=False),
        )

    # ------------------------------------------------------------ eliminate

    def _acted_on(self) -> tuple[str, Any, str, str | None] | None:
        """The paper a shortlist key acts on: its key, entry, title and topic (None: none)."""
        key = self.target_key()
        if key is None:
            return None
        return key, self.view.entry(key), self.view.title(key), self.topic_name()

    def action_eliminate(self) -> None:
        if (target := self._acted_on()) is None:
            return
        key, entry, title, topic = target
        if entry is not None and not entry.active:
            self.notify(f"{quoted(title)} is eliminated already: u on it brings it back")
            return

        def eliminate(reason: str | None) -> None:
            if reason:
                self.run_guarded(
                    lambda: self.store.eliminate(key, reason, topic),
                    lambda _e: self.notify(
                        f"eliminated {quoted(title)} — u brings it back", markup=False
                    ),
                )

        def ask(sure: bool | None = True) -> None:
            if sure:
                self.app.push_screen(
                    AskLine(
                        f"Why eliminate {quoted(title, 70)}?",
                        "one line, e.g. only tested on MNIST",
                    ),
                    eliminate,
                )

        if entry is not None and entry.status is Status.KEPT:
            self.app.push_screen(
                Confirm(
                    f"{quoted(title, 70)} is one of your kept papers. Eliminate it?",
                    yes="eliminate it",
                    no="keep it",
                ),
                ask,
            )
        else:
            ask()

    # ------------------------------------------------------------ undo

    def action_undo(self) -> None:
        """u on an eliminated paper in the list brings that one back; else this window's
        last elimination. When that changes the phase, it says so and asks first."""
        if self.view.topic is None:
            return
        key = self.shortlist.highlighted_key() if self.shortlist.has_focus_within else None
        entry = self.view.entry(key)
        if entry is None or entry.active:
            key = None
        topic = self.topic_name()

        def look() -> tuple[str, str, str]:
            preview = self.store.undo_preview(key, topic)
            if preview is None:  # undo raises why there is nothing to undo
                restored = self.store.undo(topic, key).paper_key
                paper = self.store.paper(restored)
                return "done", paper.title if paper else restored, ""
            title, change = preview
            if change:
                return "ask", title, change
            self.store.undo(topic, key)
            return "done", title, ""

        def looked(outcome: tuple[str, str, str]) -> None:
            what, title, change = outcome
            if what == "done":
                self.notify(f"back on the list: {quoted(title)}", markup=False)
                return
            before, _, after = change.partition(" → ")
            lock = " and stages 2–4 lock again" if before == "READ" else ""
            question = (
                f"u brings back {quoted(title, 60)}: the topic goes from {before} to "
                f"{after}{lock}. Undo it?"
            )

            def answered(yes: bool | None) -> None:
                if yes:
                    self.run_guarded(
                        lambda: self.store.undo(topic, key),
                        lambda _e: self.notify(
                            f"back on the list: {quoted(title)} — phase {after}", markup=False
                        ),
                    )

            self.app.push_screen(Confirm(question, yes="undo", no="leave it"), answered)

        self.run_guarded(look, looked)

    # ------------------------------------------------------------ keep

    def action_keep(self) -> None:
        if (target := self._acted_on()) is None:
            return
        key, entry, title, topic = target
        if entry is not None and entry.status is Status.KEPT:
            self.run_guarded(
                lambda: self.store.unkeep(key, topic),
                lambda _e: self.notify(f"no longer kept: {quoted(title)}", markup=False),
            )
            return

        def keep() -> Any:
            self.store.keep(key, topic)
            return self.store.entries(topic)

        self.run_guarded(keep, lambda entries: self._kept(title, entries))

    def _kept(self, title: str, entries: list) -> None:
        """Says where the cut stands (issue 11.22): a fourth keep is taken — a researcher
        may keep four and cut one later — with the word that the cut is to three."""
        target = self.store.kept_target
        kept = sum(e.status is Status.KEPT for e in entries)
        name = quoted(title)
        if kept > target:
            self.notify(
                f"kept {name} — {kept} kept, but the cut is to {target}: eliminate "
                f"{kept - target} (x), or K on one to unkeep it, before stages 2–4 open",
                severity="warning",
                markup=False,
                timeout=8,
            )
        elif cut_done(entries, target):
            self.notify(
                f"kept {name} — the cut is done: stages 2–4 are open for the {kept} kept",
                markup=False,
            )
        else:
            self.notify(f"kept {name} — {kept} of at most {target}", markup=False)

"""A topic's shortlist: adding (one entry per paper, whatever id it came by), the cap,
elimination and its per-window undo, keeping, and the stages the cut unlocks.

Each change is one transaction on the topic's own file, so the cap holds when two
windows add at once, and its cost does not grow with the number of topics.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from tinydb import Query

from tui.errors import UserError
from tui.models import (
    Entry,
    Notes,
    Paper,
    PaperRef,
    Status,
    cut_done,
    normalise_title,
    parse_ref,
    phase_of,
    placeholder_paper,
)
from tui.store.core import now_iso
from tui.store.merge import paper_refs, refs_match
from tui.store.papers import PapersMixin
from tui.store.topics import CapReached, TopicsMixin, entry_doc

CLI_SESSION = "cli"


def entry_from(doc: dict[str, Any]) -> Entry:
    return Entry(
        paper_key=doc["paper_key"],
        status=Status(doc.get("status", "candidate")),
        reason=doc.get("reason", ""),
        eliminated_at=doc.get("eliminated_at"),
        added_at=doc.get("added_at", ""),
        stage=int(doc.get("stage", 0)),
        notes=Notes(**(doc.get("notes") or {})),
        position=dict(doc.get("position") or {}),
        seconds=dict(doc.get("seconds") or {}),
    )


def shorten(title: str, width: int = 60) -> str:
    return f"“{title[:width]}{'…' if len(title) > width else ''}”"


class ShortlistMixin(TopicsMixin, PapersMixin):
    # ------------------------------------------------------------ reading

    def _entry_docs(self, file_id: str) -> list[tuple[int, dict[str, Any]]]:
        docs = (self._topic_data(file_id).get("entries") or {}).items()
        return sorted(((int(i), d) for i, d in docs), key=lambda item: item[0])

    def entries(self, topic: str | None = None) -> list[Entry]:
        """The topic's shortlist in the order the papers were added (eliminated included)."""
        return [entry_from(d) for _, d in self._entry_docs(self._topic_id(topic))]

    def entry(self, key: str, topic: str | None = None) -> Entry:
        file_id = self._topic_id(topic)
        for _, doc in self._entry_docs(file_id):
            if doc["paper_key"] == key:
                return entry_from(doc)
        raise UserError(f"{key} is not on the shortlist of {self._topic_name(topic)!r}")

    def active_count(self, topic: str | None = None) -> int:
        return sum(e.active for e in self.entries(topic))

    def find_entry(self, paper: Paper, topic: str | None = None) -> Entry | None:
        """The entry that is this paper, matched by any id (or the title when either has
        none); None when the paper is not on the list."""
        refs = paper_refs(paper, paper.key)
        for _, doc in self._entry_docs(self._topic_id(topic)):
            if refs_match(doc.get("refs") or [doc["paper_key"]], refs):
                return entry_from(doc)
        return None

    def resolve(self, text: str, topic: str | None = None) -> str:
        """The key of the shortlist paper the user means by an id, a key or a title prefix."""
        docs = [d for _, d in self._entry_docs(self._topic_id(topic))]
        keys = [d["paper_key"] for d in docs]
        if text in keys:
            return text
        ref = parse_ref(text)
        for doc in docs:
            if ref and ref.key in (doc.get("refs") or [doc["paper_key"]]):
                return doc["paper_key"]
        wanted = normalise_title(text)
        papers = self.papers(keys) if wanted else {}
        matches = [
            k for k in keys if k in papers and normalise_title(papers[k].title).startswith(wanted)
        ]
        if wanted and len(matches) == 1:
            return matches[0]
        raise UserError(f"{text!r} is not on the shortlist (winnow shortlist)")

    def _title(self, key: str) -> str:
        paper = self.paper(key)
        if paper is None or paper.title == key:
            return key  # known by its id alone
        return shorten(paper.title)

    # ------------------------------------------------------------ adding

    def add(self, paper: Paper, topic: str | None = None) -> Entry:
        """Put a paper on the shortlist; refused past the cap, or when the paper is on it
        already by any of its ids. Its metadata is filed (merged with what is known)."""
        file_id = self._topic_id(topic)
        listed = self._refuse_listed(paper, [d for _, d in self._entry_docs(file_id)])
        if listed is not None:  # what the new record knows still reaches the listed paper
            self.enrich(listed[0], paper)
            raise listed[1]
        (filed,) = self._file_papers([paper], file_id)
        refs = paper_refs(filed, filed.key)
        topic_file = self._topic_file(file_id)
        with self._topic_tx(file_id):
            entries = topic_file.table("entries")
            docs = entries.all()
            if (listed := self._refuse_listed(filed, docs)) is not None:
                raise listed[1]
            active = sum(d.get("status") != Status.ELIMINATED.value for d in docs)
            if active >= self.cap:
                raise CapReached(
                    f"the shortlist is full ({active}/{self.cap}): eliminate one first (x)"
                )
            entry = Entry(paper_key=filed.key, added_at=now_iso())
            entries.insert(entry_doc(entry, refs))
        return entry

    def _refuse_listed(
        self, paper: Paper, docs: list[dict[str, Any]]
    ) -> tuple[str, UserError] | None:
        """(key, why) when an entry in ``docs`` is this paper already."""
        refs = paper_refs(paper, paper.key)
        for doc in docs:
            if not refs_match(doc.get("refs") or [doc["paper_key"]], refs):
                continue
            title = self._title(doc["paper_key"])
            if doc.get("status") == Status.ELIMINATED.value:
                return doc["paper_key"], UserError(
                    f"{title} was eliminated ({doc.get('reason', '')}): "
                    "u on it in the shortlist brings it back"
                )
            return doc["paper_key"], UserError(f"{title} is on the shortlist already")
        return None

    def add_ref(self, ref: PaperRef, topic: str | None = None) -> Entry:
        """Add by id alone (works offline); metadata is filled in when a source answers."""
        known = self.paper(ref.key)
        return self.add(known or placeholder_paper(ref), topic)

    def add_pdf(self, paper: Paper, topic: str | None = None) -> tuple[Entry, bool]:
        """A paper made from a local PDF: added; or, when it is on the list already (by
        an id or its title), its PDF attached (replacing the old one) and its metadata
        merged in. Returns (entry, attached)."""
        listed = self.find_entry(paper, topic)
        if listed is None:
            return self.add(paper, topic), False
        merged = self.enrich(listed.paper_key, paper)
        if paper.local_pdf:
            self.attach_pdf(merged.key, paper.local_pdf)
        return self.entry(merged.key, topic), True

    # ------------------------------------------------------------ changing an entry

    def _change_doc(
        self, key: str, topic: str | None, change: Callable[[dict[str, Any]], dict[str, Any]]
    ) -> Entry:
        """Change one entry's stored doc in a transaction on what is stored now."""
        file_id = self._topic_id(topic)
        topic_file = self._topic_file(file_id)
        with self._topic_tx(file_id):
            table = topic_file.table("entries")
            doc = table.get(Query().paper_key == key)
            if doc is None:
                raise UserError(f"{key} is not on the shortlist of {self._topic_name(topic)!r}")
            updated = change(dict(doc))
            table.update(updated, doc_ids=[doc.doc_id])
        return entry_from(updated)

    def _update_entry(self, key: str, topic: str | None, change: Callable[[Entry], Entry]) -> Entry:
        def on_doc(doc: dict[str, Any]) -> dict[str, Any]:
            return entry_doc(change(entry_from(doc)), doc.get("refs") or [key])

        return self._change_doc(key, topic, on_doc)

    def eliminate(self, key: str, reason: str, topic: str | None = None) -> Entry:
        """Eliminate, with a one-line reason; this window (``session``) can undo it."""
        reason = " ".join(reason.split())
        if not reason:
            raise UserError("say why in one line: eliminating a paper needs a reason")
        file_id = self._topic_id(topic)
        undo = self._topic_file(file_id).table("undo")

        def change(entry: Entry) -> Entry:
            if entry.status is Status.ELIMINATED:
                raise UserError(f"{self._title(key)} is eliminated already")
            undo.insert(
                {
                    "paper_key": key,
                    "previous": entry.status.value,
                    "at": time.time(),
                    "session": self.session,
                }
            )
            return replace(entry, status=Status.ELIMINATED, reason=reason, eliminated_at=now_iso())

        return self._update_entry(key, topic, change)

    def _undo_target(self, file_id: str, key: str | None) -> tuple[str, str]:
        """(key, status to go back to) of the elimination ``undo(key)`` would undo."""
        data = self._topic_data(file_id)
        eliminated = {
            d["paper_key"]
            for d in (data.get("entries") or {}).values()
            if d.get("status") == Status.ELIMINATED.value
        }
        records = sorted((data.get("undo") or {}).values(), key=lambda d: d.get("at", 0))
        if key is not None:
            if key not in eliminated:
                raise UserError(f"{self._title(key)} is not eliminated")
            mine = [r for r in records if r["paper_key"] == key]
            return key, mine[-1]["previous"] if mine else Status.CANDIDATE.value
        mine = [
            r for r in records if r.get("session") == self.session and r["paper_key"] in eliminated
        ]
        if not mine:
            where = "from the command line" if self.session == CLI_SESSION else "in this window"
            how = "winnow undo ID" if self.session == CLI_SESSION else "u on an eliminated paper"
            raise UserError(
                f"nothing to undo: no elimination made {where} ({how} brings that one back)"
            )
        return mine[-1]["paper_key"], mine[-1]["previous"]

    def undo(self, topic: str | None = None, key: str | None = None) -> Entry:
        """Undo this window's (this ``session``'s) last elimination; with ``key``, bring
        back that eliminated paper, whoever eliminated it. Refused past the cap."""
        file_id = self._topic_id(topic)
        topic_file = self._topic_file(file_id)
        with self._topic_tx(file_id):
            key, previous = self._undo_target(file_id, key)
            if self.active_count(topic) >= self.cap:
                raise CapReached(f"the shortlist is full ({self.cap}): eliminate one first (x)")
            topic_file.table("undo").remove(Query().paper_key == key)

            def change(entry: Entry) -> Entry:
                return replace(entry, status=Status(previous), reason="", eliminated_at=None)

            return self._update_entry(key, topic, change)

    def undo_preview(
        self, key: str | None = None, topic: str | None = None
    ) -> tuple[str, str] | None:
        """What ``undo(key=key)`` would do, for the UI to confirm: (the paper's title, the
        phase change such as ``"READ → SKIM"``, or ``""`` when the phase stays); None when
        there is nothing to undo."""
        file_id = self._topic_id(topic)
        try:
            target, previous = self._undo_target(file_id, key)
        except UserError:
            return None
        entries = self.entries(topic)
        after = [
            replace(e, status=Status(previous), reason="") if e.paper_key == target else e
            for e in entries
        ]
        before_phase = phase_of(entries, self.cap, self.kept_target)
        after_phase = phase_of(after, self.cap, self.kept_target)
        paper = self.paper(target)
        title = paper.title if paper is not None else target
        change = (
            "" if before_phase is after_phase else f"{before_phase.value} → {after_phase.value}"
        )
        return title, change

    def keep(self, key: str, topic: str | None = None) -> Entry:
        """Mark as kept: only once stage 1 was opened and one skim question answered."""

        def change(entry: Entry) -> Entry:
            if entry.status is Status.ELIMINATED:
                raise UserError(f"{self._title(key)} is eliminated: u on it brings it back")
            if entry.stage < 1:
                raise UserError(
                    f"skim {self._title(key)} first: open its stage 1 "
                    "(Enter in the app, or winnow read ID --stage 1)"
                )
            if entry.notes.answered == 0:
                raise UserError(
                    f"answer one skim question for {self._title(key)} first "
                    "(n in the app, or winnow note ID --purpose …)"
                )
            return replace(entry, status=Status.KEPT)

        return self._update_entry(key, topic, change)

    def unkeep(self, key: str, topic: str | None = None) -> Entry:
        return self._update_entry(
            key, topic, lambda e: replace(e, status=Status.CANDIDATE) if e.active else e
        )

    def stage_open(self, stage: int, key: str, topic: str | None = None) -> bool:
        """Stage 1 is open for every paper; 2-4 only for kept papers after the cut."""
        if stage <= 1:
            return True
        entries = self.entries(topic)
        entry = next((e for e in entries if e.paper_key == key), None)
        return (
            entry is not None
            and entry.status is Status.KEPT
            and cut_done(entries, self.kept_target)
        )

    def open_stage(self, key: str, stage: int, topic: str | None = None) -> Entry:
        """Record that a stage was opened (refused when the cut has not happened)."""
        if not 1 <= stage <= 4:
            raise UserError("stages are 1 to 4")
        if not self.stage_open(stage, key, topic):
            raise UserError(
                f"stage {stage} opens after the cut: keep at most {self.kept_target} papers "
                "and eliminate the rest"
            )
        return self._update_entry(key, topic, lambda e: replace(e, stage=max(e.stage, stage)))

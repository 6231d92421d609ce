"""The topic's side of snowballing: what to recommend from, and how a row stands on the list.

* :func:`recommendation_seeds` — the topic's kept and candidate papers (positives)
  and its eliminated ones (negatives), as S2's Recommendations API takes them.
* :class:`Marks` — for any row (a search result, a reference, a citation, a
  recommendation), whether that paper is on the topic's list already, kept, or
  eliminated and why; matched by any id or the folded title, so a row keyed by
  its arXiv id finds the entry added by its DOI.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tui.models import Entry, Paper, Status, normalise_title
from tui.store import Store


@dataclass(frozen=True)
class Mark:
    """How a row's paper stands on the topic's list."""

    status: Status
    reason: str = ""  # why it was eliminated
    key: str = ""  # the store key of the entry

    @property
    def label(self) -> str:
        if self.status is Status.ELIMINATED:
            return f"eliminated: {self.reason}" if self.reason else "eliminated"
        return "kept" if self.status is Status.KEPT else "on the list"

    def to_json(self) -> dict[str, Any]:
        return {"status": self.status.value, "reason": self.reason or None, "key": self.key}


def _ids(paper: Paper) -> list[str]:
    keys = [ref.key for ref in paper.ids.refs()]
    title = normalise_title(paper.title)
    if len(title.split()) >= 3:  # as the merge: a one-word title is no id
        keys.append("title:" + title)
    return keys


class Marks:
    """The topic's entries indexed by every id of their papers."""

    def __init__(self, pairs: list[tuple[Entry, Paper]]) -> None:
        self._by_id: dict[str, Mark] = {}
        for entry, paper in pairs:
            mark = Mark(entry.status, entry.reason, entry.paper_key)
            for key in [entry.paper_key, *_ids(paper)]:
                self._by_id.setdefault(key, mark)

    @classmethod
    def of_topic(cls, store: Store, topic: str | None = None) -> Marks:
        pairs = []
        for entry in store.entries(topic):
            pairs.append((entry, store.paper(entry.paper_key) or Paper(title=entry.paper_key)))
        return cls(pairs)

    def of(self, paper: Paper) -> Mark | None:
        for key in [paper.key, *_ids(paper)]:
            if (mark := self._by_id.get(key)) is not None:
                return mark
        return None


def recommendation_seeds(store: Store, topic: str | None = None) -> tuple[list[Paper], list[Paper]]:
    """(positives, negatives): kept and candidate papers, and eliminated ones."""
    positives, negatives = [], []
    for entry in store.entries(topic):
        paper = store.paper(entry.paper_key)
        if paper is None:
            continue
        (positives if entry.active else negatives).append(paper)
    return positives, negatives

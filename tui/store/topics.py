"""Topics (in the index) and what each topic keeps beside its shortlist: searches,
the ids its saved searches have shown, and where the user left its window.

Creating, opening, renaming and deleting a topic rewrite the index only; a
topic's own file is written by changes to that topic alone.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterable
from dataclasses import asdict
from typing import Any

from tinydb import Query

from tui.errors import UserError
from tui.models import Entry, Paper, Topic
from tui.store.core import StoreCore, now_iso, topic_from
from tui.store.layout import new_id
from tui.store.merge import merge_entries, paper_refs
from tui.store.recover import ABOUT

UI_STATE_MAX_BYTES = 64 * 1024


def clean_name(name: str) -> str:
    return " ".join(name.split())


def entry_doc(entry: Entry, refs: list[str]) -> dict[str, Any]:
    doc = asdict(entry)
    doc["status"] = entry.status.value
    doc["refs"] = refs
    return doc


class CapReached(UserError):
    pass


class TopicsMixin(StoreCore):
    # ------------------------------------------------------------ the index

    def topics(self) -> list[Topic]:
        view = self.view()
        return [topic_from(doc) for _, doc in sorted(view.by_id.values(), key=lambda t: t[0])]

    def topic(self, name: str) -> Topic | None:
        view = self.view()
        file_id = view.by_name.get(name)
        return topic_from(view.by_id[file_id][1]) if file_id else None

    def topic_exists(self, name: str) -> bool:
        """Whether a topic has this name (spacing folded as ``create_topic`` folds it)."""
        return clean_name(name) in self.view().by_name

    def current_topic(self) -> Topic | None:
        view = self.view()
        file_id = view.open_id
        return topic_from(view.by_id[file_id][1]) if file_id else None

    def _set(self, key: str, value: Any) -> None:
        """A setting, inside an index transaction."""
        self._index.table("settings").upsert({"key": key, "value": value}, Query().key == key)

    def _named(self, name: str) -> Any:
        """The index doc of a topic, inside an index transaction."""
        return self._index.table("topics").get(Query().name == name)

    def create_topic(self, name: str, purpose: str = "") -> Topic:
        name = clean_name(name)
        if not name:
            raise UserError("a topic needs a name")
        with self._index.tx():
            if self._named(name) is not None:
                raise UserError(f"topic {name!r} exists already (winnow topic open {name!r})")
            topic = Topic(name=name, purpose=purpose.strip(), created_at=now_iso())
            file_id = new_id()
            self._index.table("topics").insert({**asdict(topic), "file": file_id})
            self._set("open_topic_file", file_id)
        self._write_about(file_id, topic)
        return topic

    def _write_about(self, file_id: str, topic: Topic) -> None:
        """The topic's name and purpose in its own file too: the index can be rebuilt from
        the topic files if it is ever lost (:mod:`tui.store.recover`)."""
        with self._topic_tx(file_id):
            self._topic_file(file_id).table(ABOUT).upsert(asdict(topic), lambda _doc: True)

    def open_topic(self, name: str) -> Topic:
        with self._index.tx():
            doc = self._named(name)
            if doc is None:
                raise UserError(f"no topic named {name!r} (winnow topic list)")
            self._set("open_topic_file", doc["file"])
        return topic_from(doc)

    def rename_topic(self, old: str, new: str) -> Topic:
        """Rename a topic (its file, notes and list stay as they are)."""
        new = clean_name(new)
        if not new:
            raise UserError("a topic needs a name")
        with self._index.tx():
            doc = self._named(old)
            if doc is None:
                raise UserError(f"no topic named {old!r} (winnow topic list)")
            if new != old and self._named(new) is not None:
                raise UserError(f"topic {new!r} exists already")
            self._index.table("topics").update({"name": new}, doc_ids=[doc.doc_id])
        topic = topic_from({**doc, "name": new})
        self._write_about(doc["file"], topic)
        return topic

    def delete_topic(self, name: str) -> None:
        """Delete a topic and its file (list, notes, history) for good. Asks nothing: the
        caller asks. The open topic may be deleted; then no topic is open."""
        with self._index.tx():
            doc = self._named(name)
            if doc is None:
                raise UserError(f"no topic named {name!r} (winnow topic list)")
            self._index.table("topics").remove(doc_ids=[doc.doc_id])
            settings = self._index.table("settings")
            if (settings.get(Query().key == "open_topic_file") or {}).get("value") == doc["file"]:
                settings.remove(Query().key == "open_topic_file")
        topic_file = self._topic_file(doc["file"])
        with topic_file.locked(), contextlib.suppress(FileNotFoundError):
            os.unlink(topic_file.path)  # the index no longer names it: a kill here leaves junk

    def restore_topic(
        self, topic: Topic, pairs: list[tuple[Entry, Paper]], searches: list[dict[str, Any]]
    ) -> None:
        """Bring a whole topic in as it was (an import), dates kept: the topic appears at
        once, complete, when the index names it — the last write.

        The triage rules were enforced where the topic was made; here only the name and
        the cap are checked. No undo records are written.
        """
        with self._index.tx():
            if self._named(topic.name) is not None:
                raise UserError(f"topic {topic.name!r} exists already")
            active = sum(e.active for e, _ in pairs)
            if active > self.cap:
                raise CapReached(
                    f"the topic holds {active} papers, over this shortlist's cap of {self.cap} "
                    "(raise shortlist_cap in config.toml to import it)"
                )
            file_id = new_id()
            filed = self._file_papers(
                [p for _, p in pairs], file_id, also=[e.paper_key for e, _ in pairs]
            )
            docs: dict[str, dict[str, Any]] = {}
            for (entry, _), paper in zip(pairs, filed, strict=True):
                doc = entry_doc(entry, paper_refs(paper, paper.key)) | {"paper_key": paper.key}
                docs[paper.key] = merge_entries(docs[paper.key], doc) if paper.key in docs else doc
            topic_file = self._topic_file(file_id)
            with topic_file.tx():
                topic_file.table(ABOUT).insert(asdict(topic))
                topic_file.table("entries").insert_multiple(docs.values())
                topic_file.table("history").insert_multiple(
                    {
                        "query": s["query"],
                        "filters": s.get("filters") or {},
                        "at": s.get("at") or now_iso(),
                    }
                    for s in reversed(searches)  # stored oldest first, listed newest first
                )
            created = topic.created_at or now_iso()
            self._index.table("topics").insert(
                {**asdict(topic), "created_at": created, "file": file_id}
            )
            self._set("open_topic_file", file_id)

    # ------------------------------------------------------------ searches

    def record_search(self, query: str, filters: dict[str, Any], topic: str | None = None) -> None:
        file_id = self._topic_id(topic)
        history = self._topic_file(file_id).table("history")
        with self._topic_tx(file_id):
            history.remove(Query().query == query)
            history.insert({"query": query, "filters": filters, "at": now_iso()})

    def searches(self, topic: str | None = None) -> list[dict[str, Any]]:
        """The topic's searches, newest first: ``{"query", "filters", "at"}``."""
        docs = (self._topic_data(self._topic_id(topic)).get("history") or {}).items()
        return [dict(d) for _, d in sorted(docs, key=lambda item: int(item[0]), reverse=True)]

    def seen_ids(self, search_key: str, topic: str | None = None) -> set[str]:
        """The ids a saved search (``search_key``) has shown on this topic so far."""
        for doc in (self._topic_data(self._topic_id(topic)).get("seen") or {}).values():
            if doc.get("search") == search_key:
                return set(doc.get("ids") or ())
        return set()

    def mark_seen(self, search_key: str, ids: Iterable[str], topic: str | None = None) -> set[str]:
        """Remember that the search showed ``ids``; returns those it had not shown before."""
        ids = list(dict.fromkeys(ids))
        file_id = self._topic_id(topic)
        seen = self._topic_file(file_id).table("seen")
        with self._topic_tx(file_id):
            doc = seen.get(Query()["search"] == search_key)
            before = set((doc or {}).get("ids") or ())
            new = [i for i in ids if i not in before]
            if new:
                seen.upsert(
                    {"search": search_key, "ids": [*(doc or {}).get("ids", []), *new]},
                    Query()["search"] == search_key,
                )
        return set(new)

    # ------------------------------------------------------------ where the user left

    def ui_state(self, topic: str | None = None) -> dict[str, Any]:
        """What the topic's window showed when last left (query, filters, open paper, its
        stage, reader position…): whatever ``set_ui_state`` stored, ``{}`` at first."""
        docs = (self._topic_data(self._topic_id(topic)).get("ui") or {}).values()
        return dict(next(iter(docs), {}))

    def set_ui_state(self, topic: str | None = None, **values: Any) -> dict[str, Any]:
        """Merge ``values`` into the topic's ui state, field by field (None removes a
        field); other fields, written by another window, are kept. Returns the state."""
        try:
            size = len(json.dumps(values))
        except (TypeError, ValueError):
            raise UserError("ui state must be plain JSON values") from None
        if size > UI_STATE_MAX_BYTES:
            raise UserError(f"ui state too big ({size} bytes)")
        file_id = self._topic_id(topic)
        ui = self._topic_file(file_id).table("ui")
        with self._topic_tx(file_id):
            state = dict(next(iter(ui.all()), {}))
            state.update(values)
            state = {k: v for k, v in state.items() if v is not None}
            ui.truncate()
            ui.insert(state)
        return state

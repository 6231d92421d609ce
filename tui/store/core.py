"""The store's core: its files, the index view, the open topic, change stamps, upkeep.

The other modules of the package are mixins over this class, one concern each.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from tui.atomic import Stamp, stamp_of
from tui.errors import UserError
from tui.models import Topic
from tui.store.layout import Layout, shard_of
from tui.store.tinyfile import TinyFile
from tui.store.upkeep import tidy_folders

NO_TOPIC = 'no topic is open: create one with winnow topic new NAME --purpose "..."'


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass(frozen=True)
class IndexView:
    """The index as lookups, rebuilt only when the index file changed."""

    stamp: Stamp | None = None
    by_id: dict[str, tuple[int, dict[str, Any]]] = field(
        default_factory=dict
    )  # id -> (doc id, doc)
    by_name: dict[str, str] = field(default_factory=dict)  # name -> file id
    settings: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, stamp: Stamp | None, data: dict[str, Any] | None) -> IndexView:
        by_id: dict[str, tuple[int, dict[str, Any]]] = {}
        by_name: dict[str, str] = {}
        for doc_id, doc in ((data or {}).get("topics") or {}).items():
            by_id[doc["file"]] = (int(doc_id), dict(doc))  # a copy: TinyDB edits docs in place
            by_name[doc["name"]] = doc["file"]
        settings = {d["key"]: d.get("value") for d in ((data or {}).get("settings") or {}).values()}
        return cls(stamp, by_id, by_name, settings)

    @property
    def open_id(self) -> str | None:
        file_id = self.settings.get("open_topic_file")
        return file_id if file_id in self.by_id else None


def topic_from(doc: dict[str, Any]) -> Topic:
    return Topic(
        name=doc["name"], purpose=doc.get("purpose", ""), created_at=doc.get("created_at", "")
    )


class StoreCore:
    def __init__(
        self,
        state_path: Path,
        cache_path: Path,
        *,
        cap: int = 10,
        kept_target: int = 3,
        cache_keep_days: float = 30.0,
        session: str | None = None,
    ) -> None:
        self.notices: list[str] = []
        self.cap = cap
        self.kept_target = kept_target
        self.cache_keep_days = cache_keep_days
        self.session = session or os.urandom(16).hex()  # not uuid: its import costs ~3 ms
        self.layout = Layout.beside(Path(state_path))
        self.cache_path = Path(cache_path)
        self._cache_db: TinyFile | None = None  # opened by the first cache method (issue 12)
        self._files: dict[Path, TinyFile] = {}
        self._files_lock = threading.Lock()
        self._view = IndexView()
        self._view_lock = threading.Lock()
        tidy_folders(self.layout, self.cache_path.parent, self.notices)
        self._index = TinyFile(self.layout.index, "index", self.notices)
        from tui.store.recover import recover_if_needed

        if os.path.lexists(self.layout.legacy):  # a schema-1 file: move it to this layout
            from tui.store.migrate import migrate_if_needed

            migrate_if_needed(self)
        recover_if_needed(self)  # one stat when the index is there

    @property
    def state_path(self) -> Path:
        """The index file (the state's entry point)."""
        return self.layout.index

    @property
    def state_dir(self) -> Path:
        return self.layout.folder

    # ------------------------------------------------------------ files

    def _file(self, path: Path, label: str) -> TinyFile:
        found = self._files.get(path)
        if found is None:
            with self._files_lock:
                found = self._files.get(path)
                if found is None:
                    found = self._files[path] = TinyFile(path, label, self.notices)
        return found

    def _topic_file(self, file_id: str) -> TinyFile:
        return self._file(self.layout.topic(file_id), f"topic {file_id}")

    def _shard(self, key: str) -> TinyFile:
        name = shard_of(key)
        return self._file(self.layout.shard(name), f"papers shard {name}")

    # ------------------------------------------------------------ the index

    def view(self) -> IndexView:
        """The index as lookups; parsed again only when the file changed."""
        stamp, data = self._index.snapshot()
        view = self._view
        if view.stamp != stamp or stamp is None:
            with self._view_lock:
                view = self._view = IndexView.of(stamp, data)
        return view

    def _topic_id(self, topic: str | None) -> str:
        """The file id of the topic named ``topic``, or of the open topic."""
        view = self.view()
        if topic:
            file_id = view.by_name.get(topic)
            if file_id is None:
                raise UserError(f"no topic named {topic!r} (winnow topic list)")
            return file_id
        file_id = view.open_id
        if file_id is None:
            raise UserError(NO_TOPIC)
        return file_id

    def _topic_name(self, topic: str | None) -> str:
        file_id = self._topic_id(topic)
        return self.view().by_id[file_id][1]["name"]

    def _topic_tx(self, file_id: str):  # type: ignore[no-untyped-def]
        """A transaction on a topic's file, refused if the topic was deleted meanwhile."""
        return self._topic_file(file_id).tx(still_wanted=lambda: file_id in self.view().by_id)

    def _topic_data(self, file_id: str) -> dict[str, Any]:
        return self._topic_file(file_id).read() or {}

    # ------------------------------------------------------------ live windows

    def change_stamp(self) -> tuple:
        """A value that changes whenever another winnow (or this one) changed what a window
        shows: the index, the open topic's file and the papers shards of its list.

        Cheap enough to poll every 0.25 s: a few ``os.stat`` calls; a file is parsed
        again only when its stamp changed (and then the window must refresh anyway).
        Compare it with the stamp taken when the window last drew; refresh when it differs.
        """
        view = self.view()
        file_id = view.open_id
        if file_id is None:
            return (view.stamp,)
        topic_file = self._topic_file(file_id)
        topic_stamp = stamp_of(topic_file.path)
        keys = self._listed_keys(file_id)
        shards = sorted({shard_of(k) for k in keys})
        return (
            view.stamp,
            file_id,
            topic_stamp,
            *(stamp_of(self.layout.shard(name)) for name in shards),
        )

    def _listed_keys(self, file_id: str) -> list[str]:
        entries = (self._topic_data(file_id).get("entries") or {}).values()
        return [doc["paper_key"] for doc in entries]

"""From schema 1 (everything in ``state.json``) to schema 2 (an index, a file per topic,
papers in shards: :mod:`tui.store.layout`), safe against a kill at any instant.

1. Under the index lock and the old file's lock (an older winnow still running
   waits), the new files are written beside the old one, each durably (fsync),
   under names that depend only on the old content — a re-run after a kill
   writes the same files again, and leaves no junk.
2. The switch is one atomic write: ``index.json``. Until it exists the new files
   are unused, and the old file is the state; once it exists, it is the state.
3. Only then is ``state.json`` removed — and only if it is still the file that
   was migrated (its stamp is recorded in the index). A symlinked ``state.json``
   (a dotfiles setup) is left as it is, with a word to the user.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tui.atomic import fsync_dir, stamp_of, write_json
from tui.errors import StoreError
from tui.models import Paper, PaperIds
from tui.paths import ensure
from tui.store.layout import Layout, shard_of
from tui.store.merge import merge_entries, paper_refs
from tui.store.tinyfile import SCHEMA_VERSION, TinyFile, newer_error, version_of

Migration = Callable[[dict[str, Any]], dict[str, Any]]
LEGACY_VERSION = 1


def _from_unversioned(data: dict[str, Any]) -> dict[str, Any]:
    """Schema 0: files written before the schema stamp. Same tables; fill defaults."""
    for doc in (data.get("topics") or {}).values():
        doc.setdefault("purpose", "")
        doc.setdefault("created_at", "")
    return data


# MIGRATIONS[n] turns schema-n content of state.json into schema n+1.
MIGRATIONS: dict[int, Migration] = {0: _from_unversioned}
META = {"1": {"schema_version": SCHEMA_VERSION}}


def _table(data: dict[str, Any], name: str) -> list[dict[str, Any]]:
    """A schema-1 table's documents in insertion (document id) order."""
    docs = (data.get(name) or {}).items()
    return [d for _, d in sorted(docs, key=lambda item: int(item[0]))]


def _numbered(docs: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {str(i): doc for i, doc in enumerate(docs, 1)}


def _light(paper: dict[str, Any]) -> Paper:
    """Just the title and ids of a stored paper (all that refs need)."""
    return Paper(title=paper.get("title", ""), ids=PaperIds(**(paper.get("ids") or {})))


def build(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, dict], dict[str, dict]]:
    """The schema-2 files from schema-1 content: (index, {file id: topic}, {shard: papers})."""
    topics = _table(data, "topics")
    ids = {t["name"]: f"m{i:06d}" for i, t in enumerate(topics, 1)}
    records: dict[str, dict[str, Any]] = {}
    for doc in _table(data, "papers"):
        records.setdefault(doc["key"], {"key": doc["key"], "paper": doc["paper"], "topics": []})
    per_topic: dict[str, dict[str, list]] = {
        fid: {"entries": [], "undo": [], "history": []} for fid in ids.values()
    }
    for doc in _table(data, "entries"):
        fid = ids.get(doc.get("topic"))
        if fid is None:
            continue  # an entry of no topic: nothing shows it today either
        key = doc["paper_key"]
        record = records.get(key)
        paper = _light(record["paper"]) if record else None
        entry = {k: v for k, v in doc.items() if k != "topic"} | {"refs": paper_refs(paper, key)}
        same = [e for e in per_topic[fid]["entries"] if e["paper_key"] == key]
        if same:  # two entries of one paper (an old bug): one, with everything of both
            same[0].update(merge_entries(same[0], entry))
            continue
        per_topic[fid]["entries"].append(entry)
        if record is not None and fid not in record["topics"]:
            record["topics"].append(fid)
    for name in ("undo", "history"):
        for doc in _table(data, name):
            fid = ids.get(doc.get("topic"))
            if fid is not None:
                rest = {k: v for k, v in doc.items() if k != "topic"}
                per_topic[fid][name].append(rest | ({"session": ""} if name == "undo" else {}))
    topic_files = {
        fid: {"_meta": META, **{name: _numbered(docs) for name, docs in tables.items()}}
        for fid, tables in per_topic.items()
    }
    shards: dict[str, dict[str, dict[str, Any]]] = {}
    for key, record in records.items():
        shards.setdefault(shard_of(key), {})[key] = record
    for key, record in records.items():  # every other id of a paper finds it
        for ref in _light(record["paper"]).ids.refs():
            shard = shards.setdefault(shard_of(ref.key), {})
            if ref.key != key and ref.key not in records and ref.key not in shard:
                shard[ref.key] = {"key": ref.key, "alias": key}
    settings = []
    for doc in _table(data, "settings"):
        if doc.get("key") == "open_topic":
            if doc.get("value") in ids:
                settings.append({"key": "open_topic_file", "value": ids[doc["value"]]})
        else:
            settings.append(doc)
    index = {
        "_meta": META,
        "topics": _numbered([t | {"file": ids[t["name"]]} for t in topics]),
        "settings": _numbered(settings),
    }
    papers = {
        name: {"_meta": META, "papers": _numbered(list(d.values()))} for name, d in shards.items()
    }
    return index, topic_files, papers


def _legacy_content(legacy: TinyFile) -> dict[str, Any] | None:
    data = legacy.read()
    if not data:
        return None
    version = version_of(data) or 0
    if version > LEGACY_VERSION:
        raise newer_error(legacy.path, version)
    while version < LEGACY_VERSION:
        data = MIGRATIONS[version](data)
        version += 1
    return data


def _write_unused(path: Path, content: dict[str, Any]) -> None:
    """Write a file nothing reads yet: in place (no temp), durably, 0600."""
    data = json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(fd, 0o600)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_layout(layout: Layout, index: dict, topic_files: dict, papers: dict) -> None:
    for folder in (layout.topics, layout.papers):
        ensure(folder)
    for fid, content in topic_files.items():
        _write_unused(layout.topic(fid), content)
    for name, content in papers.items():
        _write_unused(layout.shard(name), content)
    for folder in (layout.topics, layout.papers, layout.folder):
        fsync_dir(folder)
    write_json(layout.index, index, private=True)  # the switch: atomic, durable


def _finish(store: Any) -> None:
    """After the switch: remove the old file if it is still the one migrated."""
    legacy = store.layout.legacy
    if not os.path.lexists(legacy) or legacy.is_symlink():
        return
    record = store.view().settings.get("migrated_from") or {}
    if list(stamp_of(legacy) or ()) == record.get("stamp"):
        with contextlib.suppress(OSError):
            os.unlink(legacy)
            fsync_dir(legacy.parent)


def migrate_if_needed(store: Any) -> None:
    layout = store.layout
    if os.path.lexists(layout.index) or layout.legacy == layout.index:
        if os.path.lexists(layout.legacy):
            _finish(store)
        return
    if not os.path.exists(layout.legacy):
        return
    legacy = TinyFile(layout.legacy, "state", store.notices)  # moves an unreadable one aside
    with store._index.locked(), legacy.locked(), StoreErrorGuard(layout):
        if os.path.lexists(layout.index):
            return  # another winnow migrated meanwhile
        data = _legacy_content(legacy)
        if data is None:
            return
        index, topic_files, papers = build(data)
        stamp = stamp_of(layout.legacy)
        index["settings"][str(len(index["settings"]) + 1)] = {
            "key": "migrated_from",
            "value": {"file": layout.legacy.name, "stamp": list(stamp or ())},
        }
        _write_layout(layout, index, topic_files, papers)
    if layout.legacy.is_symlink():
        store.notices.append(
            f"{layout.legacy} is a link: winnow now keeps its state in several files in "
            f"{layout.folder} (index.json, topics/, papers/); the linked file was left as it was"
        )
    _finish(store)


class StoreErrorGuard(contextlib.AbstractContextManager):
    """OS errors while migrating become one line (the old file is untouched)."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout

    def __exit__(self, kind, error, tb):  # type: ignore[no-untyped-def]
        if isinstance(error, OSError) and not isinstance(error, StoreError):
            raise StoreError(
                f"could not move {self.layout.legacy} to the new layout: {error.strerror} "
                "(nothing was changed)"
            ) from None
        return False

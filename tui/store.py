"""winnow's state, in TinyDB: the only module that imports tinydb.

Two files, so the often-written part stays small:

* ``state.json`` (data dir) — topics, their shortlists, notes, reading
  positions, search history, and the metadata of papers on a shortlist;
* ``cache.json`` (cache dir) — search answers and paper metadata, bulky and
  rebuildable.

Every change is one transaction: take a cross-process file lock, re-read the
file, apply the change, write a temp file, fsync, rename (see :mod:`tui.atomic`).
Two winnow processes in two tmux panes therefore never lose each other's
updates, and a ``kill -9`` never leaves a half-written file.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from tinydb import Query
from tinydb.table import Table

from tui import paths
from tui.atomic import JSONFile, Unreadable, clean_stray_temps, describe_os_error
from tui.errors import StoreError, UserError
from tui.models import (
    Entry,
    Notes,
    Paper,
    PaperRef,
    Status,
    Topic,
    cut_done,
    normalise_title,
    parse_ref,
    placeholder_paper,
)

SCHEMA_VERSION = 1
LOCK_TIMEOUT = 10.0  # seconds to wait for another winnow's write

Migration = Callable[[dict[str, Any]], dict[str, Any]]


def _from_unversioned(data: dict[str, Any]) -> dict[str, Any]:
    """Schema 0: files written before the schema stamp. Same tables; fill defaults."""
    for doc in (data.get("topics") or {}).values():
        doc.setdefault("purpose", "")
        doc.setdefault("created_at", "")
    return data


# MIGRATIONS[n] turns a schema-n file into schema n+1.
MIGRATIONS: dict[int, Migration] = {0: _from_unversioned}


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class CapReached(UserError):
    pass


class _DB:
    """One TinyDB file with its lock, transactions and schema check."""

    def __init__(self, path: Path, label: str, notices: list[str]) -> None:
        self.path = path
        self.label = label
        self.file = JSONFile(path)
        self._lock = None  # made on the first write: reading needs no lock (files are replaced)
        self._notices = notices
        self._readable()

    def table(self, name: str) -> Table:
        # A fresh Table each time, with no query cache: TinyDB caches the next document id
        # and query results per Table, and another process may have written since.
        return Table(self.file, name, cache_size=0)

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        from filelock import FileLock, Timeout  # imported on the first write (~15 ms)

        if self._lock is None:
            self._lock = FileLock(str(self.path) + ".lock", timeout=LOCK_TIMEOUT)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._lock:
                yield
        except Timeout:
            raise StoreError(
                f"{self.path} is locked by another winnow for over {LOCK_TIMEOUT:.0f} s"
            ) from None
        except PermissionError as error:
            raise StoreError(describe_os_error(error, self.path)) from None
        except OSError as error:
            if isinstance(error, StoreError):
                raise
            raise StoreError(describe_os_error(error, self.path)) from None

    @contextlib.contextmanager
    def tx(self) -> Iterator[None]:
        """Read-modify-write under the lock; the write lands atomically at the end."""
        with self.locked(), self._guard(), self.file.batch():
            self._check_schema()
            yield

    @contextlib.contextmanager
    def _guard(self) -> Iterator[None]:
        try:
            yield
        except Unreadable:
            raise StoreError(f"{self.path} became unreadable; restart winnow to recover") from None

    def read(self) -> None:
        """Re-check the file before a read-only query (cheap when it did not change)."""
        with self._guard():
            self.file.read()

    def _check_schema(self) -> None:
        data = self.file.read()
        if data is None:  # a new file: stamp it with the schema it is written in
            self.file.write({"_meta": {"1": {"schema_version": SCHEMA_VERSION}}})
            return
        version = _version_of(data)
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} was written by a newer winnow (schema {version}, this one reads "
                f"{SCHEMA_VERSION}): upgrade winnow; the file was left untouched"
            )

    def _readable(self) -> None:
        """Open the file: migrate it, or move an unreadable one aside and start fresh."""
        try:
            data = self.file.read()
        except FileNotFoundError:
            data = None
        except Unreadable:
            self._recover()
            return
        except OSError as error:
            raise StoreError(f"cannot read {self.path}: {error.strerror}") from None
        version = _version_of(data)
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} was written by a newer winnow (schema {version}, this one reads "
                f"{SCHEMA_VERSION}): upgrade winnow; the file was left untouched"
            )
        if data is not None and version == SCHEMA_VERSION:
            return
        if data is None and not self.path.parent.exists():
            return  # nothing to migrate, nothing to write yet: the first change creates it
        with contextlib.suppress(StoreError), self.locked(), self.file.batch():
            clean_stray_temps(self.path)
            data = self.file.read() or {}
            version = _version_of(data) if data else SCHEMA_VERSION
            while version < SCHEMA_VERSION:
                data = MIGRATIONS[version](data)
                version += 1
            data.setdefault("_meta", {})["1"] = {"schema_version": SCHEMA_VERSION}
            self.file.write(data)

    def _recover(self) -> None:
        stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
        aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        with self.locked():
            try:
                self.file.read()
                return  # another process already recovered it
            except Unreadable:
                pass
            try:
                self.path.rename(aside)
            except OSError as error:
                raise StoreError(
                    f"{self.path} is unreadable and could not be moved aside: {error.strerror}"
                ) from None
        self._notices.append(
            f"the {self.label} file did not parse; it was moved to {aside} and a fresh one started"
        )


def _version_of(data: dict[str, Any] | None) -> int:
    if not data:
        return SCHEMA_VERSION
    meta = data.get("_meta") or {}
    for doc in meta.values():
        if isinstance(doc, dict) and isinstance(doc.get("schema_version"), int):
            return doc["schema_version"]
    return 0


def _entry_from(doc: dict[str, Any]) -> Entry:
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


class Store:
    """The app's state, spoken in intent: topics, shortlists, notes, caches."""

    def __init__(
        self,
        state_path: Path,
        cache_path: Path,
        *,
        cap: int = 10,
        kept_target: int = 3,
        cache_keep_days: float = 30.0,
    ):
        self.notices: list[str] = []
        self.cap = cap
        self.kept_target = kept_target
        self.cache_keep_days = cache_keep_days
        self._state = _DB(state_path, "state", self.notices)
        self._cache = _DB(cache_path, "cache", self.notices)

    @classmethod
    def open(cls, *, cap: int = 10, kept_target: int = 3, cache_keep_days: float = 30.0) -> Store:
        return cls(
            paths.state_file(),
            paths.cache_db_file(),
            cap=cap,
            kept_target=kept_target,
            cache_keep_days=cache_keep_days,
        )

    @property
    def state_path(self) -> Path:
        return self._state.path

    # ------------------------------------------------------------ topics

    def create_topic(self, name: str, purpose: str = "") -> Topic:
        name = " ".join(name.split())
        if not name:
            raise UserError("a topic needs a name")
        topics = self._state.table("topics")
        with self._state.tx():
            if topics.contains(Query().name == name):
                raise UserError(f"topic {name!r} exists already (winnow topic open {name!r})")
            topic = Topic(name=name, purpose=purpose.strip(), created_at=now_iso())
            topics.insert(asdict(topic))
            self._set("open_topic", name)
        return topic

    def topics(self) -> list[Topic]:
        self._state.read()
        return [Topic(**_fields(Topic, d)) for d in self._state.table("topics").all()]

    def topic(self, name: str) -> Topic | None:
        self._state.read()
        doc = self._state.table("topics").get(Query().name == name)
        return Topic(**_fields(Topic, doc)) if doc else None

    def open_topic(self, name: str) -> Topic:
        with self._state.tx():
            topic = self.topic(name)
            if topic is None:
                raise UserError(f"no topic named {name!r} (winnow topic list)")
            self._set("open_topic", name)
        return topic

    def current_topic(self) -> Topic | None:
        name = self._get("open_topic")
        return self.topic(name) if name else None

    def _topic_name(self, topic: str | None) -> str:
        if topic:
            return topic
        name = self._get("open_topic")
        if not name or self.topic(name) is None:
            raise UserError(
                'no topic is open: create one with winnow topic new NAME --purpose "..."'
            )
        return name

    def _set(self, key: str, value: Any) -> None:
        self._state.table("settings").upsert({"key": key, "value": value}, Query().key == key)

    def _get(self, key: str) -> Any:
        self._state.read()
        doc = self._state.table("settings").get(Query().key == key)
        return doc["value"] if doc else None

    # ------------------------------------------------------------ papers

    def paper(self, key: str) -> Paper | None:
        self._state.read()
        doc = self._state.table("papers").get(Query().key == key)
        if doc:
            return Paper.from_dict(doc["paper"])
        hit = self.cache_get("paper", key)
        return Paper.from_dict(hit[0]) if hit else None

    def replace_paper_key(self, old: str, paper: Paper) -> None:
        """A placeholder (``arxiv:…``) got its metadata: file it under its new key."""
        with self._state.tx():
            papers = self._state.table("papers")
            papers.remove(Query().key == old)
            papers.upsert({"key": paper.key, "paper": paper.to_dict()}, Query().key == paper.key)
            self._state.table("entries").update({"paper_key": paper.key}, Query().paper_key == old)

    # ------------------------------------------------------------ shortlist

    def entries(self, topic: str | None = None) -> list[Entry]:
        name = self._topic_name(topic)
        docs = self._state.table("entries").search(Query().topic == name)
        return [_entry_from(d) for d in sorted(docs, key=lambda d: d.doc_id)]

    def entry(self, key: str, topic: str | None = None) -> Entry:
        name = self._topic_name(topic)
        self._state.read()
        doc = self._state.table("entries").get((Query().topic == name) & (Query().paper_key == key))
        if doc is None:
            raise UserError(f"{key} is not on the shortlist of {name!r}")
        return _entry_from(doc)

    def resolve(self, text: str, topic: str | None = None) -> str:
        """The key of the shortlist paper the user means by an id, a key or a title prefix."""
        entries = self.entries(topic)
        keys = [e.paper_key for e in entries]
        if text in keys:
            return text
        ref = parse_ref(text)
        for key in keys:
            paper = self.paper(key)
            if ref and paper and ref in paper.ids.refs():
                return key
        wanted = normalise_title(text)
        matches = [
            k for k in keys if (p := self.paper(k)) and normalise_title(p.title).startswith(wanted)
        ]
        if wanted and len(matches) == 1:
            return matches[0]
        raise UserError(f"{text!r} is not on the shortlist (winnow shortlist)")

    def add(self, paper: Paper, topic: str | None = None) -> Entry:
        """Put a paper on the shortlist; refused past the cap."""
        with self._state.tx():
            name = self._topic_name(topic)
            entries = self._state.table("entries")
            here = Query().topic == name
            existing = entries.get(here & (Query().paper_key == paper.key))
            if existing is not None and existing.get("status") == Status.ELIMINATED.value:
                raise UserError(
                    f"{self._title(paper.key)} was eliminated ({existing.get('reason', '')}): "
                    "u on it in the shortlist brings it back"
                )
            if existing is not None:
                raise UserError(f"{self._title(paper.key)} is on the shortlist already")
            active = entries.count(here & (Query().status != Status.ELIMINATED.value))
            if active >= self.cap:
                raise CapReached(
                    f"the shortlist is full ({active}/{self.cap}): eliminate one first (x)"
                )
            papers = self._state.table("papers")
            if not papers.contains(Query().key == paper.key):
                papers.insert({"key": paper.key, "paper": paper.to_dict()})
            entry = Entry(paper_key=paper.key, added_at=now_iso())
            entries.insert({"topic": name, **_entry_doc(entry)})
        return entry

    def add_ref(self, ref: PaperRef, topic: str | None = None) -> Entry:
        """Add by id alone (works offline); metadata is filled in when a source answers."""
        known = self.paper(ref.key)
        return self.add(known or placeholder_paper(ref), topic)

    def _update_entry(self, key: str, topic: str | None, change: Callable[[Entry], Entry]) -> Entry:
        with self._state.tx():
            name = self._topic_name(topic)
            entry = change(self.entry(key, name))
            self._state.table("entries").update(
                _entry_doc(entry), (Query().topic == name) & (Query().paper_key == key)
            )
        return entry

    def eliminate(self, key: str, reason: str, topic: str | None = None) -> Entry:
        reason = " ".join(reason.split())
        if not reason:
            raise UserError("say why in one line: eliminating a paper needs a reason")

        def change(entry: Entry) -> Entry:
            if entry.status is Status.ELIMINATED:
                raise UserError(f"{key} is eliminated already")
            self._state.table("undo").insert(
                {
                    "topic": topic or self._topic_name(None),
                    "paper_key": key,
                    "previous": entry.status.value,
                    "at": time.time(),
                }
            )
            return replace(entry, status=Status.ELIMINATED, reason=reason, eliminated_at=now_iso())

        return self._update_entry(key, topic, change)

    def undo(self, topic: str | None = None, key: str | None = None) -> Entry:
        """Bring back the most recently eliminated paper, or the eliminated paper ``key``."""
        with self._state.tx():
            name = self._topic_name(topic)
            undo = self._state.table("undo")
            here = Query().topic == name
            if key is not None:
                entry = self.entry(key, name)
                if entry.status is not Status.ELIMINATED:
                    raise UserError(f"{self._title(key)} is not eliminated")
                docs = undo.search(here & (Query().paper_key == key))
                previous = max(docs, key=lambda d: d["at"])["previous"] if docs else "candidate"
            else:
                docs = undo.search(here)
                if not docs:
                    raise UserError("nothing to undo")
                last = max(docs, key=lambda d: d["at"])
                key, previous, docs = last["paper_key"], last["previous"], [last]
            if self.active_count(name) >= self.cap:
                raise CapReached(f"the shortlist is full ({self.cap}): eliminate one first (x)")
            undo.remove(doc_ids=[d.doc_id for d in docs])

            def change(entry: Entry) -> Entry:
                return replace(entry, status=Status(previous), reason="", eliminated_at=None)

            return self._update_entry(key, name, change)

    def _title(self, key: str) -> str:
        paper = self.paper(key)
        if paper is None or paper.title == key:
            return key  # known by its id alone
        return f"“{paper.title[:60]}{'…' if len(paper.title) > 60 else ''}”"

    def active_count(self, topic: str | None = None) -> int:
        return sum(e.active for e in self.entries(topic))

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

    def set_notes(self, key: str, topic: str | None = None, **fields: str) -> Entry:
        unknown = set(fields) - set(Notes.__dataclass_fields__)
        if unknown:
            raise UserError(f"no such note field: {', '.join(sorted(unknown))}")
        return self._update_entry(
            key, topic, lambda e: replace(e, notes=replace(e.notes, **fields))
        )

    def set_position(self, key: str, stage: int, line: int, topic: str | None = None) -> Entry:
        def change(entry: Entry) -> Entry:
            return replace(entry, position={**entry.position, str(stage): int(line)})

        return self._update_entry(key, topic, change)

    def add_time(self, key: str, stage: int, seconds: float, topic: str | None = None) -> Entry:
        def change(entry: Entry) -> Entry:
            spent = entry.seconds.get(str(stage), 0.0) + max(0.0, seconds)
            return replace(entry, seconds={**entry.seconds, str(stage): round(spent, 1)})

        return self._update_entry(key, topic, change)

    def restore_topic(
        self, topic: Topic, pairs: list[tuple[Entry, Paper]], searches: list[dict[str, Any]]
    ) -> None:
        """Bring a whole topic in as it was (an import): one transaction, dates kept.

        The triage rules were enforced where the topic was made; here only the name and
        the cap are checked. No undo records are written.
        """
        with self._state.tx():
            topics = self._state.table("topics")
            if topics.contains(Query().name == topic.name):
                raise UserError(f"topic {topic.name!r} exists already")
            active = sum(e.active for e, _ in pairs)
            if active > self.cap:
                raise CapReached(
                    f"the topic holds {active} papers, over this shortlist's cap of {self.cap} "
                    "(raise shortlist_cap in config.toml to import it)"
                )
            topics.insert({**asdict(topic), "created_at": topic.created_at or now_iso()})
            papers = self._state.table("papers")
            for _, paper in pairs:
                known = papers.get(Query().key == paper.key)
                if known is None or Paper.from_dict(known["paper"]).title == paper.key:
                    papers.upsert(
                        {"key": paper.key, "paper": paper.to_dict()}, Query().key == paper.key
                    )
            self._state.table("entries").insert_multiple(
                {"topic": topic.name, **_entry_doc(entry)} for entry, _ in pairs
            )
            self._state.table("history").insert_multiple(
                {
                    "topic": topic.name,
                    "query": s["query"],
                    "filters": s.get("filters") or {},
                    "at": s.get("at") or now_iso(),
                }
                for s in reversed(searches)  # stored oldest first, listed newest first
            )
            self._set("open_topic", topic.name)

    # ------------------------------------------------------------ search history

    def record_search(self, query: str, filters: dict[str, Any], topic: str | None = None) -> None:
        with self._state.tx():
            name = self._topic_name(topic)
            history = self._state.table("history")
            history.remove((Query().topic == name) & (Query().query == query))
            history.insert({"topic": name, "query": query, "filters": filters, "at": now_iso()})

    def searches(self, topic: str | None = None) -> list[dict[str, Any]]:
        name = self._topic_name(topic)
        docs = self._state.table("history").search(Query().topic == name)
        return [dict(d) for d in sorted(docs, key=lambda d: d.doc_id, reverse=True)]

    # ------------------------------------------------------------ seen ids (snowball helper)
    # >>> snowball: minimal stand-in for the store helper's seen_ids/mark_seen (same
    # signatures, stored per topic); drop this block at merge in favour of theirs.

    def seen_ids(self, search_key: str, topic: str | None = None) -> set[str]:
        """The ids already seen in the saved search ``search_key`` of a topic."""
        name = self._topic_name(topic)
        self._state.read()
        doc = self._state.table("seen").get(
            (Query().topic == name) & (Query().search_key == search_key)
        )
        return set(doc["ids"]) if doc else set()

    def mark_seen(self, search_key: str, ids: Iterable[str], topic: str | None = None) -> set[str]:
        """Record ``ids`` as seen in ``search_key``; the ones not seen before."""
        ids = list(dict.fromkeys(ids))
        with self._state.tx():
            name = self._topic_name(topic)
            table = self._state.table("seen")
            where = (Query().topic == name) & (Query().search_key == search_key)
            doc = table.get(where)
            before = set(doc["ids"]) if doc else set()
            fresh = {i for i in ids if i not in before}
            if fresh or doc is None:
                merged = sorted(before | fresh)
                table.upsert({"topic": name, "search_key": search_key, "ids": merged}, where)
        return fresh

    # <<< snowball

    # ------------------------------------------------------------ cache

    def cache_get(self, namespace: str, key: str) -> tuple[Any, float] | None:
        """A cached JSON value and when it was stored (epoch seconds), or None."""
        try:
            self._cache.read()
            doc = self._cache.table(namespace).get(Query().k == key)
        except (StoreError, OSError):
            return None  # a cache that cannot be read is a cache miss
        return (doc["v"], doc["t"]) if doc else None

    def cache_put(self, namespace: str, key: str, value: Any) -> None:
        """Store a value; entries of the namespace older than ``cache_keep_days`` go (the
        whole file is rewritten anyway, so the cache does not grow without end)."""
        with self._cache.tx():
            table = self._cache.table(namespace)
            now = time.time()
            table.remove(Query().t < now - self.cache_keep_days * 86400)
            table.upsert({"k": key, "v": value, "t": now}, Query().k == key)

    def cache_put_many(self, namespace: str, items: dict[str, Any]) -> None:
        with self._cache.tx():
            table = self._cache.table(namespace)
            stamp = time.time()
            table.remove(Query().k.one_of(list(items)))
            table.insert_multiple({"k": k, "v": v, "t": stamp} for k, v in items.items())


def _entry_doc(entry: Entry) -> dict[str, Any]:
    doc = asdict(entry)
    doc["status"] = entry.status.value
    return doc


def _fields(cls: type, doc: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in doc.items() if k in cls.__dataclass_fields__}

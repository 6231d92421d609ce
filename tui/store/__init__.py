"""winnow's state, in TinyDB: the only package that imports tinydb.

Layout (schema 2, :mod:`tui.store.layout`): a small ``index.json`` of topics and
settings, one file per topic (its shortlist, notes, positions, times, undo log,
searches, seen ids, ui state) and papers' metadata kept once in 1,024 shards. One
note edit or elimination rewrites one topic's file: its cost does not grow with
the number of topics. Schema 1 (one ``state.json``) is migrated once, safely
(:mod:`tui.store.migrate`). The cache (``cache.json``) is apart and opened only
when a cache method is called.

Every change is one transaction on one file: a cross-process file lock, a
re-read, the change, a temp file, fsync, rename, fsync of the folder
(:mod:`tui.store.tinyfile`, :mod:`tui.atomic`). Files are 0600 in 0700 folders.

The API, spoken in intent (``topic=None`` means the open topic):

* topics — ``create_topic(name, purpose="")``, ``topics()``, ``topic(name)``,
  ``topic_exists(name)``, ``open_topic(name)``, ``current_topic()``,
  ``rename_topic(old, new)``, ``delete_topic(name)``, ``restore_topic(topic, pairs,
  searches)``; ``record_search(query, filters, topic=None)``, ``searches(topic=None)``;
  ``seen_ids(search_key, topic=None)``, ``mark_seen(search_key, ids, topic=None)``;
  ``ui_state(topic=None)``, ``set_ui_state(topic=None, **values)``.
* the shortlist — ``entries(topic=None)``, ``entry(key, topic=None)``,
  ``find_entry(paper, topic=None)``, ``resolve(text, topic=None)``, ``add(paper,
  topic=None)``, ``add_ref(ref, topic=None)``, ``add_pdf(paper, topic=None)``,
  ``eliminate(key, reason, topic=None)``, ``undo(topic=None, key=None)``,
  ``undo_preview(key=None, topic=None)``, ``keep``, ``unkeep``, ``active_count``,
  ``stage_open(stage, key, topic=None)``, ``open_stage(key, stage, topic=None)``.
* notes — ``set_notes(key, topic=None, *, expected=None, **fields)`` (raises
  :class:`EditConflict`), ``set_position(key, stage, line, topic=None)``,
  ``add_time(key, stage, seconds, topic=None)``.
* papers — ``paper(key)``, ``papers(keys)``, ``enrich(key, paper)``,
  ``replace_paper_key(old, paper)``, ``attach_pdf(key, path)``.
* the cache — ``cache_get(namespace, key)``, ``cache_put(namespace, key, value)``,
  ``cache_put_many(namespace, items)``.

For windows (the UI):

* **Live windows.** ``change_stamp()`` is a few ``os.stat`` calls (the index, the
  open topic's file, the shards of its papers) and parses nothing that did not
  change: poll it every ~0.25 s and refresh when it differs from the stamp taken at
  the last refresh. A window's own writes change it too.
* **Undo is per window.** Each Store has a ``session`` (a fresh uuid unless given;
  the CLI uses ``"cli"``): ``undo()`` undoes this session's last elimination only,
  ``undo(key=K)`` K's, whoever made it. ``undo_preview`` says what it would do.
* **No stale overwrite.** ``set_notes(..., expected={field: text last seen})``.
* **Off the UI thread.** Every method may run in a worker thread: files are
  guarded by a thread lock and the cross-process lock. A write returns once it is
  on disk (fsync), so a dialog may say "saved" when the call returns.
"""

from __future__ import annotations

from pathlib import Path

from tui import paths
from tui.store.cache import CacheMixin
from tui.store.core import now_iso
from tui.store.layout import Layout
from tui.store.merge import needs_metadata
from tui.store.notes import EditConflict, NotesMixin
from tui.store.shortlist import CLI_SESSION
from tui.store.tinyfile import LOCK_TIMEOUT, SCHEMA_VERSION
from tui.store.topics import CapReached


class Store(NotesMixin, CacheMixin):
    """The app's state, spoken in intent: topics, shortlists, notes, papers, caches."""

    @classmethod
    def open(
        cls,
        *,
        cap: int = 10,
        kept_target: int = 3,
        cache_keep_days: float = 30.0,
        session: str | None = None,
    ) -> Store:
        return cls(
            paths.state_file(),
            paths.cache_db_file(),
            cap=cap,
            kept_target=kept_target,
            cache_keep_days=cache_keep_days,
            session=session,
        )

    @classmethod
    def reset(
        cls, state_path: Path, cache_path: Path, *, seed: Path | None = None, **options
    ) -> Store:  # type: ignore[no-untyped-def]
        """A Store over empty state at these places: an earlier one's files are removed
        first (the demo's sandbox, rebuilt on every start). With ``seed``, a folder holding
        another store's files: over a copy of them (its lock files aside)."""
        import shutil

        layout = Layout.beside(Path(state_path))
        for path in (layout.legacy, layout.index, Path(cache_path)):
            path.unlink(missing_ok=True)
        for folder in (layout.topics, layout.papers):
            shutil.rmtree(folder, ignore_errors=True)
        if seed is not None:
            source = Layout.beside(Path(seed) / layout.legacy.name)
            for folder, into in ((source.topics, layout.topics), (source.papers, layout.papers)):
                if folder.is_dir():
                    shutil.copytree(folder, into, ignore=shutil.ignore_patterns("*.lock"))
            if source.index.is_file():
                shutil.copy2(source.index, layout.index)  # last: it names the topic files
        return cls(state_path, cache_path, **options)


__all__ = [
    "CLI_SESSION",
    "LOCK_TIMEOUT",
    "SCHEMA_VERSION",
    "CapReached",
    "EditConflict",
    "Store",
    "needs_metadata",
    "now_iso",
]

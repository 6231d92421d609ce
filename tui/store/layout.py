"""Where the state's files live inside the data folder (schema 2).

::

    index.json          topics (name, purpose, created_at, file id), settings (open topic)
    topics/<id>.json    one topic: entries with notes, positions and times, undo log,
                        search history, seen ids, ui state
    papers/<xxx>.json   papers' metadata, kept once: 1,024 shards by a hash of the key,
                        each paper with the topics that list it, and aliases (other ids)
    state.json          schema 1 (everything in one file): migrated once, then removed

One note edit or elimination rewrites one topic file; adding a paper rewrites a
shard or three; creating, renaming or opening a topic rewrites the index.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

try:  # the builtin module hashlib wraps: importing hashlib loads OpenSSL (~3 ms a command)
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python built without it
    from hashlib import blake2b

SHARDS = 1024
INDEX = "index.json"


def new_id() -> str:
    """A topic file id that is never reused (a deleted topic's leftovers never collide)."""
    return os.urandom(6).hex()


def shard_of(key: str) -> str:
    """The shard a paper key is filed in: stable across runs and versions."""
    digest = blake2b(key.encode("utf-8", "surrogatepass"), digest_size=2).digest()
    return f"{int.from_bytes(digest, 'big') % SHARDS:03x}"


@dataclass(frozen=True)
class Layout:
    folder: Path
    legacy: Path  # the schema-1 file

    @classmethod
    def beside(cls, state_path: Path) -> Layout:
        state_path = Path(state_path)
        return cls(state_path.parent, state_path)

    @property
    def index(self) -> Path:
        return self.folder / INDEX

    @property
    def topics(self) -> Path:
        return self.folder / "topics"

    @property
    def papers(self) -> Path:
        return self.folder / "papers"

    def topic(self, file_id: str) -> Path:
        return self.topics / f"{file_id}.json"

    def shard(self, name: str) -> Path:
        return self.papers / f"{name}.json"

    def shard_for(self, key: str) -> Path:
        return self.shard(shard_of(key))

    def folders(self) -> tuple[Path, ...]:
        return (self.folder, self.topics, self.papers)

"""Papers' metadata, kept once for every topic and found by any of the paper's ids.

A paper is filed under its key (:attr:`Paper.key`: arXiv id, else DOI, else S2 id,
else its title) in one of 1,024 shards, with the topics that list it; each of its
other ids is an alias there. Metadata that arrives later (a source answering for
an id added offline, S2 for a paper added from a PDF) is merged in field by field
(:func:`tui.store.merge.merge_papers`); when it shows two records are one paper,
they become one — and so do their entries on every topic that lists both.

Writes go shard by shard, the merged record before the aliases that point to it,
then the topics' entries: a kill in between leaves every key resolvable.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tinydb import Query

from tui.errors import UserError
from tui.models import Paper
from tui.store.core import StoreCore
from tui.store.layout import shard_of
from tui.store.merge import ids_conflict, merge_entries, merge_papers, paper_refs

MAX_ALIAS_HOPS = 4


def _docs(data: dict[str, Any] | None) -> dict[str, dict[str, Any]]:
    return {doc["key"]: doc for doc in ((data or {}).get("papers") or {}).values()}


@dataclass
class _Filing:
    """One paper being filed: what it merges with, and under which key it lands."""

    paper: Paper
    key: str = ""  # fixed once planned: the shard it is written in depends on it
    found: dict[str, dict[str, Any]] = field(default_factory=dict)  # old key -> doc
    topics: set[str] = field(default_factory=set)

    @property
    def aliases(self) -> set[str]:
        return (set(self.found) | {r.key for r in self.paper.ids.refs()}) - {self.key}


class PapersMixin(StoreCore):
    # ------------------------------------------------------------ reading

    def _doc(self, key: str) -> dict[str, Any] | None:
        """The record filed for ``key``, aliases followed."""
        for _ in range(MAX_ALIAS_HOPS):
            doc = _docs(self._shard(key).read()).get(key)
            if doc is None or "alias" not in doc:
                return doc
            key = doc["alias"]
        return None

    def paper(self, key: str) -> Paper | None:
        """The paper filed under ``key`` (or one of its ids); the cache is read only when
        the state does not know it."""
        doc = self._doc(key)
        if doc is not None:
            return Paper.from_dict(doc["paper"])
        hit = self.cache_get("paper", key)
        return Paper.from_dict(hit[0]) if hit else None

    def papers(self, keys: Iterable[str]) -> dict[str, Paper]:
        """Many papers at once, each shard read once: ``{key: paper}`` for those known."""
        found: dict[str, Paper] = {}
        wanted = {k: k for k in dict.fromkeys(keys)}  # asked key -> key to look up now
        for _ in range(MAX_ALIAS_HOPS):
            by_shard: dict[str, list[str]] = defaultdict(list)
            for asked, key in wanted.items():
                by_shard[shard_of(key)].append(asked)
            follow: dict[str, str] = {}
            for asked_keys in by_shard.values():
                docs = _docs(self._shard(wanted[asked_keys[0]]).read())
                for asked in asked_keys:
                    doc = docs.get(wanted[asked])
                    if doc is not None and "alias" in doc:
                        follow[asked] = doc["alias"]
                    elif doc is not None:
                        found[asked] = Paper.from_dict(doc["paper"])
            if not follow:
                break
            wanted = follow
        for key in dict.fromkeys(keys):
            if key not in found and (hit := self.cache_get("paper", key)) is not None:
                found[key] = Paper.from_dict(hit[0])
        return found

    # ------------------------------------------------------------ writing

    def enrich(self, key: str, paper: Paper) -> Paper:
        """Merge the better of ``paper``'s fields into the paper filed under ``key`` (title,
        authors, year, venue, citations, TLDR, ids…), keeping its ``local_pdf``. When the
        ids now show it is a paper filed under another key, the two become one, and so do
        their entries on every topic. Returns the merged paper (``key`` may have changed:
        see its ``.key``). A paper whose ids conflict with ``key``'s is not merged."""
        stored = self._doc(key)
        if stored is not None and ids_conflict(Paper.from_dict(stored["paper"]).ids, paper.ids):
            return Paper.from_dict(stored["paper"])
        (merged,) = self._file_papers([paper], None, also=[key])
        return merged

    def replace_paper_key(self, old: str, paper: Paper) -> None:
        """A placeholder got its metadata: merged in, and filed under its new key."""
        self.enrich(old, paper)

    def attach_pdf(self, key: str, path: Path | str) -> Paper:
        """Attach (or replace) the local PDF of the paper filed under ``key``."""
        doc = self._doc(key)
        if doc is None:
            raise UserError(f"{key} is not known: add it first")
        canonical = doc["key"]
        shard = self._shard(canonical)
        with shard.tx():
            table = shard.table("papers")
            current = table.get(Query().key == canonical)
            if current is None or "paper" not in current:
                raise UserError(f"{key} changed meanwhile: try again")
            record = {**current["paper"], "local_pdf": str(path)}
            table.update({"paper": record}, doc_ids=[current.doc_id])
        return Paper.from_dict(record)

    def _file_papers(
        self, papers: list[Paper], topic_id: str | None, also: list[str] | None = None
    ) -> list[Paper]:
        """File papers (merged with what is known of them); returns them as filed."""
        filings = [self._plan(p, (also or [None] * len(papers))[i]) for i, p in enumerate(papers)]
        for filing in filings:
            if topic_id is not None:
                filing.topics.add(topic_id)
        self._write_records(filings)
        self._write_aliases(filings)
        for filing in filings:
            self._rekey_entries(filing)
        return [f.paper for f in filings]

    def _plan(self, paper: Paper, also: str | None) -> _Filing:
        filing = _Filing(paper)
        for ref in dict.fromkeys([*(r.key for r in paper.ids.refs()), paper.key, also]):
            doc = self._doc(ref) if ref else None
            if doc is None or doc["key"] in filing.found:
                continue
            known = Paper.from_dict(doc["paper"])
            if ids_conflict(known.ids, filing.paper.ids) and ref != also:
                continue
            filing.found[doc["key"]] = doc
            filing.topics |= set(doc.get("topics") or ())
        base: Paper | None = None
        for doc in filing.found.values():
            known = Paper.from_dict(doc["paper"])
            base = known if base is None else merge_papers(base, known)
        filing.paper = paper if base is None else merge_papers(base, paper)
        filing.key = filing.paper.key
        return filing

    def _write_records(self, filings: list[_Filing]) -> None:
        by_shard: dict[str, list[_Filing]] = defaultdict(list)
        for filing in filings:
            by_shard[shard_of(filing.key)].append(filing)
        for group in by_shard.values():
            shard = self._shard(group[0].key)
            with shard.tx():
                table = shard.table("papers")
                docs = _docs(shard.read())
                for filing in group:
                    current = docs.get(filing.key)
                    if current is not None and "paper" in current:  # merge with what is there now
                        known = Paper.from_dict(current["paper"])
                        listed_on = set(current.get("topics") or ())
                        filing.paper = merge_papers(known, filing.paper)
                        filing.topics |= listed_on
                        if filing.paper == known and filing.topics == listed_on:
                            continue  # nothing new: no write
                    record = {
                        "key": filing.key,
                        "paper": filing.paper.to_dict(),
                        "topics": sorted(filing.topics),
                    }
                    table.upsert(record, Query().key == filing.key)
                    docs[filing.key] = record

    def _write_aliases(self, filings: list[_Filing]) -> None:
        by_shard: dict[str, list[tuple[str, _Filing]]] = defaultdict(list)
        for filing in filings:
            for alias in filing.aliases:
                by_shard[shard_of(alias)].append((alias, filing))
        for group in by_shard.values():
            shard = self._shard(group[0][0])
            known = _docs(shard.read())
            if all((known.get(a) or {}).get("alias") == f.key for a, f in group):
                continue  # every alias in this shard is there already
            with shard.tx():
                table = shard.table("papers")
                docs = _docs(shard.read())
                for alias, filing in group:
                    current = docs.get(alias)
                    ours = current is None or alias in filing.found or current.get("alias")
                    if ours and (current or {}).get("alias") != filing.key:
                        table.upsert({"key": alias, "alias": filing.key}, Query().key == alias)

    def _rekey_entries(self, filing: _Filing) -> None:
        """Entries filed under an old key of a merged paper move to its key (merging two
        entries of one paper on the same topic into one)."""
        old_keys = set(filing.found) | {filing.key}
        refs = paper_refs(filing.paper, filing.key)
        for file_id in sorted(filing.topics):
            if file_id not in self.view().by_id:
                continue  # a deleted topic's leftover mention
            entries = (self._topic_data(file_id).get("entries") or {}).values()
            if not any(d["paper_key"] in old_keys and d.get("refs") != refs for d in entries):
                continue
            tf = self._topic_file(file_id)
            with self._topic_tx(file_id):
                table = tf.table("entries")
                mine = [d for d in table.all() if d["paper_key"] in old_keys]
                if not mine:
                    continue
                merged: dict[str, Any] = dict(mine[0])
                for doc in mine[1:]:
                    merged = merge_entries(merged, dict(doc))
                merged.update(paper_key=filing.key, refs=refs)
                table.update(merged, doc_ids=[mine[0].doc_id])
                table.remove(doc_ids=[d.doc_id for d in mine[1:]])
                undo = tf.table("undo")
                undo.update({"paper_key": filing.key}, Query().paper_key.one_of(list(old_keys)))

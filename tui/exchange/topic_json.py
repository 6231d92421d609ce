"""A whole topic as JSON, and back: how a labmate opens the same triage.

The format (``"winnow_topic": 1``)::

    {"winnow_topic": 1, "exported_at": "ISO time",
     "topic": {"name", "purpose", "created_at"},
     "entries": [{"paper_key", "status", "reason", "eliminated_at", "added_at",
                  "stage", "notes": {"purpose", "problem", "contributions", "text"},
                  "position": {"stage": line}, "seconds": {"stage": seconds}}],
     "papers": {"paper_key": Paper.to_dict()},
     "searches": [{"query", "filters", "at"}]}          # newest first

Importing never overwrites: when the home already has a topic of that name the
import lands as ``NAME (2)`` (then ``(3)``…), and the report says so. The
topic comes in as one store transaction (``Store.restore_topic``), dates and all;
a topic with more active papers than this home's cap is refused.
"""

from __future__ import annotations

from dataclasses import asdict, replace
from datetime import datetime, timezone
from typing import Any

from tui.errors import UserError
from tui.exchange._text import one_line
from tui.exchange.outcome import ImportReport
from tui.models import Entry, Notes, Paper, Status, Topic, parse_ref, placeholder_paper
from tui.store import Store
from tui.textsafe import json_text

FORMAT_VERSION = 1
FORMAT_KEY = "winnow_topic"


def _topic(store: Store, name: str | None) -> Topic:
    topic = store.topic(name) if name else store.current_topic()
    if topic is None:
        if name:
            raise UserError(f"no topic named {name!r} (winnow topic list)")
        raise UserError('no topic is open: create one with winnow topic new NAME --purpose "..."')
    return topic


def _entry_json(entry: Entry) -> dict[str, Any]:
    doc = asdict(entry)
    doc["status"] = entry.status.value
    return doc


def topic_to_json(
    store: Store, topic_name: str | None = None, *, exported_at: str | None = None
) -> dict[str, Any]:
    """The whole topic: its purpose, shortlist with notes, papers and searches."""
    topic = _topic(store, topic_name)
    entries = store.entries(topic.name)
    papers = {}
    for entry in entries:
        paper = store.paper(entry.paper_key)
        if paper is not None:
            papers[entry.paper_key] = paper.to_dict()
    searches = [
        {"query": s.get("query", ""), "filters": s.get("filters") or {}, "at": s.get("at", "")}
        for s in store.searches(topic.name)
    ]
    return {
        FORMAT_KEY: FORMAT_VERSION,
        "exported_at": exported_at or datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "topic": asdict(topic),
        "entries": [_entry_json(e) for e in entries],
        "papers": papers,
        "searches": searches,
    }


def topic_json_text(store: Store, topic_name: str | None = None) -> str:
    """The export as text: C1, bidi and invisible characters escaped, so a ``cat`` obeys none."""
    return json_text(topic_to_json(store, topic_name)) + "\n"


# ---------------------------------------------------------------- reading it back


class BadTopicFile(UserError):
    pass


def _bad(what: str) -> BadTopicFile:
    return BadTopicFile(f"not a winnow topic file: {what}")


def _str_dict(value: Any, what: str, kind: type | tuple[type, ...]) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _bad(f"{what} is not an object")
    out = {}
    for key, item in value.items():
        if not isinstance(item, kind) or isinstance(item, bool):
            raise _bad(f"{what}[{key!r}] is not a {getattr(kind, '__name__', 'number')}")
        out[str(key)] = item
    return out


def _parse_entry(doc: Any, index: int) -> Entry:
    what = f"entries[{index}]"
    if not isinstance(doc, dict) or not isinstance(doc.get("paper_key"), str):
        raise _bad(f"{what} has no paper_key")
    try:
        status = Status(doc.get("status", "candidate"))
    except ValueError:
        raise _bad(f"{what}.status is {doc.get('status')!r}") from None
    stage = doc.get("stage", 0)
    if not isinstance(stage, int) or not 0 <= stage <= 4:
        raise _bad(f"{what}.stage is {stage!r}")
    notes = _str_dict(doc.get("notes"), f"{what}.notes", str)
    if set(notes) - set(Notes.__dataclass_fields__):
        raise _bad(f"{what}.notes has unknown fields")
    return Entry(
        paper_key=doc["paper_key"],
        status=status,
        reason=str(doc.get("reason") or ""),
        eliminated_at=_stamp(doc.get("eliminated_at")),
        added_at=_stamp(doc.get("added_at")) or "",
        stage=stage,
        notes=Notes(**notes),
        position=_str_dict(doc.get("position"), f"{what}.position", int),
        seconds={
            k: float(v)
            for k, v in _str_dict(doc.get("seconds"), f"{what}.seconds", (int, float)).items()
        },
    )


def _stamp(value: Any) -> str | None:
    """An ISO date kept as written, or None when absent or not a date."""
    if not isinstance(value, str) or not value:
        return None
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return None
    return value


def _parse_paper(key: str, doc: Any) -> Paper:
    if doc is None:
        ref = parse_ref(key.split(":", 1)[-1]) if ":" in key else None
        return placeholder_paper(ref) if ref else Paper(title=key.removeprefix("title:"))
    try:
        paper = Paper.from_dict(doc)
        if not isinstance(paper.title, str):
            raise TypeError
    except (TypeError, KeyError, ValueError, AttributeError):
        raise _bad(f"papers[{key!r}] is malformed") from None
    return paper


def parse_topic(data: Any) -> tuple[Topic, list[tuple[Entry, Paper]], list[dict[str, Any]]]:
    """Check a topic file's shape; the topic, its entries with their papers, its searches."""
    if not isinstance(data, dict) or FORMAT_KEY not in data:
        raise _bad(f'no "{FORMAT_KEY}" version field')
    version = data[FORMAT_KEY]
    if not isinstance(version, int) or version < 1:
        raise _bad(f"version {version!r}")
    if version > FORMAT_VERSION:
        raise UserError(
            f"this topic file is format {version}, newer than this winnow reads "
            f"({FORMAT_VERSION}): upgrade winnow"
        )
    doc = data.get("topic")
    if not isinstance(doc, dict) or not isinstance(doc.get("name"), str):
        raise _bad("the topic has no name")
    topic = Topic(
        name=doc["name"],
        purpose=str(doc.get("purpose") or ""),
        created_at=str(doc.get("created_at") or ""),
    )
    entries, papers = data.get("entries", []), data.get("papers", {})
    if not isinstance(entries, list) or not isinstance(papers, dict):
        raise _bad("entries must be a list and papers an object")
    pairs = []
    for index, raw in enumerate(entries):
        entry = _parse_entry(raw, index)
        pairs.append((entry, _parse_paper(entry.paper_key, papers.get(entry.paper_key))))
    searches = data.get("searches", [])
    if not isinstance(searches, list) or not all(
        isinstance(s, dict) and isinstance(s.get("query"), str) for s in searches
    ):
        raise _bad("searches must be a list of {query, filters}")
    return topic, pairs, searches


def free_name(store: Store, name: str) -> str:
    """``name`` if no topic has it, else ``name (2)``, ``name (3)``…"""
    taken = {t.name for t in store.topics()}
    name = " ".join(name.split()) or "imported topic"
    if name not in taken:
        return name
    n = 2
    while f"{name} ({n})" in taken:
        n += 1
    return f"{name} ({n})"


def import_topic(store: Store, data: Any) -> ImportReport:
    """Bring a topic file in as a new topic (renamed ``NAME (2)`` if taken) and open it.

    One transaction: the topic, its papers with status, reasons, notes, stages, reading
    positions, time and dates, and its searches, exactly as exported.
    """
    topic, pairs, searches = parse_topic(data)
    name = free_name(store, topic.name)
    report = ImportReport(topic=name, whole_topic=True)
    if name != topic.name:
        report.notes.append(f"a topic named {topic.name!r} exists already: imported as {name!r}")
    store.restore_topic(replace(topic, name=name), pairs, searches)
    for entry, paper in pairs:
        report.keys.append(entry.paper_key)
        report.added.append(f"{one_line(paper.title) or entry.paper_key} ({entry.status.value})")
    return report

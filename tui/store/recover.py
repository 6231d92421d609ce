"""An index rebuilt from the topic files, when it was lost.

The index holds only the topics' names, purposes and which file is whose; every list,
note and search is in the topic files. When the index is unreadable (moved aside by
:class:`~tui.store.tinyfile.TinyFile`) or was deleted while topic files remain, the
store would otherwise start empty and the user would see "no topics yet" over a disk
full of their work. :func:`recover_index` lists the topic files again, named by:

1. the ``about`` record each topic file carries (written at create and rename);
2. else the topic's record in the newest unreadable index moved aside, where it still
   parses (a truncated or half-garbled index usually keeps most of them);
3. else ``recovered <file id>``, which the user can rename.

The most recently written topic is opened. Nothing is deleted; the notice says what
was done.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from tui.store.layout import Layout

ABOUT = "about"
"""The topic file's table holding its own name, purpose and creation time."""

_FILE_ID = re.compile(r"^[0-9a-f]{6,32}$")
_RECORD = re.compile(r'\{[^{}]*"file"\s*:\s*"([0-9a-f]{6,32})"[^{}]*\}')
_ASIDE_BYTES = 64 << 20  # a moved-aside index is read for names up to this size


def topic_files(layout: Layout) -> list[Path]:
    try:
        found = [p for p in layout.topics.glob("*.json") if _FILE_ID.match(p.stem)]
    except OSError:
        return []
    return [p for p in found if p.is_file()]


def needs_recovery(layout: Layout) -> bool:
    """The index is absent while topic files remain (cheap: one stat when all is well)."""
    return not os.path.lexists(layout.index) and bool(topic_files(layout))


def about_of(content: dict[str, Any] | None) -> dict[str, str]:
    table = (content or {}).get(ABOUT) or {}
    record = next(iter(table.values()), {}) if isinstance(table, dict) else {}
    if not isinstance(record, dict):
        return {}
    return {k: v for k, v in record.items() if isinstance(v, str)}


def names_aside(layout: Layout) -> dict[str, dict[str, str]]:
    """file id → the topic record, from the newest index moved aside that names it."""
    asides = sorted(layout.folder.glob(f"{layout.index.name}.corrupt-*"), reverse=True)
    found: dict[str, dict[str, str]] = {}
    for path in asides:
        try:
            with open(path, "rb") as handle:
                text = handle.read(_ASIDE_BYTES).decode("utf-8", "replace")
        except OSError:
            continue
        for match in _RECORD.finditer(text):
            try:
                record = json.loads(match.group(0))
            except ValueError:
                continue
            if isinstance(record, dict) and isinstance(record.get("name"), str):
                found.setdefault(match.group(1), record)
    return found


def rebuilt_topics(layout: Layout, read: Any) -> tuple[list[dict[str, str]], str | None, list[str]]:
    """The index's topic records for the topic files on disk, the file to open, and the
    file ids that were named ``recovered …``. ``read(path)`` gives a topic file's content
    (None when it cannot)."""
    aside = names_aside(layout)
    records: list[dict[str, str]] = []
    unnamed: list[str] = []
    taken: set[str] = set()
    newest: tuple[float, str] | None = None
    for path in sorted(topic_files(layout)):
        file_id = path.stem
        try:
            content = read(path)
            mtime = path.stat().st_mtime
        except Exception:  # an unreadable topic file is still listed: its name is known
            content, mtime = None, 0.0
        about = about_of(content) or aside.get(file_id, {})
        name = str(about.get("name", "")).strip()
        if not name:
            name = f"recovered {file_id}"
            unnamed.append(file_id)
        base, n = name, 2
        while name in taken:  # two files claiming one name: both kept, one renamed
            name, n = f"{base} ({n})", n + 1
        taken.add(name)
        records.append(
            {
                "name": name,
                "purpose": str(about.get("purpose", "")),
                "created_at": str(about.get("created_at", "")),
                "file": file_id,
            }
        )
        if newest is None or mtime > newest[0]:
            newest = (mtime, file_id)
    return records, (newest[1] if newest else None), unnamed


def recover_if_needed(store: Any) -> None:
    """Rebuild the index of ``store`` when it is absent and topic files remain."""
    layout = store.layout
    if not needs_recovery(layout):
        return
    from tui.atomic import JSONFile

    with store._index.tx():
        topics = store._index.table("topics")
        if topics.all():
            return  # another winnow rebuilt it meanwhile
        records, open_id, unnamed = rebuilt_topics(layout, lambda path: JSONFile(path).read())
        if not records:
            return
        topics.insert_multiple(records)
        if open_id is not None:
            store._index.table("settings").insert({"key": "open_topic_file", "value": open_id})
    named = len(records) - len(unnamed)
    line = (
        f"the topic index was lost: rebuilt from {len(records)} topic file(s) in "
        f"{layout.topics} ({named} named"
    )
    if unnamed:
        line += f"; {len(unnamed)} as 'recovered …': rename them with winnow topic rename"
    store.notices.append(line + ")")

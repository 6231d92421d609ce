"""Exports never overwrite a file winnow did not just write (11.1).

winnow remembers what it last wrote to each export path (the file's SHA-256, in
``exports.json`` in the data dir). Writing to a path again replaces the file only
when it is still exactly what winnow wrote; a file edited since, or one winnow
never wrote, is kept: the export goes to ``name-2.md`` (``-3``…), or — when the
user named the file and asked for no renaming — is refused with a message naming
it. The caller says exactly which file was written.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from tui import paths
from tui.atomic import write_bytes
from tui.errors import UserError
from tui.exchange.formats import export_suffix

MEMORY = "exports.json"


class ExportClash(UserError):
    """The target exists and is not what winnow last wrote there."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(
            f"{path} exists and is not the file winnow last wrote there (edited, or not "
            "winnow's): not overwriting it — name another file, or pass --force"
        )


def _memory_file() -> Path:
    return paths.data_dir() / MEMORY


def _load() -> dict[str, str]:
    try:
        data = json.loads(_memory_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: v for k, v in data.items() if isinstance(v, str)} if isinstance(data, dict) else {}


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _ours(path: Path, memory: dict[str, str]) -> bool:
    """Nothing is there, or exactly what winnow last wrote."""
    if not path.exists():
        return True
    recorded = memory.get(str(path.resolve()))
    return recorded is not None and recorded == _digest(path)


def _numbered(path: Path, n: int) -> Path:
    name = path.name
    suffix = export_suffix(name)
    stem = name[: len(name) - len(suffix)] if suffix else name
    return path.with_name(f"{stem}-{n}{suffix}")


def target_for(path: Path, *, rename: bool = True, force: bool = False) -> Path:
    """Where an export meant for ``path`` may go: ``path`` itself, or the first free
    ``path-N``; :class:`ExportClash` when renaming is not allowed."""
    memory = _load()
    if force or _ours(path, memory):
        return path
    if not rename:
        raise ExportClash(path)
    n = 2
    while not _ours(_numbered(path, n), memory):
        n += 1
    return _numbered(path, n)


def write_export(path: Path, text: str, *, rename: bool = True, force: bool = False) -> Path:
    """Write an export without losing anyone's edits; the path actually written."""
    path = Path(path)
    if path.is_dir():
        raise UserError(f"{path} is a folder: name a file")
    target = target_for(path, rename=rename, force=force)
    data = text.encode("utf-8")
    write_bytes(target, data)
    memory = {k: v for k, v in _load().items() if Path(k).exists()}  # forget removed files
    memory[str(target.resolve())] = hashlib.sha256(data).hexdigest()
    paths.ensure(_memory_file().parent)
    write_bytes(_memory_file(), json.dumps(memory, indent=0).encode())
    return target

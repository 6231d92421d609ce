"""What the store tests share: sizes, installing a built state, comparing layouts."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from tui import paths

BIG = 2_000  # topics, as in issue 10


def install_state(source: Path) -> None:
    """Copy a data folder into this test's WINNOW_HOME."""
    shutil.copytree(source, paths.data_dir(), symlinks=True)


def load_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def layout_files(folder: Path) -> dict[str, bytes]:
    """A migrated layout's files and bytes (lock files aside; the index without the stamp
    of the file it was migrated from, which differs from copy to copy)."""
    files = {}
    for path in sorted(folder.rglob("*.json")):
        name = str(path.relative_to(folder))
        if name == "index.json":
            index = load_json(path)
            index["settings"] = {
                k: v for k, v in index["settings"].items() if v["key"] != "migrated_from"
            }
            files[name] = json.dumps(index, sort_keys=True).encode()
        else:
            files[name] = path.read_bytes()
    return files

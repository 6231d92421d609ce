"""Where winnow keeps its files: one module owns every path.

``WINNOW_HOME=DIR`` puts config, data and cache under DIR; otherwise the
platform's directories (platformdirs) are used.

The data and cache folders are private (notes on a shared lab server): folders
0700, files 0600, whatever the umask. :func:`ensure` makes folders that way and
:func:`is_private` tells :mod:`tui.atomic` which files to write 0600.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

APP = "winnow"
PRIVATE_DIR = 0o700


def _home() -> Path | None:
    home = os.environ.get("WINNOW_HOME")
    return Path(home).expanduser() if home else None


def config_dir() -> Path:
    if home := _home():
        return home / "config"
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP))


def data_dir() -> Path:
    if home := _home():
        return home / "data"
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP))


def cache_dir() -> Path:
    if home := _home():
        return home / "cache"
    from platformdirs import user_cache_dir

    return Path(user_cache_dir(APP))


def config_file() -> Path:
    return config_dir() / "config.toml"


def state_file() -> Path:
    """The schema-1 state file (one file for everything); the store migrates it once.

    The state itself lives beside it in the same folder: ``index.json``, ``topics/``,
    ``papers/`` (see :mod:`tui.store`).
    """
    return data_dir() / "state.json"


def index_file() -> Path:
    """The small index of the state: topics' names and files, the open topic, settings."""
    return data_dir() / "index.json"


def cache_db_file() -> Path:
    """The bulky, rebuildable cache (search answers, paper metadata)."""
    return cache_dir() / "cache.json"


def pdf_dir() -> Path:
    return cache_dir() / "pdfs"


def parsed_dir() -> Path:
    return cache_dir() / "parsed"


def figures_dir() -> Path:
    """Figures drawn before, as PNG (tui/pdf/cache.py)."""
    return cache_dir() / "figures"


def private_roots() -> tuple[Path, ...]:
    """The folders whose whole content is private."""
    return (data_dir(), cache_dir())


def _resolved(path: Path) -> Path:
    return Path(os.path.realpath(Path(path).expanduser()))


def is_private(path: Path, roots: tuple[Path, ...] | None = None) -> bool:
    """Whether ``path`` lies inside winnow's data or cache folder (links resolved)."""
    target = _resolved(path)
    for root in roots or private_roots():
        base = _resolved(root)
        if target == base or base in target.parents:
            return True
    return False


def make_private(folder: Path) -> None:
    """Set a folder (existing) to 0700 if it is not already."""
    with contextlib.suppress(OSError):
        if os.stat(folder).st_mode & 0o777 != PRIVATE_DIR:
            os.chmod(folder, PRIVATE_DIR)


def ensure(path: Path) -> Path:
    """Make the folder ``path`` (and its parents). Inside winnow's data or cache folder
    every folder made, and the path itself, is 0700 whatever the umask."""
    path = Path(path)
    roots = private_roots()
    if not is_private(path, roots):
        path.mkdir(parents=True, exist_ok=True)
        return path
    missing = []
    for folder in (path, *path.parents):
        if folder.is_dir():
            break
        missing.append(folder)
    for folder in reversed(missing):
        private = is_private(folder, roots)
        folder.mkdir(mode=PRIVATE_DIR if private else 0o777, exist_ok=True)
        if private:
            make_private(folder)
    make_private(path)
    return path

"""Where winnow keeps its files: one module owns every path.

``WINNOW_HOME=DIR`` puts config, data and cache under DIR; otherwise the
platform's directories (platformdirs) are used.
"""

from __future__ import annotations

import os
from pathlib import Path

APP = "winnow"


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
    """The small, often-written user state (topics, shortlists, notes)."""
    return data_dir() / "state.json"


def cache_db_file() -> Path:
    """The bulky, rebuildable cache (search answers, paper metadata)."""
    return cache_dir() / "cache.json"


def pdf_dir() -> Path:
    return cache_dir() / "pdfs"


def parsed_dir() -> Path:
    return cache_dir() / "parsed"


def ensure(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path

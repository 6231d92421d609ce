"""What every sub-command shares: the config, the store, JSON printing."""

from __future__ import annotations

import json
import sys
from typing import Any

from tui import config as config_module
from tui.config import Config
from tui.store import Store


def load_config() -> Config:
    config = config_module.load()
    for warning in config.warnings:
        print(f"winnow: {warning}", file=sys.stderr)
    return config


def open_store(config: Config | None = None) -> Store:
    config = config or load_config()
    store = Store.open(
        cap=config.shortlist_cap,
        kept_target=config.kept_target,
        cache_keep_days=config.cache.keep_days,
    )
    for notice in store.notices:
        print(f"winnow: {notice}", file=sys.stderr)
    return store


def print_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def safe(text: str) -> str:
    """Outside text made safe for a terminal: control characters shown, not obeyed."""
    return "".join(ch if ch.isprintable() or ch in "\n\t" else f"\\x{ord(ch):02x}" for ch in text)

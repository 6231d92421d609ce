"""What every sub-command shares: the config, the store, JSON printing."""

from __future__ import annotations

import sys
from typing import Any

from tui import config as config_module
from tui.config import Config
from tui.store import CLI_SESSION, Store
from tui.textsafe import inert, json_text


def load_config() -> Config:
    config = config_module.load()
    for warning in config.warnings:
        print(f"winnow: {warning}", file=sys.stderr)
    return config


def open_store(config: Config | None = None, *, session: str | None = CLI_SESSION) -> Store:
    """The store, by default as the command line's own window: ``winnow undo`` undoes the
    last elimination made from the command line (the session ``"cli"``), never a TUI's.
    The app passes ``session=None``: each window gets its own."""
    config = config or load_config()
    store = Store.open(
        cap=config.shortlist_cap,
        kept_target=config.kept_target,
        cache_keep_days=config.cache.keep_days,
        session=session,
    )
    for notice in store.notices:
        print(f"winnow: {notice}", file=sys.stderr)
    return store


def print_json(value: Any) -> None:
    """JSON on stdout with controls, C1 characters and bidi overrides escaped."""
    sys.stdout.write(json_text(value) + "\n")


def safe(text: str) -> str:
    """Outside text made safe for a terminal: control characters shown, not obeyed."""
    return inert(text, multiline=True)

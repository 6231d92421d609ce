"""What every sub-command shares: the config, the store, JSON printing.

The config and the store load when a command asks for them, not with this module: a
command that prints a PDF's sections needs neither (the store's modules are ~25 ms)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from tui.textsafe import inert, json_text

if TYPE_CHECKING:
    from tui.config import Config
    from tui.store import Store

CLI_SESSION = "cli"
"""The command line's own session in the store (``tui.store.CLI_SESSION``, which a test
holds equal to this)."""


def load_config() -> Config:
    from tui import config as config_module

    config = config_module.load()
    for warning in config.warnings:
        print(f"winnow: {warning}", file=sys.stderr)
    return config


def open_store(config: Config | None = None, *, session: str | None = CLI_SESSION) -> Store:
    """The store, by default as the command line's own window: ``winnow undo`` undoes the
    last elimination made from the command line (the session ``"cli"``), never a TUI's.
    The app passes ``session=None``: each window gets its own."""
    from tui.store import Store

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

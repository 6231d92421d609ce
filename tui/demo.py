"""The built-in offline sample topic behind ``winnow --demo``.

It lives in its own folder under the cache dir and is rebuilt on every start,
so the demo never touches the user's own topics.
"""

from __future__ import annotations

import shutil

from tui import paths
from tui.config import Config
from tui.store import Store

DEMO_TOPIC = "demo: reading attention papers"
DEMO_PURPOSE = "choose an attention mechanism for a long-document summariser"


def demo_dir():
    return paths.cache_dir() / "demo"


def prepare_demo(config: Config) -> Store:
    folder = demo_dir()
    shutil.rmtree(folder, ignore_errors=True)
    store = Store(
        folder / "state.json",
        folder / "cache.json",
        cap=config.shortlist_cap,
        kept_target=config.kept_target,
    )
    store.create_topic(DEMO_TOPIC, DEMO_PURPOSE)
    return store

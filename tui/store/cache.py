"""The cache (``cache.json`` in the cache dir): search answers and paper metadata,
bulky and rebuildable. Opened by the first cache method, never before — a
command that does not need it never reads or stats it. A cache that cannot be
read is a cache miss.
"""

from __future__ import annotations

import contextlib
import os
import time
from typing import Any

from tinydb import Query

from tui.atomic import PRIVATE_FILE
from tui.errors import StoreError
from tui.store.core import StoreCore
from tui.store.tinyfile import TinyFile


class CacheMixin(StoreCore):
    @property
    def _cache(self) -> TinyFile:
        if self._cache_db is None:
            with self._files_lock:
                if self._cache_db is None:
                    with contextlib.suppress(OSError):
                        if os.stat(self.cache_path).st_mode & 0o077:
                            os.chmod(self.cache_path, PRIVATE_FILE)
                    self._cache_db = TinyFile(self.cache_path, "cache", self.notices)
        return self._cache_db

    def cache_get(self, namespace: str, key: str) -> tuple[Any, float] | None:
        """A cached JSON value and when it was stored (epoch seconds), or None."""
        try:
            self._cache.read()
            doc = self._cache.table(namespace).get(Query().k == key)
        except (StoreError, OSError):
            return None  # a cache that cannot be read is a cache miss
        return (doc["v"], doc["t"]) if doc else None

    def cache_put(self, namespace: str, key: str, value: Any) -> None:
        """Store a value; entries of the namespace older than ``cache_keep_days`` go (the
        whole file is rewritten anyway, so the cache does not grow without end)."""
        with self._cache.tx():
            table = self._cache.table(namespace)
            now = time.time()
            table.remove(Query().t < now - self.cache_keep_days * 86400)
            table.upsert({"k": key, "v": value, "t": now}, Query().k == key)

    def cache_put_many(self, namespace: str, items: dict[str, Any]) -> None:
        with self._cache.tx():
            table = self._cache.table(namespace)
            stamp = time.time()
            table.remove(Query().k.one_of(list(items)))
            table.insert_multiple({"k": k, "v": v, "t": stamp} for k, v in items.items())

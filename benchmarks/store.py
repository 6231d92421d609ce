"""Latency of one note edit with 10, 1,000 and 10,000 papers cached.

Run: python benchmarks/store.py  (uses a temporary WINNOW_HOME; goal ≤ 10 ms at 10,000)
Each edit is a full transaction: lock, re-read, write a temp file, fsync, rename, fsync the folder.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time

from tui.models import Author, Paper, PaperIds, parse_ref


def fake_paper(i: int) -> dict:
    return Paper(
        title=f"A study of graph networks, part {i}",
        ids=PaperIds(arxiv=f"21{i // 100000:02d}.{i % 100000:05d}", s2=f"{i:040x}"),
        authors=tuple(Author(f"Author {j}", ("Some University",)) for j in range(6)),
        year=2021,
        abstract="We study message passing. " * 40,
        citations=i,
        sources=("arxiv", "s2"),
    ).to_dict()


def run(cached: int, edits: int = 200) -> tuple[float, float, int]:
    with tempfile.TemporaryDirectory() as home:
        os.environ["WINNOW_HOME"] = home
        from tui.store import Store

        store = Store.open()
        store.create_topic("bench", "measure note edits")
        for i in range(10):
            store.add_ref(parse_ref(f"1706.{i:05d}"))
        store.cache_put_many("paper", {f"arxiv:{i}": fake_paper(i) for i in range(cached)})
        key = "arxiv:1706.00003"
        times = []
        for i in range(edits):
            start = time.perf_counter()
            store.set_notes(key, text=f"edit {i}: message passing oversmooths beyond depth 4")
            times.append((time.perf_counter() - start) * 1000)
        cache_size = os.path.getsize(os.path.join(home, "cache", "cache.json"))
        times.sort()
        return statistics.median(times), times[int(len(times) * 0.95)], cache_size


def main() -> None:
    print(f"{'papers cached':>14} {'cache file':>11} {'median ms':>10} {'p95 ms':>8}")
    for cached in (10, 1_000, 10_000):
        median, p95, size = run(cached)
        print(f"{cached:>14,} {size / 1e6:>9.1f}MB {median:>10.2f} {p95:>8.2f}")
    print("goal: one note edit ≤ 10 ms with 10,000 papers cached")


if __name__ == "__main__":
    main()

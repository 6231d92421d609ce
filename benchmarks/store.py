"""The state at scale: one edit and a start with 10 / 200 / 2,000 topics; long shortlists.

Run: python benchmarks/store.py  (temporary homes; takes a minute or two)

(a) Homes of 10, 200 and 2,000 topics, 5 papers each with real-sized metadata (abstracts
    ~1.5 KB, 10 authors), generated as a schema-1 ``state.json`` and migrated (the
    migration's time is printed too). In each: one note edit and one elimination, each a
    full transaction (lock, re-read, temp file, fsync, rename, fsync of the folder), in
    process; and the start to the shortlist shown — the real app headless (Pilot, in
    process: ``Store.open`` + ``make_app`` until the shortlist pane lists the papers) and
    ``winnow shortlist --json`` as a process. Sizes alternate within each round.
    Goals: an edit ≤ 10 ms at 2,000 topics and flat across the sizes; start ≤ 1.1× the
    10-topic start. Starts are the best of the rounds (the least disturbed by other work).
(b) ``winnow shortlist --json`` for one topic with 1,000 and 10,000 entries (cap raised),
    as a process and in process: the 10,000 run should take about 10× the 1,000 run
    (linear), not 100× (the square, as before).

Figures are noisy while other work runs on the machine: compare ratios within one run.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "store"))

from bigstate import write_schema1  # noqa: E402

SIZES = (10, 200, 2_000)
ROUNDS = 9


def ms(seconds: float) -> float:
    return seconds * 1000


def make_home(root: Path, topics: int, per_topic: int = 5, cap: int = 10) -> tuple[dict, float]:
    """A home with ``topics`` topics, migrated; returns its environment and the migration time."""
    home = root / f"home-{topics}-{per_topic}"
    env = {**os.environ, "WINNOW_HOME": str(home)}
    (home / "config").mkdir(parents=True)
    (home / "config" / "config.toml").write_text(f"shortlist_cap = {cap}\n")
    write_schema1(home / "data" / "state.json", topics, per_topic)
    code = "import time; from tui.store import Store; t = time.perf_counter(); Store.open(); "
    code += "print(time.perf_counter() - t)"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    return env, float(out.stdout)


def in_home(env: dict):  # type: ignore[no-untyped-def]
    os.environ["WINNOW_HOME"] = env["WINNOW_HOME"]
    from tui.store import Store

    return Store.open()


def edits(env: dict, count: int = 100) -> tuple[list[float], list[float]]:
    store = in_home(env)
    entries = store.entries()
    key = entries[0].paper_key
    notes, eliminations = [], []
    for i in range(count):
        start = time.perf_counter()
        store.set_notes(key, text=f"edit {i}: message passing oversmooths beyond depth 4")
        notes.append(time.perf_counter() - start)
    victim = next(e.paper_key for e in entries if e.active)
    for _ in range(count // 2):
        start = time.perf_counter()
        store.eliminate(victim, "weaker baseline")
        eliminations.append(time.perf_counter() - start)
        store.undo(key=victim)
    return notes, eliminations


async def app_start(env: dict) -> float:
    """Store.open + make_app until the shortlist pane lists the open topic's papers."""
    from tui.app import make_app
    from tui.config import load

    start = time.perf_counter()
    store = in_home(env)
    app = make_app(load(), store)
    async with app.run_test(size=(80, 24)) as pilot:
        while not len(app.screen.shortlist.options.options):
            await pilot.pause(0.005)
        shown = time.perf_counter() - start
    return shown


def process(args: list[str], env: dict) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "tui", *args], env=env, capture_output=True, check=True)
    return time.perf_counter() - start


def raw_write(folder: Path, count: int = 100) -> list[float]:
    """The floor: write 2 KB to a temp file, fsync, rename, fsync the folder — no store."""
    times = []
    for i in range(count):
        start = time.perf_counter()
        temp = folder / f".raw.{i}.tmp"
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.write(fd, b"x" * 2048)
        os.fsync(fd)
        os.close(fd)
        os.replace(temp, folder / "raw.json")
        dir_fd = os.open(folder, os.O_RDONLY)
        os.fsync(dir_fd)
        os.close(dir_fd)
        times.append(time.perf_counter() - start)
    return times


def part_a(root: Path) -> None:
    homes = {}
    print("building homes (generated schema-1 state, then migrated)…")
    for size in SIZES:
        env, migration = make_home(root, size)
        data = Path(env["WINNOW_HOME"]) / "data"
        size_mb = sum(p.stat().st_size for p in data.rglob("*.json")) / 1e6
        print(f"  {size:>5} topics: {size_mb:6.1f} MB of state, migrated in {migration:.2f} s")
        homes[size] = env
    note, elim, tui, cli = ({s: [] for s in SIZES} for _ in range(4))
    raw: list[float] = []
    asyncio.run(app_start(homes[SIZES[0]]))  # warm the imports once
    for _ in range(ROUNDS):
        raw += raw_write(root, 20)
        for size in SIZES:
            n, e = edits(homes[size], 40)
            note[size] += n
            elim[size] += e
            tui[size].append(asyncio.run(app_start(homes[size])))
            cli[size].append(process(["shortlist", "--json"], homes[size]))
    print()
    print(f"{'topics':>7} {'note edit ms':>13} {'p95':>6} {'eliminate ms':>13} {'p95':>6} "
          f"{'app start ms':>13} {'×10':>5} {'shortlist --json ms':>20} {'×10':>5}")  # fmt: skip
    print(f"{'':>7} {'median':>13} {'':>6} {'median':>13} {'':>6} {'best':>13} {'':>5} "
          f"{'best':>20}")  # fmt: skip
    base_tui, base_cli = min(tui[SIZES[0]]), min(cli[SIZES[0]])
    for size in SIZES:
        n, e = sorted(note[size]), sorted(elim[size])
        t, c = min(tui[size]), min(cli[size])
        print(
            f"{size:>7,} {ms(statistics.median(n)):>13.2f} {ms(n[int(len(n) * 0.95)]):>6.2f} "
            f"{ms(statistics.median(e)):>13.2f} {ms(e[int(len(e) * 0.95)]):>6.2f} "
            f"{ms(t):>13.0f} {t / base_tui:>5.2f} {ms(c):>20.0f} {c / base_cli:>5.2f}"
        )
    raw.sort()
    floor, floor95 = ms(statistics.median(raw)), ms(raw[int(len(raw) * 0.95)])
    print(f"the disk's floor (2 KB temp, fsync, rename, fsync of the folder): {floor:.2f} ms "
          f"median, {floor95:.2f} p95")  # fmt: skip
    print("goals: an edit ≤ 10 ms at 2,000 topics and flat; start ≤ 1.10 × the 10-topic start")


INSIDE = """
import contextlib, io, time
from tui.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    main(["shortlist", "--json"])  # imports and file cache warm
best = 1e9
for _ in range(5):
    start = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        main(["shortlist", "--json"])
    best = min(best, time.perf_counter() - start)
print(best)
"""


def in_process_shortlist(env: dict) -> float:
    """``winnow shortlist --json`` inside a fresh process, timed there (no start-up): the
    best of 5 runs of the command itself."""
    out = subprocess.run([sys.executable, "-c", INSIDE], env=env, capture_output=True, text=True)
    return float(out.stdout)


def part_b(root: Path) -> None:
    print()
    runs, inside = {}, {}
    for entries in (1_000, 10_000):
        env, _ = make_home(root, 1, per_topic=entries, cap=entries + 10)
        process(["shortlist", "--json"], env)  # warm the file cache
        runs[entries] = min(process(["shortlist", "--json"], env) for _ in range(5))
        inside[entries] = in_process_shortlist(env)
    for entries in runs:
        print(f"shortlist --json, {entries:>6,} entries: {ms(runs[entries]):6.0f} ms as a process, "
              f"{ms(inside[entries]):6.0f} ms in process (best of 5)")  # fmt: skip
    grow = inside[10_000] / inside[1_000]
    print(f"10× the entries → {grow:.1f}× the time in process (linear: ~10×; the square: 100×)")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        part_a(Path(tmp))
        part_b(Path(tmp))


if __name__ == "__main__":
    main()

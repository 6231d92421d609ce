"""A store writer for the crash and concurrency tests (run as a subprocess).

python writer.py notes N     -- edit one paper's notes N times, printing each acknowledged value
python writer.py topics PFX N -- create topics PFX-0 … PFX-(N-1), printing each name once saved
"""

from __future__ import annotations

import sys

from tui.models import parse_ref
from tui.store import Store


def main() -> None:
    store = Store.open()
    mode = sys.argv[1]
    if mode == "notes":
        if store.topic("crash") is None:
            store.create_topic("crash", "survive kill -9")
            store.add_ref(parse_ref("1706.03762"), "crash")
        for i in range(int(sys.argv[2])):
            if i % 5 == 0:
                store.create_topic(f"t{i}-{sys.argv[3]}")
            store.set_notes("arxiv:1706.03762", "crash", text=f"edit {i}")
            print(i, flush=True)
    elif mode == "topics":
        prefix, count = sys.argv[2], int(sys.argv[3])
        for i in range(count):
            store.create_topic(f"{prefix}-{i}", "concurrent")
            print(i, flush=True)


if __name__ == "__main__":
    main()

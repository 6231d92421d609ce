"""A store writer for the crash and concurrency tests (run as a subprocess).

python writer.py notes N RUN  -- edit one paper's notes N times (a topic every 5th), printing
                                 each acknowledged value
python writer.py topics PFX N -- create topics PFX-0 … PFX-(N-1), printing each name once saved
python writer.py add TOPIC PFX N -- add N ids to TOPIC as fast as it can, printing each added
                                 one; waits for the file GO (beside the state) to start
python writer.py open         -- open the store (a migration, if one is due) and print "open"
python writer.py note TOPIC KEY TEXT -- one note edit, printing "saved"
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from tui import paths
from tui.errors import UserError
from tui.models import parse_ref
from tui.store import Store


def main() -> None:
    mode = sys.argv[1]
    if mode == "open":
        Store.open()
        print("open", flush=True)
        return
    store = Store.open(cap=int(os.environ.get("WRITER_CAP", "10")))
    if mode == "notes":
        if store.topic("crash") is None:
            store.create_topic("crash", "survive kill -9")
        if not store.entries("crash"):  # a kill may fall between the two writes
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
    elif mode == "add":
        topic, prefix, count = sys.argv[2], sys.argv[3], int(sys.argv[4])
        go = Path(paths.data_dir()) / "GO"
        while not go.exists():
            time.sleep(0.001)
        for i in range(count):
            try:
                store.add_ref(parse_ref(f"{prefix}.{i:05d}"), topic)
            except UserError:
                continue
            print(i, flush=True)
    elif mode == "note":
        topic, key, text = sys.argv[2:5]
        store.set_notes(key, topic, text=text)
        print("saved", flush=True)


if __name__ == "__main__":
    main()

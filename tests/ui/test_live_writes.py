"""The window's writer: store calls off the event loop, in order, coalesced per slot."""

from __future__ import annotations

import threading
import time

from hypothesis import given
from hypothesis import strategies as st

from tui.errors import UserError
from tui.screens.writes import Writes


class Inbox:
    """Stands for the event loop: callbacks handed over are run here, in order."""

    def __init__(self) -> None:
        self.calls: list = []
        self.lock = threading.Lock()

    def deliver(self, callback) -> None:
        with self.lock:
            self.calls.append(callback)

    def run(self) -> None:
        with self.lock:
            calls, self.calls = self.calls, []
        for call in calls:
            call()


def test_writes_run_in_the_order_asked_and_off_the_calling_thread() -> None:
    inbox, done, threads = Inbox(), [], set()
    writes = Writes(inbox.deliver)

    def change(n: int) -> int:
        threads.add(threading.get_ident())
        time.sleep(0.001 * (n % 3))  # uneven durations: the order must not depend on them
        return n

    for n in range(30):
        writes.run(lambda n=n: change(n), done.append)
    assert writes.wait_idle(5)
    inbox.run()
    assert done == list(range(30))
    assert threading.get_ident() not in threads
    assert writes.close(5)


def test_a_refusal_comes_back_and_later_writes_still_run() -> None:
    inbox, done, failed = Inbox(), [], []
    writes = Writes(inbox.deliver)

    def refuse() -> None:
        raise UserError("the shortlist is full")

    def broken() -> None:
        raise RuntimeError("a bug")

    writes.run(refuse, done.append, failed.append)
    writes.run(broken, done.append, failed.append)
    writes.run(lambda: "after", done.append, failed.append)
    assert writes.wait_idle(5)
    inbox.run()
    assert done == ["after"]
    assert [str(e) for e in failed] == ["the shortlist is full", "RuntimeError: a bug"]


def test_typed_edits_coalesce_into_one_write_per_slot_per_delay() -> None:
    inbox, written = Inbox(), []
    writes = Writes(inbox.deliver)
    for n in range(50):  # fifty keystrokes within the delay
        writes.later("note:purpose", lambda n=n: written.append(n), delay=0.2)
    assert writes.pending("note:purpose")
    time.sleep(0.05)
    assert written == []  # not before the delay
    deadline = time.monotonic() + 5
    while writes.pending("note:purpose") or not writes.idle:
        assert time.monotonic() < deadline
        time.sleep(0.01)
    assert written == [49]  # one write, of the last value


def test_flush_runs_a_pending_slot_at_once_and_close_runs_what_is_left() -> None:
    inbox, written = Inbox(), []
    writes = Writes(inbox.deliver)
    writes.later("a", lambda: written.append("a"), delay=60)
    writes.later("b", lambda: written.append("b"), delay=60)
    writes.flush("a")
    deadline = time.monotonic() + 5
    while "a" not in written:
        assert time.monotonic() < deadline
        time.sleep(0.01)
    assert written == ["a"] and writes.pending("b")
    assert writes.close(5)
    assert written == ["a", "b"]


@given(st.lists(st.tuples(st.sampled_from("abc"), st.booleans()), max_size=25))
def test_every_slot_ends_with_its_last_value_and_plain_writes_keep_their_order(ops) -> None:
    inbox, log = Inbox(), []
    writes = Writes(inbox.deliver)
    last: dict[str, int] = {}
    plain: list[int] = []
    for n, (slot, coalesced) in enumerate(ops):
        if coalesced:
            last[slot] = n
            writes.later(slot, lambda s=slot, n=n: log.append((s, n)), delay=0.01)
        else:
            plain.append(n)
            writes.run(lambda n=n: log.append(("run", n)))
    assert writes.wait_idle(5)
    assert [n for s, n in log if s == "run"] == plain
    for slot, n in last.items():
        assert [m for s, m in log if s == slot][-1] == n
    writes.close(5)

"""A note field's draft: "saved" only when the store holds it; a newer text from another
window never overwritten, never dropped (issues 10.2, 10.4)."""

from __future__ import annotations

import time
import uuid

from hypothesis import given
from hypothesis import strategies as st

from tui.models import parse_ref
from tui.screens.note_drafts import FieldDraft, NoteState
from tui.store import EditConflict, Store

texts = st.text(alphabet="abc ", max_size=6)


def listed() -> tuple[Store, str]:
    store = Store.open()
    store.create_topic(uuid.uuid4().hex, "p")  # a topic of its own for every example
    return store, store.add_ref(parse_ref("2101.00001")).paper_key


def test_saved_only_once_the_store_call_returned() -> None:
    store, key = listed()
    draft = FieldDraft.of("purpose", "")
    assert draft.edit("first answer")
    assert draft.state is NoteState.SAVING
    assert draft.write(store, key, None) == "first answer"
    assert draft.state is NoteState.SAVED
    assert store.entry(key).notes.purpose == "first answer"


def test_a_write_over_a_newer_text_is_refused_and_both_texts_stay() -> None:
    store, key = listed()
    mine = FieldDraft.of("problem", "")
    store.set_notes(key, problem="theirs")  # another window, since this one read it
    mine.edit("mine")
    try:
        mine.write(store, key, None)
    except EditConflict as conflict:
        mine.conflicted(conflict.theirs)
    else:
        raise AssertionError("the stale write went through")
    assert store.entry(key).notes.problem == "theirs"
    assert (mine.state, mine.value, mine.theirs) == (NoteState.CONFLICT, "mine", "theirs")
    assert not mine.edit("mine, still")  # no write while in conflict
    assert mine.keep_mine()
    assert mine.write(store, key, None) == "mine, still"
    assert store.entry(key).notes.problem == "mine, still"


def test_take_theirs_gives_the_editor_the_stored_text() -> None:
    draft = FieldDraft.of("purpose", "old")
    draft.edit("draft")
    draft.conflicted("new elsewhere")
    assert draft.take_theirs() == "new elsewhere"
    assert draft.state is NoteState.SAVED


def test_a_refresh_is_taken_in_without_a_draft_and_beside_one() -> None:
    clean = FieldDraft.of("purpose", "old")
    assert clean.stored("new", time.monotonic())
    assert (clean.value, clean.state) == ("new", NoteState.SAVED)
    busy = FieldDraft.of("purpose", "old")
    busy.edit("typing")
    assert not busy.stored("new", time.monotonic())
    assert (busy.value, busy.theirs, busy.state) == ("typing", "new", NoteState.CONFLICT)


def test_a_read_older_than_this_windows_write_is_ignored() -> None:
    store, key = listed()
    draft = FieldDraft.of("purpose", "")
    read_at = time.monotonic()  # a refresh read before the write below
    draft.edit("typed")
    draft.write(store, key, None)
    assert not draft.stored("", read_at)
    assert (draft.value, draft.state) == ("typed", NoteState.SAVED)


def test_a_refresh_reading_this_windows_write_under_way_is_no_conflict() -> None:
    """A refresh may read this window's write after it landed and before the call
    returned, while the user types on: that text is the window's own, not another's."""
    store, key = listed()
    draft = FieldDraft.of("purpose", "")
    draft.edit("alpha")
    seen_meanwhile: list[bool] = []

    class Racing:
        def set_notes(self, *args, **fields):
            written = store.set_notes(*args, **fields)
            draft.edit("alpha beta")  # typed on meanwhile
            seen_meanwhile.append(draft.stored("alpha", time.monotonic()))
            return written

    assert draft.write(Racing(), key, None) == "alpha"
    assert seen_meanwhile == [False]
    assert (draft.theirs, draft.state) == (None, NoteState.SAVING)
    assert draft.write(store, key, None) == "alpha beta"
    assert store.entry(key).notes.purpose == "alpha beta"


@given(st.lists(st.tuples(st.sampled_from(["type", "write", "other", "refresh"]), texts)))
def test_nothing_is_ever_lost_silently(steps) -> None:
    """Whatever interleaving of typing, writing, another window's edits and refreshes: the
    user's last text stays in the editor, and "saved" means the store holds it (unless
    another window wrote since, and no refresh has shown it yet)."""
    store, key = listed()
    draft = FieldDraft.of("purpose", "")
    typed, foreign = "", False
    for what, text in steps:
        if what == "type":
            typed = text
            draft.edit(text)
        elif what == "write":
            try:
                if draft.write(store, key, None) is not None:
                    foreign = False
            except EditConflict as conflict:
                draft.conflicted(conflict.theirs)
                foreign = False
        elif what == "other":
            store.set_notes(key, purpose=text)
            foreign = True
        else:
            if draft.stored(store.entry(key).notes.purpose, time.monotonic()):
                typed = draft.value  # no draft: the editor shows the newer text
            foreign = False
        stored = store.entry(key).notes.purpose
        assert draft.value == typed
        if draft.state is NoteState.SAVED and not foreign:
            assert stored == typed
        if draft.state is NoteState.CONFLICT:
            assert draft.theirs == stored or foreign

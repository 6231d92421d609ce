"""The lists of papers (search results, the shortlist): an OptionList that also moves
with ``j`` / ``k`` (SPEC §3), and passes on keys meant for where the focus went."""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.widgets import OptionList

FOCUS_SEARCH = "focus_search"


class PaperList(OptionList):
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="list.down"),
        Binding("k", "cursor_up", "Up", show=False, id="list.up"),
    ]

    async def _on_key(self, event: events.Key) -> None:
        # ``/rope`` in one write: the app hands r, o, p, e to this list before the ``/``
        # binding (run once the key has bubbled up) has moved the focus to the query box,
        # where the box would then swallow them — or r would open references here. So the
        # key that focuses the search moves the focus at once, and the keys behind it go
        # on to where the focus is now, in order.
        focused = self.screen.focused
        if focused is not self and focused is not None:
            event.stop()
            event.prevent_default()
            focused._forward_event(events.Key(event.key, event.character))
            return
        active = self.app.active_bindings.get(event.key)
        if active is not None and active.binding.action == FOCUS_SEARCH and active.enabled:
            event.stop()
            event.prevent_default()
            await active.node.run_action(FOCUS_SEARCH)

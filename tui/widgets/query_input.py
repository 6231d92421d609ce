"""The search pane's query box: never selects its text, and keys follow the focus."""

from __future__ import annotations

from textual import events

from tui.widgets.literal import SafeInput

PLACEHOLDER = "search arXiv + S2  (au: ti: cat:)"
SHORT_PLACEHOLDER = "search arXiv + S2 (au: ti:)"  # fits the box at 80x24


class QueryInput(SafeInput):
    """The query box.

    Focus never selects the query (the next letter would replace it). Out of focus the box
    shows the query's start; in focus the cursor is at its end. Escape leaves for the results
    at once, and a key that arrives here after the focus has gone (typed right behind the
    Escape, before this widget had handled it) goes on to where the focus is now: keys
    follow the focus, in order.
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(placeholder=SHORT_PLACEHOLDER, select_on_focus=False, **kwargs)

    def on_resize(self) -> None:
        room = self.scrollable_content_region.width
        self.placeholder = PLACEHOLDER if len(PLACEHOLDER) < room else SHORT_PLACEHOLDER

    # Textual calls each class's handler in turn (Input's after these, unless prevented).
    def _on_focus(self, event: events.Focus) -> None:
        self.cursor_position = len(self.value)

    def _on_blur(self, event: events.Blur) -> None:
        self.scroll_to(x=0, animate=False, immediate=True)

    def _on_key(self, event: events.Key) -> None:
        # Key handling here, not in a Binding: a binding runs only once the key has bubbled
        # up to the app, by when the next key has been typed into this box already.
        focused = self.screen.focused
        if focused is not self and focused is not None:
            event.stop()
            event.prevent_default()
            focused._forward_event(events.Key(event.key, event.character))
        elif event.key == "slash" and not self.value:
            event.stop()  # "/" is the key that brings the focus here: it is here already
            event.prevent_default()
        elif event.key == "escape":
            event.stop()
            event.prevent_default()
            self.screen.focus_next()  # the results, right below

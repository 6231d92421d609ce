"""The status line: topic and purpose, phase, network and rate-limit state."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from tui.models import Phase, Topic
from tui.widgets.literal import literal


class StatusLine(Static):
    _state: dict = {}

    def update_state(
        self, *, topic: Topic | None, phase: Phase, count: int, network: str = ""
    ) -> None:
        self._state = {"topic": topic, "phase": phase, "count": count, "network": network}
        self._render_state()

    def update_network(self, network: str) -> None:
        """Only the sources' word changed (a search streaming in, a back-off)."""
        if self._state and self._state["network"] != network:
            self._state = {**self._state, "network": network}
            self._render_state()

    def on_resize(self) -> None:
        if self._state:
            self._render_state()

    def _render_state(self) -> None:
        topic, phase = self._state["topic"], self._state["phase"]
        count, network = self._state["count"], self._state["network"]
        width = max(self.size.width - 2, 20) if self.size.width else 78
        right = Text()
        if network:
            right.append(network + "  ", style="yellow")
        right.append(f"phase: {phase.value} · {count} on list", style="bold")
        if right.cell_len > width // 2:  # a long network note yields first
            right = Text(f"{phase.value} · {count}", style="bold")
            if network:
                right = Text("offline  ", style="yellow") + right
        room = width - right.cell_len - 2
        left = Text()
        if topic is None:
            left.append("no topic — press t to create one", style="italic")
        else:
            # The purpose is what the method says to keep in mind: the name yields first.
            name = literal(topic.name, "bold")
            purpose = literal(topic.purpose)
            need = 7 + name.cell_len + 3 + purpose.cell_len
            if need > room:
                name.truncate(max(room // 3, 8), overflow="ellipsis")
            left.append("topic: ", style="dim")
            left.append_text(name)
            if topic.purpose:
                left.append(" — ", style="dim")
                left.append_text(purpose)
        left.truncate(max(room, 10), overflow="ellipsis")
        left.pad_right(max(room - left.cell_len + 2, 1))
        self.update(left + right)

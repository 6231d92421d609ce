"""The status line: topic and purpose, phase, network and rate-limit state."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from tui.models import Phase, Topic


class StatusLine(Static):
    _state: dict = {}

    def update_state(
        self, *, topic: Topic | None, phase: Phase, count: int, network: str = ""
    ) -> None:
        self._state = {"topic": topic, "phase": phase, "count": count, "network": network}
        self._render_state()

    def on_resize(self) -> None:
        if self._state:
            self._render_state()

    def _render_state(self) -> None:
        topic, phase = self._state["topic"], self._state["phase"]
        count, network = self._state["count"], self._state["network"]
        left = Text()
        if topic is None:
            left.append("no topic — press t to create one", style="italic")
        else:
            left.append("topic: ", style="dim")
            left.append(topic.name, style="bold")
            if topic.purpose:
                left.append(" — purpose: ", style="dim")
                left.append(topic.purpose)
        right = Text()
        if network:
            right.append(network + "  ", style="yellow")
        right.append(f"phase: {phase.value} · {count} on list", style="bold")
        width = max(self.size.width - 2, 20) if self.size.width else 78
        room = width - right.cell_len - 1
        if left.cell_len > room:
            left.truncate(max(room - 1, 1))
            left.append("…")
        left.pad_right(max(room - left.cell_len + 1, 1))
        self.update(left + right)

"""The footer: the keys that apply now, as many as fit the width, most useful first.

One widget drawing one line, redrawn when the bindings change (Textual's Footer mounts a
widget per key and re-mounts them all on every change). ``? Help`` and ``q Quit`` are
always shown; the others yield in the order of ``tui.keys.FOOTER_RANK``.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.widget import Widget

from tui.keys import FOOTER_RANK

GAP = "  "


class KeyBar(Widget):
    # One component class: Textual styles each of them while drawing the first frame.
    COMPONENT_CLASSES = {"key-bar--key"}

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, _screen) -> None:
        self.refresh()

    def shown(self) -> list[tuple[Binding, bool]]:
        """The bindings to show, each once, in footer order, with whether it is enabled."""
        seen: dict[str, tuple[Binding, bool]] = {}
        palette: tuple[Binding, bool] | None = None
        for key, (_node, binding, enabled, _tip) in self.screen.active_bindings.items():
            if key == self.app.COMMAND_PALETTE_BINDING and self.app.ENABLE_COMMAND_PALETTE:
                palette = (binding, enabled)
            elif binding.show and binding.action not in seen:
                seen[binding.action] = (binding, enabled)
        items = sorted(seen.values(), key=lambda item: _rank(item[0]) < 2)  # help, quit last
        if palette is not None:
            items.append(palette)
        return items

    def fitting(self, width: int) -> list[tuple[Binding, bool]]:
        """The bindings that fit ``width`` cells, dropping the least useful first."""
        items = self.shown()
        while items and _width(self.app, items) > width:
            worst = max(range(len(items)), key=lambda i: (_rank(items[i][0]), i))
            if _rank(items[worst][0]) < 2:
                break  # help and quit stay, even cut
            items.pop(worst)
        return items

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-bar--key")
        off_style = Style(dim=True)
        out = Text(no_wrap=True, overflow="ellipsis")
        for index, (binding, enabled) in enumerate(self.fitting(self.size.width)):
            if index:
                out.append(GAP)
            out.append(self.app.get_key_display(binding), key_style if enabled else off_style)
            out.append(" " + _label(binding), None if enabled else off_style)
        return out


_PALETTE = ("command_palette", "app.command_palette")


def _label(binding: Binding) -> str:
    return "Palette" if binding.action in _PALETTE else binding.description or binding.action


def _rank(binding: Binding) -> int:
    """0 and 1 for help and quit; then FOOTER_RANK's order; unlisted keys last."""
    ident = "palette" if binding.action in _PALETTE else binding.id or ""
    return FOOTER_RANK.index(ident) if ident in FOOTER_RANK else len(FOOTER_RANK)


def _width(app, items: list[tuple[Binding, bool]]) -> int:
    cells = sum(cell_len(app.get_key_display(b)) + 1 + cell_len(_label(b)) for b, _ in items)
    return cells + len(GAP) * (len(items) - 1)

"""The scrolling body of the reader: one reading stage's blocks as few widgets as is sensible.

Every piece of paper text is shown literally: it is turned into a ``rich.text.Text`` (never
parsed as markup) after control characters are replaced by visible symbols (ESC shows as ``␛``).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Static

if TYPE_CHECKING:
    from tui.pdf import Block
from tui.widgets.figure_view import FigureView
from tui.widgets.literal import clean, literal


class Heading(Static):
    """A section heading: a widget of its own so ``]`` and ``[`` can scroll to it."""

    def __init__(self, text: str, level: int) -> None:
        super().__init__(literal(text), classes=f"-heading -h{min(max(level, 1), 3)}")
        self.text = clean(text)


class StageView(VerticalScroll, can_focus=True):
    """The blocks of one stage; consecutive paragraphs share one widget."""

    # Its styles (and the figures') load with it, after the app's first frame: forty rules
    # fewer for Textual to match against every widget of that frame.
    DEFAULT_CSS = (Path(__file__).with_name("stage_view.tcss")).read_text(encoding="utf-8")
    SCOPED_CSS = False

    BINDINGS = [
        Binding("j,down", "scroll_lines(1)", "Scroll down", show=False, id="reader.scroll_down"),
        Binding("k,up", "scroll_lines(-1)", "Scroll up", show=False, id="reader.scroll_up"),
    ]
    COMPONENT_CLASSES = {
        "stage-view--ok",
        "stage-view--missing",
        "stage-view--label",
        "stage-view--link",
    }

    def action_scroll_lines(self, lines: int) -> None:
        """Scroll at once, no animation: keys that arrive together all count (an animated
        scroll restarts from where the last one had got to, and drops the rest)."""
        self.scroll_relative(y=lines, animate=False, immediate=True)

    def __init__(self, *, image_renderer: str, id: str | None = None) -> None:
        super().__init__(id=id)
        self.image_renderer = image_renderer
        self.headings: list[Heading] = []
        # One change of the body at a time: a remove interleaved with a mount (or cancelled
        # half-way) leaves widgets closing that never finish.
        self._changing = asyncio.Lock()

    async def show_blocks(self, blocks: Iterable[Block], pdf_path: Path | str | None) -> None:
        """Replace what is shown by ``blocks`` (figures are drawn from ``pdf_path``)."""
        widgets = list(self._widgets(blocks, pdf_path))
        async with self._changing:
            self.headings = [w for w in widgets if isinstance(w, Heading)]
            with self.app.batch_update():
                await self.remove_children()
                await self.mount_all(widgets)

    async def show_text(self, text: Text) -> None:
        async with self._changing:
            self.headings = []
            await self.remove_children()
            await self.mount(Static(text, classes="-message"))

    def draw_visible(self) -> None:
        """Start drawing the figures within a screen of the viewport (drawing all is slow)."""
        top, height = self.scroll_y, max(self.size.height, 1)
        for figure in self.query_children(FigureView):
            region = figure.virtual_region
            if region.bottom >= top - height and region.y <= top + 2 * height:
                figure.draw()

    def heading_at(self, y: float) -> int | None:
        """Index of the last heading at or above the line ``y`` of the body."""
        found = None
        for index, heading in enumerate(self.headings):
            if heading.virtual_region.y > y + 0.5:
                break
            found = index
        return found

    # ---------------------------------------------------------------- blocks to widgets

    def on_resize(self) -> None:
        for figure in self.query_children(FigureView):
            figure.size_picture()  # a figure's height follows the reader's
        self.draw_visible()

    def _widgets(self, blocks: Iterable[Block], pdf_path: Path | str | None) -> Iterator[Widget]:
        run: list[str] = []
        for block in blocks:
            if block.kind == "paragraph":
                run.append(clean(block.text))
                continue
            if run:
                yield Static(Text("\n\n".join(run)), classes="-paragraph")
                run = []
            yield self._widget(block, pdf_path)
        if run:
            yield Static(Text("\n\n".join(run)), classes="-paragraph")

    def _widget(self, block: Block, pdf_path: Path | str | None) -> Widget:
        kind = block.kind
        if kind == "heading":
            return Heading(block.text, block.level)
        if kind == "figure":
            return FigureView(
                self._caption(block.text),
                block.figure,
                pdf_path,
                renderer=self.image_renderer,
            )
        if kind == "table":
            return Static(self._caption(block.text), classes="-table")
        if kind == "links":
            return Static(self._links(block.text), classes="-links")
        if kind == "checklist":
            return Static(self._checklist(block), classes="-checklist")
        if kind == "tldr":
            text = Text("TL;DR ", style=self.get_component_rich_style("stage-view--label"))
            return Static(text + literal(block.text), classes="-tldr")
        if kind in ("title", "authors", "affiliations", "venue", "contribution", "note"):
            return Static(literal(block.text), classes=f"-{kind}")
        if kind in ("equation", "equation_marker"):
            return Static(literal(block.text), classes=f"-{kind.replace('_', '-')}")
        return Static(literal(block.text), classes="-paragraph")

    def _caption(self, text: str) -> Text:
        label, sep, rest = text.partition(": ")
        if not sep:
            return literal(text)
        bold = self.get_component_rich_style("stage-view--label")
        return literal(label + sep, bold) + literal(rest)

    def _links(self, text: str) -> Text:
        out = Text()
        style = self.get_component_rich_style("stage-view--link")
        for n, link in enumerate(part for part in text.split("  ") if part.strip()):
            if n:
                out.append("  ")
            shown = clean(link.strip())
            if shown.startswith(("http://", "https://")):
                out.append(shown, style + Style(link=shown))
            else:
                out.append(shown, style)
        return out

    def _checklist(self, block: Block) -> Text:
        """``✓ results: sentence`` becomes ``✓ results — "sentence"``."""
        mark, _, rest = block.text.partition(" ")
        name, _, sentence = rest.partition(": ")
        ok = mark == "✓"
        out = Text()
        out.append(mark, self.get_component_rich_style(f"stage-view--{'ok' if ok else 'missing'}"))
        out.append(" ")
        out.append(clean(name), self.get_component_rich_style("stage-view--label"))
        out.append(" — ")
        out.append(f"“{clean(sentence)}”" if ok else clean(sentence or "not stated"))
        return out

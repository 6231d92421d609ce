"""The reader pane: the current paper as its reading stage prescribes (SPEC §2, §4).

State comes down through ``show`` / ``show_loading`` / ``clear``; the reading position goes up as
``ReaderPane.PositionChanged``, about a second after the scrolling stops.

The app's first frame has only a line of text here: the header and the scrolling body (and the
reading engine's modules) come right after it, showing what was asked of the pane meanwhile.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual.containers import Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Static

from tui.models import Paper
from tui.widgets.literal import clean, literal

if TYPE_CHECKING:  # the reading engine loads with the first paper, not with the app
    from tui.pdf import Document, StageMeta
    from tui.widgets.reader_header import HeaderLine
    from tui.widgets.stage_view import StageView

LOCK = "🔒"
SKIM_LIMIT = 600.0
"""Seconds after which time in stage 1 shows in the warning colour (the first pass is 5–10 min)."""
POSITION_DELAY = 1.0
LOADING_DELAY = 0.15
"""Seconds a loading message for a paper on disk waits before it is drawn (see
``show_loading``): page 1 usually comes first."""
"""Seconds of stillness after which the reading position is reported."""
_NO_PDF = "PDF not available:"
EMPTY = "Nothing open: pick a paper and press Enter"
HELP = (
    "[b]1[/b]–[b]4[/b] choose the stage (2–4 after the cut); the time beside the stage is what "
    "you have spent in it. [b]][/b] and [b]\\[[/b] jump between sections; [b]j[/b]/[b]k[/b] "
    "scroll; [b]z[/b] gives the reader the full width and back. [b]o[/b] opens the PDF in a "
    "desktop viewer (or says where it is); [b]y[/b] copies the BibTeX over OSC 52; [b]s[/b] runs "
    "your [b]summarize_command[/b] on the stage."
)
"""The pane's part of the help (Rich markup; winnow's own text)."""


def duration(seconds: float) -> str:
    """``42s``, ``4m12s``, ``1h05m``."""
    seconds = int(max(seconds, 0))
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"


def stage_meta(paper: Paper, missing: str | None = None) -> StageMeta:
    """What the metadata says about ``paper``, for ``build_stage``."""
    from tui.library import stage_meta as meta

    if missing and missing.startswith(_NO_PDF):  # build_stage says "PDF not available" itself
        missing = missing[len(_NO_PDF) :].strip() or None
    return meta(paper, missing)


class ReaderPane(Vertical):
    """Header (stages, time, section) over the scrolling text of the current stage."""

    @dataclass
    class PositionChanged(Message):
        """The reading position settled: ``line`` is the scroll offset in the stage's body."""

        paper_key: str
        stage: int
        line: int

    def __init__(
        self,
        *,
        image_renderer: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.border_title = "Reader"
        if image_renderer is None:
            from tui.widgets.figure_view import IMAGE_RENDERER as image_renderer
        self.image_renderer = image_renderer
        self._ready = asyncio.Event()  # the header and the body are mounted
        self._waiting: Text = literal(EMPTY)  # what the body is to show once it is
        self._paper: Paper | None = None
        self._stage = 1
        self._seconds: dict[str, float] = {}
        self._locked: frozenset[int] = frozenset()
        self._timed = False
        self._shown_at = time.monotonic()
        self._reported = 0
        self._jump: tuple[int, float] | None = None  # heading index and scroll_y of the last ]/[
        self._settle: Timer | None = None
        self._deferred: tuple[Paper, str] | None = None  # a loading message not shown yet
        self._defer_timer: Timer | None = None

    def compose(self):
        yield Static(self._waiting, id="reader-first")

    def on_mount(self) -> None:
        self.set_class(True, "-empty")
        self.set_interval(1.0, self._tick)
        self.call_after_refresh(self._build)

    async def _build(self) -> None:
        from tui.widgets.reader_header import HeaderLine
        from tui.widgets.stage_view import StageView

        first = self.query_one("#reader-first", Static)
        body = StageView(id="reader-body", image_renderer=self.image_renderer)
        header = [HeaderLine(id="reader-stages"), Static(id="reader-section")]
        with self.app.batch_update():
            await self.mount_all([*header, body])
            await body.show_text(self._waiting)
            await first.remove()
        self.watch(body, "scroll_y", self._scrolled, init=False)
        self._ready.set()
        self._render_header()

    @property
    def is_ready(self) -> bool:
        """The header and the body are mounted (just after the app's first frame)."""
        return self._ready.is_set()

    @property
    def body(self) -> StageView:
        return self.query_one("#reader-body")  # type: ignore[return-value]

    @property
    def header(self) -> HeaderLine:
        """The stages and the clock (a HeaderLine: its styles are the header's)."""
        return self.query_one("#reader-stages")  # type: ignore[return-value]

    @property
    def current_stage(self) -> int:
        return self._stage

    @property
    def current_line(self) -> int:
        return int(self.body.scroll_y) if self.is_ready else 0

    # ---------------------------------------------------------------- state down

    async def show(
        self,
        paper: Paper,
        stage: int = 1,
        *,
        doc: Document | None = None,
        pdf_path: Path | str | None = None,
        position: int = 0,
        seconds: Mapping[str, float] | None = None,
        locked: Collection[int] = (),
        missing: str | None = None,
        timed: bool = True,
    ) -> None:
        """Show ``stage`` of ``paper`` (from ``doc`` when parsed) at the line ``position``.

        ``timed``: the time spent in the stage is shown (and counting) beside it.
        """
        self._stop_deferred()
        await self._ready.wait()
        self._paper, self._stage = paper, stage
        self._timed = timed
        self._seconds = dict(seconds or {})
        self._locked = frozenset(locked)
        self._shown_at = time.monotonic()
        self._jump = None
        self._stop_settle()
        from tui.pdf import Block, build_stage

        if stage in self._locked:
            blocks = [
                Block("title", paper.title),
                Block(
                    "note",
                    f"Stage {stage} is locked: it opens once the shortlist is cut to 3 or fewer "
                    "kept papers, for the papers kept.",
                ),
            ]
        else:
            blocks = build_stage(doc, stage, stage_meta(paper, missing))
        if doc is None:
            pdf_path = None
        self.set_class(False, "-empty", "-loading")
        await self.body.show_blocks(blocks, pdf_path)
        self._reported = position
        self._render_header()
        self.body.call_after_refresh(self._restore, position)

    def show_loading(self, paper: Paper, progress: str, *, defer: bool = False) -> None:
        """Progress of the worker that fetches or parses ``paper`` (called repeatedly).

        ``defer``: the paper may be shown within moments (its PDF is on disk: page 1 is
        parsed in ~40 ms), so the message waits :data:`LOADING_DELAY` and is dropped if the
        paper comes first — a frame drawn and thrown away would only delay it. A message
        not deferred (a download) shows at once.
        """
        if defer:
            self._deferred = (paper, progress)
            if self._defer_timer is None:
                self._defer_timer = self.set_timer(LOADING_DELAY, self._deferred_loading)
            return
        self._stop_deferred()
        self._stop_settle()
        message = literal(paper.title, "bold") + Text("\n\n") + literal(progress, "italic")
        same = self._paper is not None and self._paper.key == paper.key
        if same and self.has_class("-loading") and self.is_ready and self.body.query(".-message"):
            self.body.query_one(".-message", Static).update(message)
            return
        self._paper = paper
        self.set_class(True, "-empty", "-loading")
        self._render_header()
        self._show_text(message)

    def _deferred_loading(self) -> None:
        self._defer_timer = None
        if self._deferred is not None:
            self.show_loading(*self._deferred)

    def _stop_deferred(self) -> None:
        self._deferred = None
        if self._defer_timer is not None:
            self._defer_timer.stop()
            self._defer_timer = None

    def clear(self, message: str) -> None:
        """Nothing open: show ``message``."""
        self._stop_deferred()
        self._stop_settle()
        self._paper = None
        self.set_class(True, "-empty")
        self.set_class(False, "-loading")
        self._render_header()
        self._show_text(literal(message))

    def _show_text(self, text: Text) -> None:
        if self.is_ready:
            self.run_worker(self.body.show_text(text), group="reader-message")
        else:  # the first frame's line says it; the body takes it over when it comes
            self._waiting = text
            if self.is_mounted:
                self.query_one("#reader-first", Static).update(text)

    def next_section(self, direction: int = 1) -> str | None:
        """Scroll to the next (``+1``) or previous (``-1``) heading; its text, or None."""
        if not self.is_ready:
            return None
        headings = self.body.headings
        if not headings or self.has_class("-empty"):
            return None
        y = self.body.scroll_y
        here = self.body.heading_at(y)
        if self._jump is not None and self._jump[1] == y:
            here = self._jump[0]  # the last jump could not bring its heading to the top
        if direction > 0:
            target = 0 if here is None else here + 1
        elif here is None:
            return None
        elif headings[here].virtual_region.y < y - 0.5:
            target = here  # inside a section: back to its heading first
        else:
            target = here - 1
        if not 0 <= target < len(headings):
            return None
        heading = headings[target]
        self.body.scroll_to(y=heading.virtual_region.y, animate=False, immediate=True)
        self._jump = (target, self.body.scroll_y)
        self._render_section()
        return heading.text

    # ---------------------------------------------------------------- rendering

    def _restore(self, position: int) -> None:
        self.body.scroll_to(y=position, animate=False, immediate=True)
        self._render_section()
        self.body.draw_visible()

    def _render_header(self) -> None:
        if not self.is_ready:
            return
        stages = self.header
        if self._paper is None or self.has_class("-empty"):
            stages.update("")
            self._render_section()
            return
        style = stages.get_component_rich_style
        out = Text("Stage ")
        for stage in (1, 2, 3, 4):
            if stage > 1:
                out.append(" · ", style("header-line--open"))
            if stage == self._stage:
                out.append(f" {stage} ", style("header-line--current"))
            elif stage in self._locked:
                out.append(f"{stage}{LOCK}", style("header-line--locked"))
            else:
                out.append(str(stage), style("header-line--open"))
        if self._timed:
            spent = self._seconds.get(str(self._stage), 0.0) + time.monotonic() - self._shown_at
            warn = self._stage == 1 and spent > SKIM_LIMIT
            out.append("   ")
            out.append(duration(spent), style(f"header-line--time{'-warn' if warn else ''}"))
        stages.update(out)
        self._render_section()

    def _render_section(self) -> None:
        if not self.is_ready:
            return
        section = self.query_one("#reader-section", Static)
        if self._paper is None:
            section.update("")
            return
        index = self.body.heading_at(self.body.scroll_y)
        if self._jump is not None and self._jump[1] == self.body.scroll_y:
            index = self._jump[0]
        if index is None or self.has_class("-empty"):
            text = literal(self._paper.title)
        else:
            text = Text("§ ") + literal(self.body.headings[index].text)
        text.stylize(self.header.get_component_rich_style("header-line--section"))
        section.update(text)

    def _tick(self) -> None:
        if self._timed and self._paper is not None and not self.has_class("-empty"):
            self._render_header()

    # ---------------------------------------------------------------- position up

    def _scrolled(self) -> None:
        self._render_section()
        self.body.draw_visible()
        if self._paper is None or self.has_class("-empty"):
            return
        self._stop_settle()
        self._settle = self.set_timer(POSITION_DELAY, self._settled)

    def _settled(self) -> None:
        self._settle = None
        if self._paper is None or self.has_class("-empty"):
            return
        line = self.current_line
        if line != self._reported:
            self._reported = line
            self.post_message(self.PositionChanged(self._paper.key, self._stage, line))

    def _stop_settle(self) -> None:
        if self._settle is not None:
            self._settle.stop()
            self._settle = None


__all__ = ["ReaderPane", "clean", "duration", "literal", "stage_meta"]

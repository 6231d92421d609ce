"""The main screen's reading side: open a paper, load its PDF off the UI thread,
switch stages under the forced cut, and keep the reading position. The reader's
companions (copy, export, the open menu, summarise) are in :mod:`tui.screens.companions`."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from textual import work
from textual.message import Message
from textual.worker import get_current_worker

from tui.errors import WinnowError
from tui.library import FailedDownloads
from tui.models import Paper
from tui.widgets.reader_pane import ReaderPane
from tui.widgets.shortlist_pane import ShortlistPane


@dataclass
class Progress(Message):
    """A loading worker's progress, for the reader."""

    paper: Paper
    text: str
    defer: bool = False  # the paper may come before the message is worth a frame


@dataclass
class Loaded(Message):
    """A loading worker's result: the parsed paper, or why there is none.

    ``partial`` marks page 1 parsed ahead of the rest (stage 1 shows it at once); the whole
    paper follows in another Loaded.
    """

    paper: Paper
    doc: Any
    path: Path | None
    missing: str | None
    partial: bool = False


class ReadingMixin:
    """Mixed into MainScreen; uses its store, config, panes and clock."""

    _doc = None
    _pdf_path: Path | None = None
    _missing: str | None = None
    _failures: FailedDownloads | None = None  # this screen's (the session's) failed downloads
    _restore_line: int | None = None  # a line to open the stage at (reopening)
    _partial = False  # the doc shown is page 1 alone, the rest still parsing

    # ------------------------------------------------------------ opening

    # (Named handlers, not @on: the decorator only registers in Textual classes, not mixins.)
    def on_shortlist_pane_opened(self, event: ShortlistPane.Opened) -> None:
        event.stop()
        paper = self.view.papers.get(event.key)
        if paper is not None:
            self.open_paper(paper)

    def on_option_list_option_selected(self, event) -> None:
        if event.option_list.id == "results":
            paper = self.search.highlighted_paper()
            if paper is not None:
                self.open_paper(paper)

    def action_open_paper(self) -> None:
        paper = None
        if self.search.has_focus_within:
            paper = self.search.highlighted_paper()
        elif (key := self.shortlist.highlighted_key()) is not None:
            paper = self.view.papers.get(key)
        if paper is not None:
            self.open_paper(paper)

    def open_paper(self, paper: Paper, stage: int | None = None, line: int | None = None) -> None:
        """Open ``paper`` at ``stage`` (by default the stage it was last read at, if the
        cut allows it) and ``line`` (by default where that stage was left)."""
        self.flush_clock()
        self.paper = paper
        self._doc, self._pdf_path, self._missing = None, None, None
        wanted = self.last_stage(paper.key) if stage is None else stage
        self.stage = wanted if self._stage_allowed(wanted) else 1
        self._restore_line = line
        if self._on_list(paper.key) and self.stage == 1:
            topic = self.topic_name()
            self.run_guarded(lambda: self.store.open_stage(paper.key, 1, topic))
        self.reader.show_loading(paper, "looking for the PDF…", defer=True)
        self.load_paper(paper)
        self.start_clock()
        self.remember_paper()

    @work(thread=True, exclusive=True, group="reader", exit_on_error=False)
    def load_paper(self, paper: Paper) -> None:
        """Find the PDF and parse it in a child process (``parse_bounded``): this thread
        only waits on a pipe, so no key waits on PyMuPDF. Page 1 comes first; past the
        parse budget the paper opens degraded (page 1, or its metadata) with the reason.
        A failed download is remembered for the session (``FailedDownloads``), unless the
        paper's PDF is on disk now."""
        from tui.library import pdf_for
        from tui.pdf import Cancelled, TooHeavy, parse_bounded, warm

        worker = get_current_worker()
        front: list[Any] = []

        def on_front(doc: Any) -> None:
            front.append(doc)
            if not worker.is_cancelled:
                self.post_message(Loaded(paper, doc, path, None, partial=True))

        if self._failures is None:
            self._failures = FailedDownloads()
        failures = self._failures
        doc, path, missing = None, None, None
        on_disk = bool(paper.local_pdf) and Path(paper.local_pdf).is_file()
        failed = None if on_disk else failures.recent(paper.key)
        try:
            if failed is not None:
                missing = failed
            elif paper.local_pdf or paper.pdf_url or paper.ids.arxiv:
                warm()  # the parse server starts while the PDF downloads
                if not on_disk:
                    self.post_message(Progress(paper, "downloading the PDF…"))
                try:
                    path = pdf_for(paper, self.config)
                except WinnowError as error:
                    failures.remember(paper.key, str(error))
                    raise
                failures.forget(paper.key)
                self.post_message(Progress(paper, "reading the PDF…", defer=on_disk))
                doc = parse_bounded(path, on_front=on_front, cancel=lambda: worker.is_cancelled)
            else:
                missing = "no PDF is known for this paper (no arXiv id, no open-access link)"
        except Cancelled:
            return
        except TooHeavy as error:
            doc = error.partial
            missing = None if doc is not None else str(error)
        except WinnowError as error:
            missing = str(error)
        except Exception as error:  # a PDF that breaks the parser must not break the app
            missing = f"the PDF could not be read: {type(error).__name__}: {error}"
        if doc is None and missing is not None and front:  # page 1 was read: keep showing it
            doc, missing = replace(front[-1], warnings=(f"{missing}; showing page 1",)), None
        if not worker.is_cancelled:
            self.post_message(Loaded(paper, doc, path, missing))

    # Thread workers post messages (thread-safe, non-blocking) rather than wait on the UI.
    def on_progress(self, event: Progress) -> None:
        if self.paper is not None and event.paper.key == self.paper.key:
            self.reader.show_loading(event.paper, event.text, defer=event.defer)

    def on_loaded(self, event: Loaded) -> None:
        if self.paper is None or event.paper.key != self.paper.key:
            return  # the user opened another paper meanwhile
        self._doc, self._pdf_path, self._missing = event.doc, event.path, event.missing
        self._partial = event.partial
        if self.stage > 1 and not event.partial:
            self._record_stage()
        self.show_stage()
        if event.doc is not None and not event.partial:
            self.enrich_from_pdf(event.paper, event.doc)

    def show_stage(self, position: int | None = None) -> None:
        """Show the open paper's stage at ``position`` (by default: a line to restore, else
        where the stage was left)."""
        paper = self.paper
        if paper is None:
            return
        entry = self.view.entry(paper.key)
        if position is None and self._restore_line is not None:
            position = self._restore_line
            if self._doc is not None and not self._partial:
                self._restore_line = None  # kept until the whole text it points into came
        if position is None:
            position = int(entry.position.get(str(self.stage), 0)) if entry else 0
        locked = {n for n in (2, 3, 4) if not self._stage_allowed(n)}
        timed = entry is not None and self.stage_has_text()
        running = self._clock is not None and self._clock[:2] == (paper.key, self.stage)
        if running != timed:
            self.start_clock()  # the text came (or went): the clock follows it
        self.run_worker(
            self.reader.show(
                paper,
                stage=self.stage,
                doc=self._doc,
                pdf_path=self._pdf_path,
                position=position,
                seconds=dict(entry.seconds) if entry else {},
                locked=locked,
                missing=self._missing,
                timed=timed,
            ),
            group="reader-show",  # not exclusive: the body changes one at a time, in order
            exit_on_error=False,
        )
        self.refresh_keys()

    # ------------------------------------------------------------ stages

    def _stage_allowed(self, stage: int) -> bool:
        if stage <= 1 or self.paper is None:
            return stage <= 1 or self.paper is None
        return self.view.stage_open(stage, self.paper.key)

    def action_stage(self, stage: int) -> None:
        if self.paper is None:
            self.notify("open a paper first (Enter on a result or a shortlist entry)")
            return
        if not self._stage_allowed(stage):
            self.action_locked_stage(stage)
            return
        self.flush_clock()
        self.stage = stage
        self._restore_line = None
        self._record_stage()
        self.start_clock()
        self.show_stage()
        self.remember_paper()

    def _record_stage(self) -> None:
        """The stage reached counts once it was shown: stages 2-4 need the paper's text."""
        paper = self.paper
        if paper is None or not self._on_list(paper.key):
            return
        if self.stage == 1 or self._doc is not None:
            stage, topic = self.stage, self.topic_name()
            self.run_guarded(lambda: self.store.open_stage(paper.key, stage, topic))

    def action_locked_stage(self, stage: int) -> None:
        target = self.store.kept_target
        if self.paper is None:
            self.notify("open a paper first (Enter on a result or a shortlist entry)")
        elif not self._on_list(self.paper.key):
            self.notify(
                f"stage {stage} is for shortlisted papers: add it first (a)", severity="warning"
            )
        else:
            self.notify(
                f"stage {stage} opens after the cut: keep at most {target} papers (K) and "
                "eliminate the rest (x)",
                severity="warning",
            )

    def action_section(self, step: int) -> None:
        heading = self.reader.next_section(step)
        if heading is None:
            self.notify("no more sections this way" if step > 0 else "at the first section")

    def on_reader_pane_position_changed(self, event: ReaderPane.PositionChanged) -> None:
        """Written off the event loop, one write per stage at a time (last one wins)."""
        key, stage, line, topic = event.paper_key, event.stage, event.line, self.topic_name()
        if self.paper is not None and key == self.paper.key:
            self.remember(line=line)
        if self._on_list(key):
            with contextlib.suppress(WinnowError):  # the window is closing
                self.writes.later(
                    f"position:{key}:{stage}",
                    lambda: self.store.set_position(key, stage, line, topic),
                    delay=0.3,
                    failed=lambda _error: None,  # a paper gone from the list has no position
                )

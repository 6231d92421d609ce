"""The main screen's companions to the reader: copy the paper's BibTeX, the open menu
(its PDF and pages), export the topic, summarise the stage shown."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from textual import work

from tui.errors import WinnowError
from tui.models import Paper


class CompanionsMixin:
    """Mixed into MainScreen; uses its store, config, the open ``paper`` and ``stage``,
    and what ``ReadingMixin`` loaded for it (``_doc``, ``_pdf_path``)."""

    def action_copy(self) -> None:
        if self.paper is not None:
            self.copy_bibtex(self.paper)

    @work(thread=True, group="copy", exit_on_error=False)
    def copy_bibtex(self, paper: Paper) -> None:
        """OSC 52 through the app's own output; asking tmux for the hint may take a moment."""
        from tui.exchange import bibtex_entry, copy_to_clipboard

        def write(sequence: bytes) -> None:
            self.app.call_from_thread(self.app.write_osc52, sequence)

        try:
            message = copy_to_clipboard(bibtex_entry(paper), what="the BibTeX", write=write)
        except WinnowError as error:
            self.app.call_from_thread(self.notify, str(error), severity="warning", markup=False)
            return
        self.app.call_from_thread(self.notify, message, markup=False, timeout=8)

    def action_open_pdf(self) -> None:
        """o: the paper's PDF and pages (arXiv, S2, alphaXiv, code), to open or to copy."""
        from tui.screens.open_menu import OpenMenu, menu_entries

        paper = self.focused_paper()
        if paper is None:
            return
        local, page_links = (Path(paper.local_pdf) if paper.local_pdf else None), ()
        if self.paper is not None and paper.key == self.paper.key:
            local = self._pdf_path or local
            page_links = self._doc.links if self._doc is not None else ()
        entries = menu_entries(paper, local, page_links)
        if not entries:
            self.notify(
                "nothing to open: no PDF, arXiv id, DOI or S2 id is known for this paper",
                markup=False,
            )
            return
        self.app.push_screen(OpenMenu(paper.title, entries))

    def action_export(self) -> None:
        from tui.exchange.formats import FORMATS
        from tui.screens.ask import Choose

        topic = self.store.current_topic()
        if topic is None:
            self.notify("no topic to export yet (t creates one)")
            return
        formats = list(FORMATS.values())

        def chosen(index: int | None) -> None:
            if index is not None:
                self.export(topic.name, formats[index].name)

        choices = [f"{f.label}: {export_target(topic.name, f.suffix).name}" for f in formats]
        folder = export_target(topic.name, ".md").parent
        self.app.push_screen(Choose(f"Export into {folder}", choices), chosen)

    def export(self, name: str, fmt: str) -> None:
        """Write one format; a file the user edited (or winnow never wrote) is kept, and
        the export goes beside it (``-2``): the toast names the file written."""
        self.flush_clock()  # the report carries the time spent, up to now
        from tui.exchange.formats import FORMATS, export_text
        from tui.exchange.written import write_export

        try:
            text = export_text(self.store, fmt, name, today=date.today())
            wanted = export_target(name, FORMATS[fmt].suffix)
            target = write_export(wanted, text)
        except (WinnowError, OSError) as error:
            self.notify(f"export failed: {error}", severity="error", markup=False)
            return
        if target != wanted:
            message = f"{wanted.name} changed since winnow wrote it: kept; written to {target}"
        else:
            message = f"written to {target}"
        self.notify(message, markup=False, timeout=10)

    def action_summarize(self) -> None:
        if self.paper is None:
            return
        if not self.config.summarize_command:
            self.notify("set summarize_command in config.toml (any program reading stdin)")
            return
        # what is shown now, taken now: the worker runs later, maybe after another paper opened
        self.summarize(self.paper, self.stage, self._doc, getattr(self, "_partial", False))

    @work(thread=True, group="summary", exit_on_error=False)
    def summarize(self, paper: Paper, stage: int, doc: Any = None, partial: bool = False) -> None:
        """Summarise ``stage`` of ``paper`` as built from ``doc`` (its metadata when None).
        Kept in the cache per paper, stage and text (the metadata's, or the PDF's digest),
        except a summary of page 1 alone: the whole paper may come a moment later."""
        import shlex
        import subprocess

        from tui.pdf import build_stage, stage_text
        from tui.screens.ask import ShowText
        from tui.widgets.reader_pane import stage_meta

        source = "metadata" if doc is None else (doc.sha256 or "pdf")
        key = f"{paper.key}|{stage}|{source}"
        hit = None if partial else self.store.cache_get("summary", key)
        if hit is None:
            text = stage_text(build_stage(doc, stage, stage_meta(paper)))
            self.app.call_from_thread(self.notify, "summarising…")
            try:
                done = subprocess.run(
                    shlex.split(self.config.summarize_command),
                    input=text,
                    text=True,
                    capture_output=True,
                    timeout=300,
                )
            except (OSError, subprocess.TimeoutExpired, ValueError) as error:
                self.app.call_from_thread(
                    self.notify,
                    f"summarize_command failed: {error}",
                    severity="error",
                    markup=False,
                )
                return
            if done.returncode != 0:
                why = (done.stderr.strip().splitlines() or ["no message"])[-1]
                self.app.call_from_thread(
                    self.notify,
                    f"summarize_command exited {done.returncode}: {why}",
                    severity="error",
                    markup=False,
                )
                return
            summary = done.stdout.strip()
            if not partial:
                self.store.cache_put("summary", key, summary)
        else:
            summary = hit[0]
        self.app.call_from_thread(
            self.app.push_screen, ShowText(f"Summary of stage {stage}", summary)
        )


def export_target(name: str, suffix: str) -> Path:
    """``winnow-<topic>.md`` (or ``.bib``, ``.csl.json``…) in the folder winnow was started in."""
    slug = "".join(ch if ch.isalnum() else "-" for ch in name.lower()).strip("-") or "topic"
    return Path.cwd() / f"winnow-{slug}.{suffix.lstrip('.')}"

"""The ``o`` menu: a paper's PDF and its pages — arXiv, DOI, Semantic Scholar, alphaXiv's
discussion, its code — opened where a desktop exists, listed to copy where none does.

Over SSH there is never a browser: the menu then shows every URL in full (select it with
tmux's copy mode, or press Enter or ``y`` to copy the highlighted one over OSC 52, which
reaches the clipboard of the machine the terminal runs on).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from tui.errors import WinnowError
from tui.exchange.links import discussion_links
from tui.exchange.opener import open_pdf, open_url, viewer_command
from tui.models import Paper
from tui.textsafe import shorten
from tui.widgets.literal import literal


def menu_entries(
    paper: Paper, local_pdf: Path | None = None, page_links: Iterable[str] = ()
) -> list[tuple[str, str]]:
    """(label, URL or file) for everything worth opening, the downloaded PDF first."""
    out = []
    if local_pdf is not None and Path(local_pdf).is_file():
        out.append(("PDF (downloaded)", str(local_pdf)))
    out += [(link.label, link.url) for link in discussion_links(paper, page_links)]
    return out


class OpenMenu(ModalScreen[None]):
    """Choose what to open; with no desktop, the links to copy."""

    BINDINGS = [
        Binding("escape,q", "close", "Close"),
        Binding("y", "copy", "Copy"),
    ]

    def __init__(self, title: str, entries: list[tuple[str, str]], *, desktop: bool | None = None):
        super().__init__()
        self.title_text = title
        self.entries = entries
        self.desktop = viewer_command(os.environ) is not None if desktop is None else desktop

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(literal(f"Open “{shorten(self.title_text, 80)}”", "bold"))
            if not self.desktop:
                yield Label(Text("No browser here (SSH?): the links, to copy", style="italic"))
            yield OptionList(*(self._option(label, url) for label, url in self.entries), id="links")
            hint = (
                "Enter opens · y copies · Escape closes"
                if self.desktop
                else "Enter or y copies the highlighted link (OSC 52) · Escape closes"
            )
            yield Label(Text(hint, style="dim"))

    @staticmethod
    def _option(label: str, target: str) -> Option:
        text = Text(label, style="bold")
        text.append("\n")
        text.append_text(literal(target, "cyan"))  # a URL from outside: shown as it is
        return Option(text)

    def _highlighted(self) -> tuple[str, str] | None:
        index = self.query_one("#links", OptionList).highlighted
        return self.entries[index] if index is not None else None

    @on(OptionList.OptionSelected, "#links")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        label, target = self.entries[event.option_index]
        if not target.startswith(("https://", "http://")):
            self.notify(open_pdf(target), markup=False, timeout=10)
            return
        message = open_url(target) if self.desktop else None
        if message is None:  # no desktop: the link goes to the clipboard instead
            self.copy(label, target)
        else:
            self.notify(message, markup=False, timeout=8)

    def action_copy(self) -> None:
        if (entry := self._highlighted()) is not None:
            self.copy(*entry)

    @work(thread=True, group="copy", exit_on_error=False)
    def copy(self, label: str, target: str) -> None:
        """OSC 52 through the app's own output (asking tmux for its hint may take a moment)."""
        from tui.exchange import copy_to_clipboard

        def write(sequence: bytes) -> None:
            self.app.call_from_thread(self.app.write_osc52, sequence)

        what = "the file's path" if not target.startswith("http") else f"the {label} link"
        try:
            message = copy_to_clipboard(target, what=what, write=write)
        except WinnowError as error:
            self.app.call_from_thread(self.notify, str(error), severity="warning", markup=False)
            return
        self.app.call_from_thread(self.notify, message, markup=False, timeout=8)

    def action_close(self) -> None:
        self.dismiss(None)

"""The search pane's rows: each drawn with its marks and badges, and redrawn in place.

A new list is drawn anew (:meth:`SearchRows._fill`); more rows for the same list keep the
rows shown and the cursor on its paper (``_refill``, issue 11.9); a change of marks,
badges or width redraws the same rows (``_repaint``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.text import Text
from textual.widgets.option_list import Option

from tui.models import Citation, Paper, Status
from tui.snowball import Mark, Marks
from tui.widgets.result_row import row_prompt

EMPTY = {
    "references": "S2 lists no references for this paper (it may not have read its PDF)",
    "citations": "S2 knows no paper citing this one yet",
    "recommendations": "S2 has no recommendations for this list: add papers it knows",
}


class SearchRows:
    """Mixed into :class:`~tui.widgets.search_pane.SearchPane`, which holds the state
    (``rows``, ``shortlisted``, ``eliminated``, ``marks``, ``new_keys``, ``versions``,
    ``_width``) and gives ``results`` (the list), ``current`` (the hop shown) and the
    ``MarksChanged`` message."""

    # ------------------------------------------------------------ marks and badges

    def mark_shortlisted(self, keys: set[str], eliminated: set[str] = frozenset()) -> None:
        """The list's papers by key; the screen is asked for marks matched by any id."""
        if (keys, eliminated) == (self.shortlisted, self.eliminated):
            return
        self.shortlisted, self.eliminated = set(keys), set(eliminated)
        self.marks = None
        self._repaint()
        self.post_message(self.MarksChanged())

    def set_marks(self, marks: Marks | None) -> None:
        self.marks = marks
        self._repaint()

    def set_news(self, new_keys: Iterable[str], versions: dict[str, str]) -> None:
        """The search's ``new`` rows and the list's papers with a newer arXiv version."""
        new_keys, versions = frozenset(new_keys), dict(versions)
        if (new_keys, versions) != (self.new_keys, self.versions):
            self.new_keys, self.versions = new_keys, versions
            self._repaint()

    def _mark(self, paper: Paper) -> Mark | None:
        if self.marks is not None:
            return self.marks.of(paper)
        if paper.key in self.shortlisted:
            return Mark(Status.CANDIDATE, key=paper.key)
        if paper.key in self.eliminated:
            return Mark(Status.ELIMINATED, key=paper.key)
        return None

    # ------------------------------------------------------------ drawing

    def _row_width(self) -> int:
        width = self.results.scrollable_content_region.width
        return width if width > 0 else max(20, self.size.width - 2)

    def _prompt(self, row: Citation) -> Text:
        hop = self.current
        trail = hop is not None and hop.listing is not None
        paper = row.paper
        return row_prompt(
            row,
            width=self._width,
            mark=self._mark(paper),
            new=not trail and paper.key in self.new_keys,
            version=self.versions.get(paper.ids.arxiv or ""),
            trail=trail,
        )

    def _options(self, rows: Sequence[Citation]) -> list[Option]:
        if not rows and (hop := self.current) is not None and hop.listing is not None:
            return [Option(Text(EMPTY[hop.kind], style="italic"), disabled=True)]
        return [Option(self._prompt(row)) for row in rows]

    def _fill(self, rows: Sequence[Citation], cursor: int) -> None:
        """The list drawn anew, the cursor on row ``cursor``."""
        self._width = self._row_width()
        self.rows = tuple(rows)
        results = self.results
        with self.app.batch_update():
            results.clear_options()
            results.add_options(self._options(self.rows))
            if self.rows:
                results.highlighted = min(max(cursor, 0), len(self.rows) - 1)

    def _refill(self, rows: Sequence[Citation]) -> None:
        """New rows for the same hop: rows already shown keep their place, the cursor stays
        on its paper, the list does not scroll."""
        old, new = self.rows, tuple(rows)
        results = self.results
        keys = [r.paper.key for r in old]
        index = results.highlighted
        on = keys[index] if index is not None and 0 <= index < len(keys) else None
        if old and [r.paper.key for r in new[: len(old)]] == keys:
            self.rows = new
            with self.app.batch_update():
                for n, (before, after) in enumerate(zip(old, new, strict=False)):
                    if before != after:
                        results.replace_option_prompt_at_index(n, self._prompt(after))
                results.add_options(self._options(new[len(old) :]))
            return
        scroll = results.scroll_y
        where = next((n for n, r in enumerate(new) if r.paper.key == on), index or 0)
        self._fill(new, where)
        if where == index:
            results.scroll_to(y=scroll, animate=False, immediate=True)

    def _repaint(self) -> None:
        """The same rows, their marks or badges redrawn."""
        if not self.rows:
            return
        with self.app.batch_update():
            for index, row in enumerate(self.rows):
                self.results.replace_option_prompt_at_index(index, self._prompt(row))

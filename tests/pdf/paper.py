"""A small typesetter for test papers: lines made of runs (font, size, baseline shift),
paragraphs wrapped to a column, one or two columns, running heads, page numbers and
line numbers. Each structure test draws the layout it needs with PyMuPDF."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pymupdf

FILLER = (
    "Learning from data has become the standard way to build systems that perceive the "
    "world and this paragraph only exists to fill the column with ordinary running text so "
    "that the layout analysis has enough lines to work with when it decides what the body "
    "text of the paper looks like and where its columns are"
)


@dataclass(frozen=True)
class Run:
    text: str
    font: str = "tiro"
    size: float = 10.0
    rise: float = 0.0  # positive: raised (a superscript); negative: lowered


def smallcaps(text: str, size: float, font: str = "tiro") -> list[Run]:
    """Word-style faked small capitals: a big first letter, the rest in a smaller size."""
    runs: list[Run] = []
    for k, word in enumerate(text.split()):
        if k:
            runs.append(Run(" ", font, size))
        runs.append(Run(word[0], font, size))
        if len(word) > 1:
            runs.append(Run(word[1:], font, round(size * 0.8, 1)))
    return runs


def width(runs: list[Run]) -> float:
    return sum(pymupdf.get_text_length(r.text, fontname=r.font, fontsize=r.size) for r in runs)


class Paper:
    def __init__(
        self,
        *,
        columns: int = 1,
        body: float = 10.0,
        font: str = "tiro",
        page: tuple[float, float] = (612, 792),
        heads: tuple[str, ...] = (),  # running heads, alternating page by page
        head_y: float = 62.0,
        numbers: str = "bottom",  # page numbers: bottom | top | none
        line_numbers: bool = False,
    ) -> None:
        self.doc = pymupdf.open()
        self.columns, self.body, self.font = columns, body, font
        self.pw, self.ph = page
        self.heads, self.head_y, self.numbers = heads, head_y, numbers
        self.line_numbers = line_numbers
        self.margin, self.gap = 60.0, 24.0
        self.top, self.bottom = 80.0, self.ph - 70
        self.count = 0
        self.new_page()

    # -- geometry
    @property
    def column(self) -> float:
        return (self.pw - 2 * self.margin - (self.columns - 1) * self.gap) / self.columns

    def x(self, full: bool = False) -> float:
        return self.margin if full else self.margin + self.col * (self.column + self.gap)

    def new_page(self) -> None:
        self.page = self.doc.new_page(width=self.pw, height=self.ph)
        self.col, self.y, self.band = 0, self.top, self.top
        n = self.doc.page_count
        if self.heads:
            head = self.heads[(n - 1) % len(self.heads)]
            self.page.insert_text((self.margin, self.head_y), head, fontname="tiro", fontsize=7)
        if self.numbers != "none":
            y = self.ph - 36 if self.numbers == "bottom" else self.head_y
            x = self.pw / 2 if self.numbers == "bottom" else self.pw - self.margin - 8
            self.page.insert_text((x, y), str(n), fontname="tiro", fontsize=9)

    def next_column(self) -> None:
        if self.col + 1 < self.columns:
            self.col, self.y = self.col + 1, self.band
        else:
            self.new_page()

    def room(self, height: float) -> None:
        if self.y + height > self.bottom:
            self.next_column()

    # -- drawing
    def line(
        self,
        runs: list[Run] | str,
        *,
        size: float | None = None,
        font: str | None = None,
        full: bool = False,
        center: bool = False,
        indent: float = 0.0,
        before: float = 0.0,
        leading: float | None = None,
        right: str | None = None,
    ) -> None:
        if isinstance(runs, str):
            runs = [Run(runs, font or self.font, size or self.body)]
        big = max(r.size for r in runs)
        step = leading if leading is not None else big * 1.22
        self.room(before + step)
        self.y += before + step
        span = self.pw - 2 * self.margin if full else self.column
        x = self.x(full) + indent
        if center:
            x = self.x(full) + (span - width(runs)) / 2
        for run in runs:
            self.page.insert_text(
                (x, self.y - run.rise), run.text, fontname=run.font, fontsize=run.size
            )
            x += pymupdf.get_text_length(run.text, fontname=run.font, fontsize=run.size)
        if right:
            rx = self.x(full) + span - pymupdf.get_text_length(right, fontsize=self.body)
            self.page.insert_text((rx, self.y), right, fontname=self.font, fontsize=self.body)
        if self.line_numbers:
            self.count += 1
            gutter = 22 if self.col == 0 or full else self.pw - 40
            self.page.insert_text((gutter, self.y), str(self.count), fontsize=7)
        if full:
            self.band = self.y + 8

    def para(
        self, text: str, *, size: float | None = None, font: str | None = None, indent: float = 12
    ) -> None:
        size = size or self.body
        font = font or self.font
        words, lines, current = text.split(), [], ""
        first = True
        for word in words:
            trial = f"{current} {word}".strip()
            room = self.column - (indent if first and not lines else 0) - 2
            if pymupdf.get_text_length(trial, fontname=font, fontsize=size) > room and current:
                lines.append(current)
                current = word
            else:
                current = trial
        lines.append(current)
        for k, text_line in enumerate(lines):
            self.line([Run(text_line, font, size)], indent=indent if k == 0 else 0)
        self.y += 3

    def heading(self, runs: list[Run] | str, *, size: float = 12, font: str = "tibo", **kw) -> None:
        kw.setdefault("before", size * 0.8)
        self.line(runs, size=size, font=font, **kw)
        self.y += size * 0.35

    def filler(self, lead: str = "", count: int = 1) -> None:
        for k in range(count):
            self.para(f"{lead} {FILLER}." if k == 0 and lead else f"{FILLER}.")

    def front(self, title: str = "A Study of Reading Papers", abstract: str = "") -> None:
        self.line(title, size=17, font="tibo", center=True, full=True)
        self.line("Ada Lovelace and Alan Turing", size=11, center=True, full=True, before=8)
        self.line("University of Examples", center=True, full=True)
        self.line("Abstract", size=11, font="tibo", center=True, full=True, before=10)
        span = self.columns
        self.columns = 1
        self.para(abstract or f"We study how papers are read. {FILLER}.", indent=0)
        self.columns = span
        self.band = self.y + 8
        self.y = self.band

    def references(self, entry: str = "[1] A. Author. A paper. In Proceedings, 2020.") -> None:
        self.heading("References")
        self.para(entry, indent=0)

    def second_title(self, text: str) -> None:
        """A supplement bound after the paper: a new page under a title of its own."""
        self.new_page()
        self.line(text, size=18, font="tibo", center=True)
        self.y += 20

    def rule(self, x0: float, y: float, x1: float) -> None:
        self.page.draw_line((x0, y), (x1, y), width=0.6)

    def save(self, path: Path) -> Path:
        self.doc.save(path)
        self.doc.close()
        return path

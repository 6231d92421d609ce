"""PDFs the tests draw themselves with PyMuPDF: layouts, headings, captions, bad input."""

from __future__ import annotations

from pathlib import Path

import pymupdf

LOREM = (
    "Learning from data has become the standard way to build systems that perceive the world "
    "and this paragraph only exists to fill the column with ordinary running text so that the "
    "layout analysis has enough lines to work with when it decides where the columns are"
)


class Writer:
    """Lays out lines top to bottom in one or two columns, with running furniture."""

    def __init__(
        self,
        doc: pymupdf.Document,
        *,
        columns: int = 1,
        header: str | None = None,
        gutter: bool = False,
        size: tuple[float, float] = (612, 792),
    ) -> None:
        self.doc, self.columns, self.header, self.gutter = doc, columns, header, gutter
        self.pw, self.ph = size
        self.margin = 60.0
        self.colgap = 20.0
        self.page: pymupdf.Page | None = None
        self.line_no = 0
        self.new_page()

    @property
    def col_width(self) -> float:
        return (self.pw - 2 * self.margin - (self.columns - 1) * self.colgap) / self.columns

    @property
    def x(self) -> float:
        return self.margin + self.col * (self.col_width + self.colgap)

    def new_page(self) -> None:
        self.page = self.doc.new_page(width=self.pw, height=self.ph)
        self.col, self.y, self.top = 0, 80.0, 80.0
        number = self.doc.page_count
        if self.header:
            self.page.insert_text((self.margin, 40), self.header, fontname="tiit", fontsize=8)
        self.page.insert_text(
            (self.pw / 2 - 4, self.ph - 30), str(number), fontsize=9, fontname="tiro"
        )

    def advance(self, height: float) -> None:
        if self.y + height > self.ph - 70:
            if self.col + 1 < self.columns:
                self.col, self.y = self.col + 1, self.top
            else:
                self.new_page()

    def line(
        self,
        text: str,
        *,
        size: float = 10,
        font: str = "tiro",
        center: bool = False,
        full: bool = False,
        indent: float = 0.0,
        right: str | None = None,
    ) -> None:
        self.advance(size * 1.25)
        width = self.pw - 2 * self.margin if full else self.col_width
        x = self.margin if full else self.x
        if center:
            x += (width - pymupdf.get_text_length(text, fontname=font, fontsize=size)) / 2
        self.y += size * 1.25
        self.page.insert_text((x + indent, self.y), text, fontname=font, fontsize=size)
        if right:
            rx = (
                (self.margin if full else self.x)
                + width
                - pymupdf.get_text_length(right, fontname="tiro", fontsize=size)
            )
            self.page.insert_text((rx, self.y), right, fontname="tiro", fontsize=size)
        if full:
            self.top = self.y + 6
        if self.gutter:
            self.line_no += 1
            self.page.insert_text((18, self.y), str(self.line_no), fontname="tiro", fontsize=7)

    def para(
        self,
        text: str,
        *,
        size: float = 10,
        font: str = "tiro",
        full: bool = False,
        first: str | None = None,
        first_font: str = "tibo",
    ) -> None:
        width = (self.pw - 2 * self.margin if full else self.col_width) - 2
        words = text.split()
        lines, current = [], first + " " if first else ""
        for word in words:
            trial = f"{current}{word} "
            if pymupdf.get_text_length(trial, fontname=font, fontsize=size) > width:
                lines.append(current.strip())
                current = f"{word} "
            else:
                current = trial
        lines.append(current.strip())
        for i, text_line in enumerate(lines):
            if i == 0 and first:
                self.advance(size * 1.25)
                self.y += size * 1.25
                self.page.insert_text((self.x, self.y), first, fontname=first_font, fontsize=size)
                offset = pymupdf.Font(first_font).text_length(first + " ", fontsize=size)
                self.page.insert_text(
                    (self.x + offset, self.y),
                    text_line[len(first) + 1 :],
                    fontname=font,
                    fontsize=size,
                )
            else:
                self.line(text_line, size=size, font=font, full=full)
        self.space(4)

    def space(self, height: float) -> None:
        self.y += height

    def heading(self, text: str, *, size: float = 12, font: str = "tibo", center: bool = False):
        self.space(6)
        self.line(text, size=size, font=font, center=center)
        self.space(3)

    def figure(self, caption: str, *, height: float = 120, full: bool = False) -> None:
        self.advance(height + 30)
        width = self.pw - 2 * self.margin if full else self.col_width
        x = self.margin if full else self.x
        rect = pymupdf.Rect(x + 10, self.y + 5, x + width - 10, self.y + height)
        self.page.draw_rect(rect, color=(0, 0, 0), fill=(0.8, 0.8, 0.9))
        self.page.draw_line(rect.tl + (10, 10), rect.br - (10, 10), color=(1, 0, 0))
        self.page.insert_text((rect.x0 + 20, rect.y0 + 20), "axis label inside", fontsize=7)
        self.y += height + 4
        self.para(caption, size=9, full=full)

    def table(self, caption: str, rows: list[list[str]]) -> None:
        self.para(caption, size=9)
        for row in rows:
            self.advance(12)
            self.y += 11
            for k, cell in enumerate(row):
                self.page.insert_text(
                    (self.x + 5 + k * 70, self.y), cell, fontname="tiro", fontsize=8
                )
        self.space(8)


def one_column(path: Path) -> Path:
    """NeurIPS-like: permission notice, title, authors, abstract, figures, table, equations."""
    doc = pymupdf.open()
    w = Writer(doc, header="Preprint. Under review.")
    w.page.insert_text(
        (20, 600),
        "arXiv:2101.00001v2 [cs.LG] 1 Jan 2021",
        fontsize=14,
        rotate=90,
        color=(0.5, 0.5, 0.5),
    )
    w.line(
        "Provided proper attribution is provided, the authors grant permission to",
        size=9,
        center=True,
    )
    w.line(
        "reproduce the tables and figures in this paper for scholarly works.", size=9, center=True
    )
    w.space(20)
    w.line("Winnowing Papers with Layout Statistics", size=17, font="tibo", center=True)
    w.space(14)
    w.line("Alice Smith, Bob Jones, Carol Díaz", size=11, font="tibo", center=True)
    w.line("University of Testing", size=10, center=True)
    w.line("alice@test.edu  https://github.com/example/winnow", size=9, center=True)
    w.space(10)
    w.heading("Abstract", center=True)
    w.para(
        "We present Winnow, a method that extracts sections from papers. Our method "
        "outperforms strong baselines on section titles and captions while running in "
        "milliseconds per page. " + LOREM
    )
    w.heading("1 Introduction")
    w.para("Reading papers takes time. " + LOREM + ".")
    w.para(
        "Contributions: this bold run-in word starts a paragraph and is not a heading. "
        + LOREM
        + ".",
        first="Contributions:",
    )
    w.para("Our contributions are as follows:")
    w.para("• We propose a layout model that reads columns in order.")
    w.para("• We show that captions and headings are found on real papers.")
    w.space(8)
    w.line("The extraction of structure is hard and we study it in our experi-")
    w.line("ments on many documents with a careful evaluation.")
    w.space(6)
    w.figure("Figure 1: Accuracy of Winnow compared with the baselines on all benchmarks.")
    w.heading("2 Method")
    w.para("We model the page as a set of lines. " + LOREM + ".")
    w.heading("2.1 Line model", size=11)
    w.para("Each line has a font size and a weight, and the loss is defined as follows.")
    w.line("L = W x + b", font="tiit", center=True, right="(1)")
    w.para("where W is a weight matrix. " + LOREM + ".")
    w.table(
        "Table 1: Results on the benchmark.",
        [["Method", "Acc", "F1"], ["Baseline", "71.0", "70.2"], ["Winnow", "92.5", "91.0"]],
    )
    w.heading("3 Experiments")
    w.para("We evaluate on one hundred papers. " + LOREM + ".")
    w.figure("Fig. 2: Pipeline overview of the system architecture.")
    w.heading("4 Conclusion")
    w.para(
        "We show that Winnow outperforms the baselines on every benchmark we tried. "
        "A limitation of our approach is that it does not handle scanned documents. "
        "In future work, we plan to extend it to scanned pages."
    )
    w.heading("References")
    w.para("[1] A. Author. A paper about layouts. In Proceedings, 2020.")
    doc.set_metadata({"title": "Some other metadata title"})
    doc.save(path)
    return path


def two_column_ieee(path: Path) -> Path:
    """IEEE-like: Abstract—, roman capital headings, TABLE II, Fig. 3:, line-number gutter."""
    doc = pymupdf.open()
    w = Writer(doc, columns=2, header="IEEE TRANSACTIONS ON TESTING, VOL. 1", gutter=True)
    w.line("Column Order in Two-Column Papers", size=20, font="tiro", full=True, center=True)
    w.line("Dana Lee and Evan Kim", size=11, full=True, center=True)
    w.line("Department of Computer Science, Example University", size=10, full=True, center=True)
    w.space(10)
    w.line("Abstract—This paper studies reading order.", size=9, font="china-s")
    w.para(
        "We show that columns are read one after the other and that the method is "
        "accurate. " + LOREM + ".",
        size=9,
    )
    w.heading("I. INTRODUCTION", size=10, font="tiro", center=True)
    w.para("ALPHA starts the left column. " + LOREM + ". " + LOREM + ".")
    w.para(LOREM + ". " + LOREM + ".")
    w.heading("II. RELATED WORK", size=10, font="tiro", center=True)
    w.para("Prior work on layout analysis exists. " + LOREM + ". " + LOREM + ".")
    w.heading("III. PROPOSED METHOD", size=10, font="tiro", center=True)
    w.para("The method reads each column in turn. " + LOREM + ". " + LOREM + ".")
    w.heading("A. Column Detection", size=10, font="tiit")
    w.para("OMEGA is in the second half of the paper. " + LOREM + ".")
    w.line("TABLE II", size=9, center=True)
    w.table("READING ORDER OF THE METHODS", [["Method", "Order"], ["Ours", "100"]])
    w.figure("Fig. 3: Reading order accuracy across documents.", height=80)
    w.heading("IV. CONCLUSION", size=10, font="tiro", center=True)
    w.para(
        "We demonstrated that our method achieves accurate reading order. However, it "
        "cannot handle three columns. Future work will explore three-column layouts."
    )
    w.heading("REFERENCES", size=10, font="tiro", center=True)
    w.para("[1] B. Writer, Columns, 2019.")
    doc.save(path)
    return path


def capitals(path: Path) -> Path:
    """ICLR-like: ABSTRACT and numbered capital headings; a section named after the method."""
    doc = pymupdf.open()
    w = Writer(doc)
    w.line("PIXELNET: A TEST PAPER", size=16, font="tibo", center=True)
    w.line("Frank Moore", size=10, font="tibo", center=True)
    w.line("Carnegie Mellon University", size=10, center=True)
    w.heading("ABSTRACT", size=11, center=True)
    w.para("We introduce PixelNet for dense prediction. " + LOREM + ".")
    for title, text in [
        ("1 INTRODUCTION", "Pixels matter."),
        ("2 RELATED WORK", "Prior work."),
        ("3 PIXELNET", "Our network samples pixels."),
        ("4 EXPERIMENTS", "Results in Table 1 show accuracy gains."),
        ("5 CONCLUSION", "We showed that sampling pixels improves results."),
    ]:
        w.heading(title, size=11)
        w.para(f"{text} {LOREM}.")
    doc.save(path)
    return path


def scanned(path: Path) -> Path:
    doc = pymupdf.open()
    page = doc.new_page()
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 60, 80), False)
    pix.set_rect(pix.irect, (200, 200, 200))
    page.insert_image(page.rect, pixmap=pix)
    doc.save(path)
    return path


def encrypted(path: Path) -> Path:
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "secret text " * 20)
    doc.save(path, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="pw", owner_pw="owner")
    return path


def many_pages(path: Path, count: int) -> Path:
    doc = pymupdf.open()
    for i in range(count):
        doc.new_page(width=300, height=300).insert_text(
            (30, 60), f"Page {i + 1} has a little text on it for the parser.", fontsize=9
        )
    doc.save(path)
    return path

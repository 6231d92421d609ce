"""PDFs for the front matter, drawn with PyMuPDF; the corpus papers, parsed once.

Text goes through ``TextWriter`` with the embedded Nimbus fonts (the base-14 faces with
their whole glyph set), so a spacing accent can be drawn the way pdfTeX draws it: its
own glyph, set over the letter that follows, without advancing.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pymupdf

from tests.pdf.fixtures import LOREM
from tui.pdf.glyphs import SPACING

FONTS = {name: pymupdf.Font(name) for name in ("tiro", "tibo", "tiit", "tibi")}
MATH = pymupdf.Font("tiit")


class Sheet:
    """One page of text placed by hand: baselines, sizes, fonts, small raised marks."""

    def __init__(self, doc: pymupdf.Document, *, width: float = 612, height: float = 792):
        self.page = doc.new_page(width=width, height=height)
        self.writer = pymupdf.TextWriter(self.page.rect)
        self.width, self.height = width, height

    def put(self, x: float, y: float, text: str, *, size: float = 10, font: str = "tiro") -> float:
        """Text at baseline ``y`` from ``x``; spacing accents set over their letter. Returns x."""
        face = FONTS[font]
        run = ""
        i = 0
        while i < len(text):
            ch = text[i]
            if ch in SPACING and i + 1 < len(text) and text[i + 1].isalpha():
                x = self._run(x, y, run, face, size)
                run = ""
                base = text[i + 1]
                wide = face.text_length(base, fontsize=size)
                mark = face.text_length(ch, fontsize=size)
                self.writer.append((x + (wide - mark) / 2, y), ch, font=face, fontsize=size)
                self.writer.append((x, y), base, font=face, fontsize=size)
                x += wide
                i += 2
                continue
            run += ch
            i += 1
        return self._run(x, y, run, face, size)

    def _run(self, x: float, y: float, text: str, face: pymupdf.Font, size: float) -> float:
        if text:
            self.writer.append((x, y), text, font=face, fontsize=size)
            x += face.text_length(text, fontsize=size)
        return x

    def spans(self, x: float, y: float, parts: list[tuple[str, float, str, float]]) -> float:
        """Several runs on one baseline: (text, size, font, rise); a mark is small and raised."""
        for text, size, font, rise in parts:
            x = self.put(x, y - rise, text, size=size, font=font)
        return x

    def length(self, text: str, size: float = 10, font: str = "tiro") -> float:
        return FONTS[font].text_length(text, fontsize=size)

    def centre(
        self,
        y: float,
        text: str,
        *,
        size: float = 10,
        font: str = "tiro",
        x0: float = 60,
        x1: float | None = None,
    ) -> None:
        x1 = self.width - 60 if x1 is None else x1
        self.put((x0 + x1 - self.length(text, size, font)) / 2, y, text, size=size, font=font)

    def para(
        self,
        x0: float,
        x1: float,
        y: float,
        text: str,
        *,
        size: float = 10,
        font: str = "tiro",
        indent: float = 0.0,
        lead: str | None = None,
        lead_font: str = "tibo",
    ) -> float:
        """A left-aligned paragraph in [x0, x1] from baseline ``y``; returns the next baseline.

        ``lead`` is a run-in start in ``lead_font`` (``Abstract—``, ``Index Terms—``).
        """
        words = text.split()
        lines: list[str] = []
        current = ""
        room = x1 - x0 - indent - (self.length(lead + " ", size, lead_font) if lead else 0)
        for word in words:
            trial = f"{current} {word}".strip()
            if self.length(trial, size, font) > room and current:
                lines.append(current)
                current, room = word, x1 - x0
            else:
                current = trial
        lines.append(current)
        for k, line in enumerate(lines):
            x = x0 + (indent if k == 0 else 0)
            if k == 0 and lead:
                x = self.put(x, y, lead, size=size, font=lead_font) + self.length(" ", size)
            self.put(x, y, line, size=size, font=font)
            y += size * 1.2
        return y + size * 0.4

    def title_block(
        self, title: str, names: str, place: str | None = None, *, top: float = 80
    ) -> float:
        """A centred title, author line, affiliation and "Abstract" label; returns the
        baseline where the abstract's text starts."""
        self.centre(top, title, size=17, font="tibo")
        self.centre(top + 24, names, size=11, font="tibo")
        if place:
            self.centre(top + 38, place, size=10)
        self.centre(top + 66, "Abstract", size=12, font="tibo")
        return top + 84

    def section(
        self, y: float, heading: str, text: str, *, x0: float = 60, x1: float = 552, gap: float = 20
    ) -> float:
        """A bold heading ``gap`` below ``y`` and its paragraph; returns the next baseline."""
        size = 12 if x1 - x0 > 420 else 10
        self.put(x0, y + gap, heading, size=size, font="tibo")
        return self.para(x0, x1, y + gap + 2 * size - 4, text)

    def finish(self) -> None:
        self.writer.write_text(self.page)


BODY = LOREM + ". " + LOREM + "."


def _body_columns(
    sheet: Sheet, y: float, heading: str, *, centred: bool = True, size: float = 10
) -> None:
    """A heading and running text filling both columns below ``y``."""
    left, mid, right = 60.0, 306.0, 552.0
    if centred:
        sheet.centre(y, heading, size=size, font="tibo", x0=left, x1=mid - 10)
    else:
        sheet.put(left, y, heading, size=size, font="tibo")
    sheet.para(left, mid - 10, y + 16, "Wireless networks are studied here. " + BODY + " " + BODY)
    sheet.para(mid + 10, right, y, "The right column goes on. " + BODY + " " + BODY)


def accents(path: Path) -> Path:
    """Names and affiliations whose accents are separate glyphs (pdfTeX's ``\\u{g}``)."""
    doc = pymupdf.open()
    s = Sheet(doc)
    s.centre(90, "Spacing Accents in Author Names", size=17, font="tibo")
    s.centre(
        120,
        "Barlas O˘guz,  Jos´e M¨uller,  Anton´ın Dvoˇr´ak,  Fran¸coise Lef`evre",
        size=11,
        font="tibo",
    )
    s.centre(136, "Universit´e de Montr´eal", size=10)
    s.centre(150, "´Ecole Polytechnique F´ed´erale de Lausanne", size=10)
    s.centre(190, "Abstract", size=12, font="tibo")
    y = s.para(
        144,
        468,
        210,
        "We study names whose accents are stored apart from their letters. " + LOREM + ".",
    )
    s.section(y, "1 Introduction", "Names matter. " + BODY + " " + BODY)
    s.finish()
    doc.save(path)
    return path


ACM_AUTHORS = (
    ("ALICE SMITH", "University of Utah, USA"),
    ("BÉLA KOVÁCS", "Tongji University, China"),
)


ACM_REFERENCE = (
    "Alice Smith and Béla Kovács. 2025. Layout Invalidation Without Spines. "
    "Proc. ACM Program. Lang. 9, Article 219 (June 2025), 23 pages."
)
ACM_ABSTRACT = (
    "Latency is a major concern for web rendering engines like those in every browser we know. "
    + LOREM
    + ".",
    "We introduce a new, faster incremental layout algorithm that avoids auxiliary nodes. "
    + LOREM
    + ".",
)


def acm(path: Path) -> Path:
    """acmsmall: ``NAME, Affiliation, Country`` author lines, an unlabelled two-paragraph
    abstract, CCS Concepts and the ACM Reference Format before the introduction."""
    doc = pymupdf.open()
    s = Sheet(doc, width=486, height=720)
    s.put(46, 92, "Layout Invalidation Without Spines", size=14, font="tibo")
    y = 112.0
    for name, where in ACM_AUTHORS:
        x = s.put(46, y, name, size=9)
        s.put(x, y, ", " + where, size=9)
        y += 13
    y = s.para(46, 440, y + 6, ACM_ABSTRACT[0], size=9)
    y = s.para(46, 440, y, ACM_ABSTRACT[1], size=9, indent=10)
    y = s.para(
        46,
        440,
        y + 4,
        "Software and its engineering; Theory of computation.",
        size=9,
        lead="CCS Concepts:",
    )
    y = s.para(46, 440, y + 2, "Web Browsers, Layout, Incremental Computing", size=9)
    s.put(46, y + 6, "ACM Reference Format:", size=9, font="tibo")
    y = s.para(46, 440, y + 17, ACM_REFERENCE, size=9)
    s.section(
        y, "1 Introduction", "Layout is a key driver of latency. " + BODY, x0=46, x1=440, gap=14
    )
    s.finish()
    doc.save(path)
    return path


IEEE_ABSTRACT = (
    "Mobility in sensor networks has given a whole new dimension to research. We present a "
    "zone based routing scheme. The results show that it is efficient."
)


def two_blocks(path: Path) -> Path:
    """Word-made IEEE: two side-by-side author blocks; a run-in bold ``Abstract—`` in the
    left column; the right column's text starts level with the abstract."""
    doc = pymupdf.open()
    s = Sheet(doc)
    s.centre(80, "Energy Efficient Routing for Zone Based Sensor Networks", size=20)
    for x0, x1, lines in (
        (
            60,
            296,
            (
                "Usama Ahmed",
                "Information Security Department, College of Signals",
                "National University of Sciences and Technology",
                "Islamabad, Pakistan",
                "usama@mcs.edu.pk",
            ),
        ),
        (
            316,
            552,
            (
                "Faisal Bashir Hussain",
                "Computer Sciences Department, College of Signals",
                "National University of Sciences and Technology",
                "Islamabad, Pakistan",
                "faisal@mcs.edu.pk",
            ),
        ),
    ):
        for k, text in enumerate(lines):
            s.centre(120 + 11 * k, text, size=10.5 if k == 0 else 9.4, x0=x0, x1=x1)
    y = s.para(
        60, 296, 190, IEEE_ABSTRACT, size=8.5, font="tibo", lead="Abstract—", lead_font="tibi"
    )
    y = s.para(
        70,
        296,
        y + 4,
        "mobile; sensor; routing; zone",
        size=8.5,
        font="tibi",
        lead="Keywords—",
        lead_font="tibi",
    )
    s.centre(y + 14, "I. INTRODUCTION", size=9.4, x0=60, x1=296)
    y = s.para(60, 296, y + 30, "Wireless sensor networks are studied here. " + BODY, size=9.4)
    s.para(
        316, 552, 190, "Perception shifts the paradigm of research. " + BODY + " " + BODY, size=9.4
    )
    s.finish()
    doc.save(path)
    return path


REVTEX_ABSTRACT = (
    "In this work we report the cosmological effects that a species of light bosonic dark "
    "matter imprints in the acoustic peaks of the background, and some of its thermal "
    "features. We show that the effect is small albeit perceptible, and is equivalent to an "
    "increase of non-relativistic matter. And it is needed a non-zero optical depth."
)


REVTEX_PLACE = "Departamento de F´ısica, Centro de Investigaci´on del IPN, M´exico D.F., M´exico."


def revtex(path: Path) -> Path:
    """REVTeX: marks after the names, no "Abstract" label (a 9 pt indented block), then 9 pt
    bold capital headings over a 10 pt two-column body."""
    doc = pymupdf.open()
    s = Sheet(doc)
    s.centre(64, "Ultra Light Bosonic Dark Matter", size=12, font="tibo")
    x = 190.0
    for text, size, rise in (
        ("Ivan Rodriguez Montoya", 10, 0),
        ("∗ †", 7, 3.5),
        (" and Tonatiuh Matos Chassin", 10, 0),
        ("∗ ‡", 7, 3.5),
    ):
        x = s.put(x, 84 - rise, text, size=size, font="tiro")
    s.centre(97, REVTEX_PLACE, size=9, font="tiit")
    y = s.para(109, 507, 118, REVTEX_ABSTRACT, size=9, indent=9)
    _body_columns(s, y + 24, "I.  INTRODUCTION", size=9)
    s.finish()
    doc.save(path)
    return path


def marks(path: Path) -> Path:
    """A footnote mark in the abstract's first words (``S2ORC,¹``), one at its end, and an
    exponent that must stay."""
    doc = pymupdf.open()
    s = Sheet(doc)
    y = s.title_block("A Corpus of Papers", "Kyle Lo, Lucy Lu Wang", "Allen Institute for AI")
    s.spans(
        144,
        y,
        [
            ("We introduce S2ORC,", 10, "tiro", 0),
            ("1", 7, "tiro", 3.5),
            (" a large corpus of 10", 10, "tiro", 0),
            ("6", 7, "tiro", 3.5),
            (" papers.", 10, "tiro", 0),
        ],
    )
    s.spans(144, y + 12, [("It is the largest one to date.", 10, "tiro", 0), ("2", 7, "tiro", 3.5)])
    s.section(220, "1 Introduction", "Corpora matter. " + BODY + " " + BODY)
    s.put(60, 720, "1https://github.com/allenai/s2orc", size=8)
    s.finish()
    doc.save(path)
    return path


@functools.cache
def corpus_files() -> tuple[Path, ...]:
    """Every PDF of ``pdfs/`` and ``layouts/`` in the corpus (empty when it is absent)."""
    from tests.pdf.conftest import corpus_dir

    base = corpus_dir()
    return tuple(
        path
        for folder in ("pdfs", "layouts")
        if (base / folder).is_dir()
        for path in sorted((base / folder).glob("*.pdf"))
    )


@functools.cache
def parsed(path: Path):
    """A corpus paper parsed once per test session, for the front and math tests."""
    from tui.pdf import parse_pdf

    return parse_pdf(path, use_cache=False)


NUMBERED_AFFILIATIONS = (
    "Schneider Toshiba Inverter Europe",
    "National University of Singapore, Singapore",
    "Département de Biochimie, microbiologie et bio-informatique, Université Laval, 1045 "
    "Avenue de la Médecine, Québec, QC, Canada, G1V 0A6",
)


def numbered(path: Path) -> Path:
    """Superscript-numbered affiliations: one that reads like a name, one like an address,
    and a numbered entry that wraps to the right edge (bioRxiv, AAAI, LNCS)."""
    doc = pymupdf.open()
    s = Sheet(doc)
    s.centre(90, "Numbered Affiliations", size=17, font="tibo")
    s.spans(170, 118, [("Ann Lee", 11, "tiro", 0), ("1,2", 7, "tiro", 3.5),
                       (", Bo Chen", 11, "tiro", 0), ("2", 7, "tiro", 3.5),
                       (" and Cy Dunn", 11, "tiro", 0), ("1,3", 7, "tiro", 3.5)])  # fmt: skip
    s.spans(200, 136, [("1", 7, "tiro", 3.5), (" " + NUMBERED_AFFILIATIONS[0], 10, "tiro", 0)])
    s.spans(190, 150, [("2", 7, "tiro", 3.5), (" " + NUMBERED_AFFILIATIONS[1], 10, "tiro", 0)])
    s.put(60, 170, "3. Département de Biochimie, microbiologie et bio-informatique, Université "
          "Laval, 1045 Avenue", size=11)  # fmt: skip
    s.put(60, 184, "de la Médecine, Québec, QC, Canada, G1V 0A6", size=11)
    s.centre(220, "Abstract", size=12, font="tibo")
    y = s.para(144, 468, 240, "We number affiliations. " + LOREM + ".")
    s.section(y, "1 Introduction", "Affiliations matter. " + BODY)
    s.finish()
    doc.save(path)
    return path

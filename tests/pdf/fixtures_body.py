"""PDFs for what the reader shows of a paper's body: display math and the key figure."""

from __future__ import annotations

from pathlib import Path

import pymupdf

from tests.pdf.fixtures import LOREM, Writer
from tests.pdf.fixtures_front import Sheet


def _key_paper(path: Path, first_caption: str, appendix_caption: str) -> Path:
    """A short paper: Figure 1, a result Figure 2 in the body, references, then an appendix
    whose Figure 3 repeats the abstract's words (the trap the old chooser fell into)."""
    doc = pymupdf.open()
    w = Writer(doc)
    w.line("Figures That Matter", size=17, font="tibo", center=True)
    w.line("Ann Lee, Bo Chen", size=11, font="tibo", center=True)
    w.line("University of Testing", size=10, center=True)
    w.heading("Abstract", center=True)
    w.para("Our attention model improves translation quality and BLEU on two benchmarks. " + LOREM)
    w.heading("1 Introduction")
    w.para("Figures help. " + LOREM + ".")
    w.figure(first_caption)
    w.heading("2 Experiments")
    w.para("We evaluate the model. " + LOREM + ".")
    w.figure("Figure 2: Accuracy of our model compared with the baselines.")
    w.heading("References")
    w.para("[1] A. Author. A paper about figures. In Proceedings, 2020.")
    w.heading("A Attention Visualizations")
    w.para("More pictures. " + LOREM + ".")
    w.figure(appendix_caption)
    doc.save(path)
    return path


def key_diagram(path: Path) -> Path:
    """Figure 1 is an architecture diagram (no photo, only vector boxes): it stays the key."""
    return _key_paper(
        path,
        "Figure 1: Overview of the model architecture.",
        "Figure 3: Attention results improve translation quality and BLEU on two benchmarks.",
    )


def key_examples(path: Path) -> Path:
    """Figure 1 shows data examples, not a result: the body's result figure is the key."""
    return _key_paper(
        path,
        "Figure 1: Examples of questions from the dataset.",
        "Figure 3: Attention results improve translation quality and BLEU on two benchmarks.",
    )


MATH_TAIL = "For the base model we use dropout on every sub-layer output, at a rate of"
MATH_PARAS = (
    "We compute the matrix of outputs as:",
    "where dk is the dimension of the keys. " + LOREM + ".",
    "The positions are encoded as above. " + LOREM + ". " + MATH_TAIL + " Pdrop = 0.1.",
    "We also use two more displays. " + LOREM + ".",
    "Inline subscripts stay in the sentence: the projections are parameter matrices Wi ∈ Rd×k "
    "for every head i of the model. " + LOREM + ".",
    "The remaining settings follow the baseline. " + LOREM + ".",
)


def math(path: Path) -> Path:
    """Display math of every kind in a method section (the Transformer's failure cases):
    a labelled display whose fraction sits on rows of its own, an unlabelled two-row
    display, a paragraph ending in inline math on its own line (``Pdrop = 0.1.``), a
    centred setting (``warmup_steps = 4000``), two labelled rows of an align, inline
    subscripts raised and lowered in a sentence, and a labelled setting."""
    doc = pymupdf.open()
    s = Sheet(doc)
    y = s.title_block("Folding Display Math", "Ann Lee, Bo Chen", "University of Testing")
    y = s.para(144, 468, y, "We fold display math and keep what a reader needs. " + LOREM + ".")
    y = s.section(y, "1 Introduction", "Math is everywhere. " + LOREM + ".", gap=14)
    s.put(60, y + 14, "2 Method", size=12, font="tibo")
    y = s.para(60, 552, y + 32, MATH_PARAS[0]) + 10
    # (1): a fraction on three rows, its label at the right edge
    x = s.put(200, y, "Attention(Q, K, V) = softmax", size=10, font="tiit")
    s.spans(x + 8, y - 7, [("QK", 10, "tiit", 0), ("T", 7, "tiit", 3)])
    s.put(x + 6, y + 8, "√dk", size=10, font="tiit")
    s.put(x + 32, y, "V", size=10, font="tiit")
    s.put(552 - s.length("(1)"), y, "(1)")
    y = s.para(60, 552, y + 26, MATH_PARAS[1]) + 10
    # an unlabelled display of two rows
    for k, head in enumerate(
        ("PE(pos, 2i) = sin(pos / 10000", "PE(pos, 2i + 1) = cos(pos / 10000")
    ):
        x = s.put(210, y + 14 * k, head, size=10, font="tiit")
        s.spans(x, y + 14 * k, [("2i/d", 7, "tiit", 3.5), (")", 10, "tiit", 0)])
    y = s.para(60, 552, y + 34, MATH_PARAS[2].replace(" " + MATH_TAIL + " Pdrop = 0.1.", ""))
    s.put(60, y - 4, MATH_TAIL, size=10)
    s.put(60, y + 8, "Pdrop = 0.1.", size=10, font="tiit")  # the paragraph's last line
    s.centre(y + 32, "warmup_steps = 4000", size=10, font="tiit")
    y = s.para(60, 552, y + 56, MATH_PARAS[3]) + 10
    for k, (left, label) in enumerate((("L = Lcls + λ Lreg", "(2)"), ("Lreg = ‖w‖²", "(3)"))):
        s.put(250, y + 16 * k, left, size=10, font="tiit")
        s.put(552 - s.length(label), y + 16 * k, label)
    s.finish()
    s = Sheet(doc)
    y = 90.0
    first, rest = MATH_PARAS[4].split(" Wi ∈ Rd×k ")
    x = s.put(60, y, first + " W", size=10)
    x = s.spans(x, y, [("i", 7, "tiit", -2), (" ∈ R", 10, "tiit", 0), ("d×k", 7, "tiit", 3.5)])
    y = s.para(60, 552, y + 12, rest) + 10
    s.centre(y, "β1 = 0.9, β2 = 0.98", size=10, font="tiit")
    s.put(552 - s.length("(4)"), y, "(4)")
    y = s.para(60, 552, y + 24, MATH_PARAS[5])
    y = s.section(y, "3 Experiments", "We evaluate the model. " + LOREM + ".", gap=14)
    s.section(y, "References", "[1] A. Author. A paper about math. In Proceedings, 2020.", gap=14)
    s.finish()
    doc.save(path)
    return path

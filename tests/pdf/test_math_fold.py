"""Display math found whole and folded in stage 3 by the paper's own labels; settings kept."""

from __future__ import annotations

import re

import pymupdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.pdf import fixtures_body as F
from tui.pdf import build_stage, parse_pdf, stage_text
from tui.pdf.mathfold import is_setting, markers
from tui.pdf.model import Equation

P = F.MATH_PARAS
LOREM_TAIL = " " + F.LOREM + "."


@pytest.fixture(scope="module")
def doc(tmp_path_factory):
    return parse_pdf(F.math(tmp_path_factory.mktemp("math") / "math.pdf"), use_cache=False)


def test_whole_displays_with_the_papers_labels(doc):
    assert [e.label for e in doc.equations] == ["(1)", None, None, "(2)", "(3)", "(4)"]
    first = doc.equations[0].text
    # raised text reads raised (tui.pdf.spans): the fraction's numerator is QKᵀ
    for piece in ("Attention(Q, K, V) = softmax", "QKᵀ", "√dk", "V"):
        assert piece in first  # the fraction's rows are inside the display
    assert doc.equations[1].text.count("PE(pos") == 2  # one display of two rows
    assert [doc.sections[e.section].heading for e in doc.equations] == ["Method"] * 6


def test_stage3_folds_displays_and_keeps_inline_math_and_settings(doc):
    method = [(b.kind, b.text) for b in build_stage(doc, 3) if b.section == 1]
    assert method == [
        ("heading", "2 Method"),
        ("paragraph", P[0]),
        ("equation_marker", "⟨equation 1⟩"),
        ("paragraph", P[1]),
        ("equation_marker", "⟨equation after (1)⟩"),
        ("paragraph", "The positions are encoded as above." + LOREM_TAIL),
        ("paragraph", F.MATH_TAIL + " Pdrop = 0.1."),  # inline math stays inline
        ("equation", "warmup_steps = 4000"),  # a setting the reader needs
        ("paragraph", P[3]),
        ("equation_marker", "⟨equation 2⟩"),
        ("equation_marker", "⟨equation 3⟩"),
        ("paragraph", P[4].replace("Rd×k", "R^(d×k)")),  # raised, not run into the R
        ("equation", "β1 = 0.9, β2 = 0.98 (4)"),
        ("paragraph", P[5]),
    ]


def test_no_piece_of_a_display_is_left_in_the_text(doc):
    text = "\n".join(s.text for s in doc.sections)
    prose = [p for p in text.split("\n\n") if not any(p == e.text for e in doc.equations)]
    for piece in ("softmax", "√dk", "QKᵀ", "PE(pos", "Lcls", "‖w‖"):
        assert not any(piece in p for p in prose), piece


def test_stage4_keeps_all_math(doc):
    text = stage_text(build_stage(doc, 4))
    for eq in doc.equations:
        assert f"    {eq.text}" in text
    assert "⟨" not in text


# --- markers and settings, as a family --------------------------------------------------


def _eq(label: str | None, page: int = 1) -> Equation:
    return Equation(label, page, "x = y + z", (0, 0, 1, 1), 0)


@given(st.lists(st.one_of(st.none(), st.integers(1, 40).map(lambda n: f"({n})")), max_size=30))
def test_markers_are_unique_and_follow_the_papers_labels(labels):
    names = markers([_eq(label, page=k + 1) for k, label in enumerate(labels)])
    assert len(names) == len(labels) == len(set(names))
    last = None
    seen: set[str] = set()
    for label, name in zip(labels, names, strict=True):
        assert name.startswith("⟨") and name.endswith("⟩")
        if label:
            number = label.strip("()")
            assert name.startswith(f"⟨equation {number}")
            if label not in seen:
                assert name == f"⟨equation {number}⟩"
            seen.add(label)
            last = label
        else:
            # never a number of its own: it names the last label before it, or none
            base = f"equation after {re.escape(last)}" if last else "unnumbered equation"
            shape = rf"⟨(?:\d+(?:st|nd|rd|th) )?{base}(?:, page \d+)?(?: \(\d+\))?⟩"
            assert re.fullmatch(shape, name), name


def test_marker_names():
    names = markers([_eq(None), _eq(None), _eq("(1)"), _eq(None), _eq(None), _eq("(2)")])
    assert names == [
        "⟨unnumbered equation⟩",
        "⟨2nd unnumbered equation⟩",
        "⟨equation 1⟩",
        "⟨equation after (1)⟩",
        "⟨2nd equation after (1)⟩",
        "⟨equation 2⟩",
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("warmup_steps = 4000", True),
        ("warmup_steps = 4000.", True),
        ("β1 = 0.9, β2 = 0.98 (4)", True),
        ("β 1 = 0.9 and β 2 = 0.98", True),
        ("dk = dv = 64", True),
        ("ϵ = 10−9", True),
        ("lr = 1 × 10−4", True),
        ("L = Lcls + λ Lreg", False),
        ("FFN(x) = max(0, xW1 + b1)W2 + b2 (2)", False),
        ("x = y", False),
        ("PE(pos, 2i) = sin(pos / 10000)", False),
    ],
)
def test_is_setting(text, expected):
    assert is_setting(text) is expected


_NAMES = st.sampled_from(["lr", "β1", "warmup_steps", "d k", "λ", "batch_size", "T", "dropout"])
_VALUES = st.sampled_from(["0.9", "4000", "1e", "64", "0.001", "10−9", "2 × 10−4", "95%"])


@given(st.lists(st.tuples(_NAMES, _VALUES), min_size=1, max_size=3))
def test_any_list_of_assignments_is_a_setting(pairs):
    text = ", ".join(f"{n} = {v}" for n, v in pairs if v != "1e")
    if text:
        assert is_setting(text)
        assert not is_setting(text + " + x")


# --- the detector on a family of generated pages ---------------------------------------


def _method_page(title: str):
    """A page with a title block, an abstract and a "1 Method" heading: (pdf, sheet, y)."""
    pdf = pymupdf.open()
    s = F.Sheet(pdf)
    y = s.title_block(title, "Ann Lee")
    y = s.para(144, 468, y, f"We test {title.lower()}. " + F.LOREM + ".")
    s.put(60, y + 10, "1 Method", size=12, font="tibo")
    return pdf, s, y


_DISPLAYS = st.lists(st.tuples(st.booleans(), st.integers(1, 2)), min_size=1, max_size=5)


@settings(max_examples=15)
@given(_DISPLAYS)
def test_random_sequences_of_displays(tmp_path_factory, displays):
    """Labelled or not, one row or two: every display is found once, with its label, and
    every marker is unique; the prose between them stays prose."""
    path = tmp_path_factory.mktemp("displays") / "d.pdf"
    pdf, s, y = _method_page("Random Displays")
    y += 28
    expected = []
    number = 0
    for k, (labelled, rows) in enumerate(displays):
        y = s.para(60, 552, y, f"Paragraph {k} says what follows: the rule is applied.") + 8
        for r in range(rows):
            s.put(230, y, f"f{k}(x{r}) = g(x) + h{r}(x) · z", size=10, font="tiit")
            y += 14
        if labelled:
            number += 1
            s.put(552 - s.length(f"({number})"), y - 14, f"({number})")
        expected.append(f"({number})" if labelled else None)
        y += 8
    s.para(60, 552, y, "The end of the section. " + F.LOREM + ".")
    s.finish()
    pdf.save(path)
    doc = parse_pdf(path, use_cache=False)
    assert [e.label for e in doc.equations] == expected
    folded = [b.text for b in build_stage(doc, 3) if b.kind == "equation_marker"]
    assert len(folded) == len(expected) == len(set(folded))
    prose = [b.text for b in build_stage(doc, 3) if b.kind == "paragraph"]
    assert not any("g(x)" in p for p in prose)
    assert sum(p.startswith("Paragraph ") for p in prose) == len(displays)


def test_a_tall_display_labelled_on_a_row_of_its_own_and_a_denominator_of_letters(
    tmp_path_factory,
):
    """AAAI: a loss whose name starts at the column's edge, its sums' limits below, the
    label (3) on a row of its own; Word: a fraction whose denominator is ``M t e '``."""
    path = tmp_path_factory.mktemp("tall") / "tall.pdf"
    pdf, s, y = _method_page("Tall Displays")
    y = s.para(60, 552, y + 28, "We propose the loss that takes into account the variations:")
    s.put(62, y + 4, "Lvar = 1 / N  T  |yt - y| + |yt - zt| + 1", size=10, font="tiit")
    s.put(200, y + 16, "i=1  t=1", size=7, font="tiit")
    s.put(552 - s.length("(1)"), y + 26, "(1)")
    y = s.para(60, 552, y + 44, "where N is the number of samples. " + F.LOREM + ".")
    s.put(300, y + 4, "Z t × 1", size=11, font="tiit")
    s.put(262, y + 10, "M . F =", size=11, font="tiit")
    s.put(302, y + 21, "M t e '", size=11, font="tiit")
    s.put(552 - s.length("(2)"), y + 10, "(2)")
    s.para(60, 552, y + 40, "Where e is the remaining energy. " + F.LOREM + ".")
    s.finish()
    pdf.save(path)
    doc = parse_pdf(path, use_cache=False)
    assert [e.label for e in doc.equations] == ["(1)", "(2)"]
    assert "Lvar = 1 / N" in doc.equations[0].text and "i=1" in doc.equations[0].text
    assert "M t e '" in doc.equations[1].text and "Z t × 1" in doc.equations[1].text
    prose = [b.text for b in build_stage(doc, 3) if b.kind == "paragraph"]
    assert not any(piece in p for p in prose for piece in ("Lvar", "i=1", "M t e", "Z t"))
    assert any(p.startswith("We propose the loss") for p in prose)
    assert any(p.startswith("Where e is the remaining energy.") for p in prose)

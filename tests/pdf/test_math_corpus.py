"""Stage 3's math folding on real papers (skipped cleanly when the corpus is absent)."""

from __future__ import annotations

import re

import pytest

from tests.pdf.conftest import corpus_dir
from tests.pdf.fixtures_front import corpus_files, parsed

TRANSFORMER = corpus_dir() / "pdfs" / "1706.03762.pdf"
FILES = list(corpus_files())


@pytest.fixture(scope="module")
def transformer():
    from tui.pdf import build_stage

    doc = parsed(TRANSFORMER)
    return doc, build_stage(doc, 3)


needs_transformer = pytest.mark.skipif(not TRANSFORMER.exists(), reason="no 1706.03762.pdf")


@needs_transformer
def test_transformer_no_equation_fragment_outside_a_marker(transformer):
    doc, blocks = transformer
    prose = "\n".join(b.text for b in blocks if b.kind == "paragraph")
    fragments = ("softmax(QKT", "softmax(QKᵀ", "Concat(head1", "PE(pos,2i)", "FFN(x) =", "lrate =")
    for fragment in (*fragments, "√  )V"):
        assert fragment not in prose, fragment
    for eq in doc.equations:
        assert eq.text[:14] not in prose, eq.text
    assert [e.label for e in doc.equations] == ["(1)", None, "(2)", None, "(3)"]


@needs_transformer
def test_transformer_no_marker_number_used_twice(transformer):
    _, blocks = transformer
    shown = [b.text for b in blocks if b.kind == "equation_marker"]
    assert shown == [
        "⟨equation 1⟩",
        "⟨equation after (1)⟩",
        "⟨equation 2⟩",
        "⟨equation after (2)⟩",
        "⟨equation 3⟩",
    ]


@needs_transformer
def test_transformer_settings_and_inline_math_kept(transformer):
    _, blocks = transformer
    text = "\n".join(b.text for b in blocks)
    for setting in (
        "warmup_steps = 4000",
        "a rate of Pdrop = 0.1",
        "β1 = 0.9, β2 = 0.98",
        "dmodel = 512",
        "dff = 2048",
        "dk = dv = dmodel/h = 64",
        "ϵls = 0.1",
    ):
        assert setting in text, setting
    assert "a rate of\n" not in text and "rate of ⟨" not in text


@pytest.mark.skipif(not FILES, reason="no corpus at ../shared/corpus")
@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_markers_are_unique_and_use_only_the_papers_labels(path):
    from tui.pdf import build_stage

    doc = parsed(path)
    shown = [b.text for b in build_stage(doc, 3) if b.kind == "equation_marker"]
    assert len(shown) == len(set(shown))
    labels = {e.label.strip("()") for e in doc.equations if e.label}
    for marker in shown:
        m = re.fullmatch(r"⟨equation (?!after )([^ ⟩,]+)(?:, page \d+)?(?: \(\d+\))?⟩", marker)
        if m:
            assert m.group(1) in labels, marker

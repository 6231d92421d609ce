"""Hostile PDFs through the bounded parse: bounded time and memory, one clear line each.

Every case goes through ``parse_bounded`` (a child process, as the app and the CLI use it)
with small budgets, so a bomb trips them quickly. The CLI side is tests/test_cli_reading.py.
"""

from __future__ import annotations

import threading
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.pdf import fixtures, hostile
from tui.pdf import Budget, CorruptPdf, EncryptedPdf, NotAPdf, NoTextLayer, PdfError, TooHeavy
from tui.pdf.sandbox import Stats, parse_bounded

SMALL = Budget(seconds=3.0, memory_mb=300)


def bounded(path, budget=SMALL, **kw):
    started = time.monotonic()
    stats = Stats()
    try:
        return parse_bounded(path, budget=budget, use_cache=False, stats=stats, **kw), stats
    finally:
        assert time.monotonic() - started < budget.seconds + 2.0  # the deadline held


def in_a_thread(call):
    """``call()`` from a thread, as the app parses: the child then comes from the small parse
    server, so its peak memory is its own (a fork of this test process, which grows with
    the tests run before, would count the pages it inherits)."""
    out: dict = {}

    def run() -> None:
        try:
            out["result"] = call()
        except BaseException as error:  # handed back to the test
            out["error"] = error

    worker = threading.Thread(target=run)
    worker.start()
    worker.join(120)
    if "error" in out:
        raise out["error"]
    return out["result"]


def one_line(error: BaseException) -> str:
    text = str(error)
    assert text and "\n" not in text and "Traceback" not in text
    assert "scan" not in text or isinstance(error, NoTextLayer)
    return text


def test_nested_forms_deep_enough_to_take_minutes_skip_their_page(tmp_path):
    path = hostile.nested_forms(tmp_path / "bomb.pdf", depth=7)
    doc, stats = in_a_thread(lambda: bounded(path))
    assert doc.title == hostile.TITLE and doc.sections
    assert any("page 3 could not be read:" in w and "too many to run" in w for w in doc.warnings)
    assert not any("scan" in w for w in doc.warnings)
    assert stats.child_peak_mb is not None and stats.child_peak_mb < 300


def test_a_heavy_page_is_read_without_its_vector_graphics(tmp_path):
    path = hostile.nested_forms(tmp_path / "heavy.pdf", depth=5)
    doc, stats = in_a_thread(lambda: bounded(path))
    assert "page 3: 6.2 MB of drawing commands; its figures are not located" in doc.warnings
    assert stats.child_peak_mb is not None and stats.child_peak_mb < 150


def test_too_many_drawings_on_a_page_are_dropped(tmp_path):
    doc, _ = bounded(hostile.many_drawings(tmp_path / "dots.pdf", 25_000))
    assert any(w.startswith("page 2: 25,0") and "drawings" in w for w in doc.warnings)
    assert doc.title == hostile.TITLE


def test_past_the_time_budget_page_one_is_kept_and_the_reason_said(tmp_path):
    path = hostile.nested_forms(tmp_path / "slow.pdf", depth=5, pages=12)
    budget = Budget(seconds=1.5, memory_mb=300)
    fronts = []
    with pytest.raises(TooHeavy) as caught:
        parse_bounded(path, budget=budget, on_front=fronts.append)
    assert one_line(caught.value) == "parse stopped after 1.5 s: the PDF is too heavy"
    partial = caught.value.partial
    assert fronts and partial is not None and partial.title == hostile.TITLE
    assert partial.warnings == ("parse stopped after 1.5 s: the PDF is too heavy; showing page 1",)

    started, stats = time.monotonic(), Stats()  # the outcome is cached: no second wait
    with pytest.raises(TooHeavy) as again:
        parse_bounded(path, budget=budget, stats=stats)
    assert stats.cached and time.monotonic() - started < 1.0
    assert again.value.partial is not None and again.value.partial.title == hostile.TITLE


def test_a_larger_budget_tries_a_heavy_paper_again(tmp_path):
    path = hostile.nested_forms(tmp_path / "slow.pdf", depth=5, pages=3)
    with pytest.raises(TooHeavy):
        parse_bounded(path, budget=Budget(seconds=0.5))
    doc = parse_bounded(path, budget=Budget(seconds=60))
    assert doc.title == hostile.TITLE and doc.pages == 5


def test_past_the_memory_budget_the_page_or_the_rest_is_lost_not_the_paper(tmp_path):
    """From a thread (a fork of this big test process would inherit its free heap, room the
    limit cannot see), page 1 first, as the reader asks for it.

    Where the limit bites depends on the heap's layout: inside MuPDF's page read (that page
    is lost, the paper parsed) or after it, where nothing more can be allocated (the parse
    stops; page 1 is kept). Both are a degraded open with one line; neither a crash nor an
    empty reader."""
    path = hostile.many_drawings(tmp_path / "dots.pdf", 300_000)  # its page needs ~170 MB
    budget = Budget(seconds=10, memory_mb=60)
    try:
        doc, stats = in_a_thread(lambda: bounded(path, budget, on_front=lambda doc: None))
    except TooHeavy as error:
        assert one_line(error) == "parse stopped at 60 MB: the PDF is too heavy"
        assert error.partial is not None and error.partial.title == hostile.TITLE
        return
    assert "page 2 could not be read: out of memory" in doc.warnings
    assert doc.title == hostile.TITLE
    assert stats.child_peak_mb is not None and stats.child_peak_mb < 160


def test_a_million_pages_from_a_small_file_stop_at_the_page_limit(tmp_path):
    doc, _ = bounded(hostile.huge_page_count(tmp_path / "pages.pdf"), Budget(seconds=30))
    assert doc.pages == 1_000_000
    assert "stopped at page 500 of 1000000" in doc.warnings


def test_a_page_tree_that_loops_is_named_not_blamed_on_scanning(tmp_path):
    doc, _ = bounded(hostile.page_tree_loop(tmp_path / "loop.pdf"))
    assert doc.warnings[0] == "damaged PDF: its page tree loops back on itself after page 2"
    assert doc.title == hostile.TITLE
    with pytest.raises(CorruptPdf) as caught:
        bounded(hostile.page_tree_loop(tmp_path / "loop0.pdf", at_once=True))
    assert one_line(caught.value) == (
        "damaged PDF: its page tree loops back on itself at once; no readable text"
    )


def test_a_repaired_truncated_file_says_damaged(tmp_path):
    doc, _ = bounded(hostile.truncated(tmp_path / "cut.pdf", 0.5))
    assert doc.warnings[0].startswith("damaged PDF (repaired by MuPDF: cannot find startxref)")
    assert not any("scan" in w for w in doc.warnings)


@settings(max_examples=12)
@given(fraction=st.floats(min_value=0.02, max_value=0.999))
def test_any_truncation_is_damage_never_a_scan(tmp_path_factory, fraction):
    path = hostile.truncated(tmp_path_factory.mktemp("cut") / "cut.pdf", fraction)
    try:
        doc, _ = bounded(path)
    except PdfError as error:
        assert not isinstance(error, NoTextLayer)
        assert one_line(error).startswith(("truncated or corrupt PDF", "damaged PDF"))
    else:
        assert not any("scan" in w for w in doc.warnings)
        assert doc.warnings and doc.warnings[0].startswith("damaged PDF")


def test_a_sparse_3_gb_file_is_refused_at_once(tmp_path):
    path = hostile.sparse_stream(tmp_path / "big.pdf", 3 << 30)
    started = time.monotonic()
    with pytest.raises(PdfError) as caught:
        parse_bounded(path)
    assert time.monotonic() - started < 0.5
    assert one_line(caught.value).startswith("too big: big.pdf is 3.0 GB")


def test_a_fifo_is_refused_without_blocking(tmp_path):
    path = hostile.fifo(tmp_path / "pipe.pdf")
    outcome: list[BaseException] = []
    thread = threading.Thread(target=lambda: _catch(outcome, path), daemon=True)
    thread.start()
    thread.join(5.0)
    assert not thread.is_alive(), "opening a FIFO blocked"
    assert isinstance(outcome[0], NotAPdf)
    assert one_line(outcome[0]) == "not a PDF: pipe.pdf is a named pipe (FIFO)"


def _catch(outcome: list[BaseException], path) -> None:
    try:
        parse_bounded(path)
    except BaseException as error:  # noqa: BLE001 - the test looks at it
        outcome.append(error)


@pytest.mark.parametrize(
    ("make", "error", "message"),
    [
        (hostile.directory, NotAPdf, "not a PDF: x.pdf is a directory"),
        (hostile.not_a_pdf, NotAPdf, "not a PDF: x.pdf"),
        (hostile.empty, NotAPdf, "not a PDF: x.pdf is empty"),
        (fixtures.encrypted, EncryptedPdf, "encrypted PDF: needs a password"),
        (fixtures.scanned, NoTextLayer, "no text layer: looks like a scan (OCR it first)"),
    ],
)
def test_unusable_files_give_one_line(tmp_path, make, error, message):
    with pytest.raises(error) as caught:
        bounded(make(tmp_path / "x.pdf"))
    assert one_line(caught.value) == message

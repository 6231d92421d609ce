"""Bad input: one-line errors or partial results, never a traceback or a hang."""

from __future__ import annotations

import pytest

from tests.pdf import fixtures
from tui import paths
from tui.pdf import Cancelled, CorruptPdf, EncryptedPdf, NotAPdf, NoTextLayer, parse_pdf


def test_not_a_pdf(tmp_path):
    path = tmp_path / "x.txt"
    path.write_text("just text")
    with pytest.raises(NotAPdf, match="^not a PDF: x.txt$"):
        parse_pdf(path)


def test_empty_file(tmp_path):
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    with pytest.raises(NotAPdf, match="empty"):
        parse_pdf(path)


def test_truncated(tmp_path, made):
    data = made["one"].read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[:600])
    with pytest.raises(CorruptPdf, match="^truncated or corrupt PDF"):
        parse_pdf(path)


def test_truncated_in_the_middle_still_reads_or_says_so(tmp_path, made):
    data = made["one"].read_bytes()
    path = tmp_path / "half.pdf"
    path.write_bytes(data[: len(data) * 2 // 3])
    try:
        doc = parse_pdf(path, use_cache=False)
    except (CorruptPdf, NoTextLayer) as error:
        assert "\n" not in str(error)
    else:
        assert doc.pages >= 1


def test_encrypted(tmp_path):
    with pytest.raises(EncryptedPdf, match="^encrypted PDF: needs a password$"):
        parse_pdf(fixtures.encrypted(tmp_path / "locked.pdf"))


def test_scan_without_text(tmp_path):
    with pytest.raises(NoTextLayer, match="looks like a scan"):
        parse_pdf(fixtures.scanned(tmp_path / "scan.pdf"))


def test_too_many_pages_is_cut_and_said(tmp_path):
    doc = parse_pdf(fixtures.many_pages(tmp_path / "long.pdf", 503), use_cache=False)
    assert doc.pages == 503
    assert "stopped at page 500 of 503" in doc.warnings


def test_page_that_throws_is_skipped(monkeypatch, made):
    import tui.pdf.parse as parse

    real = parse.page_lines

    def flaky(data, number, **kw):
        if number == 1:
            raise RuntimeError("syntax error in content stream")
        return real(data, number, **kw)

    monkeypatch.setattr(parse, "page_lines", flaky)
    doc = parse_pdf(made["one"], use_cache=False)
    assert "page 2 could not be read: syntax error in content stream" in doc.warnings
    assert doc.title == "Winnowing Papers with Layout Statistics"


def test_cancel(made):
    with pytest.raises(Cancelled):
        parse_pdf(made["one"], use_cache=False, cancel=lambda: True)


def test_cache_parses_once(monkeypatch, made):
    import tui.pdf.parse as parse

    first = parse_pdf(made["caps"])
    assert list(paths.parsed_dir().glob("*.json"))

    def boom(*args, **kwargs):
        raise AssertionError("parsed twice")

    monkeypatch.setattr(parse, "_parse", boom)
    again = parse_pdf(made["caps"])
    assert again.sections == first.sections and again.title == first.title

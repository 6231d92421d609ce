"""Figures drawn in a child process: the same picture, a budget of their own, a server that
may die and comes back."""

from __future__ import annotations

import base64
import os
import signal
import struct
import threading
import time
import zlib
from dataclasses import replace
from pathlib import Path

import pymupdf
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.pdf import hostile
from tui.pdf import Cancelled, CorruptPdf, NotAPdf, PdfError, TooHeavy, figure_png, workers
from tui.pdf.render import MAX_PIXELS, FigureBudget, figure_png_bounded, png_from


@pytest.fixture(scope="module")
def heavy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The "one" paper whose figure page also draws a million tiny rectangles (~6 s)."""
    return hostile.heavy_figure(tmp_path_factory.mktemp("heavy") / "heavy.pdf", depth=6)


@pytest.fixture
def forked(monkeypatch):
    monkeypatch.setattr(workers, "can_fork", lambda: True)


def in_thread(work):
    """``work()`` from a second thread, as the app calls it: the figure server serves it."""
    out: dict = {}

    def run() -> None:
        try:
            out["value"] = work()
        except BaseException as error:  # noqa: BLE001  (handed to the test)
            out["error"] = error

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(60)
    assert not thread.is_alive(), "the figure never came back"
    if "error" in out:
        raise out["error"]
    return out["value"]


def pixels(png: bytes) -> tuple[int, int, bytes]:
    pix = pymupdf.Pixmap(png)
    return pix.width, pix.height, bytes(pix.samples)


def figures_of(parsed) -> list:
    found = [f for f in parsed["one"].figures if f.region] + [
        f for f in parsed["ieee"].figures if f.region
    ]
    assert len(found) >= 2
    return found


def test_a_figure_from_the_figure_server_is_the_picture_drawn_in_process(made, parsed):
    for figure in figures_of(parsed):
        path = made["one"] if figure in parsed["one"].figures else made["ieee"]
        for zoom in (1.0, 2.0):
            before = figure_png(path, figure, zoom=zoom)
            served = in_thread(lambda: figure_png_bounded(path, figure, zoom=zoom))  # noqa: B023
            assert workers.FIGURES._proc is not None  # served, not forked
            assert pixels(served) == pixels(before)


def test_the_cli_forks_for_a_figure_and_gets_the_same_picture(forked, made, parsed):
    figure = parsed["one"].figures[0]
    assert pixels(figure_png_bounded(made["one"], figure)) == pixels(
        figure_png(made["one"], figure)
    )


def test_a_figure_of_a_missing_or_wrong_file_says_why(tmp_path, made, parsed):
    figure = parsed["one"].figures[0]
    with pytest.raises(PdfError, match="^no such file"):
        figure_png_bounded(tmp_path / "gone.pdf", figure)
    (tmp_path / "notes.pdf").write_text("not a pdf")
    with pytest.raises(NotAPdf):
        figure_png_bounded(tmp_path / "notes.pdf", figure)
    with pytest.raises(CorruptPdf, match="^page 9 is not in this PDF$"):
        in_thread(lambda: figure_png_bounded(made["one"], replace(figure, page=9)))


def test_a_heavy_figure_stops_at_its_time_budget_in_one_line(heavy, parsed, monkeypatch):
    monkeypatch.setenv("WINNOW_FIGURE_SECONDS", "0.8")
    figure = parsed["one"].figures[1]
    started = time.monotonic()
    with pytest.raises(TooHeavy) as stopped:
        in_thread(lambda: figure_png_bounded(heavy, figure, zoom=1.0))
    assert time.monotonic() - started < 0.8 + 1.5
    assert str(stopped.value) == "drawing stopped after 0.8 s: the figure is too heavy"
    # the server is free again at once: the next figure draws
    light = parsed["one"].figures[0]
    assert in_thread(lambda: figure_png_bounded(heavy, light, zoom=1.0))


def test_a_figure_past_its_budget_is_refused_at_once_when_asked_again(heavy, parsed, monkeypatch):
    """Reopening a paper does not spend its heavy figures' budgets again (each would take
    the figure server for its whole budget, one after another): the outcome is kept, for
    this budget or a smaller one; a larger budget tries again."""
    monkeypatch.setenv("WINNOW_FIGURE_SECONDS", "0.6")
    figure = parsed["one"].figures[1]
    with pytest.raises(TooHeavy) as first:
        in_thread(lambda: figure_png_bounded(heavy, figure, zoom=1.0))
    started = time.monotonic()
    with pytest.raises(TooHeavy) as again:
        in_thread(lambda: figure_png_bounded(heavy, figure, zoom=1.0))
    assert time.monotonic() - started < 0.3  # no child asked
    assert str(again.value) == str(first.value)
    monkeypatch.setenv("WINNOW_FIGURE_SECONDS", "0.9")
    started = time.monotonic()
    with pytest.raises(TooHeavy, match="0.9 s"):
        in_thread(lambda: figure_png_bounded(heavy, figure, zoom=1.0))
    assert time.monotonic() - started >= 0.9  # tried again, with the larger budget


def test_a_figure_past_its_memory_budget_stops_in_one_line(made, parsed, monkeypatch):
    monkeypatch.setenv("WINNOW_FIGURE_MB", "8")
    figure = parsed["one"].figures[0]  # ~4096x1000 px at zoom 8: ~12 MB of pixmap
    with pytest.raises(TooHeavy, match=r"^drawing stopped .*8 MB.*: the figure is too heavy$"):
        in_thread(lambda: figure_png_bounded(made["one"], figure, zoom=8.0))


def test_a_huge_clip_is_drawn_with_at_most_max_pixels(tmp_path):
    doc = pymupdf.open()
    page = doc.new_page(width=14000, height=14000)  # near PDF's largest page
    page.draw_rect((100, 100, 13900, 13900), color=(0, 0, 0), fill=(0.5, 0.5, 0.9))
    doc.save(tmp_path / "huge.pdf")
    from tui.pdf.model import Caption

    figure = Caption("Figure 1", "big", 1, (0, 13950, 14000, 13960), (0, 0, 14000, 13950))
    png = in_thread(lambda: figure_png_bounded(tmp_path / "huge.pdf", figure, zoom=2.0))
    width, height, _ = pixels(png)
    assert width * height <= MAX_PIXELS + 2 * (width + height) + 4 and width > 3000


def test_the_figure_server_dying_mid_figure_is_said_and_the_next_figure_draws(
    heavy, parsed, monkeypatch
):
    monkeypatch.setenv("WINNOW_FIGURE_SECONDS", "20")
    figure = parsed["one"].figures[1]
    pid = in_thread(lambda: workers.FIGURES.ensure().pid)
    killer = threading.Timer(0.5, os.kill, (pid, signal.SIGKILL))
    killer.start()
    started = time.monotonic()
    with pytest.raises(PdfError, match="^the figure renderer stopped before drawing it$"):
        in_thread(lambda: figure_png_bounded(heavy, figure, zoom=1.0))
    assert time.monotonic() - started < 5
    light = parsed["one"].figures[0]
    assert in_thread(lambda: figure_png_bounded(heavy, light, zoom=1.0))
    assert workers.FIGURES.ensure().pid != pid


def test_cancel_kills_the_figure_in_flight_and_a_figure_waiting_for_the_server(
    heavy, parsed, monkeypatch
):
    monkeypatch.setenv("WINNOW_FIGURE_SECONDS", "20")
    figure = parsed["one"].figures[1]
    stop = threading.Event()
    results: dict[str, BaseException] = {}

    def draw(name: str) -> None:
        try:
            figure_png_bounded(heavy, figure, zoom=1.0, cancel=stop.is_set)
        except PdfError as error:
            results[name] = error

    threads = [threading.Thread(target=draw, args=(n,)) for n in ("first", "queued")]
    for thread in threads:
        thread.start()
        time.sleep(0.3)  # the first has the server; the second waits for it
    started = time.monotonic()
    stop.set()
    for thread in threads:
        thread.join(10)
    assert time.monotonic() - started < 2
    assert all(isinstance(results[n], Cancelled) for n in ("first", "queued")), results
    light = parsed["one"].figures[0]
    assert in_thread(lambda: figure_png_bounded(heavy, light, zoom=1.0))  # the server is free


def test_figure_budget_from_the_environment():
    budget = FigureBudget.from_env({"WINNOW_FIGURE_SECONDS": "1.5", "WINNOW_FIGURE_MB": "90"})
    assert budget == FigureBudget(seconds=1.5, memory_mb=90)
    for bad in ("inf", "nan", "-1", "0", "lots", "1e308"):
        env = {"WINNOW_FIGURE_SECONDS": bad, "WINNOW_FIGURE_MB": bad}
        assert FigureBudget.from_env(env) == FigureBudget()


def png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")


@given(st.integers(0, 1 << 20), st.integers(0, 1 << 20))
def test_a_png_answer_is_taken_only_within_the_pixel_cap(width, height):
    data = base64.b64encode(png(width, height)).decode()
    if 0 < width * height <= MAX_PIXELS:
        assert png_from(data) == png(width, height)
    elif width * height > MAX_PIXELS + 2 * (width + height) + 4 or not width * height:
        with pytest.raises(CorruptPdf, match="unreadable picture$"):
            png_from(data)


@given(st.one_of(st.none(), st.integers(), st.text(max_size=200), st.binary(max_size=200)))
def test_any_other_png_answer_is_one_line_refused(data):
    if isinstance(data, bytes):
        data = base64.b64encode(data).decode()
    with pytest.raises(CorruptPdf, match="^the figure's renderer sent back an unreadable picture$"):
        png_from(data)


def counting_starts(monkeypatch) -> list[dict]:
    """Each request a child was started for, from now on."""
    asked: list[dict] = []
    real = workers.start

    def start(request, *args, **kwargs):
        asked.append(request)
        return real(request, *args, **kwargs)

    monkeypatch.setattr(workers, "start", start)
    return asked


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def test_a_figure_drawn_once_is_read_back_from_a_private_cache(made, parsed, monkeypatch):
    from tui import paths

    figure, other = parsed["one"].figures[:2]
    first = in_thread(lambda: figure_png_bounded(made["one"], figure, zoom=1.0))
    (kept,) = paths.figures_dir().iterdir()
    assert mode(kept) == 0o600 and mode(kept.parent) == 0o700 == mode(paths.cache_dir())
    asked = counting_starts(monkeypatch)
    assert in_thread(lambda: figure_png_bounded(made["one"], figure, zoom=1.0)) == first
    assert asked == []  # no child: read back
    in_thread(lambda: figure_png_bounded(made["one"], figure, zoom=2.0))
    in_thread(lambda: figure_png_bounded(made["one"], other, zoom=1.0))
    assert len(asked) == 2 and len(list(paths.figures_dir().iterdir())) == 3


def test_a_damaged_cached_figure_or_a_changed_pdf_is_drawn_again(
    made, parsed, tmp_path, monkeypatch
):
    from tui import paths

    pdf = tmp_path / "paper.pdf"
    pdf.write_bytes(made["one"].read_bytes())
    figure = parsed["one"].figures[0]
    first = in_thread(lambda: figure_png_bounded(pdf, figure, zoom=1.0))
    (kept,) = paths.figures_dir().iterdir()
    asked = counting_starts(monkeypatch)
    for damage in (first[:40], b"", b"\x89PNG not really" * 3):
        kept.write_bytes(damage)
        assert in_thread(lambda: figure_png_bounded(pdf, figure, zoom=1.0)) == first
    assert len(asked) == 3 and kept.read_bytes() == first  # drawn again, kept again
    heavy = hostile.heavy_figure(tmp_path / "heavy.pdf", depth=3)
    os.replace(heavy, pdf)  # the same name, another file: another digest
    in_thread(lambda: figure_png_bounded(pdf, figure, zoom=1.0))
    assert len(asked) == 4 and len(list(paths.figures_dir().iterdir())) == 2

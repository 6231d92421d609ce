"""The reader pane, mounted alone in a tiny app, showing a small generated paper."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Static
from textual_image.widget import HalfcellImage

import tui.widgets.reader_pane as reader_pane
from tui.models import Author, Paper, PaperIds
from tui.pdf import Document, parse_pdf
from tui.widgets.reader_pane import ReaderPane, duration, stage_meta
from tui.widgets.stage_view import clean

CSS = Path(reader_pane.__file__).with_name("reader.tcss")
FILLER = (
    "We study how residual connections change the optimisation of very deep networks. "
    "The approach is simple and the experiments cover several standard benchmarks. "
)


def make_pdf(path: Path) -> Path:
    """Two pages: title, authors, abstract, four sections, an equation and a drawn figure."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    y = 72.0

    def text(s: str, size: float = 10, x: float = 72, bold: bool = False, width: float = 468):
        nonlocal y
        rect = pymupdf.Rect(x, y, x + width, y + 400)
        left = page.insert_textbox(rect, s, fontsize=size, fontname="hebo" if bold else "helv")
        y += 400 - left + size * 0.8

    text("Residual Shortcuts for Careful Readers", size=18, bold=True, x=110, width=400)
    text("Ada Lovelace, Alan Turing", size=11, x=230, width=200)
    text("University of Nowhere", x=250, width=200)
    text("https://example.org/shortcuts", size=9, x=236, width=200)
    y += 6
    text("Abstract", size=11, bold=True, x=280, width=100)
    text(FILLER * 3, x=100, width=412)
    text("1 Introduction", size=12, bold=True)
    text(FILLER * 3)
    text(
        "Our contributions are as follows: we propose shortcut blocks that ease training. " + FILLER
    )
    text("2 Method", size=12, bold=True)
    text(FILLER * 2)
    page.insert_text((250, y + 10), "y = F(x, W) + x", fontsize=10, fontname="tiit")
    page.insert_text((522, y + 10), "(1)", fontsize=10, fontname="helv")
    y += 24
    text(FILLER * 2)
    text("3 Experiments", size=12, bold=True)
    text(FILLER * 2)
    page = doc.new_page(width=612, height=792)
    shape = page.new_shape()
    shape.draw_rect(pymupdf.Rect(150, 80, 460, 280))
    shape.draw_line((160, 270), (450, 100))
    shape.draw_circle((300, 180), 40)
    shape.finish(color=(0, 0, 0.8), fill=(0.9, 0.9, 1.0), width=2)
    shape.commit()
    y = 292.0
    text("Figure 1: Training error of plain and residual networks on a toy task.", size=9)
    y += 6
    text(FILLER * 3)
    text("4 Conclusion", size=12, bold=True)
    text(
        "Our results show that shortcuts reduce the training error. A limitation is that we "
        "only tested small models. In future work we will study larger models. " + FILLER
    )
    doc.save(path)
    return path


@pytest.fixture(scope="module")
def paper_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_pdf(tmp_path_factory.mktemp("reader") / "toy.pdf")


@pytest.fixture
def doc(paper_pdf: Path) -> Document:
    return parse_pdf(paper_pdf, use_cache=False)


PAPER = Paper(
    title="Residual Shortcuts for Careful Readers",
    ids=PaperIds(arxiv="2401.00001"),
    authors=(Author("Ada Lovelace"), Author("Alan Turing")),
    year=2024,
    venue="TestConf",
    abstract="An abstract from the metadata.",
    tldr="Shortcuts help.",
)


class ReaderApp(App[None]):
    CSS_PATH = [CSS]

    def __init__(self, renderer: str = "none") -> None:
        super().__init__()
        self.renderer = renderer
        self.positions: list[ReaderPane.PositionChanged] = []

    def compose(self) -> ComposeResult:
        yield ReaderPane(id="reader", classes="pane", image_renderer=self.renderer)

    def on_reader_pane_position_changed(self, message: ReaderPane.PositionChanged) -> None:
        self.positions.append(message)

    @property
    def pane(self) -> ReaderPane:
        return self.query_one(ReaderPane)


def texts(pane: ReaderPane, selector: str = "Static") -> list[str]:
    return [str(w.content) for w in pane.body.query(selector).results(Static)]


def body(pane: ReaderPane) -> str:
    return "\n".join(texts(pane))


def header(pane: ReaderPane) -> str:
    return "\n".join(
        str(pane.query_one(f"#reader-{name}", Static).content) for name in ("stages", "section")
    )


async def test_four_stages_of_a_parsed_paper(doc: Document, paper_pdf: Path) -> None:
    app = ReaderApp()
    async with app.run_test(size=(100, 40)) as pilot:
        pane = app.pane
        await pane.show(PAPER, 1, doc=doc, pdf_path=paper_pdf, locked={2, 3, 4})
        await pilot.pause()
        one = body(pane)
        assert "Residual Shortcuts for Careful Readers" in texts(pane, ".-title")
        assert "Ada Lovelace, Alan Turing" in one
        assert "https://example.org/shortcuts" in one
        assert "Figure 1: Training error" in one
        assert "Abstract" in one and "TL;DR Shortcuts help." in one
        assert "[figure not drawn: images are off]" in one
        assert "Stage  1  · 2🔒 · 3🔒 · 4🔒" in header(pane)
        assert pane.current_stage == 1

        await pane.show(PAPER, 2, doc=doc, pdf_path=paper_pdf)
        two = body(pane)
        assert "1 Introduction" in two and "4 Conclusion" in two
        assert any("Our contributions" in t for t in texts(pane, ".-contribution"))
        checklist = texts(pane, ".-checklist")
        assert "✓ limitations — “A limitation is that we only tested small models.”" in checklist
        assert any(t.startswith(("✓ results — ", "✗ results — not stated")) for t in checklist)
        assert "Stage 1 · 2 ·  3  · 4" not in header(pane)

        await pane.show(PAPER, 3, doc=doc, pdf_path=paper_pdf)
        three = body(pane)
        assert "⟨equation 1⟩" in texts(pane, ".-equation-marker")
        assert "2 Method" in three and "3 Experiments" in three
        assert "1 Introduction" not in three

        await pane.show(PAPER, 4, doc=doc, pdf_path=paper_pdf)
        assert pane.current_stage == 4
        assert any("y = F(x, W) + x" in t for t in texts(pane, ".-equation"))
        headings = [h.text for h in pane.body.headings]
        assert headings == [
            "Abstract",
            "1 Introduction",
            "2 Method",
            "3 Experiments",
            "4 Conclusion",
        ]


async def test_next_section_moves_between_headings(doc: Document, paper_pdf: Path) -> None:
    app = ReaderApp()
    async with app.run_test(size=(60, 20)) as pilot:
        pane = app.pane
        await pane.show(PAPER, 4, doc=doc, pdf_path=paper_pdf)
        await pilot.pause()
        assert pane.next_section(-1) is None
        assert pane.next_section(+1) == "Abstract"
        assert pane.next_section(+1) == "1 Introduction"
        intro = pane.body.headings[1]
        assert pane.current_line == intro.virtual_region.y
        assert "§ 1 Introduction" in header(pane)
        assert pane.next_section(+1) == "2 Method"
        assert pane.next_section(-1) == "1 Introduction"
        assert pane.current_line == intro.virtual_region.y
        for expected in ("2 Method", "3 Experiments", "4 Conclusion"):
            assert pane.next_section(+1) == expected
        assert pane.next_section(+1) is None


async def test_outside_text_is_literal() -> None:
    nasty = "[bold]Evil[/] [link=https://x.example]click[/link] \x1b[31mred\x1b[0m\x07 \x9b2J"
    paper = Paper(title=nasty, authors=(Author("[i]Mallory[/i]"),), abstract="x [/] y \x1b]8;;z")
    app = ReaderApp()
    async with app.run_test(size=(100, 30)) as pilot:
        pane = app.pane
        pane.show_loading(paper, "parsing [b]page[/b] 3\x1b[2J")
        await pilot.pause()
        assert "parsing [b]page[/b] 3␛[2J" in body(pane)
        await pane.show(paper, 1, missing="offline [red]now[/red]")
        await pilot.pause()
        shown = body(pane)
        literal_title = (
            "[bold]Evil[/] [link=https://x.example]click[/link] ␛[31mred␛[0m␇ ⟨U+009B⟩2J"
        )
        assert literal_title in texts(pane, ".-title")
        assert "[i]Mallory[/i]" in shown
        assert "x [/] y ␛]8;;z" in shown
        assert "offline [red]now[/red]" in shown
        assert literal_title in header(pane)
        assert not any(ch in shown + header(pane) for ch in "\x1b\x07\x9b")
        pane.clear("nothing [b]here[/b]")
        await pilot.pause()
        assert body(pane) == "nothing [b]here[/b]"


def test_clean_replaces_control_characters() -> None:
    assert clean("a\x1bb\tc\nd\x7f\x85") == "a␛b c\nd␡⟨U+0085⟩"


async def test_metadata_only_stage_one_says_why() -> None:
    app = ReaderApp()
    async with app.run_test(size=(100, 30)) as pilot:
        pane = app.pane
        await pane.show(PAPER, 1, doc=None, missing="PDF not available: offline")
        await pilot.pause()
        shown = body(pane)
        assert "An abstract from the metadata." in shown
        assert "TestConf 2024" in shown
        notes = texts(pane, ".-note")
        assert any("PDF not available: offline" in n for n in notes)
        assert "PDF not available: PDF not available" not in shown
        await pane.show(PAPER, 2, doc=None, missing="offline")
        assert "stage 2 needs the paper's text" in body(pane)


async def test_locked_stage_says_when_it_opens(doc: Document, paper_pdf: Path) -> None:
    app = ReaderApp()
    async with app.run_test(size=(100, 30)):
        pane = app.pane
        await pane.show(PAPER, 3, doc=doc, pdf_path=paper_pdf, locked={2, 3, 4})
        assert any("Stage 3 is locked" in n for n in texts(pane, ".-note"))
        assert "Method" not in body(pane)


async def test_time_in_stage_shown_and_warned(doc: Document) -> None:
    app = ReaderApp()
    async with app.run_test(size=(100, 30)):
        pane = app.pane
        await pane.show(PAPER, 1, doc=doc, seconds={"1": 700.0, "2": 30.0})
        stages = pane.query_one("#reader-stages", Static).content
        assert "11m40s" in str(stages)
        warn = pane.get_component_rich_style("reader-pane--time-warn")
        assert any(span.style == warn for span in stages.spans)
        await pane.show(PAPER, 2, doc=doc, seconds={"1": 700.0, "2": 30.0})
        assert "30s" in header(pane)
    assert [duration(s) for s in (5, 252, 3900)] == ["5s", "4m12s", "1h05m"]


async def test_position_reported_after_scrolling_and_restored(
    doc: Document, paper_pdf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reader_pane, "POSITION_DELAY", 0.2)
    app = ReaderApp()
    async with app.run_test(size=(60, 20)) as pilot:
        pane = app.pane
        await pane.show(PAPER, 4, doc=doc, pdf_path=paper_pdf, position=7)
        await pilot.pause()
        assert pane.current_line == 7
        pane.body.focus()
        await pilot.press("j", "j", "j", "down", "k")
        await pilot.pause(0.5)
        assert pane.current_line == 10
        assert [(m.paper_key, m.stage, m.line) for m in app.positions] == [
            ("arxiv:2401.00001", 4, 10)
        ]
        await pilot.press("end")
        await pilot.pause(0.5)
        assert app.positions[-1].line == pane.current_line == pane.body.max_scroll_y > 10


async def test_figure_drawn_in_half_blocks(doc: Document, paper_pdf: Path) -> None:
    app = ReaderApp("halfcell")
    async with app.run_test(size=(100, 40)) as pilot:
        pane = app.pane
        await pane.show(PAPER, 3, doc=doc, pdf_path=paper_pdf)
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        pictures = list(pane.body.query(HalfcellImage))
        assert len(pictures) == 1
        assert 0 < pictures[0].size.height <= 24 and pictures[0].size.width <= 98
        assert "figure not drawn" not in body(pane)


async def test_figure_not_drawn_says_why(doc: Document, tmp_path: Path) -> None:
    app = ReaderApp("halfcell")
    async with app.run_test(size=(100, 40)) as pilot:
        pane = app.pane
        await pane.show(PAPER, 3, doc=doc, pdf_path=tmp_path / "gone.pdf")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert any(t.startswith("[figure not drawn: ") for t in texts(pane, ".-not-drawn"))
        assert not pane.body.query(HalfcellImage)


def test_stage_meta_from_paper() -> None:
    meta = stage_meta(PAPER, "PDF not available: no open-access PDF")
    assert meta.title == PAPER.title and meta.authors == ("Ada Lovelace", "Alan Turing")
    assert meta.missing_reason == "no open-access PDF"
    assert meta.year == 2024 and meta.tldr == "Shortcuts help."

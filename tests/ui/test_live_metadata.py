"""Metadata that arrives later reaches the header, the list and the exports (11.8): from a
parsed PDF for an id added offline; from the sources for a paper added from a PDF (by the
arXiv id its PDF carries, else by its title)."""

from __future__ import annotations

from pathlib import Path

from tests.pdf.fixtures import one_column
from tests.ui.conftest import FakeSources
from tests.ui.driving import settle
from tui.exchange import bibtex_entry
from tui.library import paper_from_pdf
from tui.models import Paper, PaperIds, parse_ref
from tui.store import Store

DEMO_TITLE = "Windowed Recurrent Attention for Long Documents"


class Known(FakeSources):
    """Sources that know some papers (by id through lookup, by title through search)."""

    def __init__(self, papers: list[Paper], by_id: dict[str, Paper] | None = None) -> None:
        super().__init__(papers)
        self.by_id = by_id or {}
        self.looked_up: list[str] = []

    async def lookup(self, ref):
        self.looked_up.append(ref.key)
        return self.by_id.get(ref.key)


def app_with(app_factory, store: Store, sources) -> object:
    from tui.app import make_app

    return make_app(app_factory().config, store, sources=sources)


async def test_an_id_added_offline_takes_its_title_from_its_parsed_pdf(
    app_factory, sample_pdf: Path
) -> None:
    store = Store.open()
    store.create_topic("t", "p")
    key = store.add_ref(parse_ref("2101.09999")).paper_key
    store.attach_pdf(key, sample_pdf)  # the PDF came (downloaded, or brought in)
    app = app_with(app_factory, store, Known([]))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert store.paper(key).title == "arxiv:2101.09999"
        app.screen.shortlist.options.focus()
        await pilot.press("enter")  # the reader parses it
        await settle(pilot)
        paper = store.paper(key)
        assert paper.title == DEMO_TITLE and paper.author_names[0] == "Ada Moreau"
        shortlist = app.screen.shortlist.query_one("#shortlist")
        assert DEMO_TITLE in str(shortlist.get_option_at_index(0).prompt)
        assert app.screen.paper.title == DEMO_TITLE  # the reader's header
        assert DEMO_TITLE in bibtex_entry(paper)  # and the exports


async def test_a_paper_from_a_pdf_without_an_id_is_found_by_its_title(
    app_factory, sample_pdf: Path
) -> None:
    store = Store.open()
    store.create_topic("t", "p")
    entry, _ = store.add_pdf(paper_from_pdf(sample_pdf))
    assert store.paper(entry.paper_key).year is None
    known = Paper(
        title=DEMO_TITLE,
        ids=PaperIds(s2="abc123"),
        year=2021,
        venue="ACL",
        citations=42,
        tldr="Windows plus memory.",
        sources=("s2",),
    )
    sources = Known([Paper(title="Something else"), known])
    app = app_with(app_factory, store, sources)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert sources.calls and sources.calls[0][0] == DEMO_TITLE
        paper = store.paper(store.entries()[0].paper_key)
        assert (paper.year, paper.venue, paper.citations, paper.tldr) == (
            2021,
            "ACL",
            42,
            "Windows plus memory.",
        )
        assert paper.local_pdf  # still its PDF
        assert "2021" in bibtex_entry(paper)


async def test_a_paper_from_a_pdf_is_looked_up_by_the_arxiv_id_it_carries(
    app_factory, tmp_path: Path
) -> None:
    store = Store.open()
    store.create_topic("t", "p")
    store.add_pdf(paper_from_pdf(one_column(tmp_path / "one.pdf")))
    known = Paper(
        title="Winnowing Papers with Layout Statistics",
        ids=PaperIds(arxiv="2101.00001", s2="s2id"),
        year=2021,
        venue="NeurIPS",
        sources=("arxiv", "s2"),
    )
    sources = Known([], {"arxiv:2101.00001": known})
    app = app_with(app_factory, store, sources)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert sources.looked_up == ["arxiv:2101.00001"]
        paper = store.paper("arxiv:2101.00001")
        assert (paper.year, paper.venue) == (2021, "NeurIPS")

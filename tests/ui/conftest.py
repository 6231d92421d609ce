"""Fixtures for driving the app: local fake sources, a store, the app factory."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from tui import config as config_module
from tui.app import make_app
from tui.demo_paper import write_demo_pdf
from tui.models import Author, Paper, PaperIds, SearchFilters
from tui.sources import SearchResult
from tui.sources.merge import merge_pages
from tui.store import Store


def fake_papers(count: int, pdf: Path | None = None) -> list[Paper]:
    papers = []
    for i in range(count):
        papers.append(
            Paper(
                title=f"Paper {i:02d} on sparse attention",
                ids=PaperIds(arxiv=f"2101.{i:05d}"),
                authors=(Author(f"Author {i}"), Author("Second Author")),
                year=2015 + i % 10,
                venue="NeurIPS",
                citations=100 * i,
                abstract=f"Abstract of paper {i}.",
                tldr=f"TLDR of paper {i}.",
                sources=("arxiv", "s2"),
                local_pdf=str(pdf) if pdf and i == 0 else None,
            )
        )
    return papers


class FakeSources:
    """Answers like SearchService, from a fixed list, with no network."""

    def __init__(self, papers: list[Paper], page_size: int = 20) -> None:
        self.papers = papers
        self.page_size = page_size
        self.calls: list[tuple[str, int]] = []

    async def search(
        self, query: str, filters: SearchFilters, *, page: int = 0, on_update=None, previous=None
    ):
        self.calls.append((query, page))
        start = page * self.page_size
        chunk = tuple(self.papers[start : start + self.page_size])
        if previous is not None:  # the service merges the next page into the answer so far
            chunk = tuple(merge_pages(previous.papers, [chunk]))
        status = {"arxiv": "ok", "s2": "ok"}
        totals = {"arxiv": len(self.papers), "s2": len(self.papers)}
        return SearchResult(
            query=query,
            filters=filters,
            papers=chunk,
            status=status,
            totals=totals,
            has_more=start + self.page_size < len(self.papers),
            page=page,
        )

    async def lookup(self, ref):
        return None


@pytest.fixture
def sample_pdf(tmp_path: Path) -> Path:
    return write_demo_pdf(tmp_path / "sample.pdf")


@pytest.fixture
def app_factory(sample_pdf: Path):
    config = replace(config_module.load(), image_renderer="none")

    def build(papers: list[Paper] | None = None, store: Store | None = None):
        store = store or Store.open()
        sources = FakeSources(papers if papers is not None else fake_papers(14, sample_pdf))
        return make_app(config, store, sources=sources)

    return build

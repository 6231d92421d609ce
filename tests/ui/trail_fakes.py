"""A small citation graph for driving the trail: an S2 client's graph requests answered
from a list of papers (each paper cites the ones after it), every request recorded, so a
test can say when the app asked and when it did not."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from tests.ui.conftest import FakeSources, fake_papers
from tui import config as config_module
from tui.app import make_app
from tui.models import Citation, Context, Intent, Paper, PaperRef
from tui.sources.graph import GraphPage, GraphService
from tui.store import Store

INTENTS = (Intent.BACKGROUND, Intent.METHOD, Intent.RESULT)


def sentence(citing: Paper, cited: Paper) -> str:
    return f"{citing.title} builds on {cited.title} for its windows."


class GraphS2:
    """``references`` / ``citations`` / ``recommend`` of an S2 client, from ``papers``:
    paper i cites papers i+1 … i+``fan`` (so paper j is cited by j-``fan`` … j-1)."""

    def __init__(self, papers: list[Paper], fan: int = 6) -> None:
        self.papers = papers
        self.fan = fan
        self.calls: list[tuple[str, str, int]] = []
        self.recommended: list[Paper] | None = None  # None: the papers not among the seeds
        self.seeds: tuple[list[str], list[str]] | None = None
        self.sentences: dict[tuple[str, str], str] = {}  # (citing, cited) arXiv ids -> text

    def _index(self, ref: PaperRef) -> int:
        return next(i for i, p in enumerate(self.papers) if p.ids.arxiv == ref.value)

    def _row(self, citing: Paper, cited: Paper, other: Paper, n: int) -> Citation:
        text = self.sentences.get((citing.ids.arxiv, cited.ids.arxiv)) or sentence(citing, cited)
        intent = INTENTS[n % 3]
        return Citation(other, (Context(text, (intent,)),), (intent,), n % 4 == 0)

    @staticmethod
    def _page(rows: list[Citation], offset: int, limit: int) -> GraphPage:
        end = offset + limit
        return GraphPage(tuple(rows[offset:end]), offset, end if end < len(rows) else None)

    async def references(self, ref: PaperRef, *, offset: int = 0, limit: int = 100) -> GraphPage:
        self.calls.append(("references", ref.value, offset))
        i = self._index(ref)
        cited = self.papers[i + 1 : i + 1 + self.fan]
        rows = [self._row(self.papers[i], p, p, n) for n, p in enumerate(cited)]
        return self._page(rows, offset, limit)

    async def citations(self, ref: PaperRef, *, offset: int = 0, limit: int = 100) -> GraphPage:
        self.calls.append(("citations", ref.value, offset))
        i = self._index(ref)
        citing = self.papers[max(0, i - self.fan) : i][::-1]
        rows = [self._row(p, self.papers[i], p, n) for n, p in enumerate(citing)]
        return self._page(rows, offset, limit)

    async def recommend(self, positives, negatives=(), *, limit: int = 100):
        self.calls.append(("recommend", ",".join(r.value for r in positives), 0))
        self.seeds = ([r.value for r in positives], [r.value for r in negatives])
        if self.recommended is not None:
            return tuple(self.recommended)
        seeds = {r.value for r in (*positives, *negatives)}
        return tuple(p for p in self.papers if p.ids.arxiv not in seeds)[:limit]

    async def aclose(self) -> None:
        return None


class TrailSources(FakeSources):
    """The UI tests' fake search, with a graph beside it."""

    def __init__(self, papers: list[Paper], graph: GraphService, page_size: int = 20) -> None:
        super().__init__(papers, page_size)
        self.graph = graph


def trail_app(
    papers: list[Paper] | None = None,
    *,
    store: Store | None = None,
    fan: int = 6,
    page_size: int = 100,
    graph: GraphService | None = None,
    pdf: Path | None = None,
):
    """An app on a topic, its search and graph answered from ``papers`` (14 by default)."""
    papers = papers if papers is not None else fake_papers(14, pdf)
    if store is None:
        store = Store.open()
        store.create_topic("snowball", "follow the citations")
    s2 = GraphS2(papers, fan)
    graph = graph or GraphService(s2, None, page_size=page_size)  # type: ignore[arg-type]
    config = replace(config_module.load(), image_renderer="none")
    app = make_app(config, store, sources=TrailSources(papers, graph))
    return app, s2


async def wait_for(pilot, condition, seconds: float = 20.0) -> None:
    """Wait for ``condition()`` (a worker's answer on screen), never a fixed sleep."""
    import time

    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the condition never came true"
        await pilot.pause(0.02)


def keys_of(pane) -> list[str]:
    return [p.key for p in pane.papers]

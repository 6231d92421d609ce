"""The demo's Semantic Scholar graph: references, citations and recommendations, offline.

:class:`DemoS2` answers like :class:`~tui.sources.s2_client.S2Client`'s graph requests
(one :class:`~tui.sources.graph.GraphPage` per page, papers for recommendations) from the
demo's built-in library, so the real :class:`~tui.sources.graph.GraphService` pages,
merges and sorts them as it would S2's. Who cites whom follows the papers' dates; the
citing sentences are winnow's own sample text built from each paper's one-line summary
(not quotes), their intents and the influential flag chosen by a simple rule.
"""

from __future__ import annotations

from collections.abc import Sequence

from tui.models import Citation, Context, Intent, Paper, PaperRef

# citing arXiv id -> the arXiv ids it cites, in its reference order
CITES: dict[str, tuple[str, ...]] = {
    "1901.02860": ("1706.03762",),
    "2001.04451": ("1706.03762", "1901.02860"),
    "2004.05150": ("1706.03762", "1901.02860", "2001.04451"),
    "2006.04768": ("1706.03762", "2001.04451", "2004.05150"),
    "2007.14062": ("1706.03762", "1901.02860", "2004.05150", "2001.04451", "2006.04768"),
    "2009.06732": (
        "1706.03762", "1901.02860", "2001.04451", "2006.04768", "2004.05150", "2007.14062",
    ),
    "2009.14794": ("1706.03762", "2001.04451", "2006.04768", "2004.05150", "2007.14062"),
    "2011.04006": (
        "1706.03762", "2001.04451", "2006.04768", "2004.05150", "2007.14062", "2009.14794",
        "2009.06732",
    ),
    "2111.00396": ("1706.03762", "2011.04006", "1901.02860", "2009.14794", "2006.04768"),
    "2205.14135": (
        "1706.03762", "2004.05150", "2007.14062", "2001.04451", "2006.04768", "2009.14794",
        "2011.04006", "2009.06732", "2111.00396",
    ),
    "2307.08691": ("1706.03762", "2205.14135", "2001.04451", "2004.05150"),
}  # fmt: skip
BUILDS_ON = {
    ("1901.02860", "1706.03762"), ("2001.04451", "1706.03762"), ("2004.05150", "1706.03762"),
    ("2006.04768", "1706.03762"), ("2007.14062", "2004.05150"), ("2007.14062", "1706.03762"),
    ("2009.14794", "1706.03762"), ("2205.14135", "1706.03762"), ("2307.08691", "2205.14135"),
}  # fmt: skip
BENCHMARK = "2011.04006"


def _who(paper: Paper) -> str:
    return paper.authors[0].name.split()[-1] if paper.authors else "The authors"


def _sentence(citing: Paper, cited: Paper, number: int) -> Context:
    summary = (cited.tldr or cited.title).rstrip(".")
    summary = summary[:1].lower() + summary[1:]
    if cited.ids.arxiv == BENCHMARK:
        return Context(
            f"We report results on {cited.title.split(':')[0]} [{number}], the usual test of "
            "long-range modelling.",
            (Intent.RESULT,),
        )
    if (citing.ids.arxiv, cited.ids.arxiv) in BUILDS_ON:
        return Context(f"We follow {_who(cited)} et al. [{number}]: {summary}.", (Intent.METHOD,))
    # A summary may be a sentence or a phrase: "X et al. [1] show that" fits only one.
    return Context(f"Earlier, {_who(cited)} et al. [{number}]: {summary}.", (Intent.BACKGROUND,))


class DemoS2:
    """The graph requests of an S2 client, answered from the demo's library."""

    def __init__(self, papers: Sequence[Paper]) -> None:
        self.by_arxiv = {p.ids.arxiv: p for p in papers if p.ids.arxiv}

    def _citation(self, citing: Paper, cited: Paper, other: Paper) -> Citation:
        refs = CITES.get(citing.ids.arxiv or "", ())
        number = refs.index(cited.ids.arxiv) + 1 if cited.ids.arxiv in refs else 1
        context = _sentence(citing, cited, number)
        influential = (citing.ids.arxiv, cited.ids.arxiv) in BUILDS_ON
        return Citation(other, (context,), context.intents, influential)

    def _page(self, rows: list[Citation], offset: int, limit: int):
        from tui.sources.graph import GraphPage

        end = offset + limit
        return GraphPage(tuple(rows[offset:end]), offset, end if end < len(rows) else None)

    def _paper(self, ref: PaperRef) -> Paper | None:
        return self.by_arxiv.get(ref.value) if ref.kind.value == "arxiv" else None

    async def references(self, ref: PaperRef, *, offset: int = 0, limit: int = 100):
        paper = self._paper(ref)
        if paper is None:
            return self._page([], offset, limit)
        rows = [
            self._citation(paper, cited, cited)
            for cited in (self.by_arxiv[i] for i in CITES.get(paper.ids.arxiv or "", ()))
        ]
        return self._page(rows, offset, limit)

    async def citations(self, ref: PaperRef, *, offset: int = 0, limit: int = 100):
        paper = self._paper(ref)
        if paper is None:
            return self._page([], offset, limit)
        citing = sorted(
            (p for i, p in self.by_arxiv.items() if paper.ids.arxiv in CITES.get(i, ())),
            key=lambda p: p.ids.arxiv or "",
            reverse=True,  # the newest first, as S2 lists them
        )
        return self._page([self._citation(p, paper, p) for p in citing], offset, limit)

    async def recommend(
        self, positives: Sequence[PaperRef], negatives: Sequence[PaperRef] = (), *, limit: int = 100
    ) -> tuple[Paper, ...]:
        """The library's papers not among the seeds, the most cited first."""
        seeds = {r.value for r in (*positives, *negatives)}
        out = [p for i, p in self.by_arxiv.items() if i not in seeds]
        out.sort(key=lambda p: -(p.citations or 0))
        return tuple(out[:limit])

    async def aclose(self) -> None:
        return None


def demo_graph(papers: Sequence[Paper]):
    """A :class:`~tui.sources.graph.GraphService` over the demo's library, no cache."""
    from tui.sources.graph import GraphService

    return GraphService(DemoS2(papers), None)  # type: ignore[arg-type]

"""The built-in offline sample topic behind ``winnow --demo``.

It lives in its own folder under the cache dir and is rebuilt on every start,
so the demo never touches the user's own topics, and it answers searches from
a built-in list, so it needs no network.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
from collections.abc import Iterator
from pathlib import Path

from tui import __version__, paths
from tui.config import Config
from tui.models import (
    Author,
    Entry,
    Notes,
    Paper,
    PaperIds,
    SearchFilters,
    Status,
    Topic,
    normalise_title,
)
from tui.store import SCHEMA_VERSION, Store, now_iso

DEMO_TOPIC = "demo: attention for long documents"
DEMO_PURPOSE = "choose an attention mechanism for a long-document summariser"

# (arXiv id, title, first authors, year, venue, citations, our one-line summary)
LIBRARY = [
    (
        "1706.03762",
        "Attention Is All You Need",
        ["Ashish Vaswani", "Noam Shazeer"],
        2017,
        "NeurIPS",
        120000,
        "Self-attention alone, no recurrence, for sequence transduction.",
    ),
    (
        "2004.05150",
        "Longformer: The Long-Document Transformer",
        ["Iz Beltagy", "Matthew E. Peters"],
        2020,
        "arXiv",
        4000,
        "Local windows plus a few global tokens make attention linear.",
    ),
    (
        "2007.14062",
        "Big Bird: Transformers for Longer Sequences",
        ["Manzil Zaheer", "Guru Guruganesh"],
        2020,
        "NeurIPS",
        2500,
        "Random, window and global attention; a sparse pattern with theory.",
    ),
    (
        "2001.04451",
        "Reformer: The Efficient Transformer",
        ["Nikita Kitaev", "Lukasz Kaiser"],
        2020,
        "ICLR",
        2300,
        "Locality-sensitive hashing groups similar queries and keys.",
    ),
    (
        "2006.04768",
        "Linformer: Self-Attention with Linear Complexity",
        ["Sinong Wang", "Belinda Z. Li"],
        2020,
        "arXiv",
        1800,
        "Low-rank projections of keys and values shorten attention.",
    ),
    (
        "2009.14794",
        "Rethinking Attention with Performers",
        ["Krzysztof Choromanski"],
        2020,
        "ICLR",
        1700,
        "Random features approximate softmax attention in linear time.",
    ),
    (
        "1901.02860",
        "Transformer-XL: Attentive Language Models Beyond a Fixed-Length Context",
        ["Zihang Dai", "Zhilin Yang"],
        2019,
        "ACL",
        3500,
        "Segment recurrence reuses earlier states.",
    ),
    (
        "2205.14135",
        "FlashAttention: Fast and Memory-Efficient Exact Attention with IO-Awareness",
        ["Tri Dao", "Daniel Y. Fu"],
        2022,
        "NeurIPS",
        2000,
        "Exact attention, tiled to fit on-chip.",
    ),
    (
        "2111.00396",
        "Efficiently Modeling Long Sequences with Structured State Spaces",
        ["Albert Gu", "Karan Goel"],
        2021,
        "ICLR",
        1500,
        "State-space layers for very long inputs.",
    ),
    (
        "2009.06732",
        "Efficient Transformers: A Survey",
        ["Yi Tay", "Mostafa Dehghani"],
        2020,
        "ACM Computing Surveys",
        1200,
        "A map of efficient attention variants.",
    ),
    (
        "2011.04006",
        "Long Range Arena: A Benchmark for Efficient Transformers",
        ["Yi Tay"],
        2020,
        "ICLR",
        700,
        "A benchmark suite for long-context models.",
    ),
    (
        "2307.08691",
        "FlashAttention-2: Faster Attention with Better Parallelism and Work Partitioning",
        ["Tri Dao"],
        2023,
        "ICLR",
        900,
        "Better work partitioning for exact attention.",
    ),
]


def demo_dir() -> Path:
    return paths.cache_dir() / "demo"


def library_papers() -> list[Paper]:
    papers = []
    for arxiv_id, title, authors, year, venue, cites, tldr in LIBRARY:
        papers.append(
            Paper(
                title=title,
                ids=PaperIds(arxiv=arxiv_id),
                authors=tuple(Author(a) for a in authors),
                year=year,
                venue=venue,
                citations=cites,
                tldr=tldr,
                abstract=f"{tldr} (Demo entry: winnow's own one-line summary, not the abstract.)",
                pdf_url=None,
                sources=("arxiv", "s2"),
            )
        )
    return papers


def sample_paper(pdf: Path) -> Paper:
    from tui.demo_paper import ABSTRACT, TITLE

    return Paper(
        title=TITLE,
        ids=PaperIds(),
        year=2026,
        venue="winnow demo",
        authors=(Author("Ada Moreau"), Author("Kenji Tanabe"), Author("Lucía Ferrer")),
        abstract=ABSTRACT,
        tldr="Local attention windows plus a small recurrent memory: near "
        "full-attention quality at 3x the speed on long documents.",
        local_pdf=str(pdf),
        sources=("pdf",),
    )


def prepare_demo(config: Config) -> Store:
    """A fresh demo topic: a shortlist after the cut, with a readable sample paper.

    The state is reset on every start. It is built once per version of winnow into a
    pristine copy beside it (topics, papers and their records: a dozen store writes, each
    fsynced); each start then copies those files over the last session's, which costs the
    start — it runs beside Textual's import — a millisecond of the interpreter, not 30.
    The sample PDF is drawn once.
    """
    folder = demo_dir()
    pdf = folder / "windowed-recurrent-attention.pdf"
    if not pdf.is_file():
        _draw_sample(pdf)
    pristine = folder / f"pristine-{__version__}-{SCHEMA_VERSION}"
    with _demo_lock(folder):  # two demos starting at once take turns
        if not (pristine / _READY).is_file():
            _build(pristine, pdf)
        return Store.reset(
            folder / "state.json",
            folder / "cache.json",
            seed=pristine,
            cap=config.shortlist_cap,
            kept_target=config.kept_target,
        )


@contextlib.contextmanager
def _demo_lock(folder: Path) -> Iterator[None]:
    """The demo folder's own lock (``flock``: no import to pay before the first frame)."""
    import os

    try:
        import fcntl
    except ImportError:  # no flock here: demos starting together may trip on each other
        yield
        return
    paths.ensure(folder)
    fd = os.open(folder / "demo.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # and with it the lock


_READY = "ready"


def _draw_sample(pdf: Path) -> None:
    """Draw the sample paper in another interpreter, so PyMuPDF never loads in the app's
    process (35 MB it would keep); in this one only if that fails."""
    import subprocess
    import sys

    from tui.pdf.workers import python_env

    with contextlib.suppress(OSError, subprocess.SubprocessError):
        subprocess.run(
            [sys.executable, "-m", "tui.demo_paper", str(pdf)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=python_env(),
            timeout=60,
            check=False,
        )
    if not pdf.is_file():
        from tui.demo_paper import write_demo_pdf

        write_demo_pdf(pdf)


def _build(pristine: Path, pdf: Path) -> None:
    """The demo's state, written once into ``pristine`` (under a name of its own, then
    renamed: two demos starting at once never see half of it)."""
    import os
    import shutil

    for old in pristine.parent.glob("pristine-*"):  # an earlier version's, or a crash's
        if old != pristine and not _building_now(old, pristine):
            shutil.rmtree(old, ignore_errors=True)
    building = pristine.with_name(f"{pristine.name}.{os.getpid()}")
    paths.ensure(building)
    store = Store.reset(building / "state.json", building / "cache.json")
    sample = sample_paper(pdf)
    library = library_papers()
    kept = {
        sample: Notes(
            "long inputs at linear cost",
            "full attention is quadratic",
            "window + recurrent memory; 3.1x faster",
            "",
        ),
        library[1]: Notes("attention for long documents", "", "local + global tokens", ""),
        library[2]: Notes("", "quadratic attention", "sparse pattern with guarantees", ""),
    }
    eliminated = {
        library[3]: "hashing needs long warm-up; not for our short training budget",
        library[4]: "fixed sequence length; our documents vary",
        library[6]: "language modelling only; no summarisation results",
        library[8]: "a different model family; revisit later",
    }
    stamp = now_iso()
    pairs = [
        (Entry(p.key, Status.KEPT, added_at=stamp, stage=1, notes=notes), p)
        for p, notes in kept.items()
    ] + [
        (
            Entry(p.key, Status.ELIMINATED, reason, stamp, stamp, 1, Notes("skimmed in the demo")),
            p,
        )
        for p, reason in eliminated.items()
    ]
    search = {"query": "long document attention", "filters": SearchFilters(since=2019).to_json()}
    store.restore_topic(Topic(DEMO_TOPIC, DEMO_PURPOSE, stamp), pairs, [search])
    (building / _READY).write_text(stamp, encoding="utf-8")
    try:
        building.rename(pristine)
    except OSError:  # another demo's is in place, or a stale one without its mark
        if not (pristine / _READY).is_file():
            shutil.rmtree(pristine, ignore_errors=True)
            with contextlib.suppress(OSError):
                building.rename(pristine)
    shutil.rmtree(building, ignore_errors=True)


def _building_now(folder: Path, pristine: Path) -> bool:
    """Whether ``folder`` is this version's being built by a demo still running."""
    import os

    owner = folder.name.removeprefix(f"{pristine.name}.")
    if owner == folder.name or not owner.isdigit():
        return False
    try:
        os.kill(int(owner), 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


class DemoSources:
    """Answers searches (and, through ``graph``, S2's graph requests) from the built-in
    list, as the real sources would: offline."""

    def __init__(self) -> None:
        self.papers = library_papers()
        self._graph = None

    @property
    def graph(self):
        """References, citations and recommendations among the library's papers, offline."""
        if self._graph is None:
            from tui.demo_graph import demo_graph

            self._graph = demo_graph(self.papers)
        return self._graph

    async def search(
        self, query: str, filters: SearchFilters, *, page: int = 0, on_update=None, previous=None
    ):
        # The answer's type only, not the API clients beside it (0.3-2 s of imports, which
        # the offline demo never needs and which would compete with the first keys).
        module = await asyncio.to_thread(importlib.import_module, "tui.sources.results")
        SearchResult = module.SearchResult
        await asyncio.sleep(0.05)
        words = [w for w in normalise_title(query).split() if len(w) > 2]
        hits = [
            p
            for p in self.papers
            if not words or any(w in normalise_title(p.title + " " + (p.tldr or "")) for w in words)
        ] or self.papers
        if filters.since:
            hits = [p for p in hits if (p.year or 0) >= filters.since]
        if filters.until:
            hits = [p for p in hits if (p.year or 9999) <= filters.until]
        if filters.sort == "citations":
            hits.sort(key=lambda p: -(p.citations or 0))
        elif filters.sort == "newest":
            hits.sort(key=lambda p: -(p.year or 0))
        status = {"arxiv": "cached", "s2": "cached"}
        return SearchResult(
            query=query,
            filters=filters,
            papers=tuple(hits) if page == 0 else (previous.papers if previous else ()),
            status=status,
            totals={"arxiv": len(hits), "s2": len(hits)},
            messages=(),
            has_more=False,
            page=page,
        )

    async def lookup(self, ref):
        return next((p for p in self.papers if ref in p.ids.refs()), None)

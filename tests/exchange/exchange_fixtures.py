"""A realistic triage to export: two kept, three eliminated, one still undecided."""

from __future__ import annotations

from tui.models import Author, Paper, PaperIds
from tui.store import Store

TOPIC = "long-context attention"
PURPOSE = "Pick an attention variant for 16k-token protein sequences on one A100"

S2_VASWANI = (
    "@Article{Vaswani2017AttentionIA,\n author = {Ashish Vaswani and Noam M. Shazeer and Niki "
    "Parmar and Jakob Uszkoreit and Llion Jones and Aidan N. Gomez and Lukasz Kaiser and Illia "
    "Polosukhin},\n booktitle = {Neural Information Processing Systems},\n pages = {5998-6008},\n"
    " title = {Attention is All you Need},\n year = {2017}\n}\n"
)


def _authors(*names: str) -> tuple[Author, ...]:
    return tuple(Author(n) for n in names)


VASWANI = Paper(
    title="Attention Is All You Need",
    ids=PaperIds(arxiv="1706.03762", s2="204e3073870fae3d05bcbc2f6a8e263d9b72e776"),
    authors=_authors("Ashish Vaswani", "Noam Shazeer", "Niki Parmar", "Jakob Uszkoreit"),
    year=2017,
    venue="Neural Information Processing Systems",
    categories=("cs.CL", "cs.LG"),
    bibtex=S2_VASWANI,
    sources=("arxiv", "s2"),
)
LONGFORMER = Paper(
    title="Longformer: The Long-Document Transformer",
    ids=PaperIds(arxiv="2004.05150"),
    authors=_authors("Iz Beltagy", "Matthew E. Peters", "Arman Cohan"),
    year=2020,
    categories=("cs.CL",),
    sources=("arxiv",),
)
REFORMER = Paper(
    title="Reformer: The Efficient Transformer",
    ids=PaperIds(arxiv="2001.04451"),
    authors=_authors("Nikita Kitaev", "Łukasz Kaiser", "Anselm Levskaya"),
    year=2020,
    venue="ICLR",
    categories=("cs.LG",),
    sources=("arxiv",),
)
LINFORMER = Paper(
    title="Linformer: Self-Attention with Linear Complexity",
    ids=PaperIds(arxiv="2006.04768"),
    authors=_authors("Sinong Wang", "Belinda Z. Li", "Madian Khabsa", "Han Fang", "Hao Ma"),
    year=2020,
    categories=("cs.LG",),
    sources=("arxiv",),
)
PERFORMER = Paper(
    title="Rethinking Attention with Performers",
    ids=PaperIds(arxiv="2009.14794"),
    authors=_authors("Krzysztof Choromanski", "Valerii Likhosherstov", "David Dohan"),
    year=2020,
    venue="ICLR",
    categories=("cs.LG",),
    sources=("arxiv",),
)
BIGBIRD = Paper(
    title="Big Bird: Transformers for Longer Sequences",
    ids=PaperIds(arxiv="2007.14062", doi="10.48550/arxiv.2007.14062"),
    authors=_authors("Manzil Zaheer", "Guru Guruganesh", "Avinava Dubey"),
    year=2020,
    venue="NeurIPS",
    categories=("cs.LG",),
    sources=("arxiv", "s2"),
)
PAPERS = (VASWANI, LONGFORMER, REFORMER, LINFORMER, PERFORMER, BIGBIRD)


def skim(store: Store, paper: Paper, seconds: float, **notes: str) -> None:
    store.open_stage(paper.key, 1)
    store.add_time(paper.key, 1, seconds)
    store.set_notes(paper.key, **notes)


def build_triage(store: Store) -> Store:
    """The way a user gets there: collect, skim, cut to two, read, then one late addition."""
    store.create_topic(TOPIC, PURPOSE)
    store.record_search("efficient attention long sequences", {"since": 2019, "sort": "citations"})
    store.record_search("sparse attention transformer", {"since": None, "sort": "relevance"})
    for paper in PAPERS[:5]:
        store.add(paper)
    skim(
        store,
        VASWANI,
        380,
        purpose="The baseline every variant compares against.",
        problem="Recurrence limits parallelism in sequence transduction.",
        contributions="Self-attention only; multi-head attention; sinusoidal positions.",
        text="Quadratic memory in `n` is the limit for us.\n- O(n^2) at 16k tokens | 1 GB per head",
    )
    skim(
        store,
        LONGFORMER,
        790,
        purpose="Attention that scales linearly with length.",
        problem="Full self-attention cannot handle documents of thousands of tokens.",
        contributions="Sliding-window + global attention; drop-in for pretrained RoBERTa.",
    )
    skim(store, REFORMER, 300, purpose="Memory-efficient Transformer.")
    skim(store, LINFORMER, 240, problem="O(n^2) self-attention.")
    skim(store, PERFORMER, 420, contributions="FAVOR+ random features.")
    store.keep(VASWANI.key)
    store.keep(LONGFORMER.key)
    store.eliminate(REFORMER.key, "LSH attention pays off only past 64k tokens; ours are 16k")
    store.eliminate(LINFORMER.key, "assumes a fixed sequence length | no causal masking")
    store.eliminate(PERFORMER.key, "approximation error hurts contact prediction (their Table 3)")
    for paper, stage, spent in ((VASWANI, 3, (1250.0, 2400.0)), (LONGFORMER, 2, (610.0,))):
        for n, seconds in enumerate(spent, 2):
            store.open_stage(paper.key, n)
            store.add_time(paper.key, n, seconds)
        store.set_position(paper.key, stage, 42)
    store.add(BIGBIRD)  # a labmate's suggestion, after the cut
    skim(store, BIGBIRD, 200, purpose="Sparse attention with theory.", problem="Quadratic cost.")
    return store

"""Generated schema-1 state files of any size, with real-sized metadata.

Used by the store tests (session-scoped fixtures) and by ``benchmarks/store.py``.
Papers have ~1.5 KB abstracts and 10 authors with affiliations; notes hold
non-ASCII text, newlines and quotes, so a migration must keep bytes exactly.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from tui.models import Author, Paper, PaperIds

WORDS = [
    "attention",
    "graph",
    "message",
    "passing",
    "sparse",
    "kernel",
    "window",
    "memory",
    "recurrent",
    "transformer",
    "diffusion",
    "latent",
    "protein",
    "sequence",
    "benchmark",
    "ablation",
    "scaling",
    "efficient",
    "robust",
    "causal",
    "contrastive",
    "retrieval",
    "token",
    "linear",
    "quadratic",
    "convolution",
    "équivariant",
    "naïve",
    "Schrödinger",
    "κ-space",
    "注意力",
    "«quoted»",
    "“curly”",
    "tab\there",
]


def text(rng: random.Random, size: int) -> str:
    out: list[str] = []
    length = 0
    while length < size:
        word = rng.choice(WORDS)
        out.append(word)
        length += len(word) + 1
    return " ".join(out)


def arxiv_of(i: int) -> str:
    return f"{2000 + i // 100000:04d}.{i % 100000:05d}"


def paper_dict(i: int, rng: random.Random) -> dict[str, Any]:
    arxiv = arxiv_of(i)
    doi = f"10.{5000 + i % 97}/gen.{i}" if i % 3 == 0 else None
    return Paper(
        title=f"{text(rng, 60).capitalize()} ({i})",
        ids=PaperIds(arxiv=arxiv, s2=f"{i:040x}", doi=doi),
        authors=tuple(
            Author(f"Author {i}-{j} {rng.choice(WORDS)}", (f"University {j % 7}",))
            for j in range(10)
        ),
        year=2015 + i % 10,
        venue=rng.choice((None, "NeurIPS", "ICML", "Conférence X")),
        abstract=text(rng, 1500),
        tldr=text(rng, 160) if i % 2 else None,
        citations=i * 7 % 1000,
        sources=("arxiv", "s2"),
        pdf_url=f"https://arxiv.org/pdf/{arxiv}",
    ).to_dict()


def schema1_state(topics: int, per_topic: int = 5, seed: int = 0) -> dict[str, Any]:
    """A schema-1 ``state.json`` as a dict: ``topics`` topics of ``per_topic`` papers each;
    every tenth topic also lists a paper of the topic before (a paper on two lists)."""
    rng = random.Random(seed)
    tables: dict[str, dict[str, Any]] = {
        "_meta": {"1": {"schema_version": 1}},
        "topics": {},
        "settings": {},
        "papers": {},
        "entries": {},
        "undo": {},
        "history": {},
    }
    counters = dict.fromkeys(tables, 0)

    def insert(table: str, doc: dict[str, Any]) -> None:
        counters[table] += 1
        tables[table][str(counters[table])] = doc

    n = 0
    for t in range(topics):
        name = f"topic {t} — {rng.choice(WORDS)}"
        insert(
            "topics",
            {"name": name, "purpose": text(rng, 80), "created_at": "2025-01-01T00:00:00+00:00"},
        )
        keys = []
        for _ in range(per_topic):
            paper = paper_dict(n, rng)
            n += 1
            key = f"arxiv:{paper['ids']['arxiv']}"
            insert("papers", {"key": key, "paper": paper})
            keys.append(key)
        if t % 10 == 9:
            keys.append(f"arxiv:{arxiv_of(n - per_topic - 1)}")  # a paper of the topic before
        for j, key in enumerate(keys):
            status = ("candidate", "kept", "eliminated")[j % 3]
            insert(
                "entries",
                {
                    "topic": name,
                    "paper_key": key,
                    "status": status,
                    "reason": "weaker baseline, “only” MNIST\nsecond line"
                    if status == "eliminated"
                    else "",
                    "eliminated_at": "2025-02-01T00:00:00+00:00"
                    if status == "eliminated"
                    else None,
                    "added_at": f"2025-01-0{1 + j % 9}T00:00:00+00:00",
                    "stage": j % 5,
                    "notes": {
                        "purpose": text(rng, 40),
                        "problem": "" if j % 2 else text(rng, 60),
                        "contributions": 'naïve "quotes" \\ back\\slash \u2028 sep',
                        "text": text(rng, 200) + "\n\n– end",
                    },
                    "position": {"4": 10 * j} if j % 2 else {},
                    "seconds": {"1": 12.5 * j},
                },
            )
            if status == "eliminated":
                insert(
                    "undo",
                    {"topic": name, "paper_key": key, "previous": "candidate", "at": 1e9 + n},
                )
        insert(
            "history",
            {"topic": name, "query": text(rng, 20), "filters": {"since": 2020}, "at": "2025"},
        )
    insert("settings", {"key": "open_topic", "value": name})
    return tables


def write_schema1(path: Path, topics: int, per_topic: int = 5, seed: int = 0) -> dict[str, Any]:
    data = schema1_state(topics, per_topic, seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return data

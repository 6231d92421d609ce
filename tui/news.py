"""What is new since you last looked: results new to a saved search, newer arXiv versions.

The memory is the store's per-topic "seen" sets (``Store.seen_ids`` /
``Store.mark_seen``), keyed by :func:`search_key` — the query and its filters,
never the page — and holding every id of every result shown (arXiv id, DOI, S2
id, else the folded title), so a paper that changes key when a second source
merges in is still the same paper. The first time a search is looked at is the
baseline: nothing is "new" then.

* :func:`mark_new` — a search was shown: record its results, return the keys of the
  ones never seen in it before (the UI's ``new`` badge, and ``winnow news``).
* :func:`version_updates` — shortlisted arXiv papers whose latest version is newer
  than the one recorded when they were added (``v3 → v5``), each reported once.
* :func:`gather_news` — every topic's saved searches, one page each, politely
  (the search cache answers a repeat within ``search_max_age_hours``; arXiv's
  spacing holds), plus the version check: what ``winnow news`` prints.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tui.errors import WinnowError
from tui.models import Paper, SearchFilters, normalise_title
from tui.store import Store

if TYPE_CHECKING:
    from tui.sources.arxiv_client import ArxivClient
    from tui.sources.search import SearchService

VERSIONS_KEY = "arxiv-versions"  # the seen set holding "1706.03762v5"-style ids
MAX_SEARCHES = 20  # saved searches looked at per topic and run (the most recent)


def search_key(query: str, filters: SearchFilters | dict[str, Any]) -> str:
    """The stable name of a saved search: its words and filters, not its page."""
    doc = filters.to_json() if isinstance(filters, SearchFilters) else dict(filters)
    return json.dumps({"q": " ".join(query.split()), "f": doc}, sort_keys=True)


def paper_ids(paper: Paper) -> list[str]:
    """Every id a result may be known by; the folded title when it has none."""
    keys = [ref.key for ref in paper.ids.refs()]
    return keys or ["title:" + normalise_title(paper.title)]


def mark_new(
    store: Store,
    query: str,
    filters: SearchFilters | dict[str, Any],
    papers: Sequence[Paper],
    topic: str | None = None,
) -> frozenset[str]:
    """Record ``papers`` as seen in this search; the keys of those not seen in it before.

    The first look at a search is its baseline and returns nothing.
    """
    key = search_key(query, filters)
    first = not store.seen_ids(key, topic)
    fresh = store.mark_seen(key, [i for p in papers for i in paper_ids(p)], topic)
    if first:
        return frozenset()
    return frozenset(p.key for p in papers if all(i in fresh for i in paper_ids(p)))


# ---------------------------------------------------------------- arXiv versions


@dataclass(frozen=True)
class VersionUpdate:
    paper: Paper  # as arXiv answers now
    seen: int
    latest: int

    @property
    def label(self) -> str:
        return f"v{self.seen} → v{self.latest}"

    def to_json(self) -> dict[str, Any]:
        return {**self.paper.to_json(), "seen_version": self.seen, "latest_version": self.latest}


def _seen_versions(store: Store, topic: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for item in store.seen_ids(VERSIONS_KEY, topic):
        m = re.fullmatch(r"(.+)v(\d+)", item)
        if m:
            out[m.group(1)] = max(out.get(m.group(1), 0), int(m.group(2)))
    return out


def shortlisted_arxiv(store: Store, topic: str) -> list[Paper]:
    """The topic's active papers that have an arXiv id."""
    out = []
    for entry in store.entries(topic):
        paper = store.paper(entry.paper_key)
        if entry.active and paper is not None and paper.ids.arxiv:
            out.append(paper)
    return out


def version_updates(store: Store, topic: str, latest: Iterable[Paper]) -> list[VersionUpdate]:
    """Shortlisted arXiv papers with a newer version than recorded; each reported once.

    The version recorded is the one the paper carried when added (``Paper.version``)
    or the last one reported; a paper added with no version known takes arXiv's
    current one as its baseline, silently.
    """
    now = {p.ids.arxiv: p for p in latest if p.ids.arxiv and p.version}
    seen = _seen_versions(store, topic)
    updates, record = [], []
    for paper in shortlisted_arxiv(store, topic):
        current = now.get(paper.ids.arxiv)
        if current is None:
            continue
        before = max(paper.version or 0, seen.get(paper.ids.arxiv, 0))
        if before and current.version > before:  # type: ignore[operator]
            updates.append(VersionUpdate(current, before, current.version))  # type: ignore[arg-type]
        if current.version != seen.get(paper.ids.arxiv):
            record.append(f"{paper.ids.arxiv}v{current.version}")
    if record:
        store.mark_seen(VERSIONS_KEY, record, topic)
    return updates


# ---------------------------------------------------------------- winnow news


@dataclass(frozen=True)
class SearchNews:
    query: str
    filters: SearchFilters
    new: tuple[Paper, ...]
    status: dict[str, str]

    def to_json(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "filters": self.filters.to_json(),
            "status": dict(self.status),
            "new": [p.to_json() for p in self.new],
        }


@dataclass(frozen=True)
class TopicNews:
    topic: str
    searches: tuple[SearchNews, ...] = ()
    updated: tuple[VersionUpdate, ...] = ()
    problems: tuple[str, ...] = field(default=())  # one line per search nothing answered

    @property
    def empty(self) -> bool:
        return not self.updated and not any(s.new for s in self.searches)

    def to_json(self) -> dict[str, Any]:
        return {
            "topic": self.topic,
            "searches": [s.to_json() for s in self.searches if s.new],
            "updated": [u.to_json() for u in self.updated],
            "problems": list(self.problems),
        }


def _filters(doc: Any) -> SearchFilters | None:
    try:
        return SearchFilters(**doc) if isinstance(doc, dict) else SearchFilters()
    except TypeError:
        return None  # written by another winnow: not a search this one can repeat


async def _latest_versions(arxiv: ArxivClient, ids: list[str]) -> tuple[list[Paper], str | None]:
    found: list[Paper] = []
    for start in range(0, len(ids), 100):
        try:
            found += await arxiv.lookup_many(ids[start : start + 100])
        except WinnowError as error:
            return found, f"arXiv versions not checked: {error}"
    return found, None


async def gather_news(
    store: Store, service: SearchService, *, max_searches: int = MAX_SEARCHES
) -> list[TopicNews]:
    """Every topic's news: its saved searches re-run (one page each), its versions checked."""
    topics = store.topics()
    arxiv_ids = sorted({p.ids.arxiv for t in topics for p in shortlisted_arxiv(store, t.name)})
    latest, version_problem = await _latest_versions(service.arxiv, arxiv_ids)  # type: ignore[arg-type]
    out = []
    for topic in topics:
        searches, problems = [], []
        done: set[str] = set()
        for saved in store.searches(topic.name)[:max_searches]:
            query, filters = saved.get("query") or "", _filters(saved.get("filters"))
            if filters is None or not query.strip() or search_key(query, filters) in done:
                continue
            done.add(search_key(query, filters))
            try:
                result = await service.search(query, filters)
            except WinnowError as error:
                problems.append(f"{query!r}: {error}")
                continue
            if not result.answered:
                problems.append(f"{query!r}: no source answered ({'; '.join(result.messages)})")
                continue
            new = mark_new(store, query, filters, result.papers, topic.name)
            fresh = tuple(p for p in result.papers if p.key in new)
            searches.append(SearchNews(result.query, filters, fresh, dict(result.status)))
        updated = version_updates(store, topic.name, latest)
        if version_problem and shortlisted_arxiv(store, topic.name):
            problems.append(version_problem)
        out.append(TopicNews(topic.name, tuple(searches), tuple(updated), tuple(problems)))
    return out

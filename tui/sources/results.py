"""What a search answers: the streamed updates, the result, and the cache it goes through."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from tui.errors import WinnowError
from tui.models import Paper, SearchFilters


class Cache(Protocol):
    def cache_get(self, namespace: str, key: str) -> tuple[Any, float] | None: ...
    def cache_put(self, namespace: str, key: str, value: Any) -> None: ...


@dataclass(frozen=True)
class SearchUpdate:
    """The merged list so far, sent each time a source answers — or backs off.

    ``retry_in`` maps a source that is waiting before its next try (S2 answered 429) to
    the seconds of that wait; its status stays ``pending`` meanwhile. :meth:`note`
    gives the words to show for a source: ``retrying in 4 s``, ``server error``…
    """

    source: str  # the source that just answered (or "cache"), or is backing off
    papers: tuple[Paper, ...]
    status: dict[str, str]
    totals: dict[str, int | None]
    done: bool = False
    retry_in: dict[str, float] = field(default_factory=dict)

    def note(self, source: str) -> str:
        """What to show for ``source`` now: its wait when backing off, else its status."""
        if (wait := self.retry_in.get(source)) is not None:
            return f"retrying in {max(1, round(wait))} s"
        return self.status.get(source, "").replace("-", " ")


@dataclass(frozen=True)
class SearchResult:
    query: str
    filters: SearchFilters
    papers: tuple[Paper, ...]
    status: dict[str, str]  # ok|cached|rate-limited|server-error|unreachable|bad-answer|skipped
    totals: dict[str, int | None] = field(default_factory=dict)
    cached_at: float | None = None  # when the shown cached results were stored (epoch s)
    messages: tuple[str, ...] = ()  # one line per source that failed or was skipped
    has_more: bool = False
    page: int = 0
    sort_note: str | None = None  # when a sort covers only the fetched pages (arXiv)

    @property
    def answered(self) -> bool:
        """Whether anything came back: a source answered or the cache did."""
        return any(s in ("ok", "cached") for s in self.status.values()) or bool(self.papers)

    def to_json(self) -> dict[str, Any]:
        """SPEC §5's ``search --json`` object (plus totals, page, messages and cache age)."""
        return {
            "query": self.query,
            "filters": self.filters.to_json(),
            "status": dict(self.status),
            "totals": dict(self.totals),
            "page": self.page,
            "has_more": self.has_more,
            "sort_note": self.sort_note,
            "cached_at": self.cached_at,
            "messages": list(self.messages),
            "results": [p.to_json() for p in self.papers],
        }


def safe_get(cache: Cache | None, namespace: str, key: str) -> tuple[Any, float] | None:
    if cache is None:
        return None
    try:
        return cache.cache_get(namespace, key)
    except (WinnowError, OSError, ValueError):
        return None


def safe_put(cache: Cache | None, namespace: str, key: str, value: Any) -> str | None:
    if cache is None:
        return None
    try:
        cache.cache_put(namespace, key, value)
    except (WinnowError, OSError, ValueError) as error:
        return f"cache: not saved ({error})"
    return None

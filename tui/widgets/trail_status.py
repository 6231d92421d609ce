"""The search pane's status line: how many rows of how many, their order, each source's state.

``search_status`` for a search (``40 of 8,675 · cached 3 min ago  arXiv ✓  S2 retrying in
4 s``), ``listing_status`` for a hop of the trail (``100 of 1,881 · most cited, within the
100 fetched  S2 ✓``). A source's state is said in words: ``server error`` is not
``unreachable`` (issue 11.24), and a back-off shows its wait (11.23).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from rich.text import Text

if TYPE_CHECKING:
    from tui.sources.listing import Listing
    from tui.sources.results import SearchResult

STATUS_STYLE = {
    "ok": "green",
    "cached": "cyan",
    "rate-limited": "yellow",
    "retrying": "yellow",
    "unreachable": "red",
    "server-error": "red",
    "bad-answer": "red",
    "skipped": "dim",
}
SORT_WORDS = {
    "relevance": "",
    "citations": "most cited",
    "year": "newest",
    "influential": "influential first",
}
NAMES = {"arxiv": "arXiv", "s2": "S2"}


def age(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f}s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    if seconds < 172800:
        return f"{seconds / 3600:.0f} h"
    return f"{seconds / 86400:.0f} days"


def state_words(state: str, retry_in: float | None = None) -> str:
    """What to say for a source's state: ``✓``, ``retrying in 4 s``, ``server error``."""
    if retry_in is not None:
        return f"retrying in {max(1, round(retry_in))} s"
    return "✓" if state == "ok" else state.replace("-", " ")


def _source(text: Text, source: str, state: str, retry_in: float | None = None) -> None:
    text.append(f"  {NAMES.get(source, source)} ", style="dim")
    style = STATUS_STYLE.get("retrying" if retry_in is not None else state, "")
    text.append(state_words(state, retry_in), style=style)


def _cached(text: Text, cached_at: float | None) -> None:
    if cached_at:
        text.append(f" · cached {age(time.time() - cached_at)} ago", style="cyan")


def search_status(
    result: SearchResult, shown: int, retry_in: dict[str, float] | None = None
) -> Text:
    text = Text()
    status, totals = result.status, result.totals
    if not status and not shown:
        return text  # no search yet (a new topic): nothing to count
    # The sources overlap, so the larger count is what they hold between them, at least.
    held = max((t for t in totals.values() if t), default=0)
    text.append(f"{shown} of {held:,}" if held else f"{shown}")
    every_cached = bool(status) and all(state == "cached" for state in status.values())
    if every_cached and not result.cached_at:  # said once: at 80x24 two words wrapped it
        text.append(" · cached", style="cyan")
    _cached(text, result.cached_at)
    if result.sort_note:
        text.append(" · arXiv's order page-local", style="dim")
    if every_cached:
        return text
    for source, state in status.items():
        _source(text, source, state, (retry_in or {}).get(source))
    return text


def listing_status(listing: Listing) -> Text:
    text = Text()
    count = len(listing.rows)
    text.append(f"{count:,} of {listing.total:,}" if listing.total else f"{count:,}")
    if words := SORT_WORDS.get(listing.sort):
        text.append(f" · {words}", style="bold")
        if listing.sort_note:  # the order covers the rows fetched so far only
            text.append(f", within the {count:,} fetched", style="dim")
    if listing.unresolved:
        text.append(f" · {listing.unresolved} unmatched left out", style="dim")
    if listing.status == "cached" and listing.cached_at:  # said once: "S2 cached 3 min ago"
        text.append("  S2 ", style="dim")
        text.append(f"cached {age(time.time() - listing.cached_at)} ago", style="cyan")
        return text
    _cached(text, listing.cached_at)
    _source(text, "s2", listing.status)
    return text

"""``winnow search``: the search pane's engine, from the command line (SPEC §5)."""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from dataclasses import replace
from typing import TYPE_CHECKING

from tui.cli.common import load_config, print_json, safe
from tui.errors import UserError, WinnowError
from tui.models import Paper, SearchFilters
from tui.sources.errors import NAMES

if TYPE_CHECKING:
    from tui.sources.search import SearchResult


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "search",
        help="search arXiv and Semantic Scholar at once",
        description="Free text plus au: ti: cat: field terms, e.g. 'ti:transformer au:vaswani'.",
    )
    p.add_argument("query", nargs="+", metavar="QUERY")
    p.add_argument("--since", type=int, metavar="YEAR", help="published in or after YEAR")
    p.add_argument("--until", type=int, metavar="YEAR", help="published in or before YEAR")
    p.add_argument("--sort", choices=("relevance", "newest", "citations"), default="relevance")
    p.add_argument("--source", choices=("arxiv", "s2", "all"), default="all")
    p.add_argument("--category", metavar="CAT", help="arXiv category, e.g. cs.CL")
    p.add_argument("--open-access", action="store_true", help="only papers with an open PDF")
    p.add_argument("--limit", type=int, metavar="N", help="at most N results (1-100)")
    p.add_argument("--page", type=int, default=0, metavar="P", help="page of results, from 0")
    p.add_argument("--json", action="store_true", help="print SPEC §5's JSON")
    p.set_defaults(func=cmd_search)


def _age(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    if seconds < 2 * 86400:
        return f"{seconds / 3600:.0f} h"
    return f"{seconds / 86400:.0f} days"


def _line(n: int, paper: Paper) -> str:
    bits = [paper.first_authors(2) or "unknown authors"]
    if paper.year:
        bits.append(str(paper.year))
    if paper.venue:
        bits.append(paper.venue)
    if paper.citations is not None:
        bits.append(f"{paper.citations:,} citations")
    bits.append("+".join(paper.sources))
    if paper.pdf_url:
        bits.append("PDF")
    ident = paper.ids.arxiv or paper.ids.doi or paper.ids.s2 or ""
    return f"{n:3}. {safe(paper.title)}\n     {safe(' · '.join(bits))}  [{safe(ident)}]"


def _print_text(result: SearchResult) -> None:
    parts = []
    for source, status in result.status.items():
        total = result.totals.get(source)
        count = f" ({total:,} found)" if total is not None and status in ("ok", "cached") else ""
        parts.append(f"{NAMES[source]}: {status}{count}")
    print(" · ".join(parts))
    if result.cached_at is not None:
        print(f"(from the cache, {_age(time.time() - result.cached_at)} old)")
    for n, paper in enumerate(result.papers, 1):
        print(_line(n, paper))
    if not result.papers:
        print("no results")


def cmd_search(args: argparse.Namespace) -> int:
    query = " ".join(args.query)
    if args.since and args.until and args.since > args.until:
        raise UserError(f"--since {args.since} is after --until {args.until}")
    if args.limit is not None and not 1 <= args.limit <= 100:
        raise UserError("--limit must be between 1 and 100")
    if args.page < 0:
        raise UserError("--page must be 0 or more")
    filters = SearchFilters(
        since=args.since,
        until=args.until,
        sort=args.sort,
        source=args.source,
        category=args.category,
        open_access=args.open_access,
    )
    config = load_config()
    if args.limit:
        config = replace(config, page_size=args.limit)
    store = None
    try:
        from tui.store import Store

        store = Store.open(cap=config.shortlist_cap, kept_target=config.kept_target)
    except (WinnowError, OSError) as error:
        print(f"winnow: searching without the cache ({error})", file=sys.stderr)
    from tui.sources.search import SearchService  # httpx and friends: only when searching

    service = SearchService.from_config(config, store)

    async def run() -> SearchResult:
        try:
            return await service.search(query, filters, page=args.page)
        finally:
            await service.aclose()

    result = asyncio.run(run())
    if store is not None:
        try:
            if store.current_topic() is not None:
                store.record_search(query, filters.to_json())
        except WinnowError:
            pass  # history is a convenience; the search itself succeeded
    if result.answered:  # a source that failed is a warning when the other answered
        for message in result.messages:
            print(f"winnow: {safe(message)}", file=sys.stderr)
    if args.limit:
        result = replace(result, papers=result.papers[: args.limit])
    if args.json:
        print_json(result.to_json())
    else:
        _print_text(result)
    if not result.answered:
        why = "; ".join(safe(m) for m in result.messages)
        print(f"winnow: no source answered and nothing is cached ({why})", file=sys.stderr)
        return 1
    return 0

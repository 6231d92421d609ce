"""``winnow refs``, ``cites``, ``recommend`` and ``news``: snowballing from the command line.

Every command takes ``--json`` (SPEC §5's result shape: ``status`` per source and
``results`` of papers, each with its citing sentences where there are some).
``news`` is made for cron: exit 0, and nothing printed when nothing is new.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, TypeVar

from tui.cli.common import load_config, open_store, print_json, safe
from tui.cli.exchange import open_topic_name
from tui.errors import UserError
from tui.models import Citation, Paper, PaperIds, parse_ref
from tui.textsafe import shorten

if TYPE_CHECKING:
    from tui.snowball import Marks
    from tui.sources.graph import Listing
    from tui.store import Store

MAX_ROWS = 1000
T = TypeVar("T")


def register(sub: argparse._SubParsersAction) -> None:
    for name, what in (("refs", "what a paper cites"), ("cites", "the papers citing a paper")):
        p = sub.add_parser(name, help=f"{what}, from Semantic Scholar (with citing sentences)")
        p.add_argument("id", metavar="ID", help="arXiv id, DOI, S2 id or a shortlisted title")
        p.add_argument(
            "--sort", choices=("relevance", "citations", "year", "influential"), default="relevance"
        )
        p.add_argument("--limit", type=int, default=100, metavar="N", help="rows (1-1000)")
        p.add_argument("--json", action="store_true", help="print JSON")
        p.set_defaults(func=cmd_links, kind=name)

    rec = sub.add_parser("recommend", help="S2's recommendations from a topic's list")
    rec.add_argument("--topic", metavar="NAME", help="another topic than the open one")
    rec.add_argument("--limit", type=int, default=50, metavar="N", help="rows (1-500)")
    rec.add_argument("--json", action="store_true", help="print JSON")
    rec.set_defaults(func=cmd_recommend)

    news = sub.add_parser(
        "news", help="papers new to each topic's saved searches since the last run; new versions"
    )
    news.add_argument("--json", action="store_true", help="print JSON")
    news.set_defaults(func=cmd_news)


def _run(service: Any, work: Callable[[], Awaitable[T]]) -> T:
    """Run ``work`` on a fresh event loop, closing the service's connections after."""

    async def run() -> T:
        try:
            return await work()
        finally:
            await service.aclose()

    return asyncio.run(run())


def _subject(text: str, store: Store) -> Paper:
    ref = parse_ref(text)
    if ref is not None:
        return store.paper(ref.key) or Paper(
            title=ref.key, ids=PaperIds(**{ref.kind.value: ref.value})
        )
    if store.current_topic() is not None:
        key = store.resolve(text)  # a title prefix of a shortlisted paper
        paper = store.paper(key)
        if paper is not None:
            return paper
    raise UserError(f"not an arXiv id, DOI or S2 id, nor a shortlisted title: {text!r}")


def _row_lines(n: int, row: Citation, marks: Marks | None, contexts: int = 2) -> list[str]:
    paper = row.paper
    bits = [paper.first_authors(2) or "unknown authors"]
    bits += [str(paper.year)] if paper.year else []
    bits += [paper.venue] if paper.venue else []
    if paper.citations is not None:
        bits.append(f"{paper.citations:,} citations")
    if row.influential:
        bits.append("influential")
    if marks is not None and (mark := marks.of(paper)):
        bits.append(mark.label)
    ident = paper.ids.arxiv or paper.ids.doi or paper.ids.s2 or ""
    lines = [
        f"{n:3}. {safe(shorten(paper.title, 300))}",
        f"     {safe(' · '.join(bits))}  [{safe(ident)}]",
    ]
    for context in row.contexts[:contexts]:
        why = f" ({', '.join(i.label for i in context.intents)})" if context.intents else ""
        lines.append(f"     “{safe(shorten(context.text, 300))}”{why}")
    if len(row.contexts) > contexts:
        lines.append(f"     … {len(row.contexts) - contexts} more sentence(s)")
    return lines


def _print_listing(listing: Listing, header: str, marks: Marks | None = None) -> None:
    count = f"{len(listing.rows):,}" + (f" of {listing.total:,}" if listing.total else "")
    extra = " · cached" if listing.status == "cached" else ""
    print(f"{safe(header)} · {count}{extra}")
    if listing.sort_note:
        print(f"({listing.sort_note})")
    if listing.unresolved:
        print(f"({listing.unresolved} entries S2 could not match to a paper are left out)")
    for n, row in enumerate(listing.shown, 1):
        for line in _row_lines(n, row, marks):
            print(line)
    if not listing.rows:
        print("none")


def _check_limit(limit: int, top: int) -> None:
    if not 1 <= limit <= top:
        raise UserError(f"--limit must be between 1 and {top}")


def cmd_links(args: argparse.Namespace) -> int:
    from tui.sources.graph import GraphService, Kind
    from tui.sources.trail import Hop

    _check_limit(args.limit, MAX_ROWS)
    config = load_config()
    store = open_store(config)
    subject = _subject(args.id, store)
    kind = Kind.REFERENCES if args.kind == "refs" else Kind.CITATIONS
    graph = GraphService.from_config(config, store)

    async def fetch() -> Listing:
        listing = await graph.open(kind, subject, sort=args.sort)
        while listing.has_more and len(listing.rows) < args.limit:
            listing = await graph.more(listing)
        return listing

    listing = _run(graph, fetch)
    listing = _cut(listing, args.limit)
    if args.json:
        print_json(listing.to_json())
    else:
        marks = _marks(store)
        _print_listing(listing, Hop.of(listing).label(100), marks)
    return 0


def _cut(listing: Listing, limit: int) -> Listing:
    from dataclasses import replace

    if len(listing.rows) <= limit:
        return listing
    return replace(listing, rows=listing.rows[:limit])


def _marks(store: Store, topic: str | None = None) -> Marks | None:
    from tui.snowball import Marks

    try:
        return Marks.of_topic(store, topic)
    except UserError:
        return None  # no topic open: nothing to mark against


def cmd_recommend(args: argparse.Namespace) -> int:
    from tui.snowball import Marks, recommendation_seeds
    from tui.sources.graph import GraphService
    from tui.sources.trail import Hop

    _check_limit(args.limit, 500)
    config = load_config()
    store = open_store(config)
    topic = args.topic or open_topic_name(store)
    if store.topic(topic) is None:
        raise UserError(f"no topic named {topic!r} (winnow topic list)")
    positives, negatives = recommendation_seeds(store, topic)
    graph = GraphService.from_config(config, store)

    listing = _run(graph, lambda: graph.recommend(positives, negatives, limit=args.limit))
    marks = Marks.of_topic(store, topic)
    if args.json:
        doc: dict[str, Any] = listing.to_json()
        doc["topic"] = topic
        doc["positives"], doc["negatives"] = len(positives), len(negatives)
        for row, out in zip(listing.shown, doc["results"], strict=True):
            mark = marks.of(row.paper)
            out["on_list"] = mark.to_json() if mark else None
        print_json(doc)
    else:
        header = Hop.of(listing, topic=topic).label(100)
        header += f" · from {len(positives)} on the list, {len(negatives)} eliminated"
        _print_listing(listing, header, marks)
    return 0


def cmd_news(args: argparse.Namespace) -> int:
    from tui.news import gather_news
    from tui.sources.search import SearchService

    config = load_config()
    store = open_store(config)
    service = SearchService.from_config(config, store)

    topics = _run(service, lambda: gather_news(store, service))
    for topic in topics:
        for problem in topic.problems:
            print(f"winnow: {safe(topic.topic)}: {safe(problem)}", file=sys.stderr)
    if args.json:
        print_json({"topics": [t.to_json() for t in topics if not t.empty]})
        return 0
    for topic in topics:
        if topic.empty:
            continue
        fresh = sum(len(s.new) for s in topic.searches)
        print(f"{safe(topic.topic)}: {fresh} new, {len(topic.updated)} updated")
        for search in topic.searches:
            if not search.new:
                continue
            where = search.filters.describe()
            print(
                f"  “{safe(search.query)}”{f' ({where})' if where else ''}: {len(search.new)} new"
            )
            for n, paper in enumerate(search.new, 1):
                for line in _row_lines(n, Citation(paper), None, 0):
                    print("  " + line)
        for update in topic.updated:
            ident = update.paper.ids.arxiv
            print(f"  updated: {safe(shorten(update.paper.title, 200))} [{ident}] {update.label}")
    return 0

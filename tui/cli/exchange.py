"""``winnow export`` and ``winnow import``: share a triage, bring one in."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from tui.atomic import write_bytes
from tui.cli.common import load_config, open_store, safe
from tui.config import Config
from tui.errors import UserError
from tui.models import Paper
from tui.store import Store

FORMATS = {"bibtex": ".bib", "markdown": ".md", "json": ".json"}
_SUFFIXES = {".bib": "bibtex", ".bibtex": "bibtex", ".md": "markdown", ".json": "json"}


def register(sub: argparse._SubParsersAction) -> None:
    export = sub.add_parser(
        "export", help="the open topic as BibTeX, a Markdown report or JSON (stdout or -o FILE)"
    )
    export.add_argument(
        "--format",
        choices=sorted(FORMATS),
        help="bibtex: the shortlist; markdown: the triage report; json: the whole topic "
        "(default: from -o's suffix, else markdown)",
    )
    export.add_argument("-o", "--output", metavar="FILE", help="write to FILE (atomically)")
    export.add_argument("--topic", metavar="NAME", help="another topic than the open one")
    export.set_defaults(func=cmd_export)

    imp = sub.add_parser(
        "import",
        help="bring a topic (.json), a bibliography (.bib), a PDF or ids into winnow",
    )
    imp.add_argument("items", nargs="+", metavar="FILE.json|FILE.bib|PDF|ID")
    imp.add_argument(
        "--offline", action="store_true", help="record ids without asking a source for metadata"
    )
    imp.set_defaults(func=cmd_import)


def _format(args: argparse.Namespace) -> str:
    if args.format:
        return args.format
    if args.output:
        return _SUFFIXES.get(Path(args.output).suffix.lower(), "markdown")
    return "markdown"


def export_text(store: Store, fmt: str, topic_name: str | None, today: date) -> str:
    from tui.exchange import bibtex_for, markdown_report
    from tui.exchange.bibtex import is_placeholder
    from tui.exchange.topic_json import topic_json_text

    name = topic_name or _open_topic_name(store)
    if store.topic(name) is None:
        raise UserError(f"no topic named {name!r} (winnow topic list)")
    if fmt == "json":
        return topic_json_text(store, name)
    if fmt == "markdown":
        return markdown_report(store, name, today=today)
    papers = [
        store.paper(e.paper_key) or Paper(title=e.paper_key)
        for e in store.entries(name)
        if e.active
    ]
    if not papers:
        raise UserError(f"the shortlist of {name!r} is empty: no BibTeX to export")
    if bare := sum(is_placeholder(p) for p in papers):
        print(
            f"winnow: {bare} paper(s) known by id only (no source answered yet): "
            "their entries lack title and authors",
            file=sys.stderr,
        )
    return bibtex_for(papers)


def _open_topic_name(store: Store) -> str:
    topic = store.current_topic()
    if topic is None:
        raise UserError('no topic is open: create one with winnow topic new NAME --purpose "..."')
    return topic.name


def cmd_export(args: argparse.Namespace) -> int:
    store = open_store()
    fmt = _format(args)
    text = export_text(store, fmt, args.topic, date.today())
    if not args.output:
        sys.stdout.write(text)
        return 0
    path = Path(args.output).expanduser()
    if path.is_dir():
        raise UserError(f"{path} is a folder: name a file (-o {path / ('topic' + FORMATS[fmt])})")
    write_bytes(path, text.encode("utf-8"))
    print(f"wrote {fmt} to {safe(str(path))}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from tui.exchange import import_args

    config = load_config()
    store = open_store(config)
    report = import_args(store, args.items)
    for line in report.lines():
        print(safe(line))
    if not args.offline:
        _fill_placeholders(store, config, report.keys)
    print(safe(report.summary))
    return 0 if report.added else 1  # nothing came in: say so in the exit status too


def _fill_placeholders(store: Store, config: Config, keys: list[str]) -> None:
    """Ask the sources for papers that came in as bare ids (one line each when it fails)."""
    from tui.library import fill_metadata

    for key in keys:
        paper = store.paper(key)
        if paper is not None and paper.title == paper.key:
            found, why = fill_metadata(store, key, config)
            print(f"{key}: {safe(found.title)}" if found else f"{key}: {safe(why)}")

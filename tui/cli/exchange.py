"""``winnow export`` and ``winnow import``: share a triage, bring one in."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from tui.cli.common import load_config, open_store, safe
from tui.config import Config
from tui.errors import UserError
from tui.store import Store

# tui.exchange.formats.FORMATS, named here so that building the parser imports nothing
EXPORT_FORMATS = ("markdown", "bibtex", "ris", "csljson", "json")


def register(sub: argparse._SubParsersAction) -> None:
    export = sub.add_parser(
        "export",
        help="the open topic as a Markdown report, BibTeX, RIS, CSL-JSON or JSON (stdout or -o)",
    )
    export.add_argument(
        "--format",
        choices=EXPORT_FORMATS,
        help="markdown: the triage report; bibtex, ris, csljson: the shortlist; json: the whole "
        "topic (default: from -o's suffix, else markdown)",
    )
    export.add_argument("-o", "--output", metavar="FILE", help="write to FILE (atomically)")
    export.add_argument(
        "--force",
        action="store_true",
        help="overwrite FILE even if winnow did not write it or it was edited since",
    )
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
    from tui.exchange.formats import format_of_path

    if args.format:
        return args.format
    return format_of_path(args.output) if args.output else "markdown"


def export_text(store: Store, fmt: str, topic_name: str | None, today: date) -> str:
    from tui.exchange.bibtex import is_placeholder
    from tui.exchange.formats import FORMATS, shortlist_papers
    from tui.exchange.formats import export_text as text_of

    name = topic_name or open_topic_name(store)
    text = text_of(store, fmt, name, today=today)
    if FORMATS[fmt].shortlist and (bare := sum(map(is_placeholder, shortlist_papers(store, name)))):
        print(
            f"winnow: {bare} paper(s) known by id only (no source answered yet): "
            "their entries lack title and authors",
            file=sys.stderr,
        )
    return text


def open_topic_name(store: Store) -> str:
    """The open topic's name, or the one-line error saying how to open one."""
    topic = store.current_topic()
    if topic is None:
        raise UserError('no topic is open: create one with winnow topic new NAME --purpose "..."')
    return topic.name


def cmd_export(args: argparse.Namespace) -> int:
    from tui.exchange.formats import FORMATS
    from tui.exchange.written import write_export

    store = open_store()
    fmt = _format(args)
    text = export_text(store, fmt, args.topic, date.today())
    if not args.output:
        sys.stdout.write(text)
        return 0
    path = Path(args.output).expanduser()
    if path.is_dir():
        raise UserError(
            f"{path} is a folder: name a file (-o {path / ('topic' + FORMATS[fmt].suffix)})"
        )
    written = write_export(path, text, rename=False, force=args.force)
    print(f"wrote {fmt} to {safe(str(written))}")
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

"""``winnow sections`` and ``winnow read``: the reading engine from the command line.

Both parse in a child process within the parse budget (``tui.pdf.parse_bounded``), print
the PDF's text through :func:`~tui.cli.common.safe` and JSON through
:func:`~tui.cli.common.print_json`. Imports are inside the commands: registering them
costs nothing. ``read`` of a paper on the open topic's shortlist
counts as the reader does: stage 1 records the skim, stages 2–4 open only after the cut.
"""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    sections = subparsers.add_parser(
        "sections", help="the structure extracted from a paper (title, sections, captions…)"
    )
    sections.add_argument("paper", metavar="PDF|ID", help="a PDF file, an arXiv id, DOI or S2 id")
    sections.add_argument("--json", action="store_true", help="print the SPEC §5 JSON schema")
    sections.set_defaults(func=cmd_sections)

    read = subparsers.add_parser(
        "read", help="what the reader shows for a stage, as plain text (stage 1 counts as a skim)"
    )
    read.add_argument("paper", metavar="PDF|ID", help="a PDF file, or an arXiv id, DOI or S2 id")
    read.add_argument("--stage", type=int, choices=(1, 2, 3, 4), default=1, help="stage 1–4")
    read.set_defaults(func=cmd_read)


def cmd_sections(args: argparse.Namespace) -> int:
    from tui.pdf.workers import prefork

    prefork()  # the parse child loads PyMuPDF while this process finds and hashes the PDF
    from tui.cli.common import print_json, safe
    from tui.cli.resolve import local_pdf_for
    from tui.pdf import parse_bounded

    doc = parse_bounded(local_pdf_for(args.paper))
    if args.json:
        print_json(doc.to_json())
        return 0
    print(safe(doc.title or "(no title found)"))
    if doc.authors:
        print(safe(", ".join(doc.authors)))
    if doc.affiliations:
        print(safe("; ".join(doc.affiliations)))
    for link in doc.links:
        print(safe(link))
    if doc.arxiv_id:
        print(safe(f"arXiv:{doc.arxiv_id}"))
    print(
        f"{doc.pages} pages · {len(doc.figures)} figures · {len(doc.tables)} tables · "
        f"{len(doc.equations)} display equations"
    )
    print()
    for sec in doc.sections:
        indent = "  " * (sec.level - 1)
        number = f"{sec.number} " if sec.number else ""
        print(safe(f"{indent}{number}{sec.heading}  [{sec.kind}, p. {sec.page}]"))
    for warning in doc.warnings:
        print(safe(f"note: {warning}"))
    return 0


def cmd_read(args: argparse.Namespace) -> int:
    from tui.pdf.workers import prefork

    prefork()
    from tui.cli.common import safe
    from tui.cli.resolve import resolve
    from tui.errors import UserError
    from tui.library import stage_meta
    from tui.pdf import build_stage, parse_bounded, stage_text

    stage = args.stage
    target = resolve(args.paper, with_store=True)
    store, key = target.store, target.key
    if store is not None and key is not None and not store.stage_open(stage, key):
        store.open_stage(key, stage)  # refused: raises the lock's own message, as in the app
    doc = None
    if target.path is not None:
        doc = parse_bounded(target.path, digest=target.digest)
    elif stage > 1 or target.paper is None:
        raise UserError(f"PDF not available: {target.missing}; stage {stage} needs the text")
    meta = stage_meta(target.paper, target.missing) if target.paper else None
    print(safe(stage_text(build_stage(doc, stage, meta))), end="")
    if store is not None and key is not None:
        store.open_stage(key, stage)  # what was shown counts, as in the reader
    return 0

"""``winnow sections`` and ``winnow read``: the reading engine from the command line."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    sections = subparsers.add_parser(
        "sections", help="the structure extracted from a paper (title, sections, captions…)"
    )
    sections.add_argument("paper", metavar="PDF|ID", help="a PDF file, an arXiv id, DOI or S2 id")
    sections.add_argument("--json", action="store_true", help="print the SPEC §5 JSON schema")
    sections.set_defaults(func=cmd_sections)

    read = subparsers.add_parser("read", help="what the reader shows for a stage, as plain text")
    read.add_argument("paper", metavar="PDF|ID", help="a PDF file, or an arXiv id, DOI or S2 id")
    read.add_argument("--stage", type=int, choices=(1, 2, 3, 4), default=1, help="stage 1–4")
    read.set_defaults(func=cmd_read)


def _pdf_path(arg: str) -> Path:
    path = Path(arg).expanduser()
    if path.is_file():
        return path
    from tui.cli.resolve import local_pdf_for

    return Path(local_pdf_for(arg))


def cmd_sections(args: argparse.Namespace) -> int:
    from tui.pdf import parse_pdf

    doc = parse_pdf(_pdf_path(args.paper))
    if args.json:
        from tui.cli.common import print_json  # C1 and bidi escaped, like every --json

        print_json(doc.to_json())
        return 0
    print(doc.title or "(no title found)")
    if doc.authors:
        print(", ".join(doc.authors))
    if doc.affiliations:
        print("; ".join(doc.affiliations))
    for link in doc.links:
        print(link)
    if doc.arxiv_id:
        print(f"arXiv:{doc.arxiv_id}")
    print(
        f"{doc.pages} pages · {len(doc.figures)} figures · {len(doc.tables)} tables · "
        f"{len(doc.equations)} display equations"
    )
    print()
    for sec in doc.sections:
        indent = "  " * (sec.level - 1)
        number = f"{sec.number} " if sec.number else ""
        print(f"{indent}{number}{sec.heading}  [{sec.kind}, p. {sec.page}]")
    for warning in doc.warnings:
        print(f"note: {warning}")
    return 0


def cmd_read(args: argparse.Namespace) -> int:
    from tui.pdf import build_stage, parse_pdf, stage_text

    doc = parse_pdf(_pdf_path(args.paper))
    print(stage_text(build_stage(doc, args.stage)), end="")
    return 0

"""Sub-commands over the state: topics, the shortlist, notes."""

from __future__ import annotations

import argparse
from typing import Any

from tui.cli.common import load_config, open_store, print_json, safe
from tui.errors import UserError
from tui.models import Entry, Paper, Status, parse_ref, phase_of
from tui.store import Store


def register(sub: argparse._SubParsersAction) -> None:
    topic = sub.add_parser("topic", help="create, list, open, rename or delete topics")
    tsub = topic.add_subparsers(
        dest="topic_command", metavar="new|list|open|rename|delete", required=True
    )
    new = tsub.add_parser("new", help="create a topic and open it")
    new.add_argument("name")
    new.add_argument("--purpose", default="", help="why you are reading, in one line")
    new.set_defaults(func=cmd_topic_new)
    lst = tsub.add_parser("list", help="list the topics")
    lst.add_argument("--json", action="store_true")
    lst.set_defaults(func=cmd_topic_list)
    opn = tsub.add_parser("open", help="open a topic")
    opn.add_argument("name")
    opn.set_defaults(func=cmd_topic_open)
    ren = tsub.add_parser("rename", help="rename a topic")
    ren.add_argument("old")
    ren.add_argument("new")
    ren.set_defaults(func=cmd_topic_rename)
    dele = tsub.add_parser("delete", help="delete a topic, its list and its notes (needs --yes)")
    dele.add_argument("name")
    dele.add_argument("--yes", action="store_true", help="yes, delete it for good")
    dele.set_defaults(func=cmd_topic_delete)

    add = sub.add_parser("add", help="add a paper (id or PDF) to the open topic's shortlist")
    add.add_argument("paper", metavar="ID|PDF")
    add.add_argument("--offline", action="store_true", help="record the id without asking a source")
    add.set_defaults(func=cmd_add)

    elim = sub.add_parser("eliminate", help="eliminate a paper, with a one-line reason")
    elim.add_argument("paper", metavar="ID")
    elim.add_argument("--reason", required=True)
    elim.set_defaults(func=cmd_eliminate)

    keep = sub.add_parser("keep", help="mark a paper as kept")
    keep.add_argument("paper", metavar="ID")
    keep.set_defaults(func=cmd_keep)

    undo = sub.add_parser(
        "undo", help="undo the last elimination made from the command line, or ID's"
    )
    undo.add_argument("paper", metavar="ID", nargs="?", help="bring back this eliminated paper")
    undo.set_defaults(func=cmd_undo)

    note = sub.add_parser("note", help="answer the skim questions and keep notes for a paper")
    note.add_argument("paper", metavar="ID")
    note.add_argument("--purpose", help="what is the purpose of this paper?")
    note.add_argument("--problem", help="what problem does it solve?")
    note.add_argument("--contributions", help="which contributions stand out?")
    note.add_argument("--text", help="free notes")
    note.set_defaults(func=cmd_note)

    short = sub.add_parser("shortlist", help="the open topic's shortlist")
    short.add_argument("--json", action="store_true")
    short.set_defaults(func=cmd_shortlist)


def cmd_topic_new(args: argparse.Namespace) -> int:
    topic = open_store().create_topic(args.name, args.purpose)
    print(f"created and opened topic {safe(topic.name)!r}")
    return 0


def cmd_topic_list(args: argparse.Namespace) -> int:
    store = open_store()
    current = store.current_topic()
    topics = store.topics()
    if args.json:
        print_json(
            [
                {
                    "name": t.name,
                    "purpose": t.purpose,
                    "created_at": t.created_at,
                    "open": current is not None and t.name == current.name,
                }
                for t in topics
            ]
        )
        return 0
    if not topics:
        print('no topics yet: winnow topic new NAME --purpose "why you are reading"')
    for t in topics:
        mark = "*" if current and t.name == current.name else " "
        print(f"{mark} {safe(t.name)}" + (f" — {safe(t.purpose)}" if t.purpose else ""))
    return 0


def cmd_topic_open(args: argparse.Namespace) -> int:
    topic = open_store().open_topic(args.name)
    print(f"opened topic {safe(topic.name)!r}")
    return 0


def cmd_topic_rename(args: argparse.Namespace) -> int:
    topic = open_store().rename_topic(args.old, args.new)
    print(f"renamed topic {safe(args.old)!r} to {safe(topic.name)!r}")
    return 0


def cmd_topic_delete(args: argparse.Namespace) -> int:
    """Deleting is for good (the list, the notes, the history): refused without --yes,
    whichever topic it is; the open topic may go, and then no topic is open."""
    store = open_store()
    topic = store.topic(args.name)
    if topic is None:
        raise UserError(f"no topic named {args.name!r} (winnow topic list)")
    if not args.yes:
        count = len(store.entries(topic.name))
        raise UserError(
            f"deleting {safe(topic.name)!r} ({count} paper{'s' * (count != 1)} and their notes) "
            f"cannot be undone: winnow topic delete {safe(topic.name)!r} --yes"
        )
    was_open = (current := store.current_topic()) is not None and current.name == topic.name
    store.delete_topic(topic.name)
    tail = " (it was open: winnow topic open NAME opens another)" if was_open else ""
    print(f"deleted topic {safe(topic.name)!r}{tail}")
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    from pathlib import Path

    config = load_config()
    store = open_store(config)
    text = args.paper
    ref = parse_ref(text)
    path = Path(text)
    if text.lower().endswith(".pdf") or path.is_file() or (ref is None and path.exists()):
        return _add_pdf(store, path, config, offline=args.offline)  # it names what is wrong
    if ref is None:
        raise UserError(f"not an arXiv id, DOI, S2 id or PDF: {text!r}")
    entry = store.add_ref(ref)
    line = f"added {ref.key}"
    if not args.offline:
        from tui.library import fill_metadata

        paper, why = fill_metadata(store, entry.paper_key, config)
        line = f"added {safe(paper.title)} ({paper.key})" if paper else f"{line} ({why})"
    print(line)
    return 0


def _add_pdf(store: Store, path: Any, config: Any, *, offline: bool) -> int:
    """A PDF: added, or attached to the listed paper it is (replacing its PDF); then, if
    it has an id, the sources' metadata (year, venue, citations, TLDR) merged in."""
    from tui.library import fill_metadata, paper_from_pdf

    paper = paper_from_pdf(path)
    entry, attached = store.add_pdf(paper)
    if not offline and paper.ids.primary() is not None:
        fill_metadata(store, entry.paper_key, config)
    shown = store.paper(entry.paper_key) or paper
    if attached:
        print(f"attached {safe(path.name)} to {safe(shown.title)} ({entry.paper_key})")
    else:
        print(f"added {safe(shown.title)} ({entry.paper_key})")
    return 0


def cmd_eliminate(args: argparse.Namespace) -> int:
    store = open_store()
    key = store.resolve(args.paper)
    store.eliminate(key, args.reason)
    print(f"eliminated {key}: {safe(args.reason)} (winnow undo brings it back)")
    return 0


def cmd_keep(args: argparse.Namespace) -> int:
    store = open_store()
    key = store.resolve(args.paper)
    store.keep(key)
    print(f"kept {key}")
    return 0


def cmd_undo(args: argparse.Namespace) -> int:
    store = open_store()
    key = store.resolve(args.paper) if args.paper else None
    entry = store.undo(key=key)
    print(f"back on the list: {entry.paper_key}")
    return 0


def cmd_note(args: argparse.Namespace) -> int:
    store = open_store()
    key = store.resolve(args.paper)
    fields = {
        name: getattr(args, name)
        for name in ("purpose", "problem", "contributions", "text")
        if getattr(args, name) is not None
    }
    if not fields:
        raise UserError("say what to note: --purpose, --problem, --contributions or --text")
    store.set_notes(key, **fields)
    print(f"noted {', '.join(fields)} for {key}")
    return 0


def entry_json(store: Store, entry: Entry, paper: Paper | None = None) -> dict[str, Any]:
    paper = paper or store.paper(entry.paper_key) or Paper(title=entry.paper_key)
    return {
        "key": entry.paper_key,
        "title": paper.title,
        "authors": paper.author_names,
        "year": paper.year,
        "ids": {"arxiv": paper.ids.arxiv, "s2": paper.ids.s2, "doi": paper.ids.doi},
        "status": entry.status.value,
        "reason": entry.reason or None,
        "stage": entry.stage,
        "notes": {
            "purpose": entry.notes.purpose,
            "problem": entry.notes.problem,
            "contributions": entry.notes.contributions,
            "text": entry.notes.text,
        },
        "seconds": entry.seconds,
        "added_at": entry.added_at,
    }


def cmd_shortlist(args: argparse.Namespace) -> int:
    store = open_store()
    topic = store.current_topic()
    if topic is None:
        raise UserError('no topic is open: create one with winnow topic new NAME --purpose "..."')
    entries = store.entries()
    papers = store.papers(e.paper_key for e in entries)  # each file read once
    phase = phase_of(entries, store.cap, store.kept_target)
    active = [e for e in entries if e.active]
    if args.json:
        print_json(
            {
                "topic": topic.name,
                "purpose": topic.purpose,
                "phase": phase.value,
                "cap": store.cap,
                "count": len(active),
                "entries": [entry_json(store, e, papers.get(e.paper_key)) for e in entries],
            }
        )
        return 0
    print(f"{safe(topic.name)} — {safe(topic.purpose)}")
    print(f"phase {phase.value} · {len(active)}/{store.cap} on the list")
    for entry in entries:
        paper = papers.get(entry.paper_key) or Paper(title=entry.paper_key)
        mark = {Status.CANDIDATE: " ", Status.KEPT: "K", Status.ELIMINATED: "x"}[entry.status]
        line = f"{mark} [{entry.stage}] {safe(paper.title)}  ({entry.paper_key})"
        if entry.status is Status.ELIMINATED:
            line += f" — {safe(entry.reason)}"
        print(line)
    return 0

"""The one list of commands: it feeds the bindings, the footer, the palette and the help.

Each command has an id (remappable from ``[keymap]`` in config.toml), its
default keys (SPEC §3) and a description.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual._xterm_parser import XTermParser  # textual is pinned: see EscapeFirstParser
from textual.binding import Binding


@dataclass(frozen=True)
class Command:
    id: str
    keys: str
    action: str
    description: str
    help: str
    show: bool = True


# Footer order is this order; show=False keeps a command out of the footer (it stays in the
# help and the palette). The screen's check_action hides what has no target and greys the
# stages the forced cut still locks.
_ = Command
COMMANDS: tuple[Command, ...] = (
    _("search", "slash", "focus_search", "Search", "focus the search input"),
    _("add", "a", "add", "Add", "add the highlighted result to the shortlist"),
    _("eliminate", "x", "eliminate", "Eliminate", "eliminate the highlighted paper (asks why)"),
    _("undo", "u", "undo", "Undo", "undo the last elimination"),
    _("keep", "K", "keep", "Keep", "mark the highlighted paper as kept (again: unkeep)"),
    _("notes", "n", "notes", "Notes", "purpose, problem, contributions, free notes"),
    _("stage1", "1", "stage(1)", "S1", "stage 1: title, authors, key figure, abstract", False),
    _("stage2", "2", "stage(2)", "S2", "stage 2: introduction and conclusion"),
    _("stage3", "3", "stage(3)", "S3", "stage 3: figures, method, experiments"),
    _("stage4", "4", "stage(4)", "S4", "stage 4: the whole paper"),
    _("open", "enter", "open_paper", "Open", "open the highlighted paper in the reader", False),
    _("next_section", "right_square_bracket", "section(1)", "Next §", "next section", False),
    _("prev_section", "left_square_bracket", "section(-1)", "Prev §", "previous section", False),
    _("filters", "f", "filters", "Filters", "year range, sort, category, open access", False),
    _("history", "h", "history", "History", "earlier searches of this topic", False),
    _("export", "e", "export", "Export", "BibTeX, Markdown report, JSON", False),
    _("copy", "y", "copy", "Copy", "copy the BibTeX to your clipboard (OSC 52)", False),
    _("pdf", "o", "open_pdf", "Open", "PDF, arXiv, S2, alphaXiv, code: open or copy", False),
    _("references", "r", "references", "Refs", "what the paper cites (S2), as a trail"),
    _("citations", "c", "citations", "Cited by", "papers citing it, with the sentences"),
    _("recommend", "R", "recommend", "Recommend", "S2's picks from the topic's list", False),
    _("back", "backspace", "trail_back", "Back", "back along the trail, to the row you left"),
    _("sort", "S", "sort_list", "Sort", "next order: citations, year, influential", False),
    _("summary", "s", "summarize", "Summary", "run summarize_command on this stage", False),
    _("zoom", "z", "zoom", "Wide", "the reader at full width, and back"),
    _("topic", "t", "topics", "Topic", "switch or create a topic"),
    _("help", "question_mark", "help", "Help", "the keys and the method"),
    _("quit", "q", "app.quit", "Quit", "quit winnow"),
)
del _

# What the footer keeps when the width runs out, most useful first (help and quit always).
FOOTER_RANK = (
    "help", "quit", "search", "add", "back", "eliminate", "keep", "notes", "stage2", "stage3",
    "stage4", "undo", "zoom", "topic", "references", "citations", "palette",
)  # fmt: skip


def bindings() -> list[Binding]:
    return [
        Binding(c.keys, c.action, c.description, show=c.show, id=c.id, tooltip=c.help)
        for c in COMMANDS
    ]


def key_label(keys: str) -> str:
    names = {
        "slash": "/",
        "question_mark": "?",
        "enter": "Enter",
        "right_square_bracket": "]",
        "left_square_bracket": "[",
        "backspace": "Backspace",
    }
    return ", ".join(names.get(k.strip(), k.strip()) for k in keys.split(","))


def keymap_problems(keymap: dict[str, str]):
    """Unknown command ids, and keys a remap takes from another command."""
    ids = {c.id for c in COMMANDS}
    keys_of = {c.id: {k.strip() for k in c.keys.split(",")} for c in COMMANDS}
    for command_id, keys in keymap.items():
        if command_id not in ids:
            yield f"config: [keymap] {command_id!r} is not a command (see ? for the list)"
            continue
        keys_of[command_id] = {k.strip() for k in keys.split(",")}
    for command_id in keymap:
        for other, theirs in keys_of.items():
            shared = keys_of.get(command_id, set()) & theirs
            if other != command_id and shared and command_id in ids:
                yield (
                    f"config: [keymap] {command_id} takes {', '.join(sorted(shared))} "
                    f"from {other}: give {other} another key"
                )


class EscapeFirstParser(XTermParser):
    """Textual's terminal parser, except that Escape and then a key, typed within the escape
    delay or sent together by tmux, are those two keys and never Alt+key.

    winnow binds no Alt key, and the letter after an Escape that was meant to leave the query
    box must not be typed into it (Textual reads ESC a as Alt+a, and drops the Escape of
    ESC ? altogether). ``install_parser`` makes the Linux driver use it.
    """

    def _sequence_to_key_events(self, sequence: str, alt: bool = False):
        if len(sequence) == 2 and sequence[0] == "\x1b" and sequence[1] not in _INTRODUCERS:
            # ESC and one key, which Textual maps to a key of its own (ESC 1 to "¡", ESC f
            # to ctrl+right): the two keys
            alt, sequence = True, sequence[1]
        if alt:  # the key came right behind a lone Escape
            yield events.Key("escape", "\x1b")
        yield from super()._sequence_to_key_events(sequence)


_INTRODUCERS = "[O]P_\\^\x1b"
"""What follows ESC to start a longer sequence (CSI, SS3, OSC, DCS, APC, ST, PM)."""


def install_parser() -> None:
    """The Linux driver (a terminal, SSH, tmux) reads keys with ``EscapeFirstParser``."""
    from textual.drivers import linux_driver

    linux_driver.XTermParser = EscapeFirstParser  # type: ignore[misc]

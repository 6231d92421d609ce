"""The one list of commands: it feeds the bindings, the footer, the palette and the help.

Each command has an id (remappable from ``[keymap]`` in config.toml), its
default keys (SPEC §3) and a description.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding


@dataclass(frozen=True)
class Command:
    id: str
    keys: str
    action: str
    description: str
    help: str
    show: bool = True


COMMANDS: tuple[Command, ...] = (
    Command("search", "slash", "focus_search", "Search", "focus the search input"),
    Command("filters", "f", "filters", "Filters", "year range, sort, category, open access"),
    Command("history", "h", "history", "History", "earlier searches of this topic"),
    Command("add", "a", "add", "Add", "add the highlighted result to the shortlist"),
    Command(
        "open",
        "enter",
        "open_paper",
        "Open",
        "open the highlighted paper in the reader",
        show=False,
    ),
    Command(
        "eliminate", "x", "eliminate", "Eliminate", "eliminate the highlighted paper (asks why)"
    ),
    Command("undo", "u", "undo", "Undo", "undo the last elimination"),
    Command("keep", "K", "keep", "Keep", "mark the highlighted paper as kept"),
    Command(
        "stage1", "1", "stage(1)", "Stage 1", "title, authors, key figure, abstract", show=False
    ),
    Command("stage2", "2", "stage(2)", "Stage 2", "introduction and conclusion", show=False),
    Command("stage3", "3", "stage(3)", "Stage 3", "figures, method, experiments", show=False),
    Command("stage4", "4", "stage(4)", "Stage 4", "the whole paper", show=False),
    Command(
        "next_section", "right_square_bracket", "section(1)", "Next §", "next section", show=False
    ),
    Command(
        "prev_section",
        "left_square_bracket",
        "section(-1)",
        "Prev §",
        "previous section",
        show=False,
    ),
    Command("notes", "n", "notes", "Notes", "purpose, problem, contributions, free notes"),
    Command("export", "e", "export", "Export", "BibTeX, Markdown report, JSON"),
    Command("copy", "y", "copy", "Copy", "copy the BibTeX to your clipboard (OSC 52)"),
    Command(
        "pdf", "o", "open_pdf", "PDF", "open the PDF in a viewer, or say where it is", show=False
    ),
    Command(
        "summary", "s", "summarize", "Summary", "run summarize_command on this stage", show=False
    ),
    Command("topic", "t", "topics", "Topic", "switch or create a topic"),
    Command("help", "question_mark", "help", "Help", "the keys and the method"),
    Command("quit", "q", "app.quit", "Quit", "quit winnow"),
)


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
    }
    return ", ".join(names.get(k.strip(), k.strip()) for k in keys.split(","))

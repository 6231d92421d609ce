"""One row of the search pane: a search result, a reference, a citation or a recommendation.

A row is the paper's title (two lines at most), one line of who, when, where, how cited
and which sources have it, then — for a reference or a citation — the sentence in which
one paper cites the other after its intent (background / method / result), cut to two
lines of the pane's width, and, in a trail, why a paper on the list was eliminated.
Everything from outside (titles, names, venues, sentences, reasons) is shown literally.
"""

from __future__ import annotations

import io
from functools import lru_cache
from typing import Any

from rich.console import Console
from rich.text import Text

from tui.models import Citation, Intent, Paper, Status
from tui.snowball import Mark
from tui.textsafe import one_line

INTENT_STYLE = {Intent.BACKGROUND: "blue", Intent.METHOD: "magenta", Intent.RESULT: "green"}
TITLE_LINES = 2
CONTEXT_LINES = 2


@lru_cache(maxsize=1)
def _console() -> Console:
    """A console only to measure wrapping (never written to the terminal)."""
    return Console(file=io.StringIO(), width=200, color_system=None, legacy_windows=False)


def clip(text: Text, width: int, lines: int) -> Text:
    """``text`` wrapped at ``width`` cells, cut to ``lines`` lines with an ellipsis."""
    if width < 4 or text.cell_len <= width:
        return text
    wrapped = text.wrap(_console(), width)
    if len(wrapped) <= lines:
        return text
    kept = list(wrapped[:lines])
    last = kept[-1]
    last.rstrip()
    last.truncate(width - 1)
    last.append("…", style=text.style)
    return Text("\n").join(kept)


def inline(text: str | None, style: str = "") -> Text:
    """Outside text on one line (a title or a name never breaks a row), shown as it is."""
    return Text(one_line(text or ""), style=style)


def compact(number: int) -> str:
    return f"{number / 1000:.0f}k" if number >= 10_000 else f"{number:,}"


def _who(paper: Paper) -> str:
    first = paper.author_names[0].split()[-1] if paper.author_names else ""
    if first and len(paper.author_names) > 1:
        first += " et al."
    return first


def _intents(intents: tuple[Intent, ...]) -> Text:
    text = Text()
    for n, intent in enumerate(intents):
        text.append(", " if n else "")
        text.append(intent.label, style=INTENT_STYLE.get(intent, ""))
    return text


def _mark_symbol(mark: Mark | None) -> Text:
    if mark is None:
        return Text()
    if mark.status is Status.ELIMINATED:
        return Text("✗ ", style="red")
    return Text("● ", style="green")  # kept or a candidate: the shortlist tells which


def row_parts(
    row: Citation,
    *,
    width: int = 40,
    mark: Mark | None = None,
    new: bool = False,
    version: str | None = None,
    trail: bool = False,
) -> list[Text]:
    """The row's parts, each its own line(s): the title (two lines at most), the facts,
    the citing sentence (two lines at most) and, in a trail, why a listed paper was
    eliminated (one line). A search row stays short: ✗ says enough there."""
    paper = row.paper
    head = _mark_symbol(mark)
    if new:
        head.append("new ", style="bold yellow")
    head.append_text(inline(paper.title, "bold"))
    parts = [clip(head, width, TITLE_LINES)]

    bits = [b for b in (_who(paper), str(paper.year or ""), paper.venue or "") if b]
    facts = inline(" · ".join(bits), "dim")
    if paper.citations is not None:
        facts.append(f" · {compact(paper.citations)} cit", style="dim")
    badges = " ".join("ax" if s == "arxiv" else s for s in paper.sources)
    facts.append(f"  {badges}", style="magenta")
    if paper.pdf_url:
        facts.append(" pdf", style="green")
    if row.influential:
        facts.append(" influential", style="bold yellow")
    if version:
        facts.append(f" {version}", style="bold cyan")
    if len(row.contexts) > 1:
        facts.append(f" · {len(row.contexts)} sentences", style="dim")
    parts.append(facts)

    if row.contexts:
        # The sentence that cites, after its intent (the intent always shows; the
        # sentence is cut to two lines).
        context = row.contexts[0]
        line = Text()
        if intents := context.intents or row.intents:
            line.append_text(_intents(intents))
            line.append(": ")
        line.append("“", style="italic")
        line.append_text(inline(context.text, "italic"))
        line.append("”", style="italic")
        parts.append(clip(line, width, CONTEXT_LINES))
    elif row.intents:
        parts.append(_intents(row.intents))

    if trail and mark is not None and mark.status is Status.ELIMINATED:
        reason = Text("✗ ", style="red")
        reason.append_text(inline(mark.label, "italic dim"))
        parts.append(clip(reason, width, 1))
    return parts


def row_prompt(row: Citation, **options: Any) -> Text:
    """The row as one Rich ``Text`` for the list (see :func:`row_parts`)."""
    return Text("\n").join(row_parts(row, **options))

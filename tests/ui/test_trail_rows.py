"""A citation row (issue 13.1): the citing sentence under the title with its intent, shown
literally (markup and escapes inert), cut to the pane's width; influential flagged."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console

from tests.ui.driving import screen_text, search_for, settle
from tests.ui.trail_fakes import trail_app
from tui.models import Citation, Context, Intent, Paper, PaperIds, Status
from tui.snowball import Mark
from tui.widgets.result_row import CONTEXT_LINES, TITLE_LINES, clip, row_parts, row_prompt

HOSTILE = "See [4] \x1b[31m[bold red]red[/bold red]\x1b[0m \u202eevil\u202c \x9b2J and\x07 more."
UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def lines_of(text, width: int) -> list[str]:
    console = Console(width=width, record=True, color_system=None)
    return [line.plain for line in text.wrap(console, width)]


async def test_citing_sentences_are_shown_literally_and_inert() -> None:
    app, s2 = trail_app()
    papers = s2.papers
    s2.sentences[("2101.00002", "2101.00003")] = HOSTILE
    async with app.run_test(size=(160, 48)) as pilot:
        await search_for(pilot, "sparse")
        app.screen.search.results.highlighted = 3
        await pilot.press("c")
        await settle(pilot)
        prompt = app.screen.search.results.get_option_at_index(0).prompt
        assert prompt.spans  # styled by winnow, never by the sentence's own "markup"
        plain = prompt.plain
        assert "[bold red]red[/bold red]" in plain and "␛[31m" in plain
        assert not UNSAFE.search(plain)
        assert (
            "background: “See [4]" in plain
            or "method: “See [4]" in plain
            or ("result: “See [4]" in plain)
        )
        shot = screen_text(app)
        assert "[bold red]red[/bold red]" in shot and "\x1b" not in shot
        assert papers[2].title in shot


texts = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=0, max_size=300
)


@given(title=texts, sentence=texts, reason=texts, width=st.integers(12, 120))
def test_any_row_is_inert_and_keeps_its_title_and_sentence_to_two_lines(
    title, sentence, reason, width
) -> None:
    paper = Paper(title or "t", ids=PaperIds(arxiv="2101.00001"), citations=5, year=2020)
    row = Citation(paper, (Context(sentence or "s", (Intent.METHOD,)),), (Intent.METHOD,), True)
    mark = Mark(Status.ELIMINATED, reason)
    options = dict(width=width, mark=mark, new=True, version="v3 → v5", trail=True)
    whole = row_prompt(row, **options)
    assert not UNSAFE.search(whole.plain)
    title_part, facts, sentence_part, reason_part = row_parts(row, **options)
    assert whole.plain == "\n".join(
        p.plain for p in (title_part, facts, sentence_part, reason_part)
    )
    assert len(lines_of(title_part, width)) <= TITLE_LINES
    assert len(lines_of(sentence_part, width)) <= CONTEXT_LINES
    assert sentence_part.plain.startswith("method: “")
    assert len(lines_of(reason_part, width)) == 1
    assert "influential" in facts.plain and "v3 → v5" in facts.plain


@given(st.text(min_size=1, max_size=400), st.integers(4, 100), st.integers(1, 4))
def test_clip_never_takes_more_lines_than_it_is_given(words, width, lines) -> None:
    from rich.text import Text

    assert len(lines_of(clip(Text(words.replace("\n", " ")), width, lines), width)) <= lines


def test_rows_without_sentences_stay_two_parts_and_search_rows_never_carry_reasons() -> None:
    paper = Paper("A title", ids=PaperIds(arxiv="2101.00001"), sources=("arxiv",))
    eliminated = Mark(Status.ELIMINATED, "off topic")
    search_row = row_prompt(Citation(paper), mark=eliminated).plain
    assert search_row.startswith("✗ A title") and "off topic" not in search_row
    assert len(search_row.split("\n")) == 2
    new = row_prompt(Citation(paper), new=True).plain
    assert new.startswith("new A title")

"""Generated hostile text through every export: BibTeX, the Markdown report, the topic JSON.

Each export must parse (bibtexparser, markdown-it, json), carry nothing a terminal obeys
when ``cat``-ed, run no TeX command, and take no structure from outside text (no heading,
list, link or HTML that winnow did not write).
"""

from __future__ import annotations

import json
import re
from datetime import date

import bibtexparser
import pytest
from hostile import HOSTILE, terminal_bad
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from tui.exchange import bibtex_entry, markdown_report
from tui.exchange._text import one_line
from tui.exchange.topic_json import topic_json_text
from tui.models import Author, Paper, PaperIds
from tui.store import Store
from tui.textsafe import plain, repair

# ---------------------------------------------------------------- BibTeX

_OURS = re.compile(
    r"\\(?:textbackslash\{\}|textbraceleft\{\}|textbraceright\{\}|[%&$#_]|\^\{\}|~\{\})"
)
_UNDO = {
    r"\textbackslash{}": "\\",
    r"\textbraceleft{}": "{",
    r"\textbraceright{}": "}",
    r"\^{}": "^",
    r"\~{}": "~",
}


def _unescape(value: str) -> str:
    """A field's value read back as the text it spells (winnow's own braces dropped)."""
    out, i = [], 0
    while i < len(value):
        escape = next((e for e in _UNDO if value.startswith(e, i)), None)
        if escape is not None:
            out.append(_UNDO[escape])
            i += len(escape)
        elif value[i] == "\\" and i + 1 < len(value):
            out.append(value[i + 1])
            i += 2
        else:
            if value[i] not in "{}":
                out.append(value[i])
            i += 1
    return "".join(out)


def _parse_one(text: str):
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == [], [b.raw for b in library.failed_blocks]
    (entry,) = library.entries
    return {f.key: f.value for f in entry.fields}


@given(title=HOSTILE, author=HOSTILE, venue=HOSTILE, doi=HOSTILE)
def test_bibtex_parses_round_trips_and_runs_no_tex(title, author, venue, doi) -> None:
    paper = Paper(
        title=title or "x",
        ids=PaperIds(arxiv="2101.00001", doi="10.1/" + doi),
        authors=(Author(author), Author("B. Second")),
        year=2021,
        venue=venue,
        bibtex="@Article{K,\n title = {" + title + "},\n booktitle = {" + venue + "}\n}",
    )
    text = bibtex_entry(paper)
    assert not terminal_bad(text.replace("\n", ""))
    got = _parse_one(text)
    for value in got.values():
        assert not _OURS.sub("", value).count("\\"), value  # every backslash is ours, literal
        assert "^^" not in value  # no TeX ^^ escape can rebuild a backslash
    if "title" in got:
        assert _unescape(got["title"]) == (one_line(paper.title) or "Untitled")
    assert {"author", "year", "eprint", "doi", "url"} <= set(got)


# ---------------------------------------------------------------- the store behind the reports

TODAY = date(2026, 1, 2)


def _triage(title, venue, author, note, reason, purpose) -> Store:
    """A topic whose every outside-text field is hostile (as it is once past the boundary,
    where :func:`repair` ran): one paper kept, one eliminated."""
    title, venue, author, note, reason, purpose = map(
        repair, (title, venue, author, note, reason, purpose)
    )
    store = Store.open()
    store.create_topic("hostile topic", purpose)
    kept = Paper(title or "t", ids=PaperIds(arxiv="2101.00001"), authors=(Author(author),),
                 venue=venue, year=2021, abstract=note, tldr=note)  # fmt: skip
    gone = Paper(f"gone {title}", ids=PaperIds(doi="10.1/gone"), venue=venue)
    for paper in (kept, gone):
        store.add(paper)
        store.open_stage(paper.key, 1)
        store.set_notes(paper.key, purpose=f"skimmed {note}", problem=title, text=note)
    store.keep(kept.key)
    store.eliminate(gone.key, reason or "r")
    return store


@pytest.fixture
def fast_store(monkeypatch):
    """Durability is not under test here: no fsync, so many examples stay quick."""
    monkeypatch.setattr("os.fsync", lambda fd: None)


def _structure(markdown: str) -> list[tuple[str, str]]:
    """The report's skeleton: block tokens, and inline links and HTML."""
    out = []
    for token in MarkdownIt("commonmark").enable("table").parse(markdown):
        if token.type == "inline":
            out += [(child.type, "") for child in token.children or []
                    if child.type in ("link_open", "html_inline", "image")]  # fmt: skip
        elif token.type not in ("text",):
            out.append((token.type, token.tag))
    return out


def _mirror(text: str) -> str:
    """The same lines and spaces as ``text`` once sanitised, every word a plain ``w``."""
    return re.sub(r"\S+", "w", plain(repair(text), multiline=True))


FIELDS = st.tuples(HOSTILE, HOSTILE, HOSTILE, HOSTILE, HOSTILE, HOSTILE)


@settings(max_examples=15)
@given(fields=FIELDS)
def test_markdown_report_takes_no_structure_from_outside_text(
    fields, tmp_path_factory, monkeypatch, fast_store
) -> None:
    monkeypatch.setenv("WINNOW_HOME", str(tmp_path_factory.mktemp("home")))
    report = markdown_report(_triage(*fields), "hostile topic", today=TODAY)
    assert not terminal_bad(report.replace("\n", ""))
    monkeypatch.setenv("WINNOW_HOME", str(tmp_path_factory.mktemp("home")))
    benign = markdown_report(_triage(*map(_mirror, fields)), "hostile topic", today=TODAY)
    assert _structure(report) == _structure(benign)


@given(fields=FIELDS)
def test_topic_json_export_parses_back_and_obeys_nothing(
    fields, tmp_path_factory, monkeypatch
) -> None:
    monkeypatch.setenv("WINNOW_HOME", str(tmp_path_factory.mktemp("home")))
    store = _triage(*fields)
    text = topic_json_text(store, "hostile topic")
    assert not terminal_bad(text.replace("\n", ""))
    data = json.loads(text)
    titles = (
        {p["title"] for p in data["papers"].values()}
        if isinstance(data["papers"], dict)
        else {p["title"] for p in data["papers"]}
    )
    assert repair(fields[0] or "t") in titles or (fields[0] or "t") in titles


@pytest.mark.parametrize("sequence", ["\x1b]52;c;aGk=\x07", "\x9b2J", "\u202eevil", "\x00"])
def test_a_cat_of_any_export_obeys_nothing(sequence, monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("WINNOW_HOME", str(tmp_path))
    store = _triage(*[sequence] * 6)
    for text in (
        markdown_report(store, "hostile topic", today=TODAY),
        topic_json_text(store, "hostile topic"),
        bibtex_entry(store.paper("arxiv:2101.00001")),
    ):
        assert not terminal_bad(text.replace("\n", "")), text[:200]

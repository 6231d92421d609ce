"""RIS and CSL-JSON, read back by the libraries Zotero-like tools are built on."""

from __future__ import annotations

import json
import unicodedata

import rispy
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON
from exchange_fixtures import LONGFORMER, VASWANI
from hypothesis import given
from hypothesis import strategies as st

from tui.exchange.csljson import csl_items, csl_json
from tui.exchange.names import split_name
from tui.exchange.ris import ris_for
from tui.models import Author, Paper, PaperIds

JOURNAL = Paper(
    "Deep learning",
    ids=PaperIds(doi="10.1038/nature14539"),
    authors=(Author("Yann LeCun"), Author("Yoshua Bengio"), Author("Geoffrey Hinton")),
    year=2015,
    venue="Nature Reviews",
    published="2015-05-27",
    abstract="Deep learning allows computational models...",
)
PAPERS = [
    VASWANI.with_(abstract="The dominant models...", published="2017-06-12"),
    LONGFORMER,
    JOURNAL,
]


def test_ris_round_trips_through_rispy():
    records = rispy.loads(ris_for(PAPERS))
    assert [r["type_of_reference"] for r in records] == ["CPAPER", "UNPB", "JOUR"]
    attention, longformer, journal = records
    assert attention["title"] == "Attention Is All You Need"
    assert attention["authors"][:2] == ["Vaswani, Ashish", "Shazeer, Noam"]
    assert attention["year"] == "2017" and attention["date"] == "2017/06/12"
    assert attention["secondary_title"] == "Neural Information Processing Systems"
    assert attention["urls"] == ["https://arxiv.org/abs/1706.03762"]
    assert attention["keywords"] == ["cs.CL", "cs.LG"]
    assert attention["id"] == "vaswani2017attention"
    assert longformer["publisher"] == "arXiv" and longformer["note"] == "arXiv:2004.05150"
    assert journal["doi"] == "10.1038/nature14539" and journal["abstract"].startswith("Deep")


def test_same_keys_are_made_unique():
    twice = ris_for([LONGFORMER, LONGFORMER.with_(ids=PaperIds(arxiv="2004.05151"))])
    assert [r["id"] for r in rispy.loads(twice)] == [
        "beltagy2020longformer",
        "beltagy2020longformer2",
    ]


def _render(items: list[dict]) -> list[str]:
    source = CiteProcJSON(json.loads(json.dumps(items)))
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, source, formatter.plain)
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    return [str(entry) for entry in bibliography.bibliography()]


def test_csl_json_renders_through_citeproc():
    items = json.loads(csl_json(PAPERS))
    assert [i["type"] for i in items] == ["paper-conference", "article", "article-journal"]
    assert items[0]["author"][0] == {"family": "Vaswani", "given": "Ashish"}
    assert items[0]["issued"] == {"date-parts": [[2017, 6, 12]]}
    assert items[1]["number"] == "arXiv:2004.05150" and items[1]["publisher"] == "arXiv"
    rendered = _render(items)
    assert len(rendered) == 3
    assert any("Attention Is All You Need" in r and "2017" in r for r in rendered)
    assert any("LeCun" in r and "Nature Reviews" in r for r in rendered)


def test_names_split_the_way_bibliographies_want():
    assert split_name("Ludwig van Beethoven") == ("van Beethoven", "Ludwig")
    assert split_name("Vaswani, Ashish") == ("Vaswani", "Ashish")
    assert split_name("Plato") == ("Plato", "")
    assert split_name("Matthew E. Peters") == ("Peters", "Matthew E.")


CONTROLS = ("Cc", "Cf", "Cs")  # what never reaches a file
_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40)


@given(title=_TEXT, names=st.lists(_TEXT, max_size=3), venue=st.none() | _TEXT)
def test_any_outside_text_stays_one_record_and_reads_back(title, names, venue):
    paper = Paper(title, ids=PaperIds(arxiv="2101.00001"), authors=tuple(map(Author, names)),
                  venue=venue, abstract=f"{title}\nER  - \nTY  - JOUR")  # fmt: skip
    (record,) = rispy.loads(ris_for([paper]))
    kept = "".join(ch for ch in title if ch in "\n\t" or unicodedata.category(ch) not in CONTROLS)
    expected = " ".join(kept.split())
    assert record.get("title", "") == expected
    (item,) = csl_items([paper])
    assert json.loads(json.dumps(item))["id"] == item["id"]
    if expected:
        assert item["title"] == expected

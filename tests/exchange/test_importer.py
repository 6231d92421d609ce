"""Import pasted ids, a .bib file, a PDF — taking what fits under the cap."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tui.errors import UserError, WinnowError
from tui.exchange import import_args, import_bib, import_ids, topic_to_json
from tui.exchange.importer import delatex, find_refs
from tui.models import IdKind, PaperRef
from tui.store import Store

CORPUS_PDFS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "pdfs"

BIB = r"""
% a comment line, as people leave them
@article{vaswani2017attention,
  title   = {Attention Is All You Need},
  author  = {Vaswani, Ashish and Shazeer, Noam and others},
  journal = {arXiv preprint arXiv:1706.03762},
  eprint  = {1706.03762v7},
  archivePrefix = {arXiv},
  year    = {2017}
}
@inproceedings{devlin-etal-2019-bert,
    title = "{BERT}: Pre-training of Deep Bidirectional Transformers",
    author = "Devlin, Jacob  and Chang, Ming-Wei",
    booktitle = "Proceedings of NAACL",
    year = "2019",
    doi = "10.18653/v1/N19-1423",
}
@Article{Beltagy2020LongformerTL,
 author = {Iz Beltagy and Matthew E. Peters and Arman Cohan},
 journal = {ArXiv},
 title = {Longformer: The Long-Document Transformer},
 volume = {abs/2004.05150},
 year = {2020}
}
@book{knuth84,
  title = {The {\TeX}book},
  author = {Knuth, Donald E. and M{\"u}ller, J{\'e}r{\^o}me},
  year = 1984
}
@misc{empty, note = {nothing to go on}}
@article{broken, title = {unclosed
"""


@pytest.fixture
def store() -> Store:
    store = Store.open()
    store.create_topic("imports", "try every door")
    return store


def test_ids_are_found_in_any_pasted_text() -> None:
    text = """
    - https://arxiv.org/abs/1706.03762v7 (the classic), arXiv:1810.04805;2004.05150
    <https://doi.org/10.1145/3292500.3330701>  doi:10.18653/V1/N19-1423.
    https://www.semanticscholar.org/paper/Attention/204e3073870fae3d05bcbc2f6a8e263d9b72e776
    CorpusId:13756489 hep-th/9901001 1706.03762 — published 2017, p. 12
    """
    refs, rest = find_refs(text)
    assert [r.key for r in refs] == [
        "arxiv:1706.03762",
        "arxiv:1810.04805",
        "arxiv:2004.05150",
        "doi:10.1145/3292500.3330701",
        "doi:10.18653/v1/n19-1423",
        "s2:204e3073870fae3d05bcbc2f6a8e263d9b72e776",
        "s2:CorpusId:13756489",
        "arxiv:hep-th/9901001",
    ]
    assert "2017" in rest and "12" in rest  # a bare number is not taken for an S2 id


def test_import_ids_takes_what_fits_and_refuses_the_rest_one_line_each(store: Store) -> None:
    text = "\n".join(f"2101.{i:05d}" for i in range(12))
    report = import_ids(store, text + "\n2101.00003")
    assert len(report.added) == 10
    assert report.refused == [
        "arxiv:2101.00010: the shortlist is full (10/10): eliminate one first (x)",
        "arxiv:2101.00011: the shortlist is full (10/10): eliminate one first (x)",
    ]
    assert store.active_count() == 10
    again = import_ids(store, "2101.00001 hello")
    assert again.refused == ["arxiv:2101.00001: arxiv:2101.00001 is on the shortlist already"]
    assert again.notes == ["ignored 1 word(s) that are not ids: 'hello'"]
    assert "refused arxiv:2101.00001" in again.lines()[0]


def test_import_bib_by_id_or_title(store: Store, tmp_path: Path) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text(BIB, encoding="utf-8")
    report = import_bib(store, bib)
    keys = [e.paper_key for e in store.entries()]
    assert keys == [
        "arxiv:1706.03762",
        "doi:10.18653/v1/n19-1423",
        "arxiv:2004.05150",
        "title:the texbook",
    ]
    assert report.refused == ["@empty: it has neither a title nor an arXiv id or DOI"]
    assert report.notes == ["1 block(s) of refs.bib could not be parsed and were skipped"]
    assert report.added[-1] == "The TeXbook (@knuth84), by title"
    vaswani = store.paper("arxiv:1706.03762")
    assert vaswani.author_names == ["Ashish Vaswani", "Noam Shazeer"]
    assert vaswani.year == 2017
    assert vaswani.bibtex.startswith("@article{vaswani2017attention,")  # the user's own entry
    bert = store.paper("doi:10.18653/v1/n19-1423")
    assert (bert.title, bert.venue) == (
        "BERT: Pre-training of Deep Bidirectional Transformers",
        "Proceedings of NAACL",
    )
    assert bert.author_names == ["Jacob Devlin", "Ming-Wei Chang"]
    assert store.paper("title:the texbook").author_names == ["Donald E. Knuth", "Jérôme Müller"]


def test_a_bib_file_without_entries_or_unreadable_is_one_line(store: Store, tmp_path: Path) -> None:
    junk = tmp_path / "junk.bib"
    junk.write_text("this is not bibtex at all", encoding="utf-8")
    with pytest.raises(UserError, match="holds no BibTeX entry"):
        import_bib(store, junk)
    binary = tmp_path / "bin.bib"
    binary.write_bytes(b"\xff\xfe\x00garbage\x9c")
    with pytest.raises(UserError, match="not a UTF-8 text file"):
        import_bib(store, binary)
    with pytest.raises(UserError, match="no such file"):
        import_bib(store, tmp_path / "missing.bib")
    with pytest.raises(UserError, match="is a folder"):
        import_args(store, [str(tmp_path) + "/"])  # a folder named on the command line


def test_delatex() -> None:
    assert delatex(r"Schr{\"o}dinger's \emph{cat} \& 50\% --- {GAN}s~work") == (
        "Schrödinger's cat & 50% --- GANs work"
    )


def test_import_args_dispatches_by_kind(store: Store, tmp_path: Path) -> None:
    ids = tmp_path / "list.txt"
    ids.write_text("1706.03762\n1810.04805\n", encoding="utf-8")
    bib = tmp_path / "one.bib"
    bib.write_text(BIB.split("@inproceedings")[0], encoding="utf-8")
    report = import_args(store, [str(ids), str(bib), "2004.05150"])
    assert report.keys == ["arxiv:1706.03762", "arxiv:1810.04805", "arxiv:2004.05150"]
    assert report.refused == ["Attention Is All You Need (@vaswani2017attention): "
                              "arxiv:1706.03762 is on the shortlist already"]  # fmt: skip

    topic_file = tmp_path / "topic.json"
    topic_file.write_text(json.dumps(topic_to_json(store)), encoding="utf-8")
    back = import_args(store, [str(topic_file)])
    assert back.topic == "imports (2)"
    bad = tmp_path / "bad.json"
    bad.write_text('{"winnow_topic": 1,', encoding="utf-8")
    with pytest.raises(UserError, match=r"bad.json is not valid JSON \(line 1, column 20"):
        import_args(store, [str(bad)])


def test_one_bad_file_among_several_is_one_refused_line(store: Store, tmp_path: Path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"not a pdf at all")
    report = import_args(store, [str(bad), "1706.03762"])
    assert report.keys == ["arxiv:1706.03762"]
    (line,) = report.refused
    assert line.startswith("bad.pdf: ")
    with pytest.raises(WinnowError, match="not a PDF"):
        import_args(store, [str(bad)])


def test_import_ids_needs_an_open_topic() -> None:
    with pytest.raises(UserError, match="no topic is open"):
        import_ids(Store.open(), "1706.03762")


@pytest.mark.skipif(not (CORPUS_PDFS / "1512.03385.pdf").is_file(), reason="no corpus")
def test_a_local_pdf_is_imported_through_the_library(store: Store) -> None:
    report = import_args(store, [str(CORPUS_PDFS / "1512.03385.pdf")])
    assert report.keys == ["arxiv:1512.03385"]
    paper = store.paper("arxiv:1512.03385")
    assert paper.title == "Deep Residual Learning for Image Recognition"
    assert Path(paper.local_pdf).is_file()


def test_refs_compare_by_value() -> None:
    assert find_refs("1706.03762 1706.03762v2")[0] == [PaperRef(IdKind.ARXIV, "1706.03762")]

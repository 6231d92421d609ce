"""One paper, one entry, whatever id it came by; metadata arriving later is merged in."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.errors import UserError
from tui.models import Author, Notes, Paper, PaperIds, Status, parse_ref, placeholder_paper
from tui.store import Store
from tui.store.merge import merge_entries, merge_papers, paper_refs, refs_match, same_paper

ARXIV, DOI = "1706.03762", "10.48550/arxiv.1706.03762"
S2_RECORD = Paper(
    title="Attention Is All You Need",
    ids=PaperIds(arxiv=ARXIV, doi=DOI, s2="204e3073870fae3d05bcbc2f6a8e263d9b72e776"),
    authors=(Author("Ashish Vaswani"), Author("Noam Shazeer")),
    year=2017,
    venue="NeurIPS",
    citations=100_000,
    tldr="Attention alone.",
    sources=("s2",),
)


@pytest.fixture
def store() -> Store:
    store = Store.open()
    store.create_topic("t", "p")
    return store


def test_one_paper_added_by_its_arxiv_id_and_its_doi_is_one_entry_once_linked(
    store: Store,
) -> None:
    store.add_ref(parse_ref(ARXIV))
    store.add_ref(parse_ref(DOI))  # offline: nothing links them yet
    store.set_notes("arxiv:" + ARXIV, purpose="from the arXiv entry")
    store.set_notes("doi:" + DOI, problem="from the DOI entry")
    store.enrich("doi:" + DOI, S2_RECORD)  # S2 answers for the DOI with both ids
    (entry,) = store.entries()
    assert entry.paper_key == "arxiv:" + ARXIV
    assert entry.notes.purpose == "from the arXiv entry"
    assert entry.notes.problem == "from the DOI entry"
    assert store.paper("doi:" + DOI).title == "Attention Is All You Need"
    assert store.resolve(DOI) == entry.paper_key


def test_a_known_paper_is_not_added_twice_by_another_id(store: Store) -> None:
    store.add(S2_RECORD)
    with pytest.raises(UserError, match="on the shortlist already"):
        store.add_ref(parse_ref(DOI))
    with pytest.raises(UserError, match="on the shortlist already"):
        store.add(placeholder_paper(parse_ref("s2:" + S2_RECORD.ids.s2)))
    assert len(store.entries()) == 1


def test_metadata_reaching_an_id_added_offline(store: Store) -> None:
    store.add_ref(parse_ref(ARXIV))
    store.attach_pdf("arxiv:" + ARXIV, "/tmp/mine.pdf")
    store.replace_paper_key("arxiv:" + ARXIV, S2_RECORD)
    paper = store.paper("arxiv:" + ARXIV)
    assert paper.title == S2_RECORD.title and paper.year == 2017 and paper.venue == "NeurIPS"
    assert paper.ids.doi == DOI and paper.local_pdf == "/tmp/mine.pdf"  # the user's PDF kept


def test_a_paper_added_from_a_pdf_gets_the_sources_fields(store: Store) -> None:
    from_pdf = Paper(
        title="Attention is all you need",
        ids=PaperIds(arxiv=ARXIV),
        authors=(Author("A. Vaswani"),),
        abstract="parsed from page 1",
        local_pdf="/cache/local-1.pdf",
        sources=("pdf",),
    )
    store.add(from_pdf)
    merged = store.enrich(from_pdf.key, S2_RECORD)
    assert merged.title == S2_RECORD.title and merged.authors == S2_RECORD.authors
    assert merged.year == 2017 and merged.citations == 100_000 and merged.tldr
    assert merged.local_pdf == "/cache/local-1.pdf"
    assert merged.abstract == "parsed from page 1"  # S2 sent none: the PDF's stays


def test_a_pdf_of_a_listed_paper_is_attached_not_refused(store: Store) -> None:
    store.add_ref(parse_ref(ARXIV))
    pdf_paper = Paper(
        title="Attention Is All You Need",
        ids=PaperIds(arxiv=ARXIV),
        local_pdf="/c/good.pdf",
        sources=("pdf",),
    )
    entry, attached = store.add_pdf(pdf_paper)
    assert attached and entry.paper_key == "arxiv:" + ARXIV and len(store.entries()) == 1
    assert store.paper(entry.paper_key).local_pdf == "/c/good.pdf"
    assert store.paper(entry.paper_key).title == "Attention Is All You Need"  # no longer an id
    again = replace(pdf_paper, local_pdf="/c/better.pdf")
    assert store.add_pdf(again)[1] and store.paper(entry.paper_key).local_pdf == "/c/better.pdf"


def test_a_pdf_without_an_id_is_matched_by_its_title(store: Store) -> None:
    store.add(S2_RECORD)
    no_id = Paper(title="Attention is all you need!", local_pdf="/c/x.pdf", sources=("pdf",))
    entry, attached = store.add_pdf(no_id)
    assert attached and store.paper(entry.paper_key).local_pdf == "/c/x.pdf"
    other = Paper(title="Something else entirely", local_pdf="/c/y.pdf", sources=("pdf",))
    assert store.add_pdf(other)[1] is False and len(store.entries()) == 2


def test_attach_to_an_unknown_paper_is_refused(store: Store) -> None:
    with pytest.raises(UserError, match="not known"):
        store.attach_pdf("arxiv:0000.00000", "/x.pdf")


def test_a_paper_on_two_topics_is_stored_once_and_merges_on_both(store: Store) -> None:
    store.add_ref(parse_ref(DOI))
    store.create_topic("second", "p2")
    store.add_ref(parse_ref(DOI))
    store.add_ref(parse_ref(ARXIV), "t")
    store.enrich("doi:" + DOI, S2_RECORD)
    assert [e.paper_key for e in store.entries("t")] == ["arxiv:" + ARXIV]
    assert [e.paper_key for e in store.entries("second")] == ["arxiv:" + ARXIV]


def test_an_eliminated_duplicate_merges_into_the_kept_one(store: Store) -> None:
    store.add_ref(parse_ref(ARXIV))
    store.add_ref(parse_ref(DOI))
    store.eliminate("doi:" + DOI, "duplicate")
    store.enrich("arxiv:" + ARXIV, S2_RECORD)
    (entry,) = store.entries()
    assert entry.status is Status.CANDIDATE and entry.active


def test_papers_reads_many_at_once(store: Store) -> None:
    keys = [store.add_ref(parse_ref(f"2101.{i:05d}")).paper_key for i in range(8)]
    found = store.papers([*keys, "arxiv:0000.00000"])
    assert list(found) == keys


# ---------------------------------------------------------------- properties of the merges

ids = st.builds(
    PaperIds,
    arxiv=st.sampled_from([None, "1706.03762", "2001.04451"]),
    doi=st.sampled_from([None, "10.1/a", "10.1/b"]),
    s2=st.sampled_from([None, "a" * 40, "b" * 40]),
)
papers = st.builds(
    Paper,
    title=st.text(max_size=30),
    ids=ids,
    year=st.none() | st.integers(1900, 2030),
    venue=st.none() | st.text(max_size=10),
    citations=st.none() | st.integers(0, 10**6),
    local_pdf=st.none() | st.just("/x.pdf"),
    sources=st.lists(st.sampled_from(["arxiv", "s2", "pdf"]), max_size=3).map(tuple),
)


@given(papers, papers)
def test_a_merge_loses_no_field_and_keeps_the_users_pdf(a: Paper, b: Paper) -> None:
    merged = merge_papers(a, b)
    if merged is a:
        return  # conflicting ids: two papers, not merged
    for name in ("year", "venue", "citations"):
        if getattr(a, name) is not None:
            assert getattr(merged, name) is not None
    assert merged.local_pdf == (a.local_pdf or b.local_pdf)
    assert set(merged.ids.refs()) >= set(a.ids.refs())
    assert set(merged.sources) == set(a.sources) | set(b.sources)
    assert merge_papers(merged, b) == merged  # merging again changes nothing


@given(papers, papers)
def test_refs_match_agrees_with_same_paper(a: Paper, b: Paper) -> None:
    assert refs_match(paper_refs(a, a.key), paper_refs(b, b.key)) == same_paper(a, b)
    assert refs_match(paper_refs(a, a.key), paper_refs(a, a.key)) == same_paper(a, a)


notes = st.fixed_dictionaries({k: st.text(max_size=8) for k in Notes.__dataclass_fields__})
entry_docs = st.fixed_dictionaries(
    {
        "paper_key": st.just("arxiv:1"),
        "status": st.sampled_from(["candidate", "kept", "eliminated"]),
        "reason": st.text(max_size=5),
        "added_at": st.sampled_from(["2025-01-01", "2025-02-01", ""]),
        "stage": st.integers(0, 4),
        "notes": notes,
        "position": st.dictionaries(st.sampled_from("1234"), st.integers(0, 500)),
        "seconds": st.dictionaries(
            st.sampled_from("1234"), st.floats(0, 1000).map(lambda x: round(x, 1))
        ),
        "refs": st.just(["arxiv:1"]),
    }
)


@given(entry_docs, entry_docs)
def test_merged_entries_keep_every_note_and_all_time(a: dict, b: dict) -> None:
    merged = merge_entries(a, b)
    for field, text in (*a["notes"].items(), *b["notes"].items()):
        assert text in merged["notes"][field]
    for stage in {*a["seconds"], *b["seconds"]}:
        total = a["seconds"].get(stage, 0) + b["seconds"].get(stage, 0)
        assert merged["seconds"][stage] == pytest.approx(total, abs=0.11)
    assert merged["stage"] == max(a["stage"], b["stage"])
    active = {a["status"], b["status"]} - {"eliminated"}
    assert (merged["status"] == "eliminated") == (not active)


def test_migrated_and_added_entries_carry_refs(store: Store, tmp_path: Path) -> None:
    store.add(S2_RECORD)
    doc = next(iter(store._topic_data(store._topic_id(None))["entries"].values()))
    assert set(doc["refs"]) >= {"arxiv:" + ARXIV, "doi:" + DOI, "s2:" + S2_RECORD.ids.s2}

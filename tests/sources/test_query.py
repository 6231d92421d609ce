"""Field terms and filters: what each source is asked, and what the merged list keeps."""

from __future__ import annotations

from tui.models import Author, Paper, SearchFilters
from tui.sources import query as q


def test_field_terms_are_split_from_free_text():
    parsed = q.parse_query('ti:"quantum criticality" au:del_maestro graphene cat:cond-mat.str-el')
    assert parsed.text == "graphene"
    assert parsed.titles == ("quantum criticality",)
    assert parsed.authors == ("del_maestro",)
    assert parsed.categories == ("cond-mat.str-el",)


def test_arxiv_query_ands_terms_and_sends_dates_and_category():
    parsed = q.parse_query('"large language" models au:vaswani')
    filters = SearchFilters(since=2019, until=2021, category="cs.CL")
    text = q.arxiv_query(parsed, filters)
    assert text == (
        'all:"large language" AND all:models AND au:vaswani AND cat:cs.CL'
        " AND submittedDate:[201901010000 TO 202112312359]"
    )


def test_arxiv_query_open_ended_year_range():
    text = q.arxiv_query(q.parse_query("x"), SearchFilters(since=2024))
    assert text.endswith("submittedDate:[202401010000 TO 999912312359]")


def test_s2_gets_plain_words_year_range_and_field_of_study():
    parsed = q.parse_query("ti:attention au:vaswani C++ & Rust")
    assert q.s2_text(parsed) == "C++ & Rust attention vaswani"
    assert q.s2_year(SearchFilters(since=2019, until=2021)) == "2019-2021"
    assert q.s2_year(SearchFilters(until=2021)) == "-2021"
    assert q.s2_year(SearchFilters()) is None
    assert q.s2_fields_of_study(("cs.CL", "quant-ph", "math.PR")) == (
        "Computer Science",
        "Physics",
        "Mathematics",
    )


def test_merged_list_filters_what_s2_could_not():
    parsed = q.parse_query("ti:attention au:vaswani")
    s2 = Paper(
        "Attention Is All You Need", authors=(Author("Ashish Vaswani"),), year=2017, sources=("s2",)
    )
    other = s2.with_(authors=(Author("Someone Else"),))
    assert q.keeps(s2, parsed, SearchFilters())
    assert not q.keeps(other, parsed, SearchFilters())
    assert not q.keeps(s2, parsed, SearchFilters(since=2018))
    assert not q.keeps(s2, parsed, SearchFilters(until=2016))
    assert not q.keeps(s2, parsed, SearchFilters(open_access=True))
    assert q.keeps(s2.with_(pdf_url="https://x/y.pdf"), parsed, SearchFilters(open_access=True))


def test_category_filter_on_merged_list():
    parsed = q.parse_query("x")
    cl = Paper("A", categories=("cs.CL", "cs.LG"), sources=("s2",))
    cv = Paper("B", categories=("cs.CV",), sources=("s2",))
    s2_only = Paper("C", sources=("s2",))
    filters = SearchFilters(category="cs.CL")
    assert q.keeps(cl, parsed, filters)
    assert not q.keeps(cv, parsed, filters)
    assert q.keeps(s2_only, parsed, filters)  # narrowed by field of study at the source
    assert q.keeps(cl, parsed, SearchFilters(category="cs"))


# ---------------------------------------------------------------- phrases and exclusions (11.10)

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


def test_phrase_and_exclusion_become_arxiv_andnot():
    parsed = q.parse_query('"neural turing" -quantum')
    assert q.arxiv_query(parsed, SearchFilters()) == 'all:"neural turing" ANDNOT all:quantum'
    several = q.parse_query('"neural turing" machines -quantum -"optical computing" -au:smith')
    assert q.arxiv_query(several, SearchFilters()) == (
        '(all:"neural turing" AND all:machines) '
        'ANDNOT (all:quantum OR all:"optical computing" OR au:smith)'
    )


def test_s2_relevance_gets_plain_words_and_bulk_keeps_the_syntax():
    parsed = q.parse_query('"neural turing" self-attention -quantum')
    assert q.s2_text(parsed) == "neural turing self attention"  # hyphens match nothing there
    assert q.s2_bulk_text(parsed) == '"neural turing" self-attention -quantum'
    assert q.s2_bulk_text(q.parse_query("-quantum")) == ""  # exclusions alone select nothing
    assert q.parse_query("-quantum").empty


def test_merged_list_applies_exclusions_and_phrases_s2_relevance_cannot():
    parsed = q.parse_query('"neural turing" -quantum')
    keep = Paper("Neural Turing Machines", abstract="We extend neural networks.", sources=("s2",))
    quantum = keep.with_(abstract="A quantum neural turing device.")
    loose = Paper("Turing tests for neural nets", abstract="Neural nets and Turing.")
    unknown = Paper("Turing and neural things", sources=("s2",))  # no abstract: cannot tell
    assert q.keeps(keep, parsed, SearchFilters())
    assert not q.keeps(quantum, parsed, SearchFilters())
    assert not q.keeps(loose.with_(sources=("s2",)), parsed, SearchFilters())
    assert q.keeps(unknown, parsed, SearchFilters())
    assert q.keeps(quantum.with_(sources=("arxiv",)), parsed, SearchFilters())  # arXiv's own
    assert q.keeps(keep.with_(abstract="quantumness"), parsed, SearchFilters())  # whole words


_QUERY_TEXT = st.text(alphabet=st.sampled_from(list('ab -":()tiaucx_.*|+~')), max_size=40)


@given(_QUERY_TEXT)
def test_any_typed_query_translates_without_a_stray_operator(text):
    parsed = q.parse_query(text)
    query = q.arxiv_query(parsed, SearchFilters())
    assert ":-" not in query and "AND AND" not in query
    assert query.count("(") == query.count(")") and query.count('"') % 2 == 0
    assert not query.startswith("ANDNOT")
    bulk = q.s2_bulk_text(parsed)
    assert bulk.count('"') % 2 == 0 and not any(t.startswith("--") for t in bulk.split())
    assert '"' not in q.s2_text(parsed)

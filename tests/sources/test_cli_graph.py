"""``winnow refs`` / ``cites`` / ``recommend``: JSON in SPEC's result shape, sentences shown
literally, rows marked against the topic's list, one-line errors."""

from __future__ import annotations

import json

from helpers_sources import corpus_file, rich_citations_page, s2_paper

from tui.cli import main
from tui.models import Paper, PaperIds
from tui.store import Store

CITES = "/graph/v1/paper/arXiv:1706.03762/citations"
RECS = "/recommendations/v1/papers"


def test_cites_json_carries_each_row_s_sentences(live, capsys):
    live.expect_request(CITES).respond_with_json(rich_citations_page(3))
    assert main(["cites", "arXiv:1706.03762v5", "--sort", "citations", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["kind"] == "citations" and out["status"] == {"s2": "ok"}
    assert out["sort"] == "citations" and out["has_more"] is False
    row = out["results"][0]
    assert {"title", "authors", "year", "ids", "sources", "pdf_url"} <= set(row)
    assert row["contexts"][0]["intents"] == ["method"] and row["influential"] in (True, False)
    counts = [r["citations"] for r in out["results"]]
    assert counts == sorted(counts, reverse=True)


def test_cites_text_shows_sentences_literally_and_inert(live, capsys):
    page = rich_citations_page(1)
    page["data"][0]["contextsWithIntent"] = []
    page["data"][0]["contexts"] = ["As [4] shows \x1b[2J[bold]wow[/bold]."]
    live.expect_request(CITES).respond_with_json(page)
    assert main(["cites", "1706.03762"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("cited by › arxiv:1706.03762 · 1")
    assert "“As [4] shows ␛[2J[bold]wow[/bold].”" in out and "\x1b" not in out


def test_refs_of_an_unknown_paper_is_one_line(live, capsys):
    body = corpus_file("api/s2/error_404_paper_not_found.json").read_bytes()
    live.expect_request("/graph/v1/paper/DOI:10.1000%2Fnone/references").respond_with_data(
        body, status=404
    )
    live.expect_request("/graph/v1/paper/DOI:10.1000/none/references").respond_with_data(
        body, status=404
    )
    assert main(["refs", "10.1000/none"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not found" in err and "Traceback" not in err
    assert main(["refs", "not an id at all"]) == 1


def test_recommend_marks_rows_on_the_list_and_eliminated_with_the_reason(live, capsys):
    store = Store.open()
    store.create_topic("t", "why")
    kept = Paper("A kept paper of the topic", ids=PaperIds(arxiv="1706.03762"))
    out = Paper("An eliminated paper here", ids=PaperIds(doi="10.1/out"))
    store.add(kept)
    store.add(out)
    store.eliminate(out.key, "too slow for 16k tokens")
    answer = {
        "recommendedPapers": [
            s2_paper("s2-new", "Something new to read"),
            s2_paper("s2-out", "An eliminated paper here", doi="10.1/OUT"),
            s2_paper("s2-kept", "A kept paper of the topic", arxiv="1706.03762"),
        ]
    }
    live.expect_request(RECS, method="POST").respond_with_json(answer)
    assert main(["recommend", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    body = json.loads(live.log[0][0].data)
    assert body == {"positivePaperIds": ["arXiv:1706.03762"], "negativePaperIds": ["DOI:10.1/out"]}
    marks = [r["on_list"] for r in doc["results"]]
    assert marks[0] is None
    assert marks[1] == {"status": "eliminated", "reason": "too slow for 16k tokens", "key": out.key}
    assert marks[2]["status"] == "candidate"
    assert doc["positives"] == 1 and doc["negatives"] == 1
    assert main(["recommend"]) == 0
    text = capsys.readouterr().out
    assert "eliminated: too slow for 16k tokens" in text and "on the list" in text


def test_recommend_from_an_empty_list_says_why(live, capsys):
    Store.open().create_topic("empty", "nothing yet")
    assert main(["recommend"]) == 1
    err = capsys.readouterr().err
    assert "at least one kept or candidate" in err and not live.log
    assert main(["recommend", "--topic", "nope"]) == 1

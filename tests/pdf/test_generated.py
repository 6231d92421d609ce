"""The engine on PDFs drawn by the tests: front matter, layout, headings, captions, math."""

from __future__ import annotations

import re


def _heads(doc):
    return [(s.number, s.heading, s.kind) for s in doc.sections]


def test_permission_notice_does_not_become_the_title(parsed):
    doc = parsed["one"]
    assert doc.title == "Winnowing Papers with Layout Statistics"  # not the metadata title
    assert doc.authors == ("Alice Smith", "Bob Jones", "Carol Díaz")
    assert doc.affiliations == ("University of Testing",)
    assert doc.links == ("https://github.com/example/winnow",)
    assert doc.arxiv_id == "2101.00001v2"


def test_abstract_with_heading(parsed):
    doc = parsed["one"]
    assert doc.abstract.startswith("We present Winnow, a method that extracts sections")
    assert doc.abstract.endswith("where the columns are")


def test_sections_numbered_with_kinds(parsed):
    assert _heads(parsed["one"]) == [
        ("1", "Introduction", "introduction"),
        ("2", "Method", "method"),
        ("2.1", "Line model", "method"),
        ("3", "Experiments", "experiments"),
        ("4", "Conclusion", "conclusion"),
        (None, "References", "references"),
    ]
    assert [s.level for s in parsed["one"].sections][:3] == [1, 1, 2]


def test_run_in_bold_is_not_a_heading_and_hyphens_join(parsed):
    intro = parsed["one"].sections[0].text
    assert "Contributions: this bold run-in word starts a paragraph" in intro
    assert "our experiments on many documents" in intro


def test_furniture_and_figure_text_dropped(parsed):
    text = "\n".join(s.text for s in parsed["one"].sections)
    assert "Preprint. Under review." not in text
    assert "axis label inside" not in text
    assert "Baseline" not in text  # table rows stay out of the running text
    assert not re.search(r"(?m)^\d+$", text)  # page numbers


def test_captions_and_figure_regions(parsed):
    doc = parsed["one"]
    assert [(f.label, f.page) for f in doc.figures] == [("Figure 1", 1), ("Figure 2", 2)]
    assert doc.figures[0].caption.startswith("Accuracy of Winnow compared with the baselines")
    assert doc.figures[1].caption == "Pipeline overview of the system architecture."
    assert [(t.label, t.caption) for t in doc.tables] == [("Table 1", "Results on the benchmark.")]
    region = doc.figures[0].region
    assert region is not None
    x0, y0, x1, y1 = region
    assert y1 <= doc.figures[0].bbox[1] + 1 and y1 - y0 > 100 and x1 - x0 > 300


def test_display_equation(parsed):
    doc = parsed["one"]
    assert [e.label for e in doc.equations] == ["(1)"]
    assert "L = W x + b" in doc.equations[0].text
    assert doc.sections[doc.equations[0].section].heading == "Line model"


def test_checklist_and_contributions(parsed):
    doc = parsed["one"]
    found = {c.kind: c.sentence for c in doc.checklist}
    assert found["results"].startswith("We show that Winnow outperforms")
    assert found["limitations"].startswith("A limitation of our approach")
    assert found["future_work"].startswith("In future work, we plan")
    assert len(doc.contributions) == 2
    assert "reads columns in order" in doc.contributions[0]


def test_key_figure_defaults_to_figure_1(parsed):
    doc = parsed["one"]
    assert doc.key_figure is not None and doc.key_figure.label == "Figure 1"
    assert "default" in doc.key_figure_rule


def test_two_column_ieee(parsed):
    doc = parsed["ieee"]
    assert doc.title == "Column Order in Two-Column Papers"
    assert doc.authors == ("Dana Lee", "Evan Kim")
    assert doc.abstract.startswith("This paper studies reading order. We show that columns")
    assert _heads(doc) == [
        ("I", "INTRODUCTION", "introduction"),
        ("II", "RELATED WORK", "related"),
        ("III", "PROPOSED METHOD", "method"),
        ("A", "Column Detection", "method"),
        ("IV", "CONCLUSION", "conclusion"),
        (None, "REFERENCES", "references"),
    ]
    assert doc.sections[3].level == 2
    assert [(c.label, c.caption) for c in doc.tables] == [
        ("Table 2", "READING ORDER OF THE METHODS")
    ]
    assert [(c.label, c.caption) for c in doc.figures] == [
        ("Figure 3", "Reading order accuracy across documents.")
    ]


def test_two_column_reading_order_and_gutter(parsed):
    doc = parsed["ieee"]
    full = "\n".join(s.text for s in doc.sections)
    assert full.index("ALPHA") < full.index("Prior work") < full.index("OMEGA")
    assert not re.search(r"\b\d{1,2} Learning\b|\bfrom \d{1,3} data", full)  # gutter numbers
    assert "IEEE TRANSACTIONS" not in full


def test_capital_headings_and_method_by_position(parsed):
    doc = parsed["caps"]
    assert doc.title == "PIXELNET: A TEST PAPER"
    assert doc.abstract.startswith("We introduce PixelNet")
    assert _heads(doc) == [
        ("1", "INTRODUCTION", "introduction"),
        ("2", "RELATED WORK", "related"),
        ("3", "PIXELNET", "method"),
        ("4", "EXPERIMENTS", "experiments"),
        ("5", "CONCLUSION", "conclusion"),
    ]


def test_to_json_schema(parsed):
    data = parsed["one"].to_json()
    assert {k for k in data} >= {
        "title",
        "authors",
        "affiliations",
        "links",
        "arxiv_id",
        "abstract",
        "sections",
        "figures",
        "tables",
        "equations",
        "pages",
    }
    assert set(data["sections"][0]) == {"number", "heading", "kind", "page", "text"}
    assert set(data["figures"][0]) == {"label", "caption", "page"}
    assert set(data["equations"][0]) == {"label", "page"}
    assert data["pages"] == 2

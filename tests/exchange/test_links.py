"""The labelled links of a paper (the ``o`` menu): PDF, arXiv, DOI, S2, alphaXiv, code."""

from __future__ import annotations

from tui.exchange.links import Link, discussion_links, paper_link, s2_link
from tui.models import Paper, PaperIds


def test_an_arxiv_paper_known_to_s2_has_every_link():
    paper = Paper(
        "Attention Is All You Need",
        ids=PaperIds(arxiv="1706.03762", s2="204e3073870fae3d05bcbc2f6a8e263d9b72e776"),
        pdf_url="https://arxiv.org/pdf/1706.03762v7",
    )
    page = [
        "mailto:someone@google.com",
        "https://tensorflow.org",
        "https://github.com/tensorflow/tensor2tensor",
    ]
    assert discussion_links(paper, page) == [
        Link("PDF", "https://arxiv.org/pdf/1706.03762v7"),
        Link("arXiv", "https://arxiv.org/abs/1706.03762"),
        Link("Semantic Scholar", "https://www.semanticscholar.org/paper/204e3073870fae3d05bcbc2f6a8e263d9b72e776"),
        Link("alphaXiv discussion", "https://www.alphaxiv.org/abs/1706.03762"),
        Link("code", "https://github.com/tensorflow/tensor2tensor"),
    ]  # fmt: skip


def test_a_journal_paper_without_arxiv_has_no_alphaxiv_page():
    paper = Paper("A journal paper", ids=PaperIds(doi="10.1145/3292500.3330701"))
    labels = [link.label for link in discussion_links(paper)]
    assert labels == ["DOI", "Semantic Scholar"]
    assert s2_link(paper) == "https://api.semanticscholar.org/DOI:10.1145/3292500.3330701"
    assert paper_link(paper) == "https://doi.org/10.1145/3292500.3330701"
    assert discussion_links(Paper("added from a PDF")) == []


def test_a_code_host_lookalike_is_not_a_code_link():
    paper = Paper("X", ids=PaperIds(arxiv="2101.00001"))
    fake = ["https://github.com.evil.example/x", "javascript:alert(1)//github.com"]
    assert "code" not in [link.label for link in discussion_links(paper, fake)]
    assert discussion_links(paper, ["https://gist.github.com/a/b"])[-1].label == "code"

"""Where a paper lives on the web."""

from __future__ import annotations

from urllib.parse import quote

from tui.models import Paper


def paper_link(paper: Paper) -> str:
    """The paper's page: arXiv abstract, else DOI, else Semantic Scholar, else its PDF URL ("")."""
    ids = paper.ids
    if ids.arxiv:
        return f"https://arxiv.org/abs/{ids.arxiv}"
    if ids.doi:
        return f"https://doi.org/{quote(ids.doi, safe='/:;()._-')}"
    if ids.s2:
        if ids.s2.lower().startswith("corpusid:"):
            return f"https://api.semanticscholar.org/CorpusID:{ids.s2.split(':', 1)[1]}"
        return f"https://www.semanticscholar.org/paper/{ids.s2}"
    return paper.pdf_url or ""

"""Where a paper lives on the web: its page, and every link the ``o`` menu offers."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from tui.models import Paper

ALPHAXIV = "https://www.alphaxiv.org/abs/"
_CODE_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "huggingface.co", "codeberg.org")


def _doi_url(doi: str) -> str:
    return f"https://doi.org/{quote(doi, safe='/:;()._-')}"


def paper_link(paper: Paper) -> str:
    """The paper's page: arXiv abstract, else DOI, else Semantic Scholar, else its PDF URL ("")."""
    ids = paper.ids
    if ids.arxiv:
        return f"https://arxiv.org/abs/{ids.arxiv}"
    if ids.doi:
        return _doi_url(ids.doi)
    return s2_link(paper) or paper.pdf_url or ""


def s2_link(paper: Paper) -> str:
    """The paper's Semantic Scholar page ("" when S2 cannot be asked about it)."""
    ids = paper.ids
    if ids.s2:
        if ids.s2.lower().startswith("corpusid:"):
            return f"https://api.semanticscholar.org/CorpusID:{ids.s2.split(':', 1)[1]}"
        return f"https://www.semanticscholar.org/paper/{quote(ids.s2, safe='')}"
    if ids.arxiv:
        return f"https://www.semanticscholar.org/arxiv/{ids.arxiv}"
    if ids.doi:
        return f"https://api.semanticscholar.org/DOI:{quote(ids.doi, safe='/:;()._-')}"
    return ""


def alphaxiv_link(paper: Paper) -> str:
    """alphaXiv's discussion page of an arXiv paper ("" for others)."""
    return f"{ALPHAXIV}{paper.ids.arxiv}" if paper.ids.arxiv else ""


def _is_code(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return any(host == h or host.endswith("." + h) for h in _CODE_HOSTS)


@dataclass(frozen=True)
class Link:
    label: str  # "PDF", "arXiv", "Semantic Scholar", "alphaXiv discussion", "code"
    url: str


def discussion_links(paper: Paper, page_links: Iterable[str] = ()) -> list[Link]:
    """Every link worth opening for a paper, labelled, in the ``o`` menu's order.

    ``page_links`` are the links found on the PDF's first page; the first that points at
    a code host becomes the code link. Local files are not links: the PDF entry is the
    paper's PDF URL (the app opens a downloaded copy itself).
    """
    out = []
    if paper.pdf_url:
        out.append(Link("PDF", paper.pdf_url))
    if paper.ids.arxiv:
        out.append(Link("arXiv", f"https://arxiv.org/abs/{paper.ids.arxiv}"))
    if paper.ids.doi:
        out.append(Link("DOI", _doi_url(paper.ids.doi)))
    if url := s2_link(paper):
        out.append(Link("Semantic Scholar", url))
    if url := alphaxiv_link(paper):
        out.append(Link("alphaXiv discussion", url))
    code = next((u for u in page_links if re.match(r"https?://", u) and _is_code(u)), None)
    if code:
        out.append(Link("code", code))
    return out

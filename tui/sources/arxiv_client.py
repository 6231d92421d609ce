"""The arXiv client: the ``arxiv`` package's URLs and Atom parser, with polite HTTP.

The package (4.x) would call ``requests`` with no timeout, retry any non-200 at
once with no backoff (ignoring Retry-After) and take an HTTP 200 ``Rate
exceeded.`` body for an empty page. :class:`_PoliteClient` replaces its one
fetch hook, ``_parse_feed``: one request per cross-process turn (see
:mod:`tui.sources.spacing`), a timeout, no blind retry, and every failure
turned into a :class:`~tui.sources.errors.SourceError`. It is synchronous, so
the async methods run it in a thread, off the UI loop.
"""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING

import arxiv  # type: ignore[import-untyped]
import requests
from arxiv import _feed  # type: ignore[import-untyped]
from lxml import etree  # type: ignore[import-untyped]

from tui.models import Author, Paper, PaperIds, arxiv_version, parse_ref, strip_arxiv_version
from tui.sources.errors import BadResponse, RateLimited, SourceTimeout, SourceUnavailable
from tui.sources.merge import SourcePage
from tui.sources.net import USER_AGENT, host_of, retry_after_seconds
from tui.sources.spacing import Spacer, SpacingBusy

if TYPE_CHECKING:
    from tui.config import Config

SOURCE = "arxiv"
MAX_BODY = 20 * 1024 * 1024
_SORT = {
    "relevance": arxiv.SortCriterion.Relevance,
    "newest": arxiv.SortCriterion.SubmittedDate,
    "citations": arxiv.SortCriterion.Relevance,  # arXiv knows no citations: sorted after merging
}


def _clean(text: str | None) -> str | None:
    text = " ".join((text or "").split())
    return text or None


def _https(url: str | None) -> str | None:
    if url and url.startswith("http://arxiv.org/"):
        return "https://" + url[len("http://") :]
    return url


def paper_from_result(result: arxiv.Result) -> Paper:
    """An Atom entry (as the package parsed it) becomes a :class:`Paper`."""
    short = result.get_short_id()
    ref = parse_ref(short)
    arxiv_id = ref.value if ref is not None else strip_arxiv_version(short)
    doi = (result.doi or "").strip().lower() or None
    published = result.published.date().isoformat() if result.published.year > 1 else None
    updated = result.updated.date().isoformat() if result.updated.year > 1 else None
    pdf = _https(result.pdf_url) or f"https://arxiv.org/pdf/{arxiv_id}"
    return Paper(
        title=_clean(result.title) or "(untitled)",
        ids=PaperIds(arxiv=arxiv_id, doi=doi),
        authors=tuple(
            Author(_clean(a.name) or "?", tuple(x for x in map(_clean, a.affiliation) if x))
            for a in result.authors
        ),
        year=result.published.year if published else None,
        abstract=_clean(result.summary),
        pdf_url=pdf,
        open_access=True,
        categories=tuple(
            c for c in dict.fromkeys([result.primary_category, *result.categories]) if c
        ),
        comment=_clean(result.comment),
        published=published,
        updated=updated,
        version=arxiv_version(short),
        sources=(SOURCE,),
    )


_ATOM = "{http://www.w3.org/2005/Atom}"
_STRICT = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def _check_feed(body: bytes) -> None:
    """Refuse what the package's forgiving parser (``recover=True``) would half-read."""
    if body.lstrip()[:64].startswith(b"Rate exceeded"):
        raise RateLimited(SOURCE, "arXiv says: Rate exceeded")
    try:
        root = etree.fromstring(body, parser=_STRICT)
    except etree.XMLSyntaxError as error:
        raise BadResponse(SOURCE, f"malformed XML ({error})") from None
    if root is None or root.tag != f"{_ATOM}feed":
        raise BadResponse(SOURCE, "the answer is not an Atom feed")
    for entry in root.iterfind(f"{_ATOM}entry"):
        if "/api/errors" in (entry.findtext(f"{_ATOM}id") or ""):
            summary = _clean(entry.findtext(f"{_ATOM}summary")) or "error"
            raise BadResponse(SOURCE, f"arXiv says: {summary}")


def parse_page(body: bytes, *, start: int = 0) -> SourcePage:
    """An arXiv API answer becomes a page of papers, or a :class:`SourceError`."""
    body = bytes(body)
    _check_feed(body)
    feed = _feed.parse(body)
    if feed.malformed:
        raise BadResponse(SOURCE, f"malformed XML: {feed.error}")
    if not feed.results and start and feed.header.total_results > start:
        raise BadResponse(SOURCE, "arXiv sent an empty page; try again in a moment")
    papers = tuple(paper_from_result(r) for r in feed.results)
    return SourcePage(SOURCE, papers, feed.header.total_results)


class _PoliteClient(arxiv.Client):
    """``arxiv.Client`` whose fetch is spaced, timed out and never retried blindly."""

    def __init__(self, base_url: str, *, timeout: float, spacer: Spacer) -> None:
        super().__init__(page_size=100, delay_seconds=0.0, num_retries=0)
        self.query_url_format = base_url + ("&" if "?" in base_url else "?") + "{}"
        self.timeout = timeout
        self.spacer = spacer

    def _parse_feed(
        self, url: str, first_page: bool = True, _try_index: int = 0
    ) -> _feed.ParsedFeed:
        """The package's fetch hook (used by ``Client.results``), made polite."""
        body = self.fetch(url)
        parse_page(body)  # raises on a bad answer
        return _feed.parse(body)

    def fetch(self, url: str) -> bytes:
        try:
            self.spacer.wait_turn(max_wait=max(self.timeout, self.spacer.interval * 4))
        except SpacingBusy as error:
            raise RateLimited(SOURCE, f"held back to stay polite: {error}") from None
        deadline = time.monotonic() + self.timeout
        try:
            with self._session.get(
                url, headers={"User-Agent": USER_AGENT}, timeout=self.timeout, stream=True
            ) as resp:
                body = bytearray()
                for chunk in resp.iter_content(65536):
                    body += chunk
                    if len(body) > MAX_BODY:
                        raise BadResponse(SOURCE, "the answer is far too large")
                    if time.monotonic() > deadline:
                        raise requests.Timeout()
                status, headers = resp.status_code, resp.headers
        except requests.Timeout:
            raise SourceTimeout(SOURCE, f"no answer within {self.timeout:g} s") from None
        except requests.RequestException as error:
            kind = type(error).__name__
            raise SourceUnavailable(SOURCE, f"cannot reach {host_of(url)} ({kind})") from None
        if status == 200:
            return bytes(body)
        wait = retry_after_seconds(headers.get("Retry-After"))
        if wait:
            self.spacer.defer(wait)  # every winnow process backs off, not just this one
        if status == 429:
            raise RateLimited(SOURCE, "HTTP 429 Too Many Requests", wait)
        if status >= 500:
            raise SourceUnavailable(SOURCE, f"HTTP {status} from {host_of(url)}")
        try:
            parse_page(bytes(body))
        except BadResponse as error:
            if "arXiv says" in error.detail:
                raise
        raise BadResponse(SOURCE, f"HTTP {status}")

    def page(self, search: arxiv.Search, start: int, size: int) -> SourcePage:
        return parse_page(self.fetch(self._format_url(search, start, size)), start=start)


class ArxivClient:
    """Search and look up arXiv, one spaced request at a time."""

    name = SOURCE

    def __init__(
        self,
        base_url: str,
        *,
        timeout: float = 15.0,
        interval: float = 3.0,
        spacer: Spacer | None = None,
    ) -> None:
        self.base_url = base_url
        self._client = _PoliteClient(base_url, timeout=timeout, spacer=spacer or Spacer(interval))

    @classmethod
    def from_config(cls, config: Config) -> ArxivClient:
        net = config.network
        return cls(net.arxiv_api, timeout=net.timeout, interval=net.arxiv_interval)

    def search_sync(
        self, query: str, *, sort: str = "relevance", start: int = 0, size: int = 40
    ) -> SourcePage:
        search = arxiv.Search(
            query=query, max_results=size, sort_by=_SORT.get(sort, arxiv.SortCriterion.Relevance)
        )
        return self._client.page(search, start, size)

    def lookup_sync(self, arxiv_id: str) -> Paper | None:
        page = self._client.page(arxiv.Search(id_list=[arxiv_id], max_results=1), 0, 1)
        return page.papers[0] if page.papers else None

    def lookup_many_sync(self, arxiv_ids: list[str]) -> list[Paper]:
        """Several ids in one request (``id_list``, at most 100): their latest versions."""
        ids = list(dict.fromkeys(arxiv_ids))[:100]
        if not ids:
            return []
        search = arxiv.Search(id_list=ids, max_results=len(ids))
        return list(self._client.page(search, 0, len(ids)).papers)

    async def lookup_many(self, arxiv_ids: list[str]) -> list[Paper]:
        return await asyncio.to_thread(self.lookup_many_sync, arxiv_ids)

    async def search(
        self, query: str, *, sort: str = "relevance", start: int = 0, size: int = 40
    ) -> SourcePage:
        return await asyncio.to_thread(self.search_sync, query, sort=sort, start=start, size=size)

    async def lookup(self, arxiv_id: str) -> Paper | None:
        return await asyncio.to_thread(self.lookup_sync, arxiv_id)

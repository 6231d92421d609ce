"""The arXiv client: the ``arxiv`` package's URLs and Atom parser, with polite HTTP.

The package (4.x) would call ``requests`` with no timeout, follow redirects to
any host, retry any non-200 at once with no backoff (ignoring Retry-After) and
take an HTTP 200 ``Rate exceeded.`` body for an empty page. :class:`_PoliteClient`
replaces its one fetch hook, ``_parse_feed``: one request per cross-process turn
(see :mod:`tui.sources.spacing`), sent through :mod:`tui.sources.bounded` (a
whole-request deadline, a size cap, redirects only within arXiv), no blind retry,
and every failure turned into a :class:`~tui.sources.errors.SourceError`.
"""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING

import arxiv  # type: ignore[import-untyped]
from arxiv import _feed  # type: ignore[import-untyped]
from lxml import etree  # type: ignore[import-untyped]

from tui.config import MIN_ARXIV_INTERVAL
from tui.models import Author, Paper, PaperIds, arxiv_version, parse_ref, strip_arxiv_version
from tui.sources import bounded
from tui.sources.errors import BadResponse, RateLimited, ServerError
from tui.sources.merge import SourcePage
from tui.sources.net import host_of, retry_after_seconds
from tui.sources.spacing import Spacer, SpacingBusy
from tui.textsafe import repair

if TYPE_CHECKING:
    from tui.config import Config

SOURCE = "arxiv"
MAX_BODY = 20 * 1024 * 1024  # an Atom page, compressed or not (a real one is ~0.3 MB)
_SORT = {
    "relevance": arxiv.SortCriterion.Relevance,
    "newest": arxiv.SortCriterion.SubmittedDate,
    "citations": arxiv.SortCriterion.Relevance,  # arXiv knows no citations: sorted after merging
}


def _clean(text: str | None) -> str | None:
    """Outside text repaired (once, here, where it enters) and on one line."""
    text = " ".join(repair(text).split())
    return text or None


def _https(url: str | None) -> str | None:
    if url and url.startswith("http://arxiv.org/"):
        return "https://" + url[len("http://") :]
    return url


def paper_from_result(result: arxiv.Result) -> Paper:
    """An Atom entry (as the package parsed it) becomes a :class:`Paper`."""
    short = result.get_short_id()
    ref = parse_ref(short)
    arxiv_id = ref.value if ref is not None else strip_arxiv_version(_clean(short) or "?")
    doi = (_clean(result.doi) or "").lower() or None
    published = result.published.date().isoformat() if result.published.year > 1 else None
    updated = result.updated.date().isoformat() if result.updated.year > 1 else None
    pdf = _https(_clean(result.pdf_url)) or f"https://arxiv.org/pdf/{arxiv_id}"
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
            c
            for c in dict.fromkeys(map(_clean, [result.primary_category, *result.categories]))
            if c
        ),
        comment=_clean(result.comment),
        published=published,
        updated=updated,
        version=arxiv_version(short),
        sources=(SOURCE,),
    )


_ATOM = "{http://www.w3.org/2005/Atom}"
MAX_TAGS = 200_000  # a page of 100 entries holds ~5,000: bounds the tree lxml builds


def _check_feed(body: bytes) -> None:
    """Refuse what the package's forgiving parser (``recover=True``) would half-read."""
    if body.lstrip()[:64].startswith(b"Rate exceeded"):
        raise RateLimited(SOURCE, "arXiv says: Rate exceeded")
    if body.count(b"<") > MAX_TAGS:
        raise BadResponse(SOURCE, "the answer holds far too many elements")
    # A parser per call: lxml parsers are not to be shared between threads.
    strict = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(body, parser=strict)
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
    """``arxiv.Client`` whose fetch is spaced, bounded and never retried blindly."""

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
        """One spaced request (blocking: call it off the event loop)."""
        return bounded.run_sync(lambda: self.fetch_async(url))

    async def fetch_async(self, url: str) -> bytes:
        """One request in this process's arXiv turn, within the deadline and the size cap."""
        async with bounded.new_client(self.timeout) as client:  # ready before the turn comes
            try:
                await asyncio.to_thread(
                    self.spacer.wait_turn, max(self.timeout, self.spacer.interval * 4)
                )
            except SpacingBusy as error:
                raise RateLimited(SOURCE, f"held back to stay polite: {error}") from None

            async def sent() -> None:  # the next turn counts from when this one went out
                await asyncio.to_thread(self.spacer.sent, time.time())

            answer = await bounded.fetch(
                client, url, source=SOURCE, deadline=self.timeout, max_bytes=MAX_BODY, on_sent=sent
            )
        status, body = answer.status_code, answer.content
        if status == 200:
            return body
        wait = retry_after_seconds(answer.headers.get("Retry-After"))
        if wait:
            self.spacer.defer(wait)  # every winnow process backs off, not just this one
        if status == 429:
            raise RateLimited(SOURCE, "HTTP 429 Too Many Requests", wait)
        if status >= 500:
            raise ServerError(SOURCE, f"HTTP {status} from {host_of(answer.url)}")
        try:
            parse_page(body)
        except BadResponse as error:
            if "arXiv says" in error.detail:
                raise
        raise BadResponse(SOURCE, f"HTTP {status} from {host_of(answer.url)}")

    async def page(self, search: arxiv.Search, start: int, size: int) -> SourcePage:
        body = await self.fetch_async(self._format_url(search, start, size))
        return parse_page(body, start=start)


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
        interval = max(MIN_ARXIV_INTERVAL, net.arxiv_interval)  # never below arXiv's 3 s
        return cls(net.arxiv_api, timeout=net.timeout, interval=interval)

    def search_sync(
        self, query: str, *, sort: str = "relevance", start: int = 0, size: int = 40
    ) -> SourcePage:
        return bounded.run_sync(lambda: self.search(query, sort=sort, start=start, size=size))

    def lookup_sync(self, arxiv_id: str) -> Paper | None:
        return bounded.run_sync(lambda: self.lookup(arxiv_id))

    def lookup_many_sync(self, arxiv_ids: list[str]) -> list[Paper]:
        return bounded.run_sync(lambda: self.lookup_many(arxiv_ids))

    async def lookup_many(self, arxiv_ids: list[str]) -> list[Paper]:
        """Several ids in one request (``id_list``, at most 100): their latest versions."""
        ids = list(dict.fromkeys(arxiv_ids))[:100]
        if not ids:
            return []
        search = arxiv.Search(id_list=ids, max_results=len(ids))
        return list((await self._client.page(search, 0, len(ids))).papers)

    async def search(
        self, query: str, *, sort: str = "relevance", start: int = 0, size: int = 40
    ) -> SourcePage:
        """One page of a search. The wait for this process's turn runs in a thread; the
        request itself is async, so the event loop keeps turning throughout."""
        search = arxiv.Search(
            query=query, max_results=size, sort_by=_SORT.get(sort, arxiv.SortCriterion.Relevance)
        )
        return await self._client.page(search, start, size)

    async def lookup(self, arxiv_id: str) -> Paper | None:
        page = await self._client.page(arxiv.Search(id_list=[arxiv_id], max_results=1), 0, 1)
        return page.papers[0] if page.papers else None

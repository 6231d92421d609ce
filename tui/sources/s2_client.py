"""The Semantic Scholar client: ``AsyncSemanticScholar`` with a requester that tells the truth.

The package (0.12) is wrapped, not trusted as is:

* its requester retries a 429 for minutes and turns a 502/503 into an empty
  result: :class:`_Requester` replaces it, maps each status to a
  :class:`~tui.sources.errors.SourceError`, and :meth:`S2Client._get` backs off
  itself (Retry-After honoured, capped by ``max_backoff``, cancellable);
* it bounds neither time nor size: every exchange goes through
  :mod:`tui.sources.bounded` (a whole-request deadline, size caps, redirects only
  within S2), and ids in paths are percent-encoded (:func:`~tui.sources.net.path_segment`);
* its search neither URL-encodes the query (``C++ & Rust`` arrives as ``C``)
  nor stops paging when iterated: :meth:`S2Client.search` asks for exactly one
  encoded page;
* its default fields pull citations, references and embeddings: ``fields`` is
  always given;
* its constructor calls ``logging.basicConfig``: :class:`_Api` skips that.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

import httpx
from semanticscholar.ApiRequester import ApiRequester  # type: ignore[import-untyped]
from semanticscholar.AsyncSemanticScholar import AsyncSemanticScholar  # type: ignore[import-untyped]

from tui.models import Author, Paper, PaperIds, PaperRef, parse_ref
from tui.sources import bounded
from tui.sources.bounded import Answer
from tui.sources.errors import BadResponse, NotFound, RateLimited, ServerError
from tui.sources.merge import SourcePage
from tui.sources.net import host_of, retry_after_seconds
from tui.sources.s2_graph import S2GraphMixin, s2_path_id
from tui.textsafe import repair

if TYPE_CHECKING:
    from tui.config import Config

SOURCE = "s2"
SEARCH_FIELDS = (
    "paperId,externalIds,title,abstract,authors,year,venue,journal,publicationDate,"
    "citationCount,influentialCitationCount,isOpenAccess,openAccessPdf,tldr,citationStyles"
)
LOOKUP_FIELDS = SEARCH_FIELDS.replace("authors,", "authors.name,authors.affiliations,")
MAX_OFFSET = 1000  # relevance search answers at most 1,000 results


# ---------------------------------------------------------------- JSON -> Paper


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _str(value: Any) -> str | None:
    """Outside text repaired (once, here, where it enters) and on one line."""
    if not isinstance(value, str):
        return None
    value = " ".join(repair(value).split())
    return value or None


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def paper_from_s2(data: dict[str, Any]) -> Paper:
    """One S2 paper object becomes a :class:`Paper` (unknown or wrong-typed fields are dropped)."""
    ext = _dict(data.get("externalIds"))
    arxiv_ref = parse_ref(str(ext["ArXiv"])) if ext.get("ArXiv") else None
    doi = _str(ext.get("DOI"))
    pdf = _dict(data.get("openAccessPdf"))
    authors = []
    for author in data.get("authors") or ():
        if isinstance(author, dict):
            affiliations = [_str(a) for a in author.get("affiliations") or () if _str(a)]
            authors.append(Author(_str(author.get("name")) or "?", tuple(affiliations)))  # type: ignore[arg-type]
    venue = _str(data.get("venue")) or _str(_dict(data.get("journal")).get("name"))
    pdf_url = _str(pdf.get("url"))
    return Paper(
        title=_str(data.get("title")) or "(untitled)",
        ids=PaperIds(
            arxiv=arxiv_ref.value if arxiv_ref else None,
            s2=_str(data.get("paperId")),
            doi=doi.lower() if doi else None,
        ),
        authors=tuple(authors),
        year=_int(data.get("year")),
        venue=venue,
        abstract=_str(data.get("abstract")),
        tldr=_str(_dict(data.get("tldr")).get("text")),
        citations=_int(data.get("citationCount")),
        influential_citations=_int(data.get("influentialCitationCount")),
        pdf_url=pdf_url,
        open_access=bool(pdf_url) or data.get("isOpenAccess") is True,
        published=_str(data.get("publicationDate")),
        bibtex=_str(_dict(data.get("citationStyles")).get("bibtex")),
        sources=(SOURCE,),
    )


def parse_search(data: Any) -> SourcePage:
    """A ``/paper/search`` answer becomes a page; anything else is a :class:`BadResponse`."""
    if not isinstance(data, dict) or not isinstance(data.get("total"), int):
        raise BadResponse(SOURCE, "the answer has no result count (not a search answer)")
    items = data.get("data", [])  # no hits: {"total": 0, "offset": 0}, no "data" at all
    if not isinstance(items, list):
        raise BadResponse(SOURCE, "the answer's data is not a list")
    papers = tuple(paper_from_s2(item) for item in items if isinstance(item, dict))
    return SourcePage(SOURCE, papers, data["total"])


# ---------------------------------------------------------------- HTTP

MAX_BODY = 20 * 1024 * 1024  # one answer, compressed or not (a page of 100 papers is ~0.5 MB)

# Who hears that a request is backing off before its next try (``listener(seconds)``):
# set by the caller around one request; asyncio tasks inherit it as they start.
backoff_listener: ContextVar[Callable[[float], None] | None] = ContextVar(
    "s2_backoff_listener", default=None
)


def _message(resp: Answer) -> str:
    try:
        body = resp.json()
    except (ValueError, RecursionError):
        return ""
    body = _dict(body)
    return _str(body.get("error")) or _str(body.get("message")) or ""


def decode(resp: Answer) -> Any:
    """Map an S2 answer to its JSON or to the matching :class:`SourceError`."""
    status = resp.status_code
    if status == 200:
        return bounded.load_json(resp, SOURCE)
    if status == 429:
        wait = retry_after_seconds(resp.headers.get("Retry-After"))
        raise RateLimited(SOURCE, "HTTP 429 Too Many Requests", wait)
    if status == 404:
        raise NotFound(SOURCE, _message(resp) or "not found")
    if status >= 500:
        raise ServerError(SOURCE, f"HTTP {status} from {host_of(resp.url)}")
    if status in (401, 403):
        raise BadResponse(
            SOURCE, f"HTTP {status} {_message(resp) or 'Forbidden'} (check the API key)"
        )
    raise BadResponse(SOURCE, f"HTTP {status} {_message(resp)}".strip())


class _Requester(ApiRequester):
    """The package's requester, replaced: one shared connection pool, honest statuses,
    every exchange bounded (:mod:`tui.sources.bounded`)."""

    def __init__(self, owner: S2Client) -> None:
        super().__init__(owner.timeout, retry=False)
        self._owner = owner

    async def get_data_async(
        self, url: str, parameters: str, headers: dict, payload: dict | None = None
    ) -> Any:
        """Every request the package makes: our own backoff on 429 (Retry-After honoured,
        the total wait capped by ``max_backoff``, cancellable like any ``await``)."""
        owner = self._owner
        waited = 0.0
        for attempt in range(owner.max_retries + 1):
            try:
                return await self._once(url, parameters, headers, payload)
            except RateLimited as error:
                delay = error.retry_after
                if delay is None:
                    delay = owner.backoff_base * 2**attempt
                if attempt == owner.max_retries or waited + delay > owner.max_backoff:
                    raise
                if (listen := backoff_listener.get()) is not None:
                    listen(delay)
                await asyncio.sleep(delay)
                waited += delay
        raise AssertionError("unreachable")  # pragma: no cover

    async def _once(self, url: str, parameters: str, headers: dict, payload: dict | None) -> Any:
        parameters = parameters.lstrip("&")
        full = f"{url}?{parameters}" if parameters else url
        answer = await bounded.fetch(
            self._owner.http(),
            full,
            source=SOURCE,
            deadline=self._owner.timeout,
            max_bytes=MAX_BODY,
            method="POST" if payload else "GET",
            headers=headers,
            json_body=payload,
        )
        return decode(answer)


class _Api(AsyncSemanticScholar):
    @property  # type: ignore[override]
    def debug(self) -> bool:
        return False

    @debug.setter
    def debug(self, debug: bool) -> None:
        pass  # the package's setter calls logging.basicConfig: not in our process


class S2Client(S2GraphMixin):
    """Search and look up Semantic Scholar's Graph API (and, from the mixin, snowball on it)."""

    name = SOURCE

    def __init__(
        self,
        base_url: str,
        *,
        api_key: str | None = None,
        timeout: float = 15.0,
        max_backoff: float = 60.0,
        backoff_base: float = 1.0,
        max_retries: int = 3,
    ) -> None:
        self.timeout = timeout
        self.max_backoff = max_backoff
        self.backoff_base = backoff_base
        self.max_retries = max_retries
        self._api = _Api(
            timeout=int(timeout) or 1, api_key=api_key, api_url=base_url.rstrip("/"), retry=False
        )
        self._api._requester = _Requester(self)
        self._http: httpx.AsyncClient | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._search_fields = SEARCH_FIELDS

    @classmethod
    def from_config(cls, config: Config) -> S2Client:
        net = config.network
        return cls(
            net.s2_api, api_key=net.s2_api_key, timeout=net.timeout, max_backoff=net.max_backoff
        )

    @property
    def graph_url(self) -> str:
        return self._api.api_url + self._api.BASE_PATH_GRAPH

    def http(self) -> httpx.AsyncClient:
        """One pool per event loop (a pool cannot outlive the loop it was made on)."""
        loop = asyncio.get_running_loop()
        if self._http is None or self._loop is not loop:
            self._http = bounded.new_client(self.timeout)
            self._loop = loop
        return self._http

    async def aclose(self) -> None:
        if self._http is not None and self._loop is asyncio.get_running_loop():
            await self._http.aclose()
        self._http = None

    async def _get(self, url: str, parameters: str) -> Any:
        return await self._api._requester.get_data_async(url, parameters, self._api.auth_header)

    async def search(
        self,
        text: str,
        *,
        offset: int = 0,
        limit: int = 40,
        year: str | None = None,
        open_access: bool = False,
        fields_of_study: tuple[str, ...] = (),
    ) -> SourcePage:
        if offset >= MAX_OFFSET:
            return SourcePage(SOURCE, (), None)
        limit = max(1, min(limit, 100, MAX_OFFSET - offset))
        params: dict[str, Any] = {"query": text, "offset": offset, "limit": limit}
        if year:
            params["year"] = year
        if fields_of_study:
            params["fieldsOfStudy"] = ",".join(fields_of_study)
        flag = "&openAccessPdf" if open_access else ""
        url = f"{self.graph_url}/paper/search"
        try:
            data = await self._get(url, urlencode({**params, "fields": self._search_fields}) + flag)
        except BadResponse as error:
            if "tldr" not in error.detail or "tldr" not in self._search_fields:
                raise
            self._search_fields = SEARCH_FIELDS.replace(",tldr", "")  # not offered here: drop it
            data = await self._get(url, urlencode({**params, "fields": self._search_fields}) + flag)
        return parse_search(data)

    async def lookup(self, ref: PaperRef) -> Paper | None:
        """One paper by id (arXiv ids as ``arXiv:``, DOIs as ``DOI:``); ``None`` if unknown."""
        url = f"{self.graph_url}/paper/{s2_path_id(ref)}"  # "../" stays inside
        try:
            data = await self._get(url, urlencode({"fields": LOOKUP_FIELDS}))
        except NotFound:
            return None
        if not isinstance(data, dict) or not data.get("paperId"):
            raise BadResponse(SOURCE, "the answer is not a paper")
        return paper_from_s2(data)

"""Semantic Scholar beyond search: references, citations, recommendations, bulk search.

:class:`S2GraphMixin` adds these requests to :class:`~tui.sources.s2_client.S2Client`
(through its ``_get`` and its requester, so the same backoff, deadlines and
status mapping apply). The parsers live in :mod:`tui.sources.graph`; the bulk
search's here. Ids go into paths as one percent-encoded segment.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from tui.models import Paper, PaperRef
from tui.sources.errors import BadResponse
from tui.sources.graph import GraphPage, Kind, parse_graph_page, parse_recommendations
from tui.sources.net import path_segment

if TYPE_CHECKING:
    from semanticscholar.AsyncSemanticScholar import AsyncSemanticScholar  # type: ignore[import-untyped]

SOURCE = "s2"
GRAPH_FIELDS = (
    "paperId,externalIds,title,abstract,authors,year,venue,journal,publicationDate,"
    "citationCount,influentialCitationCount,isOpenAccess,openAccessPdf,citationStyles"
)
LINK_FIELDS = "contexts,intents,contextsWithIntent,isInfluential"
BULK_FIELDS = GRAPH_FIELDS  # no tldr: bulk search offers no nested data


class S2GraphMixin:
    """The snowballing requests of :class:`~tui.sources.s2_client.S2Client`."""

    _api: AsyncSemanticScholar

    @property
    def graph_url(self) -> str:  # pragma: no cover - S2Client defines it
        raise NotImplementedError

    async def _get(self, url: str, parameters: str) -> Any:  # pragma: no cover - S2Client's
        raise NotImplementedError

    async def _post(self, url: str, parameters: str, payload: dict[str, Any]) -> Any:
        return await self._api._requester.get_data_async(
            url, parameters, self._api.auth_header, payload
        )

    async def _with_fields(
        self, url: str, params: dict[str, Any], fields: str, post: dict[str, Any] | None = None
    ) -> Any:
        """Ask with ``fields``; if S2 refuses some of them (400 naming them), once without."""
        for attempt in (0, 1):
            query = urlencode({**params, "fields": fields})
            try:
                if post is not None:
                    return await self._post(url, query, post)
                return await self._get(url, query)
            except BadResponse as error:
                refused = _refused_fields(error.detail)
                kept = ",".join(f for f in fields.split(",") if f not in refused)
                if attempt or not refused or kept == fields:
                    raise
                fields = kept
        raise AssertionError("unreachable")  # pragma: no cover

    async def _links(self, what: str, ref: PaperRef, offset: int, limit: int) -> GraphPage:
        url = f"{self.graph_url}/paper/{s2_path_id(ref)}/{what}"
        params = {"offset": max(0, offset), "limit": max(1, min(limit, 1000))}
        data = await self._with_fields(url, params, f"{LINK_FIELDS},{GRAPH_FIELDS}")
        return parse_graph_page(data, Kind(what), offset=offset)

    async def references(self, ref: PaperRef, *, offset: int = 0, limit: int = 100) -> GraphPage:
        """One page of what ``ref`` cites, with the citing sentences."""
        return await self._links("references", ref, offset, limit)

    async def citations(self, ref: PaperRef, *, offset: int = 0, limit: int = 100) -> GraphPage:
        """One page of the papers citing ``ref``, each with the sentences that cite it."""
        return await self._links("citations", ref, offset, limit)

    async def recommend(
        self, positives: Sequence[PaperRef], negatives: Sequence[PaperRef] = (), *, limit: int = 100
    ) -> tuple[Paper, ...]:
        """``POST /recommendations/v1/papers``: like the positives, unlike the negatives."""
        url = self._api.api_url + "/recommendations/v1/papers"
        body = {
            "positivePaperIds": [s2_body_id(r) for r in positives],
            "negativePaperIds": [s2_body_id(r) for r in negatives],
        }
        params = {"limit": max(1, min(limit, 500))}
        return parse_recommendations(await self._with_fields(url, params, GRAPH_FIELDS, body))

    async def bulk_search(
        self,
        text: str,
        *,
        sort: str = "citationCount:desc",
        token: str | None = None,
        year: str | None = None,
        open_access: bool = False,
        fields_of_study: tuple[str, ...] = (),
    ) -> BulkPage:
        """``/paper/search/bulk``: up to 1,000 papers sorted across the whole answer; the
        ``token`` of the answer asks for the next 1,000."""
        params: dict[str, Any] = {"query": text, "sort": sort}
        if token:
            params["token"] = token
        if year:
            params["year"] = year
        if fields_of_study:
            params["fieldsOfStudy"] = ",".join(fields_of_study)
        if open_access:
            params["openAccessPdf"] = ""
        url = f"{self.graph_url}/paper/search/bulk"
        return parse_bulk(await self._with_fields(url, params, BULK_FIELDS))


def _refused_fields(detail: str) -> set[str]:
    """The fields a 400 names: ``Unrecognized or unsupported fields: [tldr, x]``."""
    m = re.search(r"fields:\s*\[([^\]]*)\]", detail)
    return {f.strip() for f in m.group(1).split(",") if f.strip()} if m else set()


def s2_body_id(ref: PaperRef) -> str:
    """An id as S2 takes it in a path or a body: ``arXiv:…``, ``DOI:…``, ``CorpusId:…``, sha."""
    prefix = {"arxiv": "arXiv:", "doi": "DOI:"}.get(ref.kind.value, "")
    return prefix + ref.value


def s2_path_id(ref: PaperRef) -> str:
    """The id as one path segment (``../`` stays inside the API's path)."""
    return path_segment(s2_body_id(ref))


@dataclass(frozen=True)
class BulkPage:
    """One answer of the bulk search: papers in the asked order, the estimated total,
    and the token for the next answer (None on the last)."""

    papers: tuple[Paper, ...]
    total: int | None
    token: str | None


def parse_bulk(data: Any) -> BulkPage:
    if not isinstance(data, dict) or ("data" not in data and "total" not in data):
        raise BadResponse(SOURCE, "the answer is not a bulk search answer")
    items = data.get("data") or []
    if not isinstance(items, list):
        raise BadResponse(SOURCE, "the answer's data is not a list")
    from tui.sources.s2_client import paper_from_s2

    papers = []
    for item in items:
        if isinstance(item, dict):
            try:
                papers.append(paper_from_s2(item))
            except (TypeError, ValueError, AttributeError):
                continue  # one unreadable record does not spoil the answer
    token = data.get("token")
    total = data.get("total")
    return BulkPage(
        tuple(papers),
        total if isinstance(total, int) and not isinstance(total, bool) else None,
        token if isinstance(token, str) and token else None,
    )

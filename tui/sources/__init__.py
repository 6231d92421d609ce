"""Where papers come from: arXiv and Semantic Scholar, one small client each.

Never imports Textual, Rich or TinyDB (an import-linter contract keeps it so):
the CLI, the tests and the benchmarks use it without a UI. Names are loaded on
first use, so ``import tui.sources.errors`` does not pull in httpx (which
imports Rich for its own command line when Rich is installed).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "SearchService": "tui.sources.search",
    "SearchResult": "tui.sources.results",
    "SearchUpdate": "tui.sources.results",
    "GraphService": "tui.sources.graph",
    "Listing": "tui.sources.graph",
    "Kind": "tui.sources.graph",
    "Trail": "tui.sources.trail",
    "Hop": "tui.sources.trail",
    "download_pdf": "tui.sources.download",
    "SourceError": "tui.sources.errors",
    "RateLimited": "tui.sources.errors",
    "SourceUnavailable": "tui.sources.errors",
    "ServerError": "tui.sources.errors",
    "SourceTimeout": "tui.sources.errors",
    "BadResponse": "tui.sources.errors",
    "DownloadError": "tui.sources.errors",
}

if TYPE_CHECKING:
    from tui.sources.download import download_pdf
    from tui.sources.errors import (
        BadResponse,
        DownloadError,
        RateLimited,
        ServerError,
        SourceError,
        SourceTimeout,
        SourceUnavailable,
    )
    from tui.sources.graph import GraphService, Kind, Listing
    from tui.sources.results import SearchResult, SearchUpdate
    from tui.sources.search import SearchService
    from tui.sources.trail import Hop, Trail


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'tui.sources' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


__all__ = [
    "BadResponse",
    "DownloadError",
    "GraphService",
    "Hop",
    "Kind",
    "Listing",
    "Trail",
    "RateLimited",
    "SearchResult",
    "SearchService",
    "SearchUpdate",
    "ServerError",
    "SourceError",
    "SourceTimeout",
    "SourceUnavailable",
    "download_pdf",
]

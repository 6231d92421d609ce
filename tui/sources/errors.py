"""What can go wrong when asking a source, each with the one-line message the user sees.

Every error carries ``status``, the word SPEC §5 prints for that source:
``rate-limited`` (HTTP 429, arXiv's "Rate exceeded"), ``server-error`` (HTTP 5xx: the
server is there but failing), ``unreachable`` (no connection, a hang, a trickle past the
deadline), ``bad-answer`` (malformed, too large, a 4xx, a redirect elsewhere).
"""

from __future__ import annotations

from tui.errors import WinnowError

NAMES = {"arxiv": "arXiv", "s2": "Semantic Scholar", "pdf": "PDF download"}


class SourceError(WinnowError):
    """A source failed to answer usefully."""

    status = "unreachable"

    def __init__(self, source: str, detail: str) -> None:
        self.source = source
        self.detail = " ".join(str(detail).split())[:200]  # one line, bounded
        super().__init__(f"{NAMES.get(source, source)}: {self.detail}")


class RateLimited(SourceError):
    """HTTP 429 (or arXiv's ``Rate exceeded.``); ``retry_after`` in seconds when known."""

    status = "rate-limited"

    def __init__(self, source: str, detail: str, retry_after: float | None = None) -> None:
        self.retry_after = retry_after
        if retry_after is not None:
            detail = f"{detail} (retry in {retry_after:.0f} s)"
        super().__init__(source, detail)


class SourceUnavailable(SourceError):
    """No connection, or no complete answer."""

    status = "unreachable"


class ServerError(SourceUnavailable):
    """An HTTP 5xx answer: the server is reachable but failing."""

    status = "server-error"


class SourceTimeout(SourceUnavailable):
    """No complete answer within the whole-request deadline (silence or a trickle)."""


class BadResponse(SourceError):
    """An answer that is not what the API promises: malformed XML/JSON, an error feed, a 4xx."""

    status = "bad-answer"


class NotFound(SourceError):
    """The source has no paper under that id (a lookup, not a failure)."""

    status = "ok"


class DownloadError(SourceError):
    """A PDF could not be fetched or is not a PDF."""

    status = "unreachable"

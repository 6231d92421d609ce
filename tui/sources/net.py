"""Small HTTP helpers the clients share: the user agent, Retry-After, host names."""

from __future__ import annotations

import time
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from tui import __version__

USER_AGENT = f"winnow/{__version__} (terminal paper triage; python)"


def retry_after_seconds(value: str | None) -> float | None:
    """Read a Retry-After header: seconds or an HTTP date; ``None`` when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return max(0.0, when.timestamp() - time.time())


def host_of(url: str) -> str:
    return urlsplit(url).hostname or url

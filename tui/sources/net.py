"""Small HTTP rules the clients share: the user agent, Retry-After, hosts, URLs, redirects.

* Only https leaves the machine; plain http is allowed to loopback hosts alone
  (tests and local mirrors). :func:`check_url` enforces it for every request and hop.
* A service (arXiv, S2) may redirect only within itself: https on the same host or a
  sibling host of the same domain (``export.arxiv.org`` → ``arxiv.org``), loopback to the
  same loopback host. A PDF may be fetched from any https host (publishers' sites).
* Every path segment built from outside data (a DOI, an id) is percent-encoded by
  :func:`path_segment`, so ``../``, ``?``, ``#`` and ``%`` stay inside the segment.
"""

from __future__ import annotations

import ipaddress
import time
from email.utils import parsedate_to_datetime
from urllib.parse import quote, urlsplit

from tui import __version__

USER_AGENT = f"winnow/{__version__} (terminal paper triage; python)"
MAX_REDIRECTS = 3


def retry_after_seconds(value: str | None) -> float | None:
    """Read a Retry-After header: seconds or an HTTP date; ``None`` when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        pass
    else:
        return seconds if 0 <= seconds < 10**7 else None  # NaN, inf and nonsense: unknown
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return max(0.0, when.timestamp() - time.time())


def host_of(url: str) -> str:
    """The host a URL names (for messages); the URL itself, cut short, when it names none."""
    try:
        host = urlsplit(url).hostname
    except ValueError:
        host = None
    return host or url[:80]


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def url_problem(url: str) -> str | None:
    """Why ``url`` may not be fetched (https only, loopback excepted); ``None`` when it may."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - a port that is not a number raises here
    except ValueError:
        return f"refused a malformed URL {url[:80]!r}"
    if parts.scheme == "https" and host:
        return None
    if parts.scheme == "http" and is_loopback(host):
        return None
    return f"refused {parts.scheme or 'a'} URL {url[:80]} (https only)"


def _service(host: str) -> str:
    """The domain a host belongs to: ``export.arxiv.org`` → ``arxiv.org``; an IP is its own."""
    if is_loopback(host):
        return host
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return ".".join(host.rstrip(".").lower().split(".")[-2:])
    return host


def redirect_problem(origin: str, target: str, *, same_service: bool) -> str | None:
    """Why a redirect from ``origin`` to ``target`` may not be followed; ``None`` when it may."""
    if problem := url_problem(target):
        return f"redirected to {host_of(target)}: {problem}"
    if not same_service:
        return None
    here, there = urlsplit(origin), urlsplit(target)
    if here.scheme == "https" and there.scheme != "https":
        return f"redirected from https to {there.scheme} on {host_of(target)}: refused"
    if _service(here.hostname or "") != _service(there.hostname or ""):
        return f"redirected from {host_of(origin)} to {host_of(target)}: refused (another host)"
    return None


def path_segment(value: str) -> str:
    """``value`` as one URL path segment: ``/``, ``?``, ``#``, ``%``, spaces… percent-encoded.

    A segment that is only dots is encoded too, so no id can climb out of the API's path.
    """
    encoded = quote(value, safe=":")
    if encoded.strip(".") == "":
        encoded = encoded.replace(".", "%2E")
    return encoded

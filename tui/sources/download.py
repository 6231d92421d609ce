"""Fetching a paper's PDF for the reader: https only, bounded, checked, written atomically.

Rules: the URL is arXiv's PDF link or S2's ``openAccessPdf``; https only (plain
http is allowed for loopback hosts alone, so tests can use a local server),
redirects re-checked at every hop; a timeout; a size cap (``pdf_max_mb``); the
body must start like a PDF; the file is written to a temp name and renamed, under
a name made from the paper's id with anything path-like removed. Synchronous:
the UI runs it in a thread.
"""

from __future__ import annotations

import hashlib
import ipaddress
import os
import re
import time
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

import httpx

from tui import paths
from tui.config import ARXIV_PDF
from tui.models import Paper, normalise_title
from tui.sources.errors import DownloadError
from tui.sources.net import USER_AGENT, host_of
from tui.sources.spacing import Spacer, SpacingBusy

if TYPE_CHECKING:
    from tui.config import Config

MAX_REDIRECTS = 5
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def pdf_name(paper: Paper) -> str:
    """A file name from the paper's id: no separators, no leading dots, bounded length."""
    ids = paper.ids
    raw = (
        f"arxiv-{ids.arxiv}"
        if ids.arxiv
        else f"doi-{ids.doi}"
        if ids.doi
        else f"s2-{ids.s2}"
        if ids.s2
        else "title-" + hashlib.sha1(normalise_title(paper.title).encode()).hexdigest()[:16]
    )
    name = _UNSAFE.sub("_", raw).replace("..", "_").lstrip("._-")[:120]
    return (name or "paper") + ".pdf"


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_url(url: str) -> str:
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.scheme == "https" and host:
        return url
    if parts.scheme == "http" and _loopback(host):
        return url
    raise DownloadError("pdf", f"refused {parts.scheme or 'a'} URL {url[:80]} (https only)")


def candidate_urls(paper: Paper, arxiv_pdf: str = ARXIV_PDF) -> list[str]:
    urls = []
    if paper.pdf_url:
        urls.append(paper.pdf_url)
    if paper.ids.arxiv:
        urls.append(f"{arxiv_pdf.rstrip('/')}/{paper.ids.arxiv}")
    return list(dict.fromkeys(urls))


def _looks_pdf(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return b"%PDF-" in handle.read(1024)
    except OSError:
        return False


def _fetch(
    url: str, target: Path, *, timeout: float, max_bytes: int, spacer: Spacer | None
) -> None:
    deadline = time.monotonic() + timeout * 4  # a slow but live server gets a little longer
    with httpx.Client(timeout=timeout, headers={"User-Agent": USER_AGENT}) as client:
        for _hop in range(MAX_REDIRECTS + 1):
            check_url(url)
            if spacer is not None and host_of(url).endswith("arxiv.org"):
                try:
                    spacer.wait_turn(max_wait=timeout)
                except SpacingBusy as error:
                    raise DownloadError("pdf", f"arXiv is busy: {error}") from None
            with client.stream("GET", url) as resp:
                if resp.is_redirect and "location" in resp.headers:
                    url = urljoin(url, resp.headers["location"])
                    continue
                if resp.status_code != 200:
                    raise DownloadError("pdf", f"HTTP {resp.status_code} from {host_of(url)}")
                length = resp.headers.get("content-length", "")
                if length.isdigit() and int(length) > max_bytes:
                    raise DownloadError("pdf", f"larger than the {max_bytes >> 20} MB cap")
                _write(resp, target, max_bytes, deadline)
                return
        raise DownloadError("pdf", "too many redirects")


def _write(resp: httpx.Response, target: Path, max_bytes: int, deadline: float) -> None:
    temp = target.with_name(f".{target.name}.{os.getpid()}.part")
    size = 0
    try:
        with open(temp, "wb") as out:
            head = b""
            for chunk in resp.iter_bytes(65536):
                size += len(chunk)
                if size > max_bytes:
                    raise DownloadError("pdf", f"larger than the {max_bytes >> 20} MB cap")
                if time.monotonic() > deadline:
                    raise DownloadError("pdf", "too slow: gave up")
                if len(head) < 1024:
                    head += chunk[:1024]
                out.write(chunk)
            if b"%PDF-" not in head[:1024]:
                kind = resp.headers.get("content-type", "unknown type").split(";")[0]
                raise DownloadError("pdf", f"not a PDF ({kind})")
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, target)
    except OSError as error:
        raise DownloadError("pdf", f"cannot write {target}: {error.strerror}") from None
    finally:
        if temp.exists():
            temp.unlink(missing_ok=True)


def download_pdf(paper: Paper, *, config: Config, dest_dir: Path | None = None) -> Path:
    """The paper's PDF in the cache, fetched if needed; a :class:`DownloadError` says why not."""
    urls = candidate_urls(paper, config.network.arxiv_pdf)
    if not urls:
        raise DownloadError("pdf", "no open PDF is known for this paper")
    folder = paths.ensure(dest_dir or paths.pdf_dir())
    target = folder / pdf_name(paper)
    if target.exists() and _looks_pdf(target):
        return target
    net = config.network
    spacer = Spacer(net.arxiv_interval)
    error: DownloadError | None = None
    for url in urls:
        try:
            _fetch(url, target, timeout=net.timeout, max_bytes=net.pdf_max_mb << 20, spacer=spacer)
            return target
        except DownloadError as failed:
            error = error or failed
        except httpx.TimeoutException:
            error = error or DownloadError("pdf", f"no answer within {net.timeout:g} s")
        except httpx.HTTPError as failed:
            kind = type(failed).__name__
            error = error or DownloadError("pdf", f"cannot reach {host_of(url)} ({kind})")
    assert error is not None
    raise error

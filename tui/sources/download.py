"""Fetching a paper's PDF for the reader: https only, bounded, checked, written atomically.

Rules: the URL is arXiv's PDF link or S2's ``openAccessPdf``; https only (plain
http is allowed for loopback hosts alone, so tests can use a local server),
redirects re-checked at every hop (any https host: PDFs live on publishers'
sites); one whole-download deadline (``DEADLINE_FACTOR`` × ``network.timeout``);
a size cap (``pdf_max_mb``) on the compressed and the decoded body, streamed to
disk, never held in memory (see :mod:`tui.sources.bounded`); the body must start
like a PDF; the file is written to a temp name and renamed, under a name made
from the paper's id with anything path-like removed. Synchronous: the UI runs it
in a thread.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from tui import paths
from tui.config import ARXIV_PDF
from tui.models import Paper, normalise_title
from tui.sources import bounded
from tui.sources.errors import DownloadError, SourceError
from tui.sources.net import host_of, url_problem
from tui.sources.spacing import Spacer, SpacingBusy

if TYPE_CHECKING:
    from tui.config import Config

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


def check_url(url: str) -> str:
    """``url`` when it may be fetched (https, or http to a loopback host); else a DownloadError."""
    if problem := url_problem(url):
        raise DownloadError("pdf", problem)
    return url


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


DEADLINE_FACTOR = 4  # a PDF is larger than an answer: its whole download gets 4 x timeout


def _fetch(
    url: str, target: Path, *, timeout: float, max_bytes: int, spacer: Spacer | None
) -> None:
    """One PDF to ``target``, within ``DEADLINE_FACTOR * timeout`` and ``max_bytes``."""
    check_url(url)
    if spacer is not None and host_of(url).endswith("arxiv.org"):
        try:
            spacer.wait_turn(max_wait=timeout)
        except SpacingBusy as error:
            raise DownloadError("pdf", f"arXiv is busy: {error}") from None
    with _Part(target) as part:
        try:
            answer = bounded.run_sync(
                lambda: bounded.fetch_once(
                    url,
                    timeout=timeout,
                    deadline=timeout * DEADLINE_FACTOR,
                    source="pdf",
                    max_bytes=max_bytes,
                    same_service=False,  # publishers' hosts, but https only at every hop
                    sink=part.write,
                )
            )
        except DownloadError:
            raise
        except SourceError as error:
            raise DownloadError("pdf", error.detail) from None
        if answer.status_code != 200:
            raise DownloadError("pdf", f"HTTP {answer.status_code} from {host_of(answer.url)}")
        if b"%PDF-" not in part.head:
            kind = answer.headers.get("content-type", "unknown type").split(";")[0]
            raise DownloadError("pdf", f"not a PDF ({kind[:40]}) from {host_of(answer.url)}")
        part.commit()


class _Part:
    """A download's temp file beside its target: renamed into place on commit, else removed."""

    def __init__(self, target: Path) -> None:
        self.target = target
        self.temp = target.with_name(f".{target.name}.{os.getpid()}.{id(self):x}.part")
        self.head = b""
        self._out: BinaryIO | None = None

    def __enter__(self) -> _Part:
        try:
            self._out = open(self.temp, "wb")  # noqa: SIM115 - closed in __exit__ or commit
        except OSError as error:
            raise DownloadError("pdf", f"cannot write {self.target}: {error.strerror}") from None
        return self

    def write(self, chunk: bytes) -> None:
        if len(self.head) < 1024:
            self.head += chunk[: 1024 - len(self.head)]
        try:
            assert self._out is not None
            self._out.write(chunk)
        except OSError as error:
            raise DownloadError("pdf", f"cannot write {self.target}: {error.strerror}") from None

    def commit(self) -> None:
        assert self._out is not None
        try:
            self._out.flush()
            os.fsync(self._out.fileno())
            self._out.close()
            os.replace(self.temp, self.target)
        except OSError as error:
            raise DownloadError("pdf", f"cannot write {self.target}: {error.strerror}") from None

    def __exit__(self, *exc: object) -> None:
        if self._out is not None:
            self._out.close()
        self.temp.unlink(missing_ok=True)


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
    assert error is not None
    raise error

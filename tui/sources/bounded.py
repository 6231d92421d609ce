"""One bounded HTTP exchange: a whole-request deadline, size caps, checked redirects.

Every request winnow sends (arXiv search and lookup, S2, PDF downloads) goes through
:func:`fetch`:

* **Deadline.** The whole exchange — connecting, every redirect, the head and the last
  byte of the body — runs under one ``asyncio.wait_for``: a server trickling one byte a
  second ends at the deadline like a silent one (:class:`SourceTimeout`).
* **Size.** A ``Content-Length`` over the cap is refused before the body is read; the body
  is streamed raw and counted as it arrives (compressed), and decoded here, step by
  step, with zlib's ``max_length``, the decoded bytes counted too: a gzip bomb stops at
  the cap, in memory no larger than one step. Only ``gzip`` and ``deflate`` are asked
  for; any other encoding is refused. The body either lands in memory (an answer of at
  most the cap) or goes chunk by chunk to a ``sink`` (a PDF on its way to disk).
* **Where.** https only (loopback http for tests), and each redirect is checked by
  :func:`tui.sources.net.redirect_problem` before it is followed, at most
  :data:`~tui.sources.net.MAX_REDIRECTS` hops.

Failures are :class:`~tui.sources.errors.SourceError` s naming the host that failed.
:func:`fetch_sync` runs an exchange from synchronous code (a worker thread).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import zlib
from collections.abc import Awaitable, Callable, Coroutine, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urljoin

import httpx

from tui.sources.errors import BadResponse, SourceTimeout, SourceUnavailable
from tui.sources.net import (
    MAX_REDIRECTS,
    USER_AGENT,
    host_of,
    redirect_problem,
    url_problem,
)

MAX_ERROR_BODY = 64 * 1024  # an error page is read this far, for its message
STEP = 64 * 1024  # decoded bytes produced per decompression step
MAX_JSON_VALUES = 1_000_000  # bounds what json.loads builds (each value ~50-100 bytes)
ACCEPT_ENCODING = "gzip, deflate"
_REDIRECTS = (301, 302, 303, 307, 308)

T = TypeVar("T")


@dataclass(frozen=True)
class Answer:
    """What came back: status, headers, the final URL and the (decoded, capped) body."""

    status_code: int
    headers: httpx.Headers
    url: str
    content: bytes

    def json(self) -> Any:
        return json.loads(self.content)


def size(n: int) -> str:
    return f"{n / 2**20:.0f} MB" if n >= 2**20 else f"{n / 1024:.0f} KB"


def too_large(source: str, host: str, limit: int) -> BadResponse:
    return BadResponse(source, f"the answer from {host} is larger than the {size(limit)} cap")


class _Decoder:
    """Content-Encoding undone in bounded steps, the output counted against ``limit``."""

    def __init__(self, encoding: str, *, source: str, host: str, limit: int) -> None:
        self.source, self.host, self.limit = source, host, limit
        self.total = 0
        codings = [c.strip().lower() for c in encoding.split(",") if c.strip()]
        codings = [c for c in codings if c != "identity"]
        for coding in codings:
            if coding not in ("gzip", "x-gzip", "deflate"):
                raise BadResponse(source, f"{host} sent a {coding[:20]!r} body (not asked for)")
        if len(codings) > 2:
            raise BadResponse(source, f"{host} sent a body compressed {len(codings)} times")
        # Undone last to first: "gzip, deflate" was gzipped, then deflated.
        self.stages = [_Stage(c) for c in reversed(codings)]

    def feed(self, data: bytes) -> Iterator[bytes]:
        """The decoded pieces of ``data``, each at most :data:`STEP` bytes, counted."""
        try:
            for piece in self._through(data, 0):
                self.total += len(piece)
                if self.total > self.limit:
                    raise too_large(self.source, self.host, self.limit)
                yield piece
        except zlib.error:
            raise BadResponse(self.source, f"{self.host} sent a corrupt compressed body") from None

    def _through(self, data: bytes, index: int) -> Iterator[bytes]:
        if index == len(self.stages):
            yield data
            return
        for out in self.stages[index].decode(data):
            yield from self._through(out, index + 1)


class _Stage:
    """One gzip or deflate layer, undone at most :data:`STEP` output bytes at a time."""

    def __init__(self, coding: str) -> None:
        self.gzip = coding != "deflate"
        self.raw = False  # "deflate" without its zlib header, as some servers send it
        self.started = False
        self.inflater = self._new()

    def _new(self) -> Any:
        if self.gzip:
            return zlib.decompressobj(16 + zlib.MAX_WBITS)
        return zlib.decompressobj(-zlib.MAX_WBITS if self.raw else zlib.MAX_WBITS)

    def decode(self, data: bytes) -> Iterator[bytes]:
        while True:
            if self.inflater.eof:  # gzip may hold several members; zero padding may follow
                data = self.inflater.unused_data + data
                if not self.gzip or not data.strip(b"\0"):
                    return
                self.inflater = self._new()
            try:
                out = self.inflater.decompress(data, STEP)
            except zlib.error:
                if self.gzip or self.raw or self.started:
                    raise
                self.raw = True
                self.inflater = self._new()
                continue
            self.started = True
            data = self.inflater.unconsumed_tail
            if out:
                yield out
            if not self.inflater.eof and not data and len(out) < STEP:
                return


@dataclass
class _Where:
    url: str


async def fetch(
    client: httpx.AsyncClient,
    url: str,
    *,
    source: str,
    deadline: float,
    max_bytes: int,
    same_service: bool = True,
    method: str = "GET",
    headers: dict[str, str] | None = None,
    json_body: Any = None,
    sink: Callable[[bytes], None] | None = None,
    on_sent: Callable[[], Awaitable[None]] | None = None,
) -> Answer:
    """One request and its answer, within ``deadline`` seconds and ``max_bytes`` (see module).

    With a ``sink``, a 200 body goes to it chunk by chunk and :attr:`Answer.content` is
    empty; without, the body is the answer's content. Other statuses keep at most
    :data:`MAX_ERROR_BODY` of their body, for the message. ``on_sent`` is awaited each
    time a request's head has gone out (the arXiv spacing stamps that moment).
    """
    where = _Where(url)
    extensions = {}
    if on_sent is not None:

        async def trace(event: str, _info: dict[str, Any]) -> None:
            if event.endswith("send_request_headers.complete"):
                await on_sent()

        extensions["trace"] = trace
    exchange = _exchange(client, where, source, max_bytes, same_service, method, headers,
                         json_body, sink, extensions)  # fmt: skip
    try:
        return await asyncio.wait_for(exchange, deadline)
    except asyncio.TimeoutError:
        raise SourceTimeout(
            source, f"no complete answer from {host_of(where.url)} within {deadline:g} s"
        ) from None


async def _exchange(
    client: httpx.AsyncClient,
    where: _Where,
    source: str,
    max_bytes: int,
    same_service: bool,
    method: str,
    headers: dict[str, str] | None,
    json_body: Any,
    sink: Callable[[bytes], None] | None,
    extensions: dict[str, Any],
) -> Answer:
    sent = {"User-Agent": USER_AGENT, **(headers or {}), "Accept-Encoding": ACCEPT_ENCODING}
    for _hop in range(MAX_REDIRECTS + 1):
        url = where.url
        if problem := url_problem(url):
            raise BadResponse(source, problem)
        host = host_of(url)
        try:
            stream = client.stream(method, url, headers=sent, json=json_body, extensions=extensions)
            async with stream as resp:
                location = resp.headers.get("location")
                if resp.status_code in _REDIRECTS and location:
                    target = urljoin(url, location.strip())
                    if problem := redirect_problem(url, target, same_service=same_service):
                        raise BadResponse(source, problem)
                    where.url = target
                    if resp.status_code == 303:
                        method, json_body = "GET", None
                    continue
                ok = resp.status_code == 200
                limit = max_bytes if ok else MAX_ERROR_BODY
                length = resp.headers.get("content-length", "").strip()
                if ok and length.isdigit() and int(length) > max_bytes:
                    raise BadResponse(
                        source,
                        f"the answer from {host} is {size(int(length))}, "
                        f"over the {size(max_bytes)} cap",
                    )
                body = await _read(resp, source, host, limit, sink if ok else None, truncate=not ok)
                return Answer(resp.status_code, resp.headers, url, body)
        except httpx.TimeoutException:
            waited = client.timeout.read or client.timeout.connect or 0
            raise SourceTimeout(source, f"no answer from {host} within {waited:g} s") from None
        except (httpx.ConnectError, httpx.NetworkError) as error:
            kind = type(error).__name__
            raise SourceUnavailable(source, f"cannot reach {host} ({kind})") from None
        except (httpx.ProtocolError, httpx.DecodingError, httpx.InvalidURL, ValueError) as error:
            kind = type(error).__name__
            raise BadResponse(source, f"{host} broke the HTTP protocol ({kind})") from None
        except httpx.HTTPError as error:
            kind = type(error).__name__
            raise SourceUnavailable(source, f"cannot reach {host} ({kind})") from None
    raise BadResponse(source, f"too many redirects (more than {MAX_REDIRECTS}) from {host}")


async def _read(
    resp: httpx.Response,
    source: str,
    host: str,
    limit: int,
    sink: Callable[[bytes], None] | None,
    *,
    truncate: bool,
) -> bytes:
    """The body, raw bytes counted as they arrive, decoded in bounded steps."""
    body = bytearray()
    received = 0
    try:
        decoder = _Decoder(resp.headers.get("content-encoding", ""), source=source, host=host,
                           limit=limit)  # fmt: skip
        async for raw in resp.aiter_raw():
            received += len(raw)
            if received > limit:
                if truncate:
                    break
                raise too_large(source, host, limit)
            for piece in decoder.feed(raw):
                if sink is not None:
                    sink(piece)
                else:
                    body += piece
    except BadResponse:
        if not truncate:
            raise
    return bytes(body[:limit])


def load_json(answer: Answer, source: str) -> Any:
    """An answer's JSON, its size in values bounded before it is built."""
    body = answer.content
    values = body.count(b",") + body.count(b":") + body.count(b"[") + 1
    if values > MAX_JSON_VALUES:
        raise BadResponse(source, f"the answer from {host_of(answer.url)} holds too many values")
    try:
        return json.loads(body)
    except (ValueError, RecursionError):
        raise BadResponse(source, "malformed JSON") from None


def new_client(timeout: float) -> httpx.AsyncClient:
    """A connection pool for bounded exchanges: no automatic redirects, no automatic decoding
    (``aiter_raw`` is used), the per-operation timeouts no longer than the whole deadline."""
    return httpx.AsyncClient(
        timeout=httpx.Timeout(timeout),
        headers={"User-Agent": USER_AGENT, "Accept-Encoding": ACCEPT_ENCODING},
        follow_redirects=False,
    )


def run_sync(make: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run a coroutine to completion from synchronous code (a worker thread, the CLI).

    Called on a thread that already runs an event loop, it runs on a helper thread.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(make())
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(lambda: asyncio.run(make())).result()


async def fetch_once(
    url: str, *, timeout: float, deadline: float | None = None, **kwargs: Any
) -> Answer:
    """:func:`fetch` with its own short-lived client (for requests spaced seconds apart)."""
    async with new_client(timeout) as client:
        return await fetch(client, url, deadline=deadline or timeout, **kwargs)

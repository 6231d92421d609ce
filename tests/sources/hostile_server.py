"""A loopback HTTP server that misbehaves on purpose, byte by byte (tests and benchmarks).

Each server answers every request the same hostile way (see :data:`BEHAVIOURS`): a
trickle of one byte at a time, a huge body, a gzip bomb, a lying Content-Length, a
redirect elsewhere, a redirect loop. It records each request line as sent (``raw``),
so a test can see the path a client really asked for.
"""

from __future__ import annotations

import socket
import socketserver
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager

Behaviour = Callable[[socket.socket, "HostileServer"], None]


def _head(status: str = "200 OK", **headers: str) -> bytes:
    lines = [
        f"HTTP/1.1 {status}",
        "Connection: close",
        *(f"{k.replace('_', '-')}: {v}" for k, v in headers.items()),
    ]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def _gzip(data_size: int, *, chunk: int = 1 << 20) -> bytes:
    """A gzip member of ``data_size`` zero bytes (about a thousandth of that, compressed)."""
    out = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zero = bytes(chunk)
    parts = [out.compress(zero) for _ in range(data_size // chunk)]
    return b"".join(parts) + out.flush()


_BOMB: dict[int, bytes] = {}


def gzip_bomb(decoded_mb: int = 200) -> bytes:
    if decoded_mb not in _BOMB:
        _BOMB[decoded_mb] = _gzip(decoded_mb << 20)
    return _BOMB[decoded_mb]


def trickle(sock: socket.socket, server: HostileServer) -> None:
    """Headers at once, then one byte every ``server.pause`` seconds, for as long as it is read."""
    sock.sendall(_head(Content_Type="application/json", Content_Length="100000"))
    while not server.stop.is_set():
        sock.sendall(b" ")
        time.sleep(server.pause)


def trickle_head(sock: socket.socket, server: HostileServer) -> None:
    """The status line and headers themselves, one byte at a time."""
    for byte in _head(Content_Type="application/json"):
        if server.stop.is_set():
            return
        sock.sendall(bytes([byte]))
        time.sleep(server.pause)


def huge(sock: socket.socket, server: HostileServer) -> None:
    """A body without end and without a length (``server.huge_mb`` megabytes, then close)."""
    sock.sendall(_head(Content_Type="application/json"))
    block = b"[" + b"0," * (1 << 19)
    for _ in range(server.huge_mb * 2):
        if server.stop.is_set():
            return
        sock.sendall(block)


def bomb(sock: socket.socket, server: HostileServer) -> None:
    """A gzip bomb: a small body that decodes to hundreds of megabytes."""
    body = gzip_bomb(server.bomb_mb)
    sock.sendall(_head(Content_Encoding="gzip", Content_Length=str(len(body))) + body)


def double_bomb(sock: socket.socket, server: HostileServer) -> None:
    """A bomb gzipped twice (``Content-Encoding: gzip, gzip``)."""
    inner = gzip_bomb(server.bomb_mb)
    outer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    body = outer.compress(inner) + outer.flush()
    sock.sendall(_head(Content_Encoding="gzip, gzip", Content_Length=str(len(body))) + body)


def big_length(sock: socket.socket, server: HostileServer) -> None:
    """Announces 3 GB, sends a few bytes, then waits."""
    sock.sendall(_head(Content_Length=str(3 << 30)) + b"%PDF-1.7\n")
    server.stop.wait(30)


def redirect_http(sock: socket.socket, server: HostileServer) -> None:
    sock.sendall(_head("302 Found", Location="http://evil.example/steal", Content_Length="0"))


def redirect_other(sock: socket.socket, server: HostileServer) -> None:
    sock.sendall(_head("302 Found", Location="https://evil.example/x", Content_Length="0"))


def redirect_loop(sock: socket.socket, server: HostileServer) -> None:
    sock.sendall(_head("302 Found", Location="/again", Content_Length="0"))


def brotli(sock: socket.socket, server: HostileServer) -> None:
    sock.sendall(_head(Content_Encoding="br", Content_Length="4") + b"\x0b\x01\x80\x03")


BEHAVIOURS: dict[str, Behaviour] = {
    "trickle": trickle,
    "trickle-head": trickle_head,
    "huge": huge,
    "bomb": bomb,
    "double-bomb": double_bomb,
    "big-length": big_length,
    "redirect-http": redirect_http,
    "redirect-other": redirect_other,
    "redirect-loop": redirect_loop,
    "brotli": brotli,
}


class _Handler(socketserver.BaseRequestHandler):
    server: HostileServer  # type: ignore[assignment]

    def handle(self) -> None:
        sock = self.request
        sock.settimeout(30)
        head = b""
        try:
            while b"\r\n\r\n" not in head and len(head) < 65536:
                data = sock.recv(4096)
                if not data:
                    return
                head += data
            self.server.raw.append(head.split(b"\r\n", 1)[0].decode("latin-1"))
            self.server.behaviour(sock, self.server)
        except OSError:
            pass  # the client hung up: that is the point


class HostileServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, behaviour: Behaviour) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.behaviour = behaviour
        self.stop = threading.Event()
        self.raw: list[str] = []
        self.pause = 0.25  # seconds between trickled bytes
        self.huge_mb = 64
        self.bomb_mb = 200

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


@contextmanager
def hostile(name: str) -> Iterator[HostileServer]:
    server = HostileServer(BEHAVIOURS[name])
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.stop.set()
        server.shutdown()
        server.server_close()

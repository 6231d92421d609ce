"""Fixtures for the sources tests: a threaded local HTTP server on 127.0.0.1, a silent port."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
from pytest_httpserver import HTTPServer


@pytest.fixture(scope="session")
def _server() -> Iterator[HTTPServer]:
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield server
    server.clear()
    if server.is_running():
        server.stop()


@pytest.fixture
def server(_server: HTTPServer) -> Iterator[HTTPServer]:
    _server.clear()
    yield _server
    _server.clear()


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port that accepts connections (the kernel's backlog) and never answers."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    try:
        yield sock.getsockname()[1]
    finally:
        sock.close()


@pytest.fixture
def live(server: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> HTTPServer:
    """The local server as both services, for commands that read the environment (the CLI)."""
    monkeypatch.setenv("WINNOW_ARXIV_API", server.url_for("/api/query"))
    monkeypatch.setenv("WINNOW_S2_API", server.url_for("").rstrip("/"))
    return server

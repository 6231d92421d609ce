"""Fixtures for the sources tests: a silent port, the local server as both services (the
server itself, ``server``, is in tests/conftest.py)."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
from pytest_httpserver import HTTPServer


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

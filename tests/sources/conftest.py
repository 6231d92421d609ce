"""Fixtures for the sources tests: a threaded local HTTP server on 127.0.0.1, a silent port."""

from __future__ import annotations

import socket
import threading
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


def _finish_requests() -> None:
    """Wait for the server's request threads: one logs its request only after the client
    has its answer, so a test's last request could land in the next test's log."""
    for thread in threading.enumerate():
        target = getattr(thread, "_target", None)
        if getattr(target, "__name__", "") == "process_request_thread":
            thread.join(timeout=5)


@pytest.fixture
def server(_server: HTTPServer) -> Iterator[HTTPServer]:
    _finish_requests()
    _server.clear()
    yield _server
    _finish_requests()
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

"""Every test gets its own winnow home, and no test can reach the real services."""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from pytest_httpserver import HTTPServer

# A bounded, repeatable profile by default (CI, and the README's test command): the whole
# suite must stay within minutes on 2 cores. HYPOTHESIS_PROFILE=deep explores far more.
settings.register_profile(
    "ci",
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.register_profile(
    "deep",
    max_examples=2000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def _dead_url() -> str:
    """A loopback address where nothing listens: a request fails at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.fixture(autouse=True)
def winnow_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "winnow-home"
    monkeypatch.setenv("WINNOW_HOME", str(home))
    # The arXiv turn is machine-wide (outside any home): each test gets its own.
    monkeypatch.setenv("WINNOW_SPACING_DIR", str(tmp_path / "arxiv-spacing"))
    dead = _dead_url()
    monkeypatch.setenv("WINNOW_ARXIV_API", dead + "/api/query")
    monkeypatch.setenv("WINNOW_S2_API", dead)
    monkeypatch.setenv("WINNOW_ARXIV_PDF", dead + "/pdf")
    for name in ("S2_API_KEY", "SEMANTIC_SCHOLAR_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    return home


# ---------------------------------------------------------------- a local HTTP server


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

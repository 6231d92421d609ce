"""Every test gets its own winnow home, and no test can reach the real services."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

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
    dead = _dead_url()
    monkeypatch.setenv("WINNOW_ARXIV_API", dead + "/api/query")
    monkeypatch.setenv("WINNOW_S2_API", dead)
    monkeypatch.setenv("WINNOW_ARXIV_PDF", dead + "/pdf")
    for name in ("S2_API_KEY", "SEMANTIC_SCHOLAR_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    return home

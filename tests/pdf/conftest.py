"""Fixtures for the reading engine: generated PDFs, an isolated cache, the real corpus."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.pdf import fixtures


def corpus_dir() -> Path:
    env = os.environ.get("WINNOW_CORPUS")
    base = Path(env) if env else Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus"
    return base.resolve()


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("WINNOW_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def corpus_files() -> list[Path]:
    """Every PDF of the corpus, ``pdfs/`` and ``layouts/`` (empty when it is absent)."""
    base = corpus_dir()
    return [p for sub in ("pdfs", "layouts") for p in sorted((base / sub).glob("*.pdf"))]


@pytest.fixture(scope="session")
def corpus_docs():
    """Each corpus paper parsed once for the whole session (no cache)."""
    from tui.pdf import parse_pdf

    return {path.name: parse_pdf(path, use_cache=False) for path in corpus_files()}


@pytest.fixture(scope="session")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("pdfs")
    return {
        "one": fixtures.one_column(folder / "one.pdf"),
        "ieee": fixtures.two_column_ieee(folder / "ieee.pdf"),
        "caps": fixtures.capitals(folder / "caps.pdf"),
    }


@pytest.fixture(scope="session")
def parsed(made: dict[str, Path]):
    from tui.pdf import parse_pdf

    return {name: parse_pdf(path, use_cache=False) for name, path in made.items()}

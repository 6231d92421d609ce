"""Fixtures for the exchange tests (the data lives in exchange_fixtures.py)."""

from __future__ import annotations

import pytest
from exchange_fixtures import build_triage

from tui.store import Store


@pytest.fixture
def triage() -> Store:
    return build_triage(Store.open())

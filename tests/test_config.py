from __future__ import annotations

from pathlib import Path

import pytest

from tui import config, paths
from tui.errors import ConfigError


def write(text: str) -> Path:
    path = paths.config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_defaults_without_a_file() -> None:
    loaded = config.load()
    assert loaded.shortlist_cap == 10 and loaded.kept_target == 3
    assert loaded.network.arxiv_api.startswith("http://127.0.0.1")  # the test fixture's override


def test_typed_values_and_keymap() -> None:
    write('shortlist_cap = 8\n[network]\ntimeout = 5\n[keymap]\neliminate = "x,delete"\n')
    loaded = config.load()
    assert loaded.shortlist_cap == 8
    assert loaded.network.timeout == 5.0
    assert loaded.keymap == {"eliminate": "x,delete"}


def test_unknown_keys_are_reported_not_fatal() -> None:
    write("shortlst_cap = 8\n[network]\ntimout = 3\n")
    loaded = config.load()
    assert loaded.shortlist_cap == 10
    assert loaded.warnings == (
        "unknown config key 'shortlst_cap' (ignored)",
        "unknown config key network.'timout' (ignored)",
    )


def test_a_syntax_error_names_the_file_and_line() -> None:
    path = write("shortlist_cap = 8\ntheme = \n")
    with pytest.raises(ConfigError) as caught:
        config.load()
    message = str(caught.value)
    assert str(path) in message and "line 2" in message and "\n" not in message


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("shortlist_cap = 'ten'", "shortlist_cap must be a positive whole number"),
        ("shortlist_cap = 2", "at least kept_target"),
        ("network = 3", r"\[network\] must be a table"),
    ],
)
def test_wrong_types_are_one_line(text: str, match: str) -> None:
    write(text)
    with pytest.raises(ConfigError, match=match):
        config.load()


def test_environment_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WINNOW_S2_API", "http://127.0.0.1:9/s2")
    monkeypatch.setenv("SEMANTIC_SCHOLAR_API_KEY", "k-123")
    loaded = config.load()
    assert loaded.network.s2_api == "http://127.0.0.1:9/s2"
    assert loaded.network.s2_api_key == "k-123"


def test_winnow_home_holds_all_three(winnow_home: Path) -> None:
    assert paths.config_dir().parent == winnow_home
    assert paths.data_dir().parent == winnow_home
    assert paths.cache_dir().parent == winnow_home

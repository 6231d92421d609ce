from __future__ import annotations

import re
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
    ("text", "key", "match"),
    [
        (
            "shortlist_cap = 'ten'",
            "shortlist_cap",
            "must be a whole number of papers from 1 to 100",
        ),
        ("shortlist_cap = 8.5", "shortlist_cap", "must be a whole number"),
        ("shortlist_cap = 123456789012345678901234567890", "shortlist_cap", "out of range"),
        ("page_size = true", "page_size", "must be a whole number"),
        (
            "[network]\ntimeout = inf",
            "network.timeout",
            r"inf is out of range \(1 to 300 seconds\)",
        ),
        ("[network]\ntimeout = -inf", "network.timeout", "out of range"),
        ("[network]\ntimeout = nan", "network.timeout", "out of range"),
        ("[network]\ntimeout = 0", "network.timeout", "out of range"),
        ("[network]\ntimeout = -5", "network.timeout", "out of range"),
        ("[network]\ntimeout = 1e308", "network.timeout", "out of range"),
        ("[network]\ntimeout = 'soon'", "network.timeout", "must be a number of seconds"),
        ("[network]\narxiv_interval = inf", "network.arxiv_interval", "out of range"),
        ("[network]\narxiv_interval = 0", "network.arxiv_interval", r"\(3 to 3600 seconds\)"),
        ("[network]\narxiv_interval = 2.9", "network.arxiv_interval", "out of range"),
        ("[network]\npdf_max_mb = 99999999", "network.pdf_max_mb", "out of range"),
        ("[network]\narxiv_api = 'ftp://x'", "network.arxiv_api", "must be an https:// URL"),
        ("[cache]\nkeep_days = nan", "cache.keep_days", "out of range"),
        ("network = 3", "network", r"\[network\] must be a table"),
        ("keymap = 3", "keymap", r"\[keymap\] must be a table of strings"),
        ("theme = 3", "theme", "theme must be a str"),
    ],
)
def test_a_bad_value_is_one_line_naming_the_key_and_the_default_is_used(
    text: str, key: str, match: str
) -> None:
    write(text)
    loaded = config.load(env={})
    (warning,) = loaded.warnings
    assert warning.startswith(f"config: {key}") or warning.startswith(f"config: [{key}]")
    assert re.search(match, warning) and warning.endswith("using the default")
    assert "\n" not in warning and len(warning) < 160
    section, _, name = key.rpartition(".")
    defaults = getattr(config.Config(), section) if section else config.Config()
    got = getattr(loaded, section) if section else loaded
    if not section and key in ("network", "keymap"):
        return
    assert getattr(got, name) == getattr(defaults, name)  # the default stands in


def test_good_values_at_the_ends_of_their_ranges_are_kept() -> None:
    write("shortlist_cap = 100\n[network]\ntimeout = 300\narxiv_interval = 3\nmax_backoff = 0\n")
    loaded = config.load()
    assert loaded.warnings == ()
    assert (loaded.shortlist_cap, loaded.network.timeout) == (100, 300.0)
    assert loaded.network.arxiv_interval == 3.0 and loaded.network.max_backoff == 0.0


def test_a_cap_below_the_cut_falls_back_to_both_defaults() -> None:
    write("shortlist_cap = 2")
    loaded = config.load()
    assert (loaded.shortlist_cap, loaded.kept_target) == (10, 3)
    assert "must be at least kept_target" in loaded.warnings[0]


def test_deep_nesting_is_one_line_not_a_recursion_error() -> None:
    path = write("a = " + "[" * 100_000 + "]" * 100_000 + "\n")
    with pytest.raises(ConfigError) as caught:
        config.load()
    assert str(path) in str(caught.value) and "\n" not in str(caught.value)


def test_the_arxiv_client_never_spaces_below_three_seconds() -> None:
    from dataclasses import replace

    from tui.sources.arxiv_client import ArxivClient

    loaded = config.load()
    sneaky = replace(loaded, network=replace(loaded.network, arxiv_interval=0.0))
    assert ArxivClient.from_config(sneaky)._client.spacer.interval == 3.0


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

"""The user's settings: a typed object loaded from ``config.toml``, with env overrides.

Every key has a default, so a missing file is the default config. An unknown
key is reported (a typo should not pass in silence); a TOML syntax error gives
one line naming the file and line.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field, fields, is_dataclass, replace
from pathlib import Path
from typing import Any

from tui import paths
from tui.errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

ARXIV_API = "https://export.arxiv.org/api/query"
S2_API = "https://api.semanticscholar.org"
ARXIV_PDF = "https://arxiv.org/pdf"


@dataclass(frozen=True)
class NetworkConfig:
    timeout: float = 15.0  # seconds for one request to either service
    arxiv_api: str = ARXIV_API
    s2_api: str = S2_API
    arxiv_pdf: str = ARXIV_PDF  # where arXiv PDFs are fetched from (ID appended)
    s2_api_key: str | None = None
    arxiv_interval: float = 3.0  # seconds between arXiv requests, across processes
    max_backoff: float = 60.0  # longest wait for an S2 429 before giving up
    pdf_max_mb: int = 50


@dataclass(frozen=True)
class CacheConfig:
    search_max_age_hours: float = 24.0  # a repeat search within this is answered from cache
    paper_max_age_days: float = 30.0
    keep_days: float = 30.0  # cached answers older than this are dropped


@dataclass(frozen=True)
class Config:
    shortlist_cap: int = 10
    kept_target: int = 3  # the forced cut: stages 2-4 open at this many kept papers
    theme: str = "textual-dark"
    summarize_command: str | None = None
    page_size: int = 40  # results fetched per page of a search
    image_renderer: str = "halfcell"  # figures: halfcell | unicode | auto (sixel/kitty) | none
    keymap: dict[str, str] = field(default_factory=dict)  # binding id -> keys
    network: NetworkConfig = field(default_factory=NetworkConfig)
    cache: CacheConfig = field(default_factory=CacheConfig)
    warnings: tuple[str, ...] = ()  # unknown keys and the like, for the UI to show


def _build(cls: type, data: dict[str, Any], where: str, warnings: list[str]) -> Any:
    known = {f.name: f for f in fields(cls) if f.name != "warnings"}
    values: dict[str, Any] = {}
    for key, value in data.items():
        spec = known.get(key)
        if spec is None:
            warnings.append(f"unknown config key {where}{key!r} (ignored)")
            continue
        default = getattr(cls(), key)
        if is_dataclass(default):
            if not isinstance(value, dict):
                raise ConfigError(f"config: [{where}{key}] must be a table")
            values[key] = _build(type(default), value, f"{where}{key}.", warnings)
        elif isinstance(default, dict):
            if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
                raise ConfigError(f"config: {where}{key} must be a table of strings")
            values[key] = dict(value)
        else:
            values[key] = _coerce(value, default, f"{where}{key}")
    return cls(**values)


def _coerce(value: Any, default: Any, name: str) -> Any:
    if default is None:
        if value is None or isinstance(value, str):
            return value or None
        raise ConfigError(f"config: {name} must be a string")
    if isinstance(default, bool):
        if isinstance(value, bool):
            return value
    elif isinstance(default, int):
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            return value
    elif isinstance(default, float):
        if isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0:
            return float(value)
    elif isinstance(default, str) and isinstance(value, str):
        return value
    kind = type(default).__name__
    if kind in ("int", "float"):
        kind = f"positive {'whole number' if kind == 'int' else 'number'}"
    raise ConfigError(f"config: {name} must be a {kind}, not {value!r}")


def load(path: Path | None = None, env: dict[str, str] | None = None) -> Config:
    """Read the config file (missing is fine) and apply environment overrides."""
    path = path or paths.config_file()
    env = dict(os.environ) if env is None else env
    warnings: list[str] = []
    data: dict[str, Any] = {}
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        pass
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: {error}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read: {error}") from None
    config = _build(Config, data, "", warnings)
    if config.shortlist_cap < config.kept_target:
        raise ConfigError("config: shortlist_cap must be at least kept_target")
    network = config.network
    overrides: dict[str, Any] = {}
    if env.get("WINNOW_ARXIV_API"):
        overrides["arxiv_api"] = env["WINNOW_ARXIV_API"]
    if env.get("WINNOW_ARXIV_PDF"):
        overrides["arxiv_pdf"] = env["WINNOW_ARXIV_PDF"]
    if env.get("WINNOW_S2_API"):
        overrides["s2_api"] = env["WINNOW_S2_API"]
    key = env.get("S2_API_KEY") or env.get("SEMANTIC_SCHOLAR_API_KEY")
    if key:
        overrides["s2_api_key"] = key
    if overrides:
        network = replace(network, **overrides)
    return replace(config, network=network, warnings=tuple(warnings))

"""The user's settings: a typed object loaded from ``config.toml``, with env overrides.

Every key has a default, so a missing file is the default config. An unknown
key is reported (a typo should not pass in silence). A value of the wrong type or
out of its range (:data:`RANGES`: ``timeout = inf``, ``0``, NaN, a huge number;
``arxiv_interval`` below arXiv's 3 s) is reported in one line naming the key and
the accepted range, and its default is used: winnow still starts, and says so.
A file that cannot be read at all (a TOML syntax error, nesting too deep) stops
winnow with one line naming the file and, where TOML says, the line.
"""

from __future__ import annotations

import math
import os
import sys
from dataclasses import dataclass, field, fields, is_dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from tui import paths
from tui.errors import ConfigError

ARXIV_API = "https://export.arxiv.org/api/query"
S2_API = "https://api.semanticscholar.org"
ARXIV_PDF = "https://arxiv.org/pdf"
MIN_ARXIV_INTERVAL = 3.0  # arXiv asks for at most one request every 3 seconds


@dataclass(frozen=True)
class NetworkConfig:
    timeout: float = 15.0  # whole-request deadline, seconds (a PDF download gets 4x)
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


# Accepted ranges, by key: (lowest, highest, unit). A value outside, of the wrong type, NaN or
# infinite is reported in one line naming the key and the range, and the default is used.
RANGES: dict[str, tuple[float, float, str]] = {
    "shortlist_cap": (1, 100, "papers"),
    "kept_target": (1, 10, "papers"),
    "page_size": (1, 100, "results"),
    "network.timeout": (1, 300, "seconds"),
    "network.arxiv_interval": (MIN_ARXIV_INTERVAL, 3600, "seconds"),
    "network.max_backoff": (0, 3600, "seconds"),
    "network.pdf_max_mb": (1, 2048, "MB"),
    "cache.search_max_age_hours": (0, 24 * 365, "hours"),
    "cache.paper_max_age_days": (0, 3650, "days"),
    "cache.keep_days": (0, 3650, "days"),
}
_URL_KEYS = ("network.arxiv_api", "network.s2_api", "network.arxiv_pdf")


class _Bad(Exception):
    """One config value that cannot be used; the message names the key and what is accepted."""


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _number(value: Any, default: float, name: str) -> float:
    low, high, unit = RANGES[name]
    whole = isinstance(default, int)
    kind = "a whole number" if whole else "a number"
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or (whole and not isinstance(value, int))
    ):
        raise _Bad(f"{name} must be {kind} of {unit} from {low:g} to {high:g}, not {_shown(value)}")
    # Compared before any conversion: a huge int must not overflow float(), NaN is no number.
    if not (math.isfinite(value) if isinstance(value, float) else True) or not low <= value <= high:
        raise _Bad(f"{name} = {_shown(value)} is out of range ({low:g} to {high:g} {unit})")
    return value if whole else float(value)


def _coerce(value: Any, default: Any, name: str) -> Any:
    if name in RANGES:
        return _number(value, default, name)
    if default is None:
        if value is None or isinstance(value, str):
            return value or None
        raise _Bad(f"{name} must be a string, not {_shown(value)}")
    if isinstance(default, bool):
        if isinstance(value, bool):
            return value
        raise _Bad(f"{name} must be true or false, not {_shown(value)}")
    if isinstance(default, str) and isinstance(value, str):
        if name in _URL_KEYS:
            parts = urlsplit(value)
            if parts.scheme not in ("http", "https") or not parts.netloc:
                raise _Bad(f"{name} must be an https:// URL, not {_shown(value)}")
        return value
    raise _Bad(f"{name} must be a {type(default).__name__}, not {_shown(value)}")


def _build(cls: type, data: dict[str, Any], where: str, warnings: list[str]) -> Any:
    known = {f.name: f for f in fields(cls) if f.name != "warnings"}
    values: dict[str, Any] = {}
    for key, value in data.items():
        spec = known.get(key)
        if spec is None:
            warnings.append(f"unknown config key {where}{key!r} (ignored)")
            continue
        name = f"{where}{key}"
        default = getattr(cls(), key)
        try:
            if is_dataclass(default):
                if not isinstance(value, dict):
                    raise _Bad(f"[{name}] must be a table")
                values[key] = _build(type(default), value, f"{name}.", warnings)
            elif isinstance(default, dict):
                if not isinstance(value, dict) or not all(
                    isinstance(v, str) for v in value.values()
                ):
                    raise _Bad(f"[{name}] must be a table of strings")
                values[key] = dict(value)
            else:
                values[key] = _coerce(value, default, name)
        except _Bad as bad:
            warnings.append(f"config: {bad}: using the default")
    return cls(**values)


def _toml():  # type: ignore[no-untyped-def]
    """The TOML reader, imported only when there is a file to read (~4 ms of every command)."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    return tomllib


def load(path: Path | None = None, env: dict[str, str] | None = None) -> Config:
    """Read the config file (missing is fine) and apply environment overrides."""
    path = path or paths.config_file()
    env = dict(os.environ) if env is None else env
    warnings: list[str] = []
    data: dict[str, Any] = {}
    try:
        with open(path, "rb") as handle:
            data = _toml().load(handle)
    except FileNotFoundError:
        pass
    except _toml().TOMLDecodeError as error:
        raise ConfigError(f"{path}: {error}") from None
    except RecursionError:
        raise ConfigError(f"{path}: nested too deeply to read") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read: {error}") from None
    config = _build(Config, data, "", warnings)
    if config.shortlist_cap < config.kept_target:
        warnings.append(
            f"config: shortlist_cap ({config.shortlist_cap}) must be at least kept_target "
            f"({config.kept_target}): using the defaults, {Config.shortlist_cap} and "
            f"{Config.kept_target}"
        )
        config = replace(config, shortlist_cap=Config.shortlist_cap, kept_target=Config.kept_target)
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

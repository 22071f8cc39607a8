"""Settings: packaged defaults (``settings.toml``) plus an optional user override file."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import ConfigError


@dataclass(frozen=True, slots=True)
class LanguageSettings:
    enabled: tuple[str, ...] = ()
    pack_dirs: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class IngestSettings:
    max_bytes: int = 10_000_000
    url_timeout: float = 20.0
    url_max_redirects: int = 5
    user_agent: str = "newsweave/0.1"
    folder_glob: str = "**/*"
    batch_size: int = 64


@dataclass(frozen=True, slots=True)
class CleanSettings:
    prose_min_words: int = 8
    prose_long_words: int = 22
    titleish_penalty: float = 6.0
    headline_run: int = 3


@dataclass(frozen=True, slots=True)
class DedupSettings:
    num_perm: int = 128
    threshold: float = 0.8
    candidate_threshold: float = 0.5
    shingle_words: int = 3


@dataclass(frozen=True, slots=True)
class Settings:
    languages: LanguageSettings = field(default_factory=LanguageSettings)
    ingest: IngestSettings = field(default_factory=IngestSettings)
    clean: CleanSettings = field(default_factory=CleanSettings)
    dedup: DedupSettings = field(default_factory=DedupSettings)


def _coerce(section: str, name: str, default: Any, value: Any) -> Any:
    expected = type(default)
    if expected is tuple:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"[{section}] {name} must be a list of strings")
        return tuple(value)
    if expected is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if not isinstance(value, expected) or isinstance(value, bool) != isinstance(default, bool):
        raise ConfigError(f"[{section}] {name} must be {expected.__name__}, got {value!r}")
    return value


def _merge(data: dict[str, Any], base: Settings) -> Settings:
    sections = {}
    known = {f.name for f in fields(Settings)}
    for key in data:
        if key not in known:
            raise ConfigError(f"unknown settings section [{key}]")
    for sec in fields(Settings):
        current = getattr(base, sec.name)
        given = data.get(sec.name, {})
        if not isinstance(given, dict):
            raise ConfigError(f"[{sec.name}] must be a table")
        names = {f.name for f in fields(current)}
        values = {}
        for key, value in given.items():
            if key not in names:
                raise ConfigError(f"unknown setting {sec.name}.{key}")
            values[key] = _coerce(sec.name, key, getattr(current, key), value)
        sections[sec.name] = type(current)(**{n: values.get(n, getattr(current, n)) for n in names})
    return Settings(**sections)


def load_settings(path: str | Path | None = None) -> Settings:
    """Packaged defaults, overridden by ``path`` or ``$NEWSWEAVE_CONFIG`` when given."""
    defaults = tomllib.loads(
        resources.files("newsweave").joinpath("settings.toml").read_text("utf-8")
    )
    settings = _merge(defaults, Settings())
    path = path or os.environ.get("NEWSWEAVE_CONFIG")
    if path:
        try:
            user = tomllib.loads(Path(path).read_text("utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"cannot read settings file {path}: {exc}") from exc
        settings = _merge(user, settings)
    return settings

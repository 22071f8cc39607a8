"""Table definitions (SQLAlchemy Core), shared by the store and the migrations."""

from __future__ import annotations

from sqlalchemy import Column, Float, Index, Integer, LargeBinary, MetaData, String, Table, Text

metadata = MetaData()

articles = Table(
    "articles",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("fingerprint", String(64), nullable=False, unique=True),
    Column("url", Text, unique=True),
    Column("source", Text, nullable=False, default=""),
    Column("lang", String(8)),
    Column("title", Text),
    Column("outlet", Text),
    Column("published", String(40)),
    Column("text", Text, nullable=False, default=""),
    Column("raw", Text, nullable=False, default=""),
    Column("minhash", LargeBinary),
    Column("near_duplicate_of", String(32)),
    Column("near_duplicate_score", Float),
    Column("record", Text, nullable=False),
    Column("ingested_at", String(40), nullable=False),
    Index("ix_articles_lang", "lang"),
    Index("ix_articles_published", "published"),
)

#: one row per entity mention of a stored article (migration 0002)
mentions = Table(
    "mentions",
    metadata,
    Column("article_id", String(32), nullable=False),
    Column("entity_id", String(120), nullable=False),
    Column("entity_name", Text, nullable=False),
    Column("entity_type", String(8), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("lang", String(8)),
    Column("score", Float),
    Column("via", Text),
    Column("key", Text),  # skeleton of the mention text, for lookups in any script
    Index("ix_mentions_entity", "entity_id"),
    Index("ix_mentions_key", "key"),
    Index("ix_mentions_article", "article_id"),
)

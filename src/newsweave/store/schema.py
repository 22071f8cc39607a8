"""Table definitions (SQLAlchemy Core), shared by the store and the migrations."""

from __future__ import annotations

from sqlalchemy import Column, Float, Index, LargeBinary, MetaData, String, Table, Text

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

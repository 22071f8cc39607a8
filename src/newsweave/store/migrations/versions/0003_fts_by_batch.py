"""SQLite: the store fills the full-text index once per transaction, not by a trigger per row.

FTS5 writes what it has gathered as a new index segment at the start of every statement
that changes it, so the insert trigger made one segment per article, and merging them
cost more than indexing the text (0.3 ms of every article, more as the index grew). The
store now indexes the articles of a transaction in one statement before it commits; the
update and delete triggers stay.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS articles_ai")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            """CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
        END"""
        )

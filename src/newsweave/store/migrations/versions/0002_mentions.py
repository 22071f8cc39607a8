"""Entity mentions of stored articles, for entity pages and search by entity.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "mentions",
        sa.Column("article_id", sa.String(32), nullable=False),
        sa.Column("entity_id", sa.String(120), nullable=False),
        sa.Column("entity_name", sa.Text, nullable=False),
        sa.Column("entity_type", sa.String(8), nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("lang", sa.String(8)),
        sa.Column("score", sa.Float),
        sa.Column("via", sa.Text),
        sa.Column("key", sa.Text),
    )
    op.create_index("ix_mentions_entity", "mentions", ["entity_id"])
    op.create_index("ix_mentions_article", "mentions", ["article_id"])
    op.create_index("ix_mentions_key", "mentions", ["key"])


def downgrade() -> None:
    op.drop_table("mentions")

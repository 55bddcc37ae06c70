"""faq feedback: one row per 👍/👎 on an answer to a free-text question (topic, language, vote; no text)

Revision ID: 0005_faq_feedback
Revises: 0004_partner_chat
Create Date: 2026-12-01 12:00:00
"""

import sqlalchemy as sa
from alembic import op

import casestore.types

revision = "0005_faq_feedback"
down_revision = "0004_partner_chat"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "answer_feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_code", sa.String(length=40), nullable=False),
        sa.Column("topic_id", sa.String(length=40), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("vote", sa.String(length=4), nullable=False),
        sa.Column("created_at", casestore.types.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("vote IN ('up', 'down')", name=op.f("ck_answer_feedback_vote")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_answer_feedback")),
    )
    op.create_index(
        "ix_answer_feedback_municipality_topic", "answer_feedback", ["municipality_code", "topic_id"]
    )


def downgrade() -> None:
    op.drop_index("ix_answer_feedback_municipality_topic", table_name="answer_feedback")
    op.drop_table("answer_feedback")

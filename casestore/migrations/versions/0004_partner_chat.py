"""partner chat: one-time link codes for partner users, and the Telegram chat linked to a partner user

Revision ID: 0004_partner_chat
Revises: 0003_reminders
Create Date: 2026-12-01 12:00:00
"""

import sqlalchemy as sa
from alembic import op

import casestore.types

revision = "0004_partner_chat"
down_revision = "0003_reminders"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "partner_link_code",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_user_id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("expires_at", casestore.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("used_at", casestore.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", casestore.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["staff_user_id"],
            ["staff_user.id"],
            name=op.f("fk_partner_link_code_staff_user_id_staff_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_link_code")),
        sa.UniqueConstraint("code_hash", name=op.f("uq_partner_link_code_code_hash")),
    )
    with op.batch_alter_table("partner_link_code", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_partner_link_code_staff_user_id"), ["staff_user_id"], unique=False
        )
    op.create_table(
        "partner_chat",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_user_id", sa.Integer(), nullable=False),
        sa.Column("telegram_user_id", sa.BigInteger(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("linked_at", casestore.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["staff_user_id"],
            ["staff_user.id"],
            name=op.f("fk_partner_chat_staff_user_id_staff_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_chat")),
        sa.UniqueConstraint("staff_user_id", name=op.f("uq_partner_chat_staff_user_id")),
        sa.UniqueConstraint("telegram_user_id", name=op.f("uq_partner_chat_telegram_user_id")),
    )


def downgrade() -> None:
    op.drop_table("partner_chat")
    with op.batch_alter_table("partner_link_code", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partner_link_code_staff_user_id"))
    op.drop_table("partner_link_code")

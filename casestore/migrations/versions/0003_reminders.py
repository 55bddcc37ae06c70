"""reminders: staff notices (blocked bot, daily digest), broadcast translations, one broadcast row per client

Revision ID: 0003_reminders
Revises: 0002_web
Create Date: 2026-11-29 12:00:00
"""

from alembic import op
import sqlalchemy as sa
import casestore.types


revision = "0003_reminders"
down_revision = "0002_web"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "staff_notice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_code", sa.String(length=40), nullable=False),
        sa.Column("regisseur_id", sa.Integer(), nullable=True),
        sa.Column("client_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("dedup_key", sa.String(length=120), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("created_at", casestore.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("read_at", casestore.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["client_id"], ["client.id"], name=op.f("fk_staff_notice_client_id_client"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["municipality_code"],
            ["municipality.code"],
            name=op.f("fk_staff_notice_municipality_code_municipality"),
        ),
        sa.ForeignKeyConstraint(
            ["regisseur_id"],
            ["staff_user.id"],
            name=op.f("fk_staff_notice_regisseur_id_staff_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_notice")),
        sa.UniqueConstraint("dedup_key", name=op.f("uq_staff_notice_dedup_key")),
    )
    with op.batch_alter_table("staff_notice", schema=None) as batch_op:
        batch_op.create_index(
            "ix_staff_notice_municipality_created", ["municipality_code", "created_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_staff_notice_regisseur_id"), ["regisseur_id"], unique=False)

    with op.batch_alter_table("broadcast", schema=None) as batch_op:
        batch_op.add_column(sa.Column("translations", sa.JSON(), nullable=False, server_default="{}"))

    with op.batch_alter_table("reminder", schema=None) as batch_op:
        batch_op.create_unique_constraint("uq_reminder_broadcast_client", ["broadcast_id", "client_id"])


def downgrade() -> None:
    with op.batch_alter_table("reminder", schema=None) as batch_op:
        batch_op.drop_constraint("uq_reminder_broadcast_client", type_="unique")
    with op.batch_alter_table("broadcast", schema=None) as batch_op:
        batch_op.drop_column("translations")
    with op.batch_alter_table("staff_notice", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_staff_notice_regisseur_id"))
        batch_op.drop_index("ix_staff_notice_municipality_created")
    op.drop_table("staff_notice")

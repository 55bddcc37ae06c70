"""retention: client.closed_at / reopened_at, audit_log.municipality_code, and the purge's indexes

The retention purge counts a client's retention period from `closed_at`, and counts a reopening
(`reopened_at`) as activity. It purges audit rows per municipality. Existing audit rows get their
municipality from the client they name, else from the staff user or API key that acted, else from
the staff user they are about; rows none of these identify stay NULL and are kept for the longest
audit period of all municipalities.

Indexes for the nightly purge (questions and staff notices by client, webhook deliveries by
response: deleting a response cascades to them) and for the audit viewer's keyset paging
(municipality, at, id). The audit index is built after the backfill, so the UPDATE does not
maintain it row by row.

Revision ID: 0006_retention
Revises: 0005_faq_feedback
Create Date: 2026-12-08 12:00:00
"""

import sqlalchemy as sa
from alembic import op

import casestore.types

revision = "0006_retention"
down_revision = "0005_faq_feedback"
branch_labels = None
depends_on = None

# Correlated subqueries: valid on SQLite and PostgreSQL alike.
BACKFILL = """
UPDATE audit_log SET municipality_code = COALESCE(
    (SELECT client.municipality_code FROM client WHERE client.id = audit_log.client_id),
    (SELECT staff_user.municipality_code FROM staff_user
        WHERE audit_log.actor_kind IN ('staff', 'partner', 'feed') AND staff_user.id = audit_log.actor_id),
    (SELECT api_key.municipality_code FROM api_key
        WHERE audit_log.actor_kind = 'api' AND api_key.id = audit_log.actor_id),
    (SELECT staff_user.municipality_code FROM staff_user
        WHERE audit_log.entity = 'staff_user' AND staff_user.id = audit_log.entity_id)
)
WHERE municipality_code IS NULL
"""

# (index name, table, columns) of the single-table indexes; the audit index comes after the backfill.
INDEXES = (
    ("ix_question_client_id", "question", ["client_id"]),
    ("ix_staff_notice_client_id", "staff_notice", ["client_id"]),
    ("ix_webhook_delivery_response_id", "webhook_delivery", ["response_id"]),
)
AUDIT_INDEX = ("ix_audit_log_municipality_at_id", "audit_log", ["municipality_code", "at", "id"])


def upgrade() -> None:
    with op.batch_alter_table("client", schema=None) as batch_op:
        batch_op.add_column(sa.Column("closed_at", casestore.types.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(
            sa.Column("reopened_at", casestore.types.UTCDateTime(timezone=True), nullable=True)
        )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("municipality_code", sa.String(length=40), nullable=True))
    op.execute(BACKFILL)
    for name, table, columns in (*INDEXES, AUDIT_INDEX):
        op.create_index(name, table, columns, unique=False)


def downgrade() -> None:
    for name, table, _columns in (AUDIT_INDEX, *INDEXES):
        op.drop_index(name, table_name=table)
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_column("municipality_code")
    with op.batch_alter_table("client", schema=None) as batch_op:
        batch_op.drop_column("reopened_at")
        batch_op.drop_column("closed_at")

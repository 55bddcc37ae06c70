"""SQLAlchemy 2 models: one class per table. Only repositories use them; others get DTOs.

Privacy: a client row holds what the regisseur needs to plan and follow up, and nothing about the
asylum history. Message texts are not stored, except questions that the client asked to forward.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from casestore.types import UTCDateTime, utcnow
from locales.bidi import neutralise

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Municipality(Base):
    """The row other tables point at; the settings themselves live in the municipality file."""

    __tablename__ = "municipality"
    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(80))


class PartnerOrg(Base):
    __tablename__ = "partner_org"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    municipality_code: Mapped[str] = mapped_column(ForeignKey("municipality.code"), index=True)
    name: Mapped[str] = mapped_column(String(120))


class StaffUser(Base):
    """A web account: regisseur, admin or partner user (the latter tied to a partner organisation)."""

    __tablename__ = "staff_user"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    municipality_code: Mapped[str] = mapped_column(ForeignKey("municipality.code"), index=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(16))
    partner_org_id: Mapped[int | None] = mapped_column(ForeignKey("partner_org.id"), nullable=True)
    password_hash: Mapped[str] = mapped_column(String(255), default="")
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Client(Base):
    """An inburgeraar. `display_name` is optional: the external reference is enough to work with."""

    __tablename__ = "client"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    municipality_code: Mapped[str] = mapped_column(ForeignKey("municipality.code"), index=True)
    regisseur_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), nullable=True, index=True)
    display_name: Mapped[str | None] = mapped_column(String(120), nullable=True)
    language: Mapped[str] = mapped_column(String(8))
    reply_mode: Mapped[str] = mapped_column(String(12), default="bilingual")
    always_audio: Mapped[bool] = mapped_column(Boolean, default=False)
    route: Mapped[str] = mapped_column(String(16), default="unknown")
    status: Mapped[str] = mapped_column(String(16), default="statushouder")
    termijn_start: Mapped[date | None] = mapped_column(Date, nullable=True)
    termijn_end: Mapped[date | None] = mapped_column(Date, nullable=True)
    consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    consent_version: Mapped[str | None] = mapped_column(String(16), nullable=True)
    external_ref: Mapped[str | None] = mapped_column(String(80), nullable=True, index=True)
    unreachable: Mapped[bool] = mapped_column(Boolean, default=False)
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Set when a regisseur closes the trajectory; the retention period counts from here
    # (`reminders/retention.py`). `status` is the kind of migrant, not the state of the trajectory.
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # Set when a regisseur reopens a closed trajectory: the purge counts the reopening as activity,
    # so a client whose termijn ended long ago is not deleted the night they were taken back.
    reopened_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class ChatLink(Base):
    """Which Telegram user speaks for which client. One each way: a chat links once."""

    __tablename__ = "chat_link"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id", ondelete="CASCADE"), unique=True)
    telegram_user_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    linked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class InviteCode(Base):
    """A one-time code to link a chat. Only a hash is stored, so a database leak reveals no codes."""

    __tablename__ = "invite_code"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class InviteAttempt(Base):
    """Failed redemptions per Telegram user, to throttle guessing across all workers."""

    __tablename__ = "invite_attempt"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    telegram_user_id: Mapped[int] = mapped_column(BigInteger, index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class Appointment(Base):
    __tablename__ = "appointment"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    timezone: Mapped[str] = mapped_column(String(40), default="Europe/Amsterdam")
    location: Mapped[str | None] = mapped_column(String(200), nullable=True)
    interpreter_language: Mapped[str | None] = mapped_column(String(8), nullable=True)
    status: Mapped[str] = mapped_column(String(12), default="planned")
    external_ref: Mapped[str | None] = mapped_column(String(80), nullable=True, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class Broadcast(Base):
    __tablename__ = "broadcast"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    municipality_code: Mapped[str] = mapped_column(ForeignKey("municipality.code"), index=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), nullable=True)
    text_nl: Mapped[str] = mapped_column(Text)
    # Translations the regisseur wrote, by language code; other languages get an intro line + the Dutch.
    translations: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    segment: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    scheduled_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    state: Mapped[str] = mapped_column(String(12), default="draft")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Reminder(Base):
    """An outbox row: one message to one client, claimed by a worker with a lease, sent once."""

    __tablename__ = "reminder"
    __table_args__ = (
        UniqueConstraint("appointment_id", "purpose", name="uq_reminder_appointment_purpose"),
        UniqueConstraint("broadcast_id", "client_id", name="uq_reminder_broadcast_client"),
        Index("ix_reminder_state_due", "state", "due_at"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id", ondelete="CASCADE"), index=True)
    appointment_id: Mapped[int | None] = mapped_column(
        ForeignKey("appointment.id", ondelete="CASCADE"), nullable=True
    )
    broadcast_id: Mapped[int | None] = mapped_column(
        ForeignKey("broadcast.id", ondelete="CASCADE"), nullable=True, index=True
    )
    purpose: Mapped[str] = mapped_column(String(24))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    state: Mapped[str] = mapped_column(String(12), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    lease_owner: Mapped[str | None] = mapped_column(String(64), nullable=True)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_error: Mapped[str | None] = mapped_column(String(200), nullable=True)
    telegram_message_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Response(Base):
    """A client's answer on an appointment; queued for export to the municipal case system."""

    __tablename__ = "response"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    appointment_id: Mapped[int] = mapped_column(ForeignKey("appointment.id", ondelete="CASCADE"), index=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id", ondelete="CASCADE"), index=True)
    answer: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(String(500), nullable=True)
    channel: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    export_state: Mapped[str] = mapped_column(String(12), default="pending", index=True)
    exported_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class Question(Base):
    """A question or ticket for the regisseur, from a client (via the bot) or from a partner."""

    __tablename__ = "question"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    municipality_code: Mapped[str] = mapped_column(ForeignKey("municipality.code"), index=True)
    client_id: Mapped[int | None] = mapped_column(
        ForeignKey("client.id", ondelete="SET NULL"), nullable=True, index=True
    )
    partner_org_id: Mapped[int | None] = mapped_column(ForeignKey("partner_org.id"), nullable=True)
    language: Mapped[str] = mapped_column(String(8))
    text: Mapped[str] = mapped_column(Text)
    text_nl: Mapped[str | None] = mapped_column(Text, nullable=True)
    text_nl_machine: Mapped[bool] = mapped_column(Boolean, default=False)
    topic_guess: Mapped[str | None] = mapped_column(String(40), nullable=True)
    state: Mapped[str] = mapped_column(String(12), default="open", index=True)
    answer_nl: Mapped[str | None] = mapped_column(Text, nullable=True)
    answered_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), nullable=True)
    channel: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # Set when the answer has been sent to the client: the question row is the answer's outbox.
    answer_delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class AuditLog(Base):
    """Who read or changed what. Ids only: names and message texts never go in here."""

    __tablename__ = "audit_log"
    # The viewer pages by (at, id) within one municipality, and the purge deletes by (municipality, at).
    __table_args__ = (Index("ix_audit_log_municipality_at_id", "municipality_code", "at", "id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_kind: Mapped[str] = mapped_column(String(12))
    actor_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(24))
    entity_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    client_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Whose record this is, so each municipality's `audit_retention_days` applies; no foreign key:
    # the row must outlive the client it names. NULL when no municipality can be told (CLI actions).
    municipality_code: Mapped[str | None] = mapped_column(String(40), nullable=True)


class StaffSession(Base):
    """A web login. Only a hash of the cookie token is stored; logout deletes the row."""

    __tablename__ = "staff_session"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    staff_user_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id", ondelete="CASCADE"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ApiKey(Base):
    """A municipal system's key for the REST API; only its hash is stored."""

    __tablename__ = "api_key"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    municipality_code: Mapped[str] = mapped_column(ForeignKey("municipality.code"))
    name: Mapped[str] = mapped_column(String(80))
    key_prefix: Mapped[str] = mapped_column(String(16))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class WebhookEndpoint(Base):
    """Where a municipality's case system receives each response (signed with `secret`)."""

    __tablename__ = "webhook_endpoint"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    municipality_code: Mapped[str] = mapped_column(ForeignKey("municipality.code"), index=True)
    url: Mapped[str] = mapped_column(String(500))
    secret: Mapped[str] = mapped_column(String(128))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class WebhookDelivery(Base):
    """One response for one endpoint: the unique pair makes 'delivered once per response id' a constraint."""

    __tablename__ = "webhook_delivery"
    __table_args__ = (
        UniqueConstraint("endpoint_id", "response_id", name="uq_webhook_delivery_endpoint_response"),
        Index("ix_webhook_delivery_state_next", "state", "next_attempt_at"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    endpoint_id: Mapped[int] = mapped_column(ForeignKey("webhook_endpoint.id", ondelete="CASCADE"))
    # Its own index: the unique pair above leads with endpoint_id, and deleting responses (the
    # retention purge) looks deliveries up by response_id.
    response_id: Mapped[int] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"), index=True)
    state: Mapped[str] = mapped_column(String(12), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_status: Mapped[int | None] = mapped_column(Integer, nullable=True)
    last_error: Mapped[str | None] = mapped_column(String(200), nullable=True)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CalendarFeed(Base):
    """The secret ICS feed of one regisseur; the URL token is stored as a hash."""

    __tablename__ = "calendar_feed"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    staff_user_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id", ondelete="CASCADE"), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class StaffNotice(Base):
    """Something the reminder worker tells staff: a client who blocked the bot, the daily attendance digest.

    `dedup_key` makes a notice idempotent, so two workers running the same daily job store it once.
    """

    __tablename__ = "staff_notice"
    __table_args__ = (Index("ix_staff_notice_municipality_created", "municipality_code", "created_at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    municipality_code: Mapped[str] = mapped_column(ForeignKey("municipality.code"))
    regisseur_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_user.id", ondelete="SET NULL"), nullable=True, index=True
    )
    client_id: Mapped[int | None] = mapped_column(
        ForeignKey("client.id", ondelete="CASCADE"), nullable=True, index=True
    )
    kind: Mapped[str] = mapped_column(String(24))
    dedup_key: Mapped[str] = mapped_column(String(120), unique=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class PartnerLinkCode(Base):
    """A one-time code that links a partner user's Telegram chat; only a hash is stored."""

    __tablename__ = "partner_link_code"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    staff_user_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PartnerChat(Base):
    """Which Telegram user forwards questions for which partner user. One each way."""

    __tablename__ = "partner_chat"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    staff_user_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id", ondelete="CASCADE"), unique=True)
    telegram_user_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    linked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AnswerFeedback(Base):
    """A 👍 or 👎 on the answer to a free-text question: which topic, in which language, nothing else.

    No client id and no question text: the web app needs to see which answers fail whom (per topic
    and language), not who asked what.
    """

    __tablename__ = "answer_feedback"
    __table_args__ = (
        CheckConstraint("vote IN ('up', 'down')", name="vote"),
        Index("ix_answer_feedback_municipality_topic", "municipality_code", "topic_id"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    municipality_code: Mapped[str] = mapped_column(String(40))
    topic_id: Mapped[str] = mapped_column(String(40))
    language: Mapped[str] = mapped_column(String(8))
    vote: Mapped[str] = mapped_column(String(4))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


# --- what people type -------------------------------------------------------------------------------
# Stored without bidi overrides or unmatched isolates however it arrives (bot, forms, imports, API,
# CLI): "set" events fire for constructor arguments and every later assignment (locales/bidi.py).
USER_TEXT = (
    PartnerOrg.name,
    StaffUser.display_name,
    Client.display_name,
    Appointment.location,
    Broadcast.text_nl,
    Response.reason,
    Question.text,
    Question.text_nl,
    Question.answer_nl,
    ApiKey.name,
)


def _neutralised(_target: object, value: object, _old: object, _initiator: object) -> object:
    return neutralise(value) if isinstance(value, str) else value


def _neutralised_translations(_target: object, value: object, _old: object, _initiator: object) -> object:
    if not isinstance(value, dict):
        return value
    return {lang: neutralise(text) if isinstance(text, str) else text for lang, text in value.items()}


for _attribute in USER_TEXT:
    event.listen(_attribute, "set", _neutralised, retval=True)
event.listen(Broadcast.translations, "set", _neutralised_translations, retval=True)

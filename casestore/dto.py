"""Plain, frozen data returned by repositories; handlers and dialogs never touch ORM objects."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class ClientDTO:
    id: int
    municipality_code: str
    regisseur_id: int | None
    display_name: str | None
    language: str
    reply_mode: str
    always_audio: bool
    route: str
    status: str
    termijn_start: date | None
    termijn_end: date | None
    consent_at: datetime | None
    consent_version: str | None
    external_ref: str | None
    unreachable: bool
    created_at: datetime
    closed_at: datetime | None = None  # the regisseur closed the trajectory; retention counts from here
    reopened_at: datetime | None = None  # the regisseur last reopened it; counts as activity for retention
    anonymised_at: datetime | None = None  # the client erased their own data


@dataclass(frozen=True)
class ChatLinkDTO:
    client_id: int
    telegram_user_id: int
    chat_id: int
    linked_at: datetime


@dataclass(frozen=True)
class NewInvite:
    """Returned once, when the code is made: the plain code is never stored or shown again."""

    client_id: int
    code: str
    expires_at: datetime


@dataclass(frozen=True)
class AppointmentDTO:
    id: int
    client_id: int
    kind: str
    starts_at: datetime
    ends_at: datetime | None
    timezone: str
    location: str | None
    interpreter_language: str | None
    status: str
    external_ref: str | None


@dataclass(frozen=True)
class ResponseDTO:
    id: int
    appointment_id: int
    client_id: int
    answer: str
    reason: str | None
    channel: str
    created_at: datetime
    export_state: str


@dataclass(frozen=True)
class QuestionDTO:
    id: int
    municipality_code: str
    client_id: int | None
    partner_org_id: int | None
    language: str
    text: str
    text_nl: str | None
    text_nl_machine: bool
    topic_guess: str | None
    state: str
    answer_nl: str | None
    channel: str
    created_at: datetime

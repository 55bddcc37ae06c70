"""Request and response bodies of the REST API (documented in the OpenAPI spec)."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator, model_validator

from casestore.enums import AppointmentKind
from locales.languages import SUPPORTED

REF_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:/@-]{0,79}$"
CURSOR_PATTERN = r"^[0-9]{1,12}$"
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
LATEST = datetime(2100, 1, 1, tzinfo=UTC)

Ref = Annotated[str, Field(pattern=REF_PATTERN, description="Your system's reference (1-80 characters)")]
Language = StrEnum("Language", {code: code for code in SUPPORTED})  # type: ignore[misc]


def _no_control_chars(value: str | None) -> str | None:
    if value is not None and any((ord(ch) < 32 and ch not in "\t\n") or ord(ch) == 127 for ch in value):
        raise ValueError("control characters are not allowed")
    return value


class AppointmentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    client_ref: Ref = Field(description="The client's reference in your system (client `external_ref`)")
    kind: AppointmentKind
    starts_at: AwareDatetime = Field(description="Start, with a UTC offset")
    ends_at: AwareDatetime | None = None
    location: str | None = Field(default=None, max_length=200)
    interpreter_language: Language | None = None
    status: Literal["planned", "cancelled", "done"] = "planned"

    _clean_location = field_validator("location")(_no_control_chars)

    @model_validator(mode="after")
    def _times(self) -> AppointmentIn:
        if not EARLIEST <= self.starts_at < LATEST:
            raise ValueError("starts_at must lie between 2000 and 2100")
        if self.ends_at is not None:
            if not EARLIEST <= self.ends_at < LATEST:
                raise ValueError("ends_at must lie between 2000 and 2100")
            if self.ends_at <= self.starts_at or (self.ends_at - self.starts_at).total_seconds() > 86400:
                raise ValueError("ends_at must be after starts_at, within a day")
        return self


class AppointmentOut(BaseModel):
    id: int
    external_ref: str | None
    client_id: int
    client_ref: str | None
    kind: str
    starts_at: datetime
    ends_at: datetime | None
    location: str | None
    interpreter_language: str | None
    status: str


class UpsertOutcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


class AppointmentUpsertResult(BaseModel):
    outcome: UpsertOutcome
    appointment: AppointmentOut


class LinkStatusOut(BaseModel):
    client_id: int
    client_ref: str | None
    linked: bool = Field(description="True when the client has linked a Telegram chat")
    linked_at: datetime | None
    unreachable: bool = Field(description="True when the bot could not reach the client (e.g. blocked)")


class LinkStatusPage(BaseModel):
    items: list[LinkStatusOut]
    next_cursor: str | None = Field(description="Pass as `after` for the next page; null at the end")


class ResponseOut(BaseModel):
    id: int = Field(description="Stable id: dedupe on it")
    created_at: datetime
    answer: Literal["coming", "not_coming", "question"] | str
    reason: str | None
    channel: str
    client_id: int
    client_ref: str | None
    appointment_id: int
    appointment_ref: str | None
    appointment_kind: str
    appointment_starts_at: datetime


class ResponsePage(BaseModel):
    items: list[ResponseOut]
    next_cursor: str = Field(description="Pass as `since` next time; unchanged when there was nothing new")


class Problem(BaseModel):
    detail: str

"""Appointment changes shared by the web forms, the import and the REST API.

All three go through `create`, `change` and `upsert_by_ref`, so the reminder rows are kept in step
with every change, in the same transaction (reminders.scheduling.sync_appointment_reminders).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

from casestore.dto import AppointmentDTO
from casestore.enums import AppointmentKind, AppointmentStatus
from casestore.errors import InvalidInputError
from casestore.repositories.caseload import Scope
from casestore.uow import UnitOfWork
from locales.languages import SUPPORTED
from municipalities.config import Municipality
from reminders.scheduling import sync_appointment_reminders

log = logging.getLogger(__name__)

TZ = ZoneInfo("Europe/Amsterdam")
KINDS = tuple(k.value for k in AppointmentKind)
STATUSES = tuple(s.value for s in AppointmentStatus)
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
LATEST = datetime(2100, 1, 1, tzinfo=UTC)

Outcome = Literal["created", "updated", "unchanged"]
Municipalities = Mapping[str, Municipality]


@dataclass(frozen=True)
class AppointmentFields:
    """A validated appointment as a form, an import row or an API call describes it."""

    kind: str
    starts_at: datetime
    ends_at: datetime | None
    location: str | None
    interpreter_language: str | None
    status: str = "planned"

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise InvalidInputError(f"unknown appointment kind '{self.kind}'")
        if self.status not in STATUSES:
            raise InvalidInputError(f"unknown status '{self.status}'")
        if self.starts_at.tzinfo is None or not EARLIEST <= self.starts_at < LATEST:
            raise InvalidInputError("the start must be an aware time between 2000 and 2100")
        if self.ends_at is not None and (
            self.ends_at.tzinfo is None
            or self.ends_at <= self.starts_at
            or self.ends_at - self.starts_at > timedelta(days=1)
        ):
            raise InvalidInputError("the end must be after the start, within a day")
        if self.interpreter_language is not None and self.interpreter_language not in SUPPORTED:
            raise InvalidInputError(f"unknown interpreter language '{self.interpreter_language}'")

    def values(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "starts_at": self.starts_at,
            "ends_at": self.ends_at,
            "location": self.location,
            "interpreter_language": self.interpreter_language,
            "status": self.status,
        }


def local_moment(day: date, clock: time) -> datetime:
    """A wall-clock time in Amsterdam as an aware UTC datetime.

    The two DST nights follow RFC 5545 (3.3.5), so a typed time and an imported calendar agree: a
    time the March night skips (02:30) is read with the winter offset, i.e. as 03:30 summer time; a
    time the October night has twice is the first one (summer time). zoneinfo's fold=0 does both.
    """
    return datetime.combine(day, clock, tzinfo=TZ).astimezone(UTC)


async def create(
    uow: UnitOfWork,
    municipalities: Municipalities,
    client_id: int,
    fields: AppointmentFields,
    external_ref: str | None = None,
) -> AppointmentDTO:
    appointment = await uow.appointments.add(
        client_id=client_id,
        kind=fields.kind,
        starts_at=fields.starts_at,
        ends_at=fields.ends_at,
        location=fields.location,
        interpreter_language=fields.interpreter_language,
        external_ref=external_ref,
    )
    if fields.status != "planned":
        client = await uow.clients.get(client_id)
        appointment = await uow.caseload.update_appointment(
            Scope(client.municipality_code), appointment.id, status=fields.status
        )
    await sync_appointment_reminders(uow, appointment.id, municipalities)
    return appointment


async def change(
    uow: UnitOfWork, municipalities: Municipalities, scope: Scope, appointment_id: int, **values: Any
) -> AppointmentDTO:
    before = await uow.caseload.appointment(scope, appointment_id)
    appointment = await uow.caseload.update_appointment(scope, appointment_id, **values)
    moved = before is not None and before.starts_at != appointment.starts_at
    await sync_appointment_reminders(uow, appointment.id, municipalities, rescheduled=moved)
    return appointment


async def upsert_by_ref(
    uow: UnitOfWork,
    municipalities: Municipalities,
    scope: Scope,
    external_ref: str,
    client_id: int,
    fields: AppointmentFields,
) -> tuple[AppointmentDTO, Outcome]:
    """Create or update the appointment the municipal agenda knows as `external_ref`."""
    existing = await uow.caseload.appointment_by_ref(scope, external_ref)
    if existing is None:
        return await create(uow, municipalities, client_id, fields, external_ref=external_ref), "created"
    wanted = {"client_id": client_id, **fields.values()}
    current = {key: getattr(existing, key) for key in wanted}
    if current == wanted:
        return existing, "unchanged"
    return await change(uow, municipalities, scope, existing.id, **wanted), "updated"

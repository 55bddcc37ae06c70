"""Keeps an appointment's reminder rows in step with the appointment: added, rescheduled or cancelled.

Call `sync_appointment_reminders` inside the same unit of work as any change to an appointment
(the web app, the CSV/ICS import, the CLI and the demo all do): it is idempotent and only touches
rows that are not final, so calling it twice changes nothing. Rows already sent stay sent, unless
the appointment moved (`rescheduled=True`): then the client is reminded again of the new time.
A cancelled future appointment gets one cancellation notice (purpose `cancelled`).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime

from casestore.dto import AppointmentDTO
from casestore.errors import InvalidInputError
from casestore.repositories.caseload import Scope
from casestore.repositories.reminders import ReminderDTO
from casestore.types import utcnow
from casestore.uow import UnitOfWork
from municipalities.config import Municipality
from reminders.policy import CANCELLED_PURPOSE, is_appointment_reminder, reminder_plan

log = logging.getLogger(__name__)


async def municipality_of(
    uow: UnitOfWork, client_id: int, municipalities: Mapping[str, Municipality]
) -> Municipality:
    client = await uow.clients.get(client_id)
    municipality = municipalities.get(client.municipality_code)
    if municipality is None:
        raise InvalidInputError(f"municipality '{client.municipality_code}' has no configuration file")
    return municipality


async def sync_appointment_reminders(
    uow: UnitOfWork,
    appointment_id: int,
    municipalities: Mapping[str, Municipality],
    now: datetime | None = None,
    rescheduled: bool = False,
) -> list[ReminderDTO]:
    """Create, move or cancel the appointment's reminder rows to match its current state."""
    now = now or utcnow()
    appointment = await uow.appointments.get(appointment_id)
    municipality = await municipality_of(uow, appointment.client_id, municipalities)
    existing = {r.purpose: r for r in await uow.reminders.for_appointment(appointment_id)}
    plan = {p.purpose: p for p in reminder_plan(appointment, municipality, now)}

    stale = [
        r.id for purpose, r in existing.items() if is_appointment_reminder(purpose) and purpose not in plan
    ]
    await uow.reminders.cancel(stale, "no longer planned")
    for purpose, planned in plan.items():
        row = existing.get(purpose)
        if row is None:
            await uow.reminders.add(
                client_id=appointment.client_id,
                appointment_id=appointment.id,
                purpose=purpose,
                due_at=planned.due_at,
                now=now,
            )
        elif row.due_at != planned.due_at or row.state in ("failed", "cancelled"):
            if row.state == "sent" and not rescheduled:
                continue
            await uow.reminders.rearm(row.id, planned.due_at)
    await _sync_cancellation_notice(uow, appointment, existing.get(CANCELLED_PURPOSE), now)
    return await uow.reminders.for_appointment(appointment_id)


async def _sync_cancellation_notice(
    uow: UnitOfWork, appointment: AppointmentDTO, notice: ReminderDTO | None, now: datetime
) -> None:
    wanted = appointment.status == "cancelled" and appointment.starts_at > now
    if wanted and notice is None:
        await uow.reminders.add(
            client_id=appointment.client_id,
            appointment_id=appointment.id,
            purpose=CANCELLED_PURPOSE,
            due_at=now,
            now=now,
        )
    elif wanted and notice is not None and notice.state == "cancelled":
        await uow.reminders.rearm(notice.id, now)
    elif not wanted and notice is not None and notice.state == "pending":
        await uow.reminders.cancel([notice.id], "appointment not cancelled")


async def add_appointment(
    uow: UnitOfWork,
    municipalities: Mapping[str, Municipality],
    *,
    client_id: int,
    kind: str,
    starts_at: datetime,
    now: datetime | None = None,
    **fields: object,
) -> tuple[AppointmentDTO, list[ReminderDTO]]:
    """Store an appointment and plan its reminders in one transaction."""
    appointment = await uow.appointments.add(client_id=client_id, kind=kind, starts_at=starts_at, **fields)  # type: ignore[arg-type]
    reminders = await sync_appointment_reminders(uow, appointment.id, municipalities, now)
    log.info(
        "appointment added",
        extra={"appointment_id": appointment.id, "client_id": client_id, "reminders": len(reminders)},
    )
    return appointment, reminders


async def reschedule_appointment(
    uow: UnitOfWork,
    municipalities: Mapping[str, Municipality],
    appointment_id: int,
    starts_at: datetime,
    ends_at: datetime | None = None,
    now: datetime | None = None,
) -> tuple[AppointmentDTO, list[ReminderDTO]]:
    """Move an appointment; pending reminders move with it, sent ones are sent again for the new time."""
    before = await uow.appointments.get(appointment_id)
    municipality = await municipality_of(uow, before.client_id, municipalities)
    values: dict[str, object] = {"starts_at": starts_at}
    if ends_at is not None or before.ends_at is not None:
        values["ends_at"] = ends_at or (
            starts_at + (before.ends_at - before.starts_at) if before.ends_at else None
        )
    appointment = await uow.caseload.update_appointment(Scope(municipality.code), appointment_id, **values)
    reminders = await sync_appointment_reminders(
        uow, appointment_id, municipalities, now, rescheduled=appointment.starts_at != before.starts_at
    )
    log.info("appointment rescheduled", extra={"appointment_id": appointment_id})
    return appointment, reminders


async def cancel_appointment(
    uow: UnitOfWork,
    municipalities: Mapping[str, Municipality],
    appointment_id: int,
    now: datetime | None = None,
) -> tuple[AppointmentDTO, list[ReminderDTO]]:
    """Cancel an appointment: its open reminders are cancelled and the client gets a cancellation notice."""
    appointment = await uow.appointments.cancel(appointment_id)
    reminders = await sync_appointment_reminders(uow, appointment_id, municipalities, now)
    log.info("appointment cancelled", extra={"appointment_id": appointment_id})
    return appointment, reminders

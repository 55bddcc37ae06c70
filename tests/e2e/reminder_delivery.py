"""Appointments with their reminder rows, and delivering due reminders the way the worker does.

Appointments are made with reminders.scheduling.add_appointment (as the web app and CLI do), and
reminders go out through reminders.dispatcher.dispatch_due with our bot, so the e2e tests cover the
real path: outbox row, claim, render, send through the emulator, record.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from aiogram import Bot

from casestore.dto import AppointmentDTO
from casestore.types import utcnow
from casestore.uow import CaseStore
from municipalities.config import load_municipalities
from reminders.dispatcher import dispatch_due
from reminders.scheduling import add_appointment, cancel_appointment
from reminders.settings import DispatchSettings

MUNICIPALITIES = load_municipalities()
# No pacing and no quiet hours: the tests run at any hour and must not wait a second per message.
FAST = DispatchSettings(_env_file=None, global_rate=0, chat_interval=0, quiet_hours=False)  # type: ignore[call-arg]


async def planned_appointment(
    store: CaseStore,
    client_id: int,
    days: int = 3,
    kind: str = "pip_gesprek",
    location: str | None = "Gemeentehuis Demodorp, Marktplein 1",
    interpreter: str | None = None,
) -> AppointmentDTO:
    start = (utcnow() + timedelta(days=days)).replace(hour=9, minute=30, second=0, microsecond=0)
    async with store.uow() as uow:
        appointment, _ = await add_appointment(
            uow,
            MUNICIPALITIES,
            client_id=client_id,
            kind=kind,
            starts_at=start,
            ends_at=start + timedelta(hours=1),
            location=location,
            interpreter_language=interpreter,
        )
    return appointment


async def deliver_next_reminder(store: CaseStore, bot: Bot, appointment_id: int) -> datetime:
    """Run the dispatcher at the due time of the appointment's earliest pending reminder.

    Returns that time (the `now` the reminder was rendered with). Rows of other appointments that
    are due by then are handled too (e.g. cancelled because their appointment has started); the
    test's user must get exactly this one reminder.
    """
    async with store.uow() as uow:
        rows = [r for r in await uow.reminders.for_appointment(appointment_id) if r.state == "pending"]
    assert rows, "the appointment has no pending reminder"
    target = min(rows, key=lambda r: (r.due_at, r.id))
    report = await dispatch_due(store, bot, now=target.due_at, municipalities=MUNICIPALITIES, settings=FAST)
    assert target.id in report.message_ids and report.sent == 1, report
    return target.due_at


async def cancel_and_notify(store: CaseStore, bot: Bot, appointment_id: int) -> None:
    """The regisseur cancels; the worker sends the cancellation notice."""
    now = utcnow()
    async with store.uow() as uow:
        await cancel_appointment(uow, MUNICIPALITIES, appointment_id, now=now)
    report = await dispatch_due(store, bot, now=now, municipalities=MUNICIPALITIES, settings=FAST)
    assert report.sent == 1, report

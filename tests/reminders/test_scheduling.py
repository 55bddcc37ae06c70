"""Reminder rows follow their appointment: added, rescheduled, cancelled (with a notice to the client)."""

from __future__ import annotations

from datetime import timedelta

from casestore.types import utcnow
from casestore.uow import CaseStore
from municipalities.config import load_municipalities
from reminders.scheduling import (
    add_appointment,
    cancel_appointment,
    reschedule_appointment,
    sync_appointment_reminders,
)
from tests.reminders.conftest import linked_client

MUNICIPALITIES = load_municipalities()


async def test_add_move_cancel_keep_the_rows_in_step(store: CaseStore) -> None:
    client_id = await linked_client(store, 701, "ti")
    now = utcnow().replace(microsecond=0)
    start = now + timedelta(days=10)
    async with store.uow() as uow:
        appointment, rows = await add_appointment(
            uow, MUNICIPALITIES, client_id=client_id, kind="pip_gesprek", starts_at=start, now=now
        )
    assert sorted(r.purpose for r in rows) == ["before_168h", "before_24h", "before_2h"]
    assert all(r.state == "pending" and now < r.due_at < start for r in rows)

    async with store.uow() as uow:  # idempotent: a second sync changes nothing
        again = await sync_appointment_reminders(uow, appointment.id, MUNICIPALITIES, now)
    assert [(r.id, r.due_at, r.state) for r in again] == [(r.id, r.due_at, r.state) for r in rows]

    async with store.uow() as uow:
        _, after_move = await reschedule_appointment(
            uow, MUNICIPALITIES, appointment.id, start + timedelta(days=1), now=now
        )
    by_purpose = {r.purpose: r for r in after_move}
    assert {r.id for r in after_move} == {r.id for r in rows}  # the same rows, moved
    assert all(r.due_at > {x.purpose: x for x in rows}[p].due_at for p, r in by_purpose.items())

    async with store.uow() as uow:
        cancelled, after_cancel = await cancel_appointment(uow, MUNICIPALITIES, appointment.id, now=now)
    states = {r.purpose: r.state for r in after_cancel}
    assert cancelled.status == "cancelled"
    assert states == {
        "before_168h": "cancelled",
        "before_24h": "cancelled",
        "before_2h": "cancelled",
        "cancelled": "pending",
    }
    notice = next(r for r in after_cancel if r.purpose == "cancelled")
    assert notice.due_at == now


async def test_a_sent_reminder_is_sent_again_only_when_the_appointment_moved(store: CaseStore) -> None:
    client_id = await linked_client(store, 702)
    now = utcnow().replace(microsecond=0)
    async with store.uow() as uow:
        appointment, rows = await add_appointment(
            uow,
            MUNICIPALITIES,
            client_id=client_id,
            kind="examen",
            starts_at=now + timedelta(days=9),
            now=now,
        )
        week = next(r for r in rows if r.purpose == "before_168h")
        claimed = await uow.reminders.claim(owner="w", now=week.due_at, lease=timedelta(minutes=1), limit=1)
        assert [c.id for c in claimed] == [week.id]
        assert await uow.reminders.mark_sent(week.id, "w", 42, now)
    async with store.uow() as uow:
        unchanged = {
            r.purpose: r for r in await sync_appointment_reminders(uow, appointment.id, MUNICIPALITIES, now)
        }
    assert unchanged["before_168h"].state == "sent"
    async with store.uow() as uow:
        _, moved = await reschedule_appointment(
            uow, MUNICIPALITIES, appointment.id, now + timedelta(days=12), now=now
        )
    rearmed = {r.purpose: r for r in moved}["before_168h"]
    assert (rearmed.id, rearmed.state, rearmed.telegram_message_id) == (week.id, "pending", None)


async def test_a_cancelled_past_appointment_gets_no_notice(store: CaseStore) -> None:
    client_id = await linked_client(store, 703)
    now = utcnow()
    async with store.uow() as uow:
        appointment = await uow.appointments.add(
            client_id=client_id, kind="taalles", starts_at=now - timedelta(hours=3)
        )
        _, rows = await cancel_appointment(uow, MUNICIPALITIES, appointment.id, now=now)
    assert rows == []

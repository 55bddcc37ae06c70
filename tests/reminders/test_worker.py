"""The worker: three APScheduler jobs whatever the number of reminders; the digest; the retention purge."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from zoneinfo import ZoneInfo

from casestore.types import utcnow
from casestore.uow import CaseStore
from dialogs.render import RenderedReply
from inburgerbot.app import App
from inburgerbot.settings import Settings
from reminders.digest import store_daily_digests
from reminders.retention import purge_expired
from reminders.settings import DispatchSettings
from reminders.worker import build_scheduler, run_worker
from tests.reminders.conftest import awake_municipalities, linked_client, seed_due_reminders

MUNICIPALITIES = awake_municipalities()


async def test_the_scheduler_holds_three_jobs_not_one_per_reminder() -> None:
    async def nothing() -> None:
        return None

    scheduler = build_scheduler(DispatchSettings(), nothing, nothing, nothing)
    assert sorted(job.id for job in scheduler.get_jobs()) == [
        "daily-digest",
        "dispatch-tick",
        "retention-purge",
    ]
    digest = next(j for j in scheduler.get_jobs() if j.id == "daily-digest")
    assert str(digest.trigger.timezone) == "Europe/Amsterdam"


class RecordingSender:
    def __init__(self) -> None:
        self.sent: list[int] = []

    async def send(self, chat_id: int, rendered: RenderedReply) -> int:
        self.sent.append(chat_id)
        return len(self.sent)


async def test_the_worker_sends_due_rows_and_stops_cleanly(sqlite_store: CaseStore) -> None:
    chats = await seed_due_reminders(sqlite_store, 30, 70_000)
    app = App(settings=Settings(), store=sqlite_store, municipalities=MUNICIPALITIES, conversation=None)  # type: ignore[arg-type]
    sender = RecordingSender()
    stop = asyncio.Event()
    settings = DispatchSettings(tick_seconds=0.1, global_rate=0, chat_interval=0, quiet_hours=False)
    task = asyncio.create_task(
        run_worker(app, settings=settings, sender=sender, stop=stop, handle_signals=False)
    )
    for _ in range(100):
        if len(sender.sent) == 30:
            break
        await asyncio.sleep(0.05)
    stop.set()
    await asyncio.wait_for(task, 10)
    assert sorted(sender.sent) == chats


async def test_daily_digest_groups_tomorrows_appointments_by_answer_once(store: CaseStore) -> None:
    now = utcnow().replace(hour=12, minute=0, second=0, microsecond=0)
    tomorrow = (now.astimezone(ZoneInfo("Europe/Amsterdam")) + timedelta(days=1)).replace(hour=10)
    clients = [await linked_client(store, 900 + i) for i in range(3)]
    async with store.uow() as uow:
        appointments = [
            await uow.appointments.add(client_id=c, kind="pip_gesprek", starts_at=tomorrow) for c in clients
        ]
        await uow.responses.record(
            appointment_id=appointments[0].id, client_id=clients[0], answer="coming", channel="telegram"
        )
        await uow.responses.record(
            appointment_id=appointments[1].id, client_id=clients[1], answer="not_coming", channel="telegram"
        )
    assert await store_daily_digests(store, MUNICIPALITIES, now) == 1
    assert await store_daily_digests(store, MUNICIPALITIES, now) == 0  # a second worker stores nothing new
    async with store.uow() as uow:
        [digest] = await uow.notices.list("demo", kind="digest")
    assert digest.payload["counts"] == {
        "coming": 1,
        "not_coming": 1,
        "question": 0,
        "no_answer": 1,
        "unreachable": 0,
    }
    assert [e["client_id"] for e in digest.payload["no_answer"]] == [clients[2]]


async def test_retention_purge_deletes_old_appointments_with_their_rows(store: CaseStore) -> None:
    client_id = await linked_client(store, 950)
    now = utcnow()
    async with store.uow() as uow:
        old = await uow.appointments.add(
            client_id=client_id, kind="taalles", starts_at=now - timedelta(days=800)
        )
        recent = await uow.appointments.add(
            client_id=client_id, kind="taalles", starts_at=now - timedelta(days=10)
        )
        for appointment in (old, recent):
            await uow.reminders.add(
                client_id=client_id,
                appointment_id=appointment.id,
                purpose="before_24h",
                due_at=appointment.starts_at - timedelta(days=1),
                now=now,
            )
    counts = await purge_expired(store, MUNICIPALITIES, now)
    assert counts["appointments"] == 1
    async with store.uow() as uow:
        assert [a.id for a in await uow.appointments.all_for_client(client_id)] == [recent.id]
        assert [r.appointment_id for r in await uow.reminders.for_appointment(recent.id)] == [recent.id]
        assert await uow.reminders.for_appointment(old.id) == []


async def test_the_worker_delivers_a_regisseurs_answer_once(sqlite_store: CaseStore) -> None:
    """An answer written in the web inbox reaches the client on the next tick, and only once."""
    from casestore.repositories.caseload import Scope

    client_id = await linked_client(sqlite_store, 4_321)
    async with sqlite_store.uow() as uow:
        question = await uow.questions.add(
            municipality_code="demo", client_id=client_id, language="ar", text="?", channel="telegram"
        )
        await uow.inbox.answer(Scope("demo"), question.id, None, "Uw afspraak is dinsdag.")  # type: ignore[arg-type]
    app = App(settings=Settings(), store=sqlite_store, municipalities=MUNICIPALITIES, conversation=None)  # type: ignore[arg-type]
    sender = RecordingSender()
    stop = asyncio.Event()
    settings = DispatchSettings(tick_seconds=0.1, global_rate=0, chat_interval=0, quiet_hours=False)
    task = asyncio.create_task(
        run_worker(app, settings=settings, sender=sender, stop=stop, handle_signals=False)
    )
    for _ in range(60):
        if sender.sent:
            break
        await asyncio.sleep(0.05)
    await asyncio.sleep(0.3)  # a few more ticks: the answer must not go out again
    stop.set()
    await asyncio.wait_for(task, 10)
    assert sender.sent == [4_321]

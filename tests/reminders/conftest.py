"""Helpers for the reminder tests: linked clients, due reminders and the fake Bot API."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timedelta

import pytest
from aiogram import Bot

from bot.factory import create_bot
from casestore.types import utcnow
from casestore.uow import CaseStore
from municipalities.config import Municipality, load_municipalities
from reminders.settings import DispatchSettings
from tests.support.fake_bot_api import FakeBotApi

TOKEN = "123456:TEST-token"


def awake_municipalities() -> dict[str, Municipality]:
    """The packaged municipalities without quiet hours, for tests that run at any hour of the day."""
    return {code: m.model_copy(update={"quiet_hours": (0, 0)}) for code, m in load_municipalities().items()}


def fast_settings(**overrides: object) -> DispatchSettings:
    values: dict[str, object] = {
        "global_rate": 0,
        "chat_interval": 0,
        "batch_size": 20,
        "lease_seconds": 30,
        "send_timeout": 2,
        "backoff_base": 0.05,
        "backoff_max": 0.5,
        "quiet_hours": False,
    }
    values.update(overrides)
    return DispatchSettings(**values)  # type: ignore[arg-type]


async def linked_client(
    store: CaseStore, chat_id: int, lang: str = "ar", municipality: str = "demo", **fields: object
) -> int:
    """A client linked to Telegram chat `chat_id` (user id = chat id, as in private chats)."""
    async with store.uow() as uow:
        client = await uow.clients.add(municipality_code=municipality, language=lang, **fields)  # type: ignore[arg-type]
        invite = await uow.invites.create(client.id, timedelta(days=1))
        await uow.invites.redeem(invite.code, chat_id, chat_id)
    return client.id


async def due_reminder(
    store: CaseStore,
    client_id: int,
    *,
    starts_in: timedelta = timedelta(days=1),
    due_at: datetime | None = None,
    kind: str = "pip_gesprek",
) -> tuple[int, int]:
    """An appointment and one reminder row for it that is due now; returns (appointment id, reminder id)."""
    now = utcnow()
    async with store.uow() as uow:
        appointment = await uow.appointments.add(
            client_id=client_id, kind=kind, starts_at=now + starts_in, location="Gemeentehuis"
        )
        reminder = await uow.reminders.add(
            client_id=client_id,
            appointment_id=appointment.id,
            purpose="before_24h",
            due_at=due_at or now - timedelta(seconds=1),
            now=now,
        )
    return appointment.id, reminder.id


@pytest.fixture
async def fake_api() -> AsyncIterator[FakeBotApi]:
    api = FakeBotApi()
    await api.start()
    yield api
    await api.stop()


@pytest.fixture
async def bot(fake_api: FakeBotApi) -> AsyncIterator[Bot]:
    telegram = create_bot(TOKEN, fake_api.base_url)
    yield telegram
    await telegram.session.close()


async def seed_due_reminders(
    store: CaseStore, count: int, chat_base: int, lang_cycle: tuple[str, ...] = ("ar", "ti", "uk")
) -> list[int]:
    """`count` linked demo clients with one due reminder each, inserted in bulk; returns the chat ids."""
    from sqlalchemy import func, select

    from casestore.models import Client
    from tests.support.bulk_seed import insert_due_reminders

    now = utcnow()
    async with store.uow() as uow:
        first = int(await uow.session.scalar(select(func.coalesce(func.max(Client.id), 0))) or 0) + 1
        ids = list(range(first, first + count))
        await insert_due_reminders(uow.session, ids, now, chat_base, lang_cycle)
    if store.engine.dialect.name == "postgresql":
        async with store.engine.begin() as conn:
            await conn.exec_driver_sql("SELECT setval('client_id_seq', (SELECT max(id) FROM client))")
            await conn.exec_driver_sql(
                "SELECT setval('appointment_id_seq', (SELECT max(id) FROM appointment))"
            )
    return [chat_base + i for i in ids]

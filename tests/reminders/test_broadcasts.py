"""Broadcasts: segments, rendering per language + Dutch, progress while it runs."""

from __future__ import annotations

from datetime import timedelta

from aiogram import Bot

from casestore.types import utcnow
from casestore.uow import CaseStore
from dialogs.render import SEPARATOR
from locales.catalogs import gettext_for
from reminders.broadcasts import create_broadcast
from reminders.dispatcher import dispatch_due
from tests.reminders.conftest import awake_municipalities, fast_settings, linked_client
from tests.support.fake_bot_api import FakeBotApi

MUNICIPALITIES = awake_municipalities()


async def test_segment_by_route_language_kind_and_day(store: CaseStore) -> None:
    now = utcnow()
    b1_ar = await linked_client(store, 801, "ar", route="b1")
    b1_ti = await linked_client(store, 802, "ti", route="b1")
    z_ar = await linked_client(store, 803, "ar", route="z")
    await linked_client(store, 804, "ar", route="b1", municipality="weert")
    async with store.uow() as uow:
        unlinked = await uow.clients.add(municipality_code="demo", language="ar", route="b1")
        exam_day = now + timedelta(days=3)
        await uow.appointments.add(client_id=b1_ti, kind="examen", starts_at=exam_day)
        await uow.appointments.add(client_id=z_ar, kind="taalles", starts_at=exam_day)

        route = await create_broadcast(
            uow, MUNICIPALITIES, municipality_code="demo", text_nl="x", route="b1", now=now, dry_run=True
        )
        arabic = await create_broadcast(
            uow, MUNICIPALITIES, municipality_code="demo", text_nl="x", language="ar", now=now, dry_run=True
        )
        exam = await create_broadcast(
            uow,
            MUNICIPALITIES,
            municipality_code="demo",
            text_nl="x",
            appointment_kind="examen",
            now=now,
            dry_run=True,
        )
        on_day = await create_broadcast(
            uow, MUNICIPALITIES, municipality_code="demo", text_nl="x", on_day=exam_day.date(), now=now
        )
    assert (route.recipients, route.not_linked) == (2, 1)
    assert arabic.recipients == 2  # b1_ar and z_ar; the unlinked one is counted apart
    assert exam.recipients == 1
    assert on_day.recipients == 2 and on_day.broadcast is not None
    async with store.uow() as uow:
        rows = await uow.reminders.for_broadcast(on_day.broadcast.id)
    assert sorted(r.client_id for r in rows) == sorted([b1_ti, z_ar])
    assert unlinked.id not in {r.client_id for r in rows} and b1_ar not in {r.client_id for r in rows}


async def test_each_recipient_gets_their_language_and_dutch_and_progress_is_counted(
    store: CaseStore, fake_api: FakeBotApi, bot: Bot
) -> None:
    with_translation = await linked_client(store, 811, "ar")
    without = await linked_client(store, 812, "so")
    dutch = await linked_client(store, 813, "nl")
    fake_api.blocked.add(812)
    async with store.uow() as uow:
        plan = await create_broadcast(
            uow,
            MUNICIPALITIES,
            municipality_code="demo",
            text_nl="Het kantoor is dicht.",
            translations={"ar": "المكتب مغلق."},
        )
        assert plan.broadcast is not None
        broadcast_id = plan.broadcast.id
        progress = await uow.broadcasts.progress(broadcast_id)
    assert (progress.total, progress.pending, progress.sent) == (3, 3, 0)

    await dispatch_due(store, bot, municipalities=MUNICIPALITIES, settings=fast_settings())

    texts = {d.chat_id: d.text for d in fake_api.delivered}
    native, dutch_half = texts[811].split(SEPARATOR)
    assert "المكتب مغلق." in native and "Het kantoor is dicht." in dutch_half
    assert gettext_for("ar", "📢 A message from your {case_manager}:").split("{")[0] in native
    assert 812 not in texts  # blocked the bot
    assert texts[813].count("Het kantoor is dicht.") == 1 and SEPARATOR not in texts[813]
    async with store.uow() as uow:
        progress = await uow.broadcasts.progress(broadcast_id)
        blocked = await uow.clients.get(without)
        notices = await uow.notices.list("demo", kind="unreachable")
    assert (progress.state, progress.sent, progress.failed, progress.pending) == ("done", 2, 1, 0)
    assert blocked.unreachable and [n.client_id for n in notices] == [without]
    assert {with_translation, dutch}.isdisjoint({n.client_id for n in notices})


async def test_a_scheduled_broadcast_waits_and_can_be_cancelled(
    store: CaseStore, fake_api: FakeBotApi, bot: Bot
) -> None:
    await linked_client(store, 821, "uk")
    async with store.uow() as uow:
        plan = await create_broadcast(
            uow,
            MUNICIPALITIES,
            municipality_code="demo",
            text_nl="Later.",
            scheduled_at=utcnow() + timedelta(hours=2),
        )
        assert plan.broadcast is not None
    assert (
        await dispatch_due(store, bot, municipalities=MUNICIPALITIES, settings=fast_settings())
    ).claimed == 0
    async with store.uow() as uow:
        assert await uow.broadcasts.cancel(plan.broadcast.id) == 1
    later = await dispatch_due(
        store, bot, now=utcnow() + timedelta(hours=3), municipalities=MUNICIPALITIES, settings=fast_settings()
    )
    assert later.claimed == 0 and fake_api.delivered == []


async def test_an_empty_client_list_reaches_nobody_not_everybody(store: CaseStore) -> None:
    """A regisseur with no clients yet must never broadcast to the whole municipality."""
    await linked_client(store, 88_001)
    async with store.uow() as uow:
        nobody = await create_broadcast(
            uow, MUNICIPALITIES, municipality_code="demo", text_nl="Hallo", client_ids=(), dry_run=True
        )
        everybody = await create_broadcast(
            uow, MUNICIPALITIES, municipality_code="demo", text_nl="Hallo", dry_run=True
        )
    assert nobody.recipients == 0 and everybody.recipients >= 1

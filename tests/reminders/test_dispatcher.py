"""The dispatcher in-process against the fake Bot API, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

from aiogram import Bot

from casestore.types import utcnow
from casestore.uow import CaseStore
from dialogs.render import SEPARATOR
from locales.catalogs import gettext_for
from reminders.dispatcher import Dispatcher, dispatch_due
from tests.reminders.conftest import awake_municipalities, due_reminder, fast_settings, linked_client
from tests.support.fake_bot_api import FakeBotApi


async def test_a_due_reminder_is_sent_once_in_the_clients_language_and_dutch_with_buttons(
    store: CaseStore, fake_api: FakeBotApi, bot: Bot
) -> None:
    client_id = await linked_client(store, 501, "ar")
    appointment_id, reminder_id = await due_reminder(store, client_id)

    report = await dispatch_due(store, bot, municipalities=awake_municipalities(), settings=fast_settings())
    again = await dispatch_due(store, bot, municipalities=awake_municipalities(), settings=fast_settings())

    assert (report.sent, again.claimed) == (1, 0)
    [message] = fake_api.delivered
    assert message.chat_id == 501
    native, dutch = message.text.split(SEPARATOR)
    assert gettext_for("ar", "Please let us know if you can come. Tap a button below.") in native
    assert gettext_for("nl", "Please let us know if you can come. Tap a button below.") in dutch
    assert message.callbacks[:3] == [
        f"ra:{appointment_id}:c",
        f"ra:{appointment_id}:n",
        f"ra:{appointment_id}:q",
    ]
    async with store.uow() as uow:
        row = await uow.reminders.get(reminder_id)
    assert row is not None and row.state == "sent"
    assert row.telegram_message_id == message.message_id == report.message_ids[reminder_id]
    assert row.attempts == 1


async def test_reminders_of_cancelled_or_started_appointments_and_unlinked_clients_are_not_sent(
    store: CaseStore, fake_api: FakeBotApi, bot: Bot
) -> None:
    linked = await linked_client(store, 502, "en")
    _, started = await due_reminder(store, linked, starts_in=timedelta(minutes=-5))
    cancelled_appointment, cancelled = await due_reminder(store, linked)
    async with store.uow() as uow:
        await uow.appointments.cancel(cancelled_appointment)
        unlinked = await uow.clients.add(municipality_code="demo", language="en")
    _, no_chat = await due_reminder(store, unlinked.id)

    report = await dispatch_due(store, bot, municipalities=awake_municipalities(), settings=fast_settings())

    assert fake_api.delivered == []
    assert (report.sent, report.cancelled, report.failed) == (0, 2, 1)
    async with store.uow() as uow:
        states = {i: (await uow.reminders.get(i)).state for i in (started, cancelled, no_chat)}  # type: ignore[union-attr]
    assert states == {started: "cancelled", cancelled: "cancelled", no_chat: "failed"}


async def test_rows_not_due_yet_wait(store: CaseStore, fake_api: FakeBotApi, bot: Bot) -> None:
    client_id = await linked_client(store, 503)
    await due_reminder(store, client_id, due_at=utcnow() + timedelta(hours=1))
    report = await dispatch_due(store, bot, municipalities=awake_municipalities(), settings=fast_settings())
    assert report.claimed == 0
    later = await dispatch_due(
        store,
        bot,
        now=utcnow() + timedelta(hours=2),
        municipalities=awake_municipalities(),
        settings=fast_settings(),
    )
    assert later.sent == 1 and len(fake_api.delivered) == 1


async def test_a_worker_that_stops_gives_its_claimed_rows_back(
    store: CaseStore, fake_api: FakeBotApi, bot: Bot
) -> None:
    for chat in range(10):
        await due_reminder(store, await linked_client(store, 600 + chat))
    dispatcher = Dispatcher(store, bot, awake_municipalities(), fast_settings(batch_size=10))
    original = dispatcher.sender.send
    calls = 0

    async def send_then_stop(chat_id: int, rendered: object) -> int:
        nonlocal calls
        calls += 1
        if calls == 3:
            dispatcher.stop()
        return await original(chat_id, rendered)  # type: ignore[arg-type]

    dispatcher.sender.send = send_then_stop  # type: ignore[method-assign]
    report = await dispatcher.run_once()
    assert (report.sent, report.released) == (3, 7)
    async with store.uow() as uow:
        counts = await uow.reminders.counts_by_state()
    assert counts == {"sent": 3, "pending": 7}


async def test_a_client_who_writes_again_is_reachable_again(store: CaseStore) -> None:
    from dialogs.conversation import Conversation
    from dialogs.events import ChatState, Command

    client_id = await linked_client(store, 504, "tr")
    async with store.uow() as uow:
        await uow.clients.set_unreachable(client_id, True)
    conversation = Conversation(
        store=store, municipalities=awake_municipalities(), default_municipality="demo"
    )
    await conversation.turn(504, 504, ChatState(lang="tr", stage="menu"), Command("menu"))
    async with store.uow() as uow:
        assert not (await uow.clients.get(client_id)).unreachable

"""Answering reminders when things are not tidy: a double tap, and a tap after the cancellation."""

from __future__ import annotations

from casestore.uow import CaseStore
from dialogs import reminders
from tests.e2e.conftest import StartBot
from tests.e2e.expect import assert_replies, link, new_client
from tests.e2e.reminder_delivery import cancel_and_notify, deliver_next_reminder, planned_appointment
from tests.e2e.telegram_user import TelegramUser


async def test_a_double_tap_is_answered_kindly_and_stored_once(
    sqlite_store: CaseStore, start_bot: StartBot
) -> None:
    store = sqlite_store
    client, code = await new_client(store, lang="ti")
    intake = await planned_appointment(store, client.id, days=3, kind="brede_intake")
    lesson = await planned_appointment(store, client.id, days=12, kind="taalles")
    harness = await start_bot(store)
    user = TelegramUser(harness, user_id=740_001, first_name="Tesfay")
    await link(store, user, code, "ti")

    await deliver_next_reminder(store, harness.bot, intake.id)
    [reminder] = await user.received()
    action = reminders.answer_action(intake.id, "c")
    assert_replies(await user.tap(reminder, action), [reminders.thanks_coming(repeat=False)], "ti")
    assert (await user.current(reminder)).buttons == []
    # The second tap of a double tap left the phone before the buttons were removed.
    assert_replies(await user.tap(reminder, action, force=True), [reminders.thanks_coming(repeat=True)], "ti")
    async with store.uow() as uow:
        assert [r.answer for r in await uow.responses.for_appointment(intake.id)] == ["coming"]

    await deliver_next_reminder(store, harness.bot, lesson.id)
    [reminder] = await user.received()
    cannot = reminders.answer_action(lesson.id, "n")
    [ask] = await user.tap(reminder, cannot)
    assert_replies([ask], [reminders.ask_reason(repeat=False)], "ti")
    assert_replies(await user.tap(reminder, cannot, force=True), [reminders.ask_reason(repeat=True)], "ti")
    assert_replies(await user.tap(ask, reminders.SKIP_REASON), [reminders.reason_skipped()], "ti")
    async with store.uow() as uow:
        [declined] = await uow.responses.for_appointment(lesson.id)
    assert (declined.answer, declined.reason) == ("not_coming", None)


async def test_a_tap_after_the_appointment_was_cancelled_stores_nothing(
    sqlite_store: CaseStore, start_bot: StartBot
) -> None:
    store = sqlite_store
    client, code = await new_client(store, lang="so")
    talk = await planned_appointment(store, client.id, days=5, kind="voortgangsgesprek")
    harness = await start_bot(store)
    user = TelegramUser(harness, user_id=750_001, first_name="Hodan")
    await link(store, user, code, "so")

    await deliver_next_reminder(store, harness.bot, talk.id)
    [reminder] = await user.received()
    await cancel_and_notify(store, harness.bot, talk.id)
    async with store.uow() as uow:
        cancelled = await uow.appointments.get(talk.id)
    [notice] = await user.received()
    assert_replies([notice], [reminders.cancellation_reply(cancelled)], "so")

    # The old reminder still shows its buttons; tapping one now gets a clear answer, nothing is stored.
    answer = await user.tap(reminder, reminders.answer_action(talk.id, "c"))
    assert_replies(answer, [reminders.already_cancelled()], "so")
    assert (await user.current(reminder)).buttons == []
    async with store.uow() as uow:
        assert await uow.responses.for_appointment(talk.id) == []

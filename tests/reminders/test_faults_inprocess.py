"""Send failures in-process against the fake Bot API: 5xx, timeouts, 429 pauses, retries that give up."""

from __future__ import annotations

import asyncio

from aiogram import Bot

from casestore.uow import CaseStore
from reminders.dispatcher import dispatch_due
from tests.reminders.conftest import awake_municipalities, fast_settings, seed_due_reminders
from tests.support.fake_bot_api import FakeBotApi

MUNICIPALITIES = awake_municipalities()


async def _until_done(store: CaseStore, bot: Bot, **settings: object) -> None:
    """Run dispatch passes (retries come due after their backoff) until nothing is pending; bounded."""
    for _ in range(60):
        await dispatch_due(store, bot, municipalities=MUNICIPALITIES, settings=fast_settings(**settings))
        async with store.uow() as uow:
            counts = await uow.reminders.counts_by_state()
        if not counts.get("pending") and not counts.get("sending"):
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"still open after 60 passes: {counts}")


async def test_server_errors_and_lost_requests_are_retried_and_delivered_once(
    store: CaseStore, fake_api: FakeBotApi, bot: Bot
) -> None:
    chats = await seed_due_reminders(store, 20, 9_000)
    fake_api.fail_next(3, 500)
    fake_api.hang_next(2, seconds=1.5, deliver=False)  # the request never reached Telegram
    await _until_done(store, bot, send_timeout=0.5)
    assert fake_api.per_chat() == {chat: 1 for chat in chats}
    async with store.uow() as uow:
        assert await uow.reminders.counts_by_state() == {"sent": 20}


async def test_a_lost_response_can_repeat_only_that_message(
    store: CaseStore, fake_api: FakeBotApi, bot: Bot
) -> None:
    """Telegram got it but the answer timed out: the Bot API has no idempotency key, so a retry repeats it."""
    chats = await seed_due_reminders(store, 10, 9_100)
    fake_api.hang_next(1, seconds=1.5, deliver=True)
    await _until_done(store, bot, send_timeout=0.5)
    received = fake_api.per_chat()
    assert set(received) == set(chats)
    assert sum(received.values()) - len(chats) <= 1  # at most the one timed-out request


async def test_a_chat_that_keeps_failing_is_given_up_after_max_attempts(
    store: CaseStore, fake_api: FakeBotApi, bot: Bot
) -> None:
    chats = await seed_due_reminders(store, 3, 9_200)
    fake_api.failing[chats[0]] = 502
    await _until_done(store, bot, max_attempts=3)
    attempts_on_bad = [a for a in fake_api.attempts if a.chat_id == chats[0]]
    assert len(attempts_on_bad) == 3
    assert fake_api.per_chat() == {chats[1]: 1, chats[2]: 1}
    async with store.uow() as uow:
        assert await uow.reminders.counts_by_state() == {"sent": 2, "failed": 1}


async def test_a_429_pauses_sending_for_retry_after(store: CaseStore, fake_api: FakeBotApi, bot: Bot) -> None:
    chats = await seed_due_reminders(store, 5, 9_300)
    fake_api.fail_next(1, 429, retry_after=1)
    report = await dispatch_due(store, bot, municipalities=MUNICIPALITIES, settings=fast_settings())
    assert report.rate_limited == 1 and report.sent == 5
    assert fake_api.per_chat() == {chat: 1 for chat in chats}
    limited_at = next(a.at for a in fake_api.attempts if a.status == 429)
    assert min(d.at for d in fake_api.delivered) >= limited_at + 0.95

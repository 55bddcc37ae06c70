"""Hostile text shown by the bot stays inert: plain text, no parse mode, no entities, byte for byte.

A location typed by staff (shown in the appointment list and in reminders) and a question typed by
a user carry HTML, Markdown, an attribute break-out and a right-to-left override. The bot must send
them without `parse_mode` and without `entities`, so Telegram shows them as the characters they are.
"""

from __future__ import annotations

from typing import Any

from aiogram import Bot
from aiogram.client.default import Default
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.methods import EditMessageReplyMarkup, EditMessageText, SendMessage, TelegramMethod
from aiogram.methods.base import TelegramType

from casestore.uow import CaseStore
from dialogs import reminders
from tests.e2e.conftest import StartBot
from tests.e2e.expect import link, new_client
from tests.e2e.reminder_delivery import deliver_next_reminder, planned_appointment
from tests.e2e.telegram_user import BotMessage, TelegramUser

SCRIPT = "<script>alert(1)</script>"
MARKDOWN = "*bold* _x_ [l](http://e.vil)"
BREAKOUT = '"><img src=x onerror=alert(1)>'
RTL_OVERRIDE = "\u202egnp.exe"
HOSTILE = f"{SCRIPT} {MARKDOWN} {BREAKOUT} {RTL_OVERRIDE}"
FORMATTING_FIELDS = ("parse_mode", "entities", "caption_entities")


class RecordRequests(BaseRequestMiddleware):
    """Every Bot API call our bot makes, as the method object aiogram serialises."""

    def __init__(self) -> None:
        self.methods: list[TelegramMethod[Any]] = []

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Any:
        self.methods.append(method)
        return await make_request(bot, method)


def formatting_requested(bot: Bot, methods: list[TelegramMethod[Any]]) -> list[tuple[str, str, object]]:
    """(method, field, value) for every call that asked Telegram to parse or mark up text."""
    found = []
    for method in methods:
        for field in FORMATTING_FIELDS:
            value = getattr(method, field, None)
            if isinstance(value, Default):
                value = bot.default[value.name]
            if value is not None:
                found.append((type(method).__name__, field, value))
    return found


def with_text(messages: list[BotMessage], text: str) -> BotMessage:
    [message] = [m for m in messages if m.text and text in m.text]
    return message


async def test_hostile_location_and_question_reach_the_user_as_literal_text(
    sqlite_store: CaseStore, start_bot: StartBot
) -> None:
    store = sqlite_store
    client, code = await new_client(store, lang="nl", name="Hostile Test")
    appointment = await planned_appointment(store, client.id, days=3, location=HOSTILE)
    harness = await start_bot(store)
    recorder = RecordRequests()
    harness.bot.session.middleware(recorder)
    user = TelegramUser(harness, user_id=740_001, first_name=SCRIPT, language_code="nl")

    await link(store, user, code, "nl")
    listing = with_text(await user.send("/afspraken"), HOSTILE)
    await deliver_next_reminder(store, harness.bot, appointment.id)
    reminder = with_text(await user.received(), HOSTILE)
    await user.tap(reminder, reminders.answer_action(appointment.id, "c"))
    await user.send(HOSTILE)  # a question: stored verbatim, never interpreted
    await user.send(MARKDOWN)

    for message in (listing, reminder):
        assert "entities" not in message.raw
        assert SCRIPT in message.text and MARKDOWN in message.text and BREAKOUT in message.text
        assert RTL_OVERRIDE in message.text
    sends = [m for m in recorder.methods if isinstance(m, SendMessage)]
    assert sum(HOSTILE in m.text for m in sends) == 2  # the list and the reminder, as typed
    assert any(isinstance(m, EditMessageText | EditMessageReplyMarkup) for m in recorder.methods)
    assert formatting_requested(harness.bot, recorder.methods) == []

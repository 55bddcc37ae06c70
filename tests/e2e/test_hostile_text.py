"""Hostile text shown by the bot stays inert: plain text, no parse mode, no entities, isolated.

A location typed by staff (shown in the appointment list and in reminders) and a question typed by
a user carry HTML, Markdown, an attribute break-out and a right-to-left override. The bot must send
them without `parse_mode` and without `entities`, so Telegram shows them as the characters they are,
minus the override (removed when stored) and inside FSI…PDI, so they cannot reorder the bot's words.
A reason, a question and a regisseur's answer with unbalanced controls go the whole way too.
"""

from __future__ import annotations

from typing import Any

from aiogram import Bot
from aiogram.client.default import Default
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.methods import EditMessageReplyMarkup, EditMessageText, SendMessage, TelegramMethod
from aiogram.methods.base import TelegramType

from bot.sender import ReplySender
from casestore.repositories.caseload import Scope
from casestore.uow import CaseStore
from dialogs import reminders
from dialogs.answers import deliver_answers
from dialogs.reply import Reply
from locales.bidi import FSI, PDI, RLE, RLO, neutralise
from tests.e2e.conftest import StartBot
from tests.e2e.expect import link, new_client
from tests.e2e.reminder_delivery import deliver_next_reminder, planned_appointment
from tests.e2e.telegram_user import BotMessage, TelegramUser
from tests.support.bidi import has_embedding_or_override, isolates_balanced, outside_isolates

SCRIPT = "<script>alert(1)</script>"
MARKDOWN = "*bold* _x_ [l](http://e.vil)"
BREAKOUT = '"><img src=x onerror=alert(1)>'
RTL_OVERRIDE = "\u202egnp.exe"
HOSTILE = f"{SCRIPT} {MARKDOWN} {BREAKOUT} {RTL_OVERRIDE}"
SHOWN = neutralise(HOSTILE)  # as stored and shown: every character but the override
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
    listing = with_text(await user.send("/afspraken"), SHOWN)
    await deliver_next_reminder(store, harness.bot, appointment.id)
    reminder = with_text(await user.received(), SHOWN)
    await user.tap(reminder, reminders.answer_action(appointment.id, "c"))
    await user.send(HOSTILE)  # a question: stored verbatim, never interpreted
    await user.send(MARKDOWN)

    for message in (listing, reminder):
        assert "entities" not in message.raw
        assert SCRIPT in message.text and MARKDOWN in message.text and BREAKOUT in message.text
        assert f"{FSI}{SHOWN}{PDI}" in message.text  # the location, isolated
        outside = outside_isolates(message.text)
        assert "gnp.exe" not in outside and SCRIPT not in outside
        assert isolates_balanced(message.text) and not has_embedding_or_override(message.text)
    sends = [m for m in recorder.methods if isinstance(m, SendMessage)]
    assert sum(f"{FSI}{SHOWN}{PDI}" in m.text for m in sends) == 2  # the list and the reminder
    assert any(isinstance(m, EditMessageText | EditMessageReplyMarkup) for m in recorder.methods)
    assert formatting_requested(harness.bot, recorder.methods) == []


REASON = f"{RLE}لا أستطيع الحضور يوم 12، عندي موعد طبيب الساعة 10:30"
QUESTION = f"{RLO}gnp.exe هل أحضر جواز السفر؟ {PDI}{PDI}"
ANSWER = f"Ja, neem je paspoort mee.{PDI} Kom om {RLO}10:30{PDI}."


async def test_a_reason_a_question_and_the_answer_go_the_whole_way_neutralised_and_isolated(
    sqlite_store: CaseStore, start_bot: StartBot
) -> None:
    store = sqlite_store
    client, code = await new_client(store, lang="ar", name=HOSTILE)
    declined = await planned_appointment(store, client.id, days=3, location="مركز المدينة، شارع 12")
    asked = await planned_appointment(store, client.id, days=12, kind="taalles")
    harness = await start_bot(store)
    user = TelegramUser(harness, user_id=740_002, first_name=SCRIPT, language_code="ar")
    await link(store, user, code, "ar")

    await deliver_next_reminder(store, harness.bot, declined.id)
    [reminder] = await user.received()
    assert "\u2068مركز المدينة، شارع 12\u2069" in (reminder.text or "")
    await user.tap(reminder, reminders.answer_action(declined.id, "n"))
    await user.send(REASON)
    await deliver_next_reminder(store, harness.bot, asked.id)
    [reminder] = await user.received()
    await user.tap(reminder, reminders.answer_action(asked.id, "q"))
    await user.send(QUESTION)

    async with store.uow() as uow:
        [response] = await uow.responses.for_appointment(declined.id)
        [question] = await uow.questions.for_client(client.id)
        regisseur = await uow.staff.add(
            municipality_code="demo", username="r", display_name=HOSTILE, role="regisseur", password_hash=""
        )
        await uow.inbox.answer(Scope("demo"), question.id, regisseur.id, ANSWER)
    assert response.reason == REASON[1:]  # the unbalanced embedding is gone, the words are all there
    # The override is gone, and so are the two PDIs that closed nothing.
    assert question.text.strip() == "gnp.exe هل أحضر جواز السفر؟"

    sender = ReplySender(harness.bot)

    async def send(chat_id: int, reply: Reply, lang: str, mode: str) -> bool:
        return await sender.send(chat_id, reply, lang, mode) is not None

    assert await deliver_answers(store, send) == 1
    [delivered] = await user.received()
    text = delivered.text or ""
    assert f"{FSI}Ja, neem je paspoort mee. Kom om 10:30.{PDI}" in text
    assert "paspoort" not in outside_isolates(text) and "10:30" not in outside_isolates(text)
    assert isolates_balanced(text) and not has_embedding_or_override(text)

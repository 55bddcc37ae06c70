"""Logs carry ids, never content: a whole conversation with every logger at DEBUG, scanned for it.

The demo client's name, the Telegram first name, the questions, the reason, the location, the invite
code and the bot token's secret half are distinctive strings; none of them may appear in any log
record: its formatted message, its args, or the `extra` fields the key=value formatter prints.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from casestore.uow import CaseStore
from dialogs import reminders
from inburgerbot.logs import KeyValueFormatter
from tests.e2e.conftest import StartBot
from tests.e2e.expect import new_client
from tests.e2e.reminder_delivery import deliver_next_reminder, planned_appointment
from tests.e2e.telegram_user import BotMessage, TelegramUser

CLIENT_NAME = "Zenobia Quirijnsdochter-Vlasblom"
TELEGRAM_NAME = "Xanthippe"
LOCATION = "Kasteel Wolkenvlinder, Pelikaanstraat 917"
# Arabic, in the user's language and about no topic, so the bot offers to forward it.
UNKNOWN_QUESTION = "أين أجد دراجة زرقاء للبيع قرب البحيرة؟"
REASON = "Mijn zebravink Barnabas is ziek"


class Collect(logging.Handler):
    """Keeps every record, whatever its level."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def every_log_record() -> Iterator[Collect]:
    """A handler on the root logger with every logger (aiogram, sqlalchemy, httpx, ours) at DEBUG."""
    handler = Collect()
    root = logging.getLogger()
    loggers = [logging.getLogger(name) for name in list(logging.root.manager.loggerDict)]
    saved = [(logger, logger.level, logger.disabled) for logger in [root, *loggers]]
    for logger, _, _ in saved:
        logger.setLevel(logging.NOTSET)
        logger.disabled = False
    root.setLevel(logging.DEBUG)
    root.addHandler(handler)
    try:
        yield handler
    finally:
        root.removeHandler(handler)
        for logger, level, disabled in saved:
            logger.setLevel(level)
            logger.disabled = disabled


def _forward_button(messages: list[BotMessage]) -> tuple[BotMessage, str]:
    for message in messages:
        if "forward:yes" in message.actions:
            return message, "forward:yes"
    raise AssertionError(f"the bot did not offer to forward the question: {[m.text for m in messages]}")


async def test_a_whole_conversation_logs_no_names_texts_or_codes(
    store: CaseStore, start_bot: StartBot, every_log_record: Collect
) -> None:
    client, code = await new_client(store, lang="nl", name=CLIENT_NAME)
    pip = await planned_appointment(store, client.id, days=3, location=LOCATION, interpreter="ar")
    progress = await planned_appointment(
        store, client.id, days=10, kind="voortgangsgesprek", location=LOCATION
    )
    harness = await start_bot(store)
    user = TelegramUser(harness, user_id=730_001, first_name=TELEGRAM_NAME, language_code="ar")

    [languages] = await user.send(f"/start {code}")
    [consent] = await user.tap(languages, "lang:ar")
    [welcome] = await user.tap(consent, "consent:yes")
    [listing] = await user.tap(welcome, "appointments")
    assert LOCATION in (listing.text or "")  # the location really went through the bot

    offer = await user.send(UNKNOWN_QUESTION)
    await user.tap(*_forward_button(offer))
    async with store.uow() as uow:
        [question] = await uow.questions.for_client(client.id)
    assert question.text == UNKNOWN_QUESTION

    await deliver_next_reminder(store, harness.bot, pip.id)
    [reminder] = await user.received()
    await user.tap(reminder, reminders.answer_action(pip.id, "c"))
    await deliver_next_reminder(store, harness.bot, progress.id)
    [reminder] = await user.received()
    await user.tap(reminder, reminders.answer_action(progress.id, "n"))
    await user.send(REASON)
    async with store.uow() as uow:
        [declined] = await uow.responses.for_appointment(progress.id)
    assert declined.reason == REASON

    [overview] = await user.send("/privacy")
    await user.tap(overview, "privacy:export")
    [confirm] = await user.tap(overview, "privacy:delete")
    await user.tap(confirm, "privacy:delete_yes")
    await user.send(f"/start {code}")  # a used code again: refused, and the refusal is logged

    secret = harness.token.split(":", 1)[1]
    forbidden = [CLIENT_NAME, TELEGRAM_NAME, LOCATION, UNKNOWN_QUESTION, REASON, code, secret]
    records = every_log_record.records
    assert len(records) > 20, "the scan must see the conversation's log records"
    assert any(r.name.startswith("dialogs") for r in records)
    formatter = KeyValueFormatter("%(name)s %(message)s")
    leaks = []
    for record in records:
        shown = [formatter.format(record), repr(record.args)]
        for word in forbidden:
            if any(word in text for text in shown):
                leaks.append((record.name, record.levelname, word))
    assert sorted(set(leaks)) == [], "\n".join(map(str, sorted(set(leaks))))

"""The launcher's corrections of telegram-test-api, checked with aiogram as the bot uses it.

Each test names the defect of telegram-test-api 4.2.1 it guards against (see tests/e2e/README.md).
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass

import httpx
import pytest
from aiogram import Bot
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramConflictError,
    TelegramForbiddenError,
    TelegramRetryAfter,
)
from aiogram.types import BotCommand, BufferedInputFile, InlineKeyboardButton, InlineKeyboardMarkup

from bot.factory import create_bot
from tests.e2e.emulator_process import EmulatorProcess
from tests.e2e.harness import new_token
from tests.e2e.telegram_user import EmulatorClient, EmulatorError

USER = {"id": 5001, "is_bot": False, "first_name": "Emu"}
CHAT = {"id": 5001, "type": "private", "first_name": "Emu"}
KEYBOARD = InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text="A", callback_data="a:1")]])
# A 2x1 PNG (signature, IHDR), enough for the size Telegram reports.
PNG_2X1 = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000002000000010806000000")


@dataclass
class Pair:
    bot: Bot
    client: EmulatorClient


@pytest.fixture
async def pair(emulator: EmulatorProcess) -> AsyncIterator[Pair]:
    token = new_token()
    bot = create_bot(token, emulator.url)
    client = EmulatorClient(emulator.url, token)
    yield Pair(bot, client)
    await bot.session.close()
    await client.close()


async def _user_writes(pair: Pair, text: str = "hallo") -> int:
    ids = await pair.client.call("/sendMessage", **{"from": USER, "chat": CHAT, "text": text})
    return int(ids["update_id"])


async def test_get_me_says_it_is_a_bot(pair: Pair) -> None:
    me = await pair.bot.get_me()
    assert me.is_bot is True and me.id == pair.bot.id and me.username


async def test_dates_are_unix_seconds(pair: Pair) -> None:
    await _user_writes(pair)
    [update] = await pair.bot.get_updates()
    sent = await pair.bot.send_message(CHAT["id"], "hoi")
    for date in (update.message.date, sent.date):  # type: ignore[union-attr]
        assert abs(date.timestamp() - time.time()) < 10


async def test_get_updates_waits_for_the_timeout_then_returns_early_on_a_message(pair: Pair) -> None:
    started = time.monotonic()
    assert await pair.bot.get_updates(timeout=1) == []
    assert 0.9 <= time.monotonic() - started < 3

    waiting = asyncio.create_task(pair.bot.get_updates(timeout=10))
    await asyncio.sleep(0.2)
    started = time.monotonic()
    await _user_writes(pair)
    updates = await waiting
    assert len(updates) == 1 and time.monotonic() - started < 1


async def test_offset_confirms_updates(pair: Pair) -> None:
    first = await _user_writes(pair, "een")
    await _user_writes(pair, "twee")
    assert [u.update_id for u in await pair.bot.get_updates()] == [first, first + 1]
    assert [u.message.text for u in await pair.bot.get_updates(offset=first + 1)] == ["twee"]  # type: ignore[union-attr]
    assert await pair.bot.get_updates(offset=first + 2) == []


async def test_idle_polling_does_not_busy_loop(pair: Pair) -> None:
    """aiogram's long poll against the emulator: a handful of requests while idle, not hundreds."""
    calls_before = (await pair.client.status())["getUpdatesCalls"]
    deadline = time.monotonic() + 1.5
    while time.monotonic() < deadline:
        await pair.bot.get_updates(timeout=1)
    assert (await pair.client.status())["getUpdatesCalls"] - calls_before <= 2


async def test_callback_query_has_chat_instance_and_the_message_with_its_keyboard(pair: Pair) -> None:
    await _user_writes(pair)
    sent = await pair.bot.send_message(CHAT["id"], "kies", reply_markup=KEYBOARD)
    ids = await pair.client.call(
        "/sendCallback", **{"from": USER, "message_id": sent.message_id, "data": "a:1"}
    )
    updates = await pair.bot.get_updates(offset=ids["update_id"])
    query = updates[-1].callback_query
    assert query is not None and query.chat_instance and query.data == "a:1"
    assert query.message is not None and query.message.message_id == sent.message_id
    markup = query.message.reply_markup  # type: ignore[union-attr]
    assert markup is not None and markup.model_dump(exclude_none=True) == KEYBOARD.model_dump(
        exclude_none=True
    )
    assert await pair.bot.answer_callback_query(query.id) is True
    with pytest.raises(TelegramBadRequest, match="query is too old"):
        await pair.bot.answer_callback_query(query.id)
    with pytest.raises(EmulatorError, match="no button"):
        await pair.client.call(
            "/sendCallback", **{"from": USER, "message_id": sent.message_id, "data": "b:2"}
        )


async def test_edits_return_the_message_and_remove_the_keyboard(pair: Pair) -> None:
    await _user_writes(pair)
    sent = await pair.bot.send_message(CHAT["id"], "kies", reply_markup=KEYBOARD)
    edited = await pair.bot.edit_message_reply_markup(chat_id=CHAT["id"], message_id=sent.message_id)
    assert not isinstance(edited, bool) and edited.reply_markup is None and edited.edit_date is not None
    shown = await pair.client.call("/getMessage", chatId=CHAT["id"], messageId=sent.message_id)
    assert "reply_markup" not in shown
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await pair.bot.edit_message_reply_markup(chat_id=CHAT["id"], message_id=sent.message_id)
    text = await pair.bot.edit_message_text("nieuw", chat_id=CHAT["id"], message_id=sent.message_id)
    assert not isinstance(text, bool) and text.text == "nieuw"
    with pytest.raises(TelegramBadRequest, match="message to edit not found"):
        await pair.bot.edit_message_text("x", chat_id=CHAT["id"], message_id=999_999)


async def test_files_come_back_telegram_shaped_and_downloadable(pair: Pair) -> None:
    await _user_writes(pair)
    document = await pair.bot.send_document(
        CHAT["id"], BufferedInputFile(b'{"a": 1}', filename="my-data.json"), caption="data"
    )
    assert document.document is not None and document.document.file_name == "my-data.json"
    assert document.document.mime_type == "application/json" and document.caption == "data"
    downloaded = await pair.bot.download(document.document.file_id)
    assert downloaded is not None and json.loads(downloaded.read()) == {"a": 1}

    photo = await pair.bot.send_photo(CHAT["id"], BufferedInputFile(PNG_2X1, filename="card.png"))
    assert photo.photo is not None and (photo.photo[-1].width, photo.photo[-1].height) == (2, 1)
    voice = await pair.bot.send_voice(
        CHAT["id"], BufferedInputFile(b"OggS" + bytes(60), filename="v.ogg"), duration=3
    )
    assert voice.voice is not None and voice.voice.duration == 3 and voice.voice.mime_type == "audio/ogg"
    again = await pair.bot.send_document(CHAT["id"], document.document.file_id)
    assert again.document is not None and again.document.file_unique_id == document.document.file_unique_id


async def test_commands_and_chat_actions_are_answered(pair: Pair) -> None:
    await _user_writes(pair)
    commands = [BotCommand(command="menu", description="Menu")]
    assert await pair.bot.set_my_commands(commands, language_code="ar") is True
    got = await pair.bot.get_my_commands(language_code="ar")
    assert [(c.command, c.description) for c in got] == [("menu", "Menu")]
    assert await pair.bot.get_my_commands() == []
    assert await pair.bot.send_chat_action(CHAT["id"], "typing") is True
    with pytest.raises(TelegramBadRequest, match="BOT_COMMAND_INVALID"):
        await pair.bot.set_my_commands([BotCommand(command="Not-valid", description="x")])


async def test_errors_are_telegram_shaped(pair: Pair, emulator: EmulatorProcess) -> None:
    async with httpx.AsyncClient(trust_env=False) as http:
        response = await http.post(f"{emulator.url}/bot{pair.bot.token}/sendSticker", data={"chat_id": 1})
    assert response.status_code == 404
    assert response.json() == {"ok": False, "error_code": 404, "description": "Not Found"}
    with pytest.raises(TelegramBadRequest, match="chat not found"):
        await pair.bot.send_message(424242, "niemand")
    await _user_writes(pair)
    with pytest.raises(TelegramBadRequest, match="message is too long"):
        await pair.bot.send_message(CHAT["id"], "x" * 4097)
    with pytest.raises(TelegramBadRequest, match="BUTTON_DATA_INVALID"):
        markup = InlineKeyboardMarkup(
            inline_keyboard=[[InlineKeyboardButton(text="A", callback_data="a" * 65)]]
        )
        await pair.bot.send_message(CHAT["id"], "x", reply_markup=markup)
    with pytest.raises(TelegramBadRequest, match="message to delete not found"):
        await pair.bot.delete_message(CHAT["id"], 999_999)


async def test_faults_on_demand_429_and_blocked(pair: Pair) -> None:
    await _user_writes(pair)
    await pair.client.call("/failNext", method="sendMessage", error_code=429, retry_after=3)
    with pytest.raises(TelegramRetryAfter) as retry:
        await pair.bot.send_message(CHAT["id"], "te snel")
    assert retry.value.retry_after == 3
    assert (await pair.bot.send_message(CHAT["id"], "weer goed")).text == "weer goed"
    await pair.client.call("/blockChat", chatId=CHAT["id"])
    with pytest.raises(TelegramForbiddenError, match="blocked"):
        await pair.bot.send_message(CHAT["id"], "hallo?")


async def test_webhook_conflicts_with_polling_and_rejects_bad_secrets(pair: Pair) -> None:
    with pytest.raises(TelegramBadRequest, match="unallowed characters"):
        await pair.bot.set_webhook("http://127.0.0.1:9/hook", secret_token="not secret!")
    with pytest.raises(TelegramBadRequest, match="loopback"):
        await pair.bot.set_webhook("https://example.org/hook")
    assert await pair.bot.set_webhook("http://127.0.0.1:9/hook", secret_token="s3cret") is True
    assert (await pair.bot.get_webhook_info()).url == "http://127.0.0.1:9/hook"
    with pytest.raises(TelegramConflictError):
        await pair.bot.get_updates()
    assert await pair.bot.delete_webhook() is True
    assert await pair.bot.get_updates() == []

"""Dialog state in Redis (the real server at 127.0.0.1:6379) outlives the dispatcher; without Redis, memory.

Redis must be running for these tests (CI starts it in .ci/run); when it is not, they fail.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncGenerator, AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from aiogram import Bot
from aiogram.client.session.base import BaseSession
from aiogram.fsm.storage.base import StorageKey
from aiogram.fsm.storage.memory import MemoryStorage
from aiogram.fsm.storage.redis import RedisStorage
from aiogram.methods import SendMessage, TelegramMethod
from aiogram.types import Chat, Message, Update

from bot.factory import create_dispatcher
from bot.storage import KEY_PREFIX, STATE_TTL, FallbackStorage, create_storage
from casestore.uow import CaseStore
from dialogs import language, menu
from dialogs.events import ChatContext
from dialogs.render import render
from inburgerbot.app import App, build_app
from municipalities.config import load_municipalities
from tests.e2e.harness import app_settings, new_token

REDIS_URL = "redis://127.0.0.1:6379/0"
UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"
USER = {"id": 880_001, "is_bot": False, "first_name": "Redis"}
CHAT = {"id": 880_001, "type": "private", "first_name": "Redis"}


class RecordingSession(BaseSession):
    """Answers like the Bot API without a network: a Message for sends, True for everything else."""

    def __init__(self) -> None:
        super().__init__()
        self.requests: list[TelegramMethod[Any]] = []

    async def make_request(
        self,
        bot: Bot,
        method: TelegramMethod[Any],
        timeout: int | None = None,  # noqa: ASYNC109 - aiogram's
    ) -> Any:
        self.requests.append(method)
        if isinstance(method, SendMessage):
            chat = Chat(id=int(method.chat_id), type="private")
            return Message(message_id=len(self.requests), date=datetime.now(UTC), chat=chat, text=method.text)
        return True

    async def close(self) -> None:
        return None

    def stream_content(self, *args: Any, **kwargs: Any) -> AsyncGenerator[bytes, None]:
        raise NotImplementedError

    def texts(self) -> list[str]:
        return [m.text for m in self.requests if isinstance(m, SendMessage)]


@pytest.fixture
async def app(sqlite_store: CaseStore, tmp_path: Path) -> AsyncIterator[App]:
    built = build_app(app_settings(sqlite_store, "http://127.0.0.1:9", new_token(), tmp_path))
    yield built
    await built.store.dispose()
    built.translator.close()


@pytest.fixture
async def bot(app: AsyncIterator[App]) -> AsyncIterator[Bot]:
    session = RecordingSession()
    bot = Bot(token=new_token(), session=session)
    yield bot
    cleanup = RedisStorage.from_url(REDIS_URL)
    try:
        keys = [key async for key in cleanup.redis.scan_iter(match=f"{KEY_PREFIX}:{bot.id}:*")]
        if keys:
            await cleanup.redis.delete(*keys)
    finally:
        await cleanup.close()


def _message(update_id: int, text: str) -> dict[str, Any]:
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": int(time.time()),
            "chat": CHAT,
            "from": USER,
            "text": text,
        },
    }


def _tap(update_id: int, data: str) -> dict[str, Any]:
    message = {"message_id": 1, "date": int(time.time()), "chat": CHAT, "text": "…"}
    return {
        "update_id": update_id,
        "callback_query": {
            "id": str(update_id),
            "from": USER,
            "chat_instance": "1",
            "message": message,
            "data": data,
        },
    }


async def _feed(app: App, bot: Bot, storage: Any, *updates: dict[str, Any]) -> None:
    dispatcher = create_dispatcher(app, bot, storage)
    for raw in updates:
        await dispatcher.feed_update(bot, Update.model_validate(raw, context={"bot": bot}))


@pytest.mark.redis
async def test_dialog_state_survives_a_new_dispatcher_and_expires(app: App, bot: Bot) -> None:
    session = bot.session
    assert isinstance(session, RecordingSession)
    first = await create_storage(REDIS_URL)
    assert isinstance(first, FallbackStorage) and first.using_redis, (
        "Redis at 127.0.0.1:6379 is not reachable; start it, tests need it"
    )
    try:
        await _feed(app, bot, first, _message(1, "/start"), _tap(2, "lang:ar"))
    finally:
        await first.close()
    assert session.texts()[0] == render(language.language_menu(), "nl").combined()

    # A new process: new storage object, new dispatcher. The language choice is still there.
    second = await create_storage(REDIS_URL)
    try:
        await _feed(app, bot, second, _message(3, "/menu"))
        keys = [key async for key in second.redis.scan_iter(match=f"{KEY_PREFIX}:{bot.id}:*")]  # type: ignore[attr-defined]
        ttls = [await second.redis.ttl(key) for key in keys]  # type: ignore[attr-defined]
    finally:
        await second.close()
    ctx = ChatContext(
        user_id=USER["id"], chat_id=CHAT["id"], client=None, municipality=load_municipalities()["demo"]
    )
    assert session.texts()[-1] == render(menu.main_menu(ctx), "ar").combined()
    assert keys and all(0 < ttl <= STATE_TTL for ttl in ttls)


async def test_unreachable_redis_falls_back_to_memory_with_a_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="bot.storage"):
        storage = await create_storage(UNREACHABLE_REDIS)
    assert isinstance(storage, FallbackStorage) and not storage.using_redis
    assert time.monotonic() - started < 5
    assert [r.getMessage() for r in caplog.records if r.name == "bot.storage"] == [
        "Redis not reachable; dialog state is kept in memory for now"
    ]
    key = StorageKey(bot_id=1, chat_id=2, user_id=2)
    await storage.set_data(key, {"stage": "menu"})  # served from memory, no second warning
    assert await storage.get_data(key) == {"stage": "menu"}
    assert len([r for r in caplog.records if r.name == "bot.storage"]) == 1
    await storage.close()


async def test_without_redis_url_state_is_in_memory(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="bot.storage"):
        storage = await create_storage(None)
    assert isinstance(storage, MemoryStorage) and not caplog.records

"""bot/retry.py: which Bot API failures a reply survives, and which it must not hide."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from datetime import UTC, datetime
from typing import Any

import pytest
from aiogram import Bot
from aiogram.client.session.base import BaseSession
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.methods import GetUpdates, TelegramMethod
from aiogram.types import Chat, Message

from bot import retry

TOKEN = "42:TEST"


class FlakySession(BaseSession):
    """Raises the queued errors one per call, then answers like the Bot API."""

    def __init__(self, errors: list[type[Exception] | Exception]) -> None:
        super().__init__()
        self.errors = list(errors)
        self.calls = 0

    async def make_request(
        self,
        bot: Bot,
        method: TelegramMethod[Any],
        timeout: int | None = None,  # noqa: ASYNC109 - aiogram's
    ) -> Any:
        self.calls += 1
        if self.errors:
            error = self.errors.pop(0)
            if isinstance(error, Exception):
                raise error
            raise error(method=method, message="boom")
        if isinstance(method, GetUpdates):
            return []
        return Message(message_id=self.calls, date=datetime.now(UTC), chat=Chat(id=1, type="private"))

    async def close(self) -> None:
        return None

    def stream_content(self, *args: Any, **kwargs: Any) -> AsyncGenerator[bytes, None]:
        raise NotImplementedError


def _bot(session: FlakySession) -> Bot:
    bot = Bot(TOKEN, session=session)
    bot.session.middleware(retry.TransientRetry(delays=(0.0, 0.0, 0.0), max_retry_after=1))
    return bot


async def test_a_reply_survives_three_server_errors_and_timeouts_in_a_row() -> None:
    session = FlakySession([TelegramServerError, TelegramNetworkError, TelegramServerError])
    sent = await _bot(session).send_message(1, "hallo")
    assert sent.message_id == 4 and session.calls == 4


async def test_a_fourth_failure_is_reported_not_hidden() -> None:
    session = FlakySession([TelegramServerError] * 4)
    with pytest.raises(TelegramServerError):
        await _bot(session).send_message(1, "hallo")
    assert session.calls == 4


async def test_a_short_flood_wait_is_waited_out_a_long_one_is_not() -> None:
    short = FlakySession([TelegramRetryAfter(method=GetUpdates(), message="flood", retry_after=1)])
    assert (await _bot(short).send_message(1, "hallo")).message_id == 2
    long = FlakySession([TelegramRetryAfter(method=GetUpdates(), message="flood", retry_after=30)])
    with pytest.raises(TelegramRetryAfter):
        await _bot(long).send_message(1, "hallo")
    assert long.calls == 1


async def test_a_bad_request_and_polling_are_never_retried_here() -> None:
    bad = FlakySession([TelegramBadRequest])
    with pytest.raises(TelegramBadRequest):
        await _bot(bad).send_message(1, "hallo")
    assert bad.calls == 1
    polling = FlakySession([TelegramServerError])
    with pytest.raises(TelegramServerError):  # aiogram's polling loop has its own backoff
        await _bot(polling).get_updates()
    assert polling.calls == 1


def test_installing_twice_adds_the_retry_once() -> None:
    bot = Bot(TOKEN, session=FlakySession([]))
    retry.install(bot)
    retry.install(bot)
    assert sum(isinstance(m, retry.TransientRetry) for m in bot.session.middleware[:]) == 1


async def test_no_new_try_once_the_call_has_used_its_time_budget() -> None:
    session = FlakySession([TelegramServerError, TelegramServerError])
    bot = Bot(TOKEN, session=session)
    bot.session.middleware(retry.TransientRetry(delays=(0.2, 0.2, 0.2), budget=0.3))
    with pytest.raises(TelegramServerError):
        await bot.send_message(1, "hallo")
    assert session.calls == 2  # the first wait fits the budget, the second would not

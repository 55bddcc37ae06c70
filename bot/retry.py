"""Retry of the bot's own calls to the Bot API when Telegram stumbles (5xx, timeouts, a short flood wait).

A reply that fails on a passing server error would leave the user without an answer to something the
bot has already stored (their "I'm coming" is committed before the reply goes out), so replies are
tried again a few times. getUpdates is left alone: aiogram's polling loop has its own backoff.
The reminder worker does not use this either; its outbox has its own retry and lease rules.

The price: when a request timed out *after* Telegram delivered it, the user can see that reply twice.
A doubled "Thank you" is better than a silent bot.
"""

from __future__ import annotations

import asyncio
import logging

from aiogram import Bot
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramEntityTooLarge,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.methods import GetUpdates, TelegramMethod
from aiogram.methods.base import Response, TelegramType

log = logging.getLogger(__name__)

# Waits before the 2nd, 3rd and 4th try: a reply that needs longer is better reported as an error.
RETRY_DELAYS = (0.5, 1.0, 2.0)
# A flood wait longer than this is not waited out inside a user's turn.
MAX_RETRY_AFTER = 10
# No new try once a call has taken this long in all (its tries and waits): in webhook mode the turn
# runs inside Telegram's request, which Telegram repeats when it waits too long.
RETRY_BUDGET = 15.0


class TransientRetry(BaseRequestMiddleware):
    def __init__(
        self,
        delays: tuple[float, ...] = RETRY_DELAYS,
        max_retry_after: int = MAX_RETRY_AFTER,
        budget: float = RETRY_BUDGET,
    ) -> None:
        self.delays = delays
        self.max_retry_after = max_retry_after
        self.budget = budget

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        if method.__api_method__ == GetUpdates.__api_method__:  # polling backs off on its own
            return await make_request(bot, method)
        loop = asyncio.get_running_loop()
        started = loop.time()
        attempt = 0
        while True:
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as exc:
                if exc.retry_after > self.max_retry_after:
                    raise
                error: TelegramAPIError = exc
                wait = float(exc.retry_after)
            except TelegramEntityTooLarge:
                raise
            except (TelegramServerError, TelegramNetworkError) as exc:
                error = exc
                wait = self.delays[attempt] if attempt < len(self.delays) else 0.0
            if attempt >= len(self.delays) or loop.time() - started + wait > self.budget:
                raise error
            attempt += 1
            log.warning("bot api call retried", extra={"method": method.__api_method__, "wait_s": wait})
            await asyncio.sleep(wait)


def install(bot: Bot) -> None:
    """Add the retry to `bot` once (a bot can be given to more than one dispatcher)."""
    if not any(isinstance(m, TransientRetry) for m in bot.session.middleware[:]):
        bot.session.middleware(TransientRetry())

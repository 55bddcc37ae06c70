"""Flood control per Telegram user: someone sending 100 messages a minute slows down, others do not.

A token bucket per user: `burst` updates at once, refilled at `rate` per second. Over the limit the
user gets one kind notice per cool-down, and further updates are dropped until tokens return.
State is per process; with several bot workers each enforces its own share, which is still a bound.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import CallbackQuery, Message, TelegramObject

from bot.respond import STATE_KEY
from bot.sender import ReplySender
from dialogs.events import ChatState
from dialogs.reply import Msg, reply
from locales.markers import N_

MAX_TRACKED_USERS = 50_000


@dataclass
class Bucket:
    tokens: float
    updated: float
    warned: bool = False


class TokenBuckets:
    def __init__(
        self, rate: float = 1.0, burst: int = 20, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.rate, self.burst, self.clock = rate, burst, clock
        self._buckets: OrderedDict[int, Bucket] = OrderedDict()

    def take(self, user_id: int) -> tuple[bool, bool]:
        """(allowed, first refusal since the user was last allowed)."""
        now = self.clock()
        bucket = self._buckets.pop(user_id, None) or Bucket(tokens=float(self.burst), updated=now)
        bucket.tokens = min(float(self.burst), bucket.tokens + (now - bucket.updated) * self.rate)
        bucket.updated = now
        self._buckets[user_id] = bucket
        if len(self._buckets) > MAX_TRACKED_USERS:
            self._buckets.popitem(last=False)
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            bucket.warned = False
            return True, False
        first = not bucket.warned
        bucket.warned = True
        return False, first


class ThrottlingMiddleware(BaseMiddleware):
    """Outer middleware on messages and callback queries."""

    def __init__(self, buckets: TokenBuckets) -> None:
        self.buckets = buckets

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        user = getattr(event, "from_user", None)
        if user is None:
            return await handler(event, data)
        allowed, first_refusal = self.buckets.take(user.id)
        if allowed:
            return await handler(event, data)
        if isinstance(event, CallbackQuery):
            await event.answer()
        if first_refusal:
            chat_id = event.chat.id if isinstance(event, Message) else user.id
            sender: ReplySender = data["sender"]
            await sender.send(chat_id, slow_down(), await _language(data))
        return None


async def _language(data: dict[str, Any]) -> str:
    """The language in the dialog state (cheap: no database call while being flooded)."""
    state = data.get("state")
    if state is None:
        return "nl"
    chat = ChatState.from_dict((await state.get_data()).get(STATE_KEY))
    return chat.lang or "nl"


def slow_down() -> Any:
    return reply(Msg(N_("You are sending many messages at once. Please wait a moment, then try again.")))

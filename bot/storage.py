"""Dialog state storage: in memory by default, Redis in production (shared by all bot workers).

When Redis is configured the bot never depends on it being up: `FallbackStorage` uses Redis while it
answers, keeps dialog state in memory (with one warning) while it does not, tries Redis again every
`retry_after` seconds, and on recovery moves what was written in memory meanwhile back into Redis.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, TypeVar

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, DefaultKeyBuilder, StateType, StorageKey
from aiogram.fsm.storage.memory import MemoryStorage
from aiogram.fsm.storage.redis import RedisStorage
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

KEY_PREFIX = "inburgerbot:fsm"
STATE_TTL = 7 * 86400  # a dialog left half-way is forgotten after a week
RETRY_AFTER = 30.0  # seconds between attempts to reach Redis again while it is down
# A Redis that hangs must not hang the bot: every call gives up after this many seconds.
REDIS_TIMEOUT = 2.0

T = TypeVar("T")


class FallbackStorage(BaseStorage):
    """Redis when it answers, memory when it does not; switches back by itself."""

    def __init__(
        self,
        redis: RedisStorage,
        *,
        up: bool = True,
        retry_after: float = RETRY_AFTER,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.primary = redis
        self.memory = MemoryStorage()
        self.retry_after = retry_after
        self.clock = clock
        self._up = up
        self._retry_at = 0.0 if up else clock() + retry_after

    @property
    def redis(self) -> Any:
        """The Redis client (for inspection and clean-up)."""
        return self.primary.redis

    @property
    def using_redis(self) -> bool:
        return self._up

    def _went_down(self, exc: BaseException) -> None:
        if self._up:
            log.warning(
                "Redis not reachable; dialog state is kept in memory for now",
                extra={"error": exc.__class__.__name__},
            )
        self._up = False
        self._retry_at = self.clock() + self.retry_after

    async def _try_recover(self) -> None:
        if self._up or self.clock() < self._retry_at:
            return
        try:
            await self.primary.redis.ping()
            await self._move_memory_to_redis()
        except (RedisError, OSError) as exc:
            self._went_down(exc)
            return
        self._up = True
        log.warning("Redis reachable again; dialog state is kept in Redis")

    async def _move_memory_to_redis(self) -> None:
        """What users did during the outage is newer than Redis's copy: it wins."""
        for key, record in list(self.memory.storage.items()):
            await self.primary.set_state(key, record.state)
            await self.primary.set_data(key, record.data)
            del self.memory.storage[key]

    async def _call(self, on_redis: Callable[[], Awaitable[T]], in_memory: Callable[[], Awaitable[T]]) -> T:
        await self._try_recover()
        if self._up:
            try:
                return await on_redis()
            except (RedisError, OSError) as exc:
                self._went_down(exc)
        return await in_memory()

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        value = state.state if isinstance(state, State) else state
        await self._call(
            lambda: self.primary.set_state(key, value), lambda: self.memory.set_state(key, value)
        )

    async def get_state(self, key: StorageKey) -> str | None:
        return await self._call(lambda: self.primary.get_state(key), lambda: self.memory.get_state(key))

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        await self._call(lambda: self.primary.set_data(key, data), lambda: self.memory.set_data(key, data))

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        return await self._call(lambda: self.primary.get_data(key), lambda: self.memory.get_data(key))

    async def close(self) -> None:
        await self.primary.close()
        await self.memory.close()


def redis_storage(redis_url: str) -> RedisStorage:
    # Keys carry the bot id: two bots (or a test and a live bot) on one Redis never share a dialog.
    keys = DefaultKeyBuilder(prefix=KEY_PREFIX, with_bot_id=True)
    return RedisStorage.from_url(
        redis_url,
        connection_kwargs={"socket_connect_timeout": REDIS_TIMEOUT, "socket_timeout": REDIS_TIMEOUT},
        key_builder=keys,
        state_ttl=STATE_TTL,
        data_ttl=STATE_TTL,
    )


async def create_storage(redis_url: str | None, retry_after: float = RETRY_AFTER) -> BaseStorage:
    """Redis when configured (falling back to memory while it is unreachable); otherwise memory."""
    if not redis_url:
        return MemoryStorage()
    storage = redis_storage(redis_url)
    try:
        await storage.redis.ping()
    except (RedisError, OSError):
        log.warning("Redis not reachable; dialog state is kept in memory for now")
        return FallbackStorage(storage, up=False, retry_after=retry_after)
    return FallbackStorage(storage, retry_after=retry_after)

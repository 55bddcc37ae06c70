"""Dialog state storage: in memory by default, Redis in production (shared by all bot workers)."""

from __future__ import annotations

import logging

from aiogram.fsm.storage.base import BaseStorage
from aiogram.fsm.storage.memory import MemoryStorage

log = logging.getLogger(__name__)


async def create_storage(redis_url: str | None) -> BaseStorage:
    """Redis when configured and reachable; otherwise memory, with a warning (the bot keeps working)."""
    if not redis_url:
        return MemoryStorage()
    from aiogram.fsm.storage.redis import RedisStorage
    from redis.exceptions import RedisError

    storage = RedisStorage.from_url(redis_url, state_ttl=7 * 86400, data_ttl=7 * 86400)
    try:
        await storage.redis.ping()
    except (RedisError, OSError):
        log.warning("Redis not reachable; dialog state is kept in memory for now")
        await storage.close()
        return MemoryStorage()
    return storage

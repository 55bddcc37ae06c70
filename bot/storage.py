"""Dialog state storage: in memory by default, Redis in production (shared by all bot workers)."""

from __future__ import annotations

import logging

from aiogram.fsm.storage.base import BaseStorage
from aiogram.fsm.storage.memory import MemoryStorage

log = logging.getLogger(__name__)

KEY_PREFIX = "inburgerbot:fsm"
STATE_TTL = 7 * 86400  # a dialog left half-way is forgotten after a week


async def create_storage(redis_url: str | None) -> BaseStorage:
    """Redis when configured and reachable; otherwise memory, with a warning (the bot keeps working)."""
    if not redis_url:
        return MemoryStorage()
    from aiogram.fsm.storage.base import DefaultKeyBuilder
    from aiogram.fsm.storage.redis import RedisStorage
    from redis.exceptions import RedisError

    # Keys carry the bot id: two bots (or a test and a live bot) on one Redis never share a dialog.
    keys = DefaultKeyBuilder(prefix=KEY_PREFIX, with_bot_id=True)
    storage = RedisStorage.from_url(redis_url, key_builder=keys, state_ttl=STATE_TTL, data_ttl=STATE_TTL)
    try:
        await storage.redis.ping()
    except (RedisError, OSError):
        log.warning("Redis not reachable; dialog state is kept in memory for now")
        await storage.close()
        return MemoryStorage()
    return storage

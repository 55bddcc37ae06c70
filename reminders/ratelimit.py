"""Pacing: about 30 messages a second overall and one a second per chat, and Telegram's 429 pause.

Both limits are GCRA ("generic cell rate algorithm"): per key we keep the theoretical arrival time
(TAT) of the next message, and a message may go when TAT - tolerance <= now. With Redis the TATs
and the pause live in Redis and one Lua script checks and books them atomically, so every worker
on every machine shares the same budget and the same pause; without Redis they live in the process.
The global limit tolerates a small burst (DEFAULT_BURST) so late wake-ups are caught up.
`try_acquire` never sleeps: it says how long to wait and why, so the dispatcher can send to another
chat instead of waiting for a busy one.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import Any, Protocol

GO = 0.0
# Up to this many messages may go back to back when a sender is behind schedule. Without it, every
# late wake-up (scheduling jitter, a slow send) is lost for good and 30/s becomes ~25/s; with it any
# one-second window still holds at most rate + burst - 1 messages.
DEFAULT_BURST = 3


@dataclass(frozen=True)
class Wait:
    """`seconds == 0` means: send now (the budget is booked). Otherwise wait, for `reason`."""

    seconds: float
    reason: str = ""

    @property
    def go(self) -> bool:
        return self.seconds <= 0


class RateLimiter(Protocol):
    async def try_acquire(self, chat_id: int) -> Wait: ...

    async def pause(self, seconds: float) -> None:
        """Stop all sending for `seconds` (Telegram's retry_after)."""
        ...

    async def close(self) -> None: ...


def _interval(rate: float) -> float:
    return 1.0 / rate if rate > 0 else 0.0


class LocalRateLimiter:
    """The limits for one process (SQLite / single-worker setups, tests)."""

    def __init__(
        self,
        global_rate: float,
        chat_interval: float,
        clock: Any = time.monotonic,
        burst: int = DEFAULT_BURST,
    ) -> None:
        self.global_interval = _interval(global_rate)
        self.global_tolerance = self.global_interval * (max(burst, 1) - 1)
        self.chat_interval = chat_interval
        self._clock = clock
        self._global_tat = 0.0
        self._chat_tat: dict[int, float] = {}
        self._paused_until = 0.0
        self._last_prune = 0.0

    async def try_acquire(self, chat_id: int) -> Wait:
        now = self._clock()
        if self._paused_until > now:
            return Wait(self._paused_until - now, "pause")
        global_tat = max(self._global_tat, now)
        if self.global_interval and global_tat - self.global_tolerance > now:
            return Wait(global_tat - self.global_tolerance - now, "global")
        chat_tat = max(self._chat_tat.get(chat_id, 0.0), now)
        if self.chat_interval and chat_tat - now > 0:
            return Wait(chat_tat - now, "chat")
        if self.global_interval:
            self._global_tat = global_tat + self.global_interval
        if self.chat_interval:
            self._chat_tat[chat_id] = chat_tat + self.chat_interval
            self._prune(now)
        return Wait(GO)

    def _prune(self, now: float) -> None:
        """Forget chats whose next slot is in the past, so memory stays flat over long runs."""
        if now - self._last_prune < 5.0:
            return
        self._last_prune = now
        self._chat_tat = {k: v for k, v in self._chat_tat.items() if v > now}

    async def pause(self, seconds: float) -> None:
        self._paused_until = max(self._paused_until, self._clock() + seconds)

    async def close(self) -> None:
        return None


# KEYS: global TAT, chat TAT, pause-until.  ARGV: global interval µs, chat interval µs.
# Returns 0 (booked) or {wait µs, reason}. Time comes from the Redis server, one clock for all workers.
_ACQUIRE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local paused = tonumber(redis.call('GET', KEYS[3]) or '0')
if paused > now then return {paused - now, 'pause'} end
local gi = tonumber(ARGV[1])
local ci = tonumber(ARGV[2])
local gtol = tonumber(ARGV[3])
local gtat = math.max(tonumber(redis.call('GET', KEYS[1]) or '0'), now)
if gi > 0 and gtat - gtol > now then return {gtat - gtol - now, 'global'} end
local ctat = math.max(tonumber(redis.call('GET', KEYS[2]) or '0'), now)
if ci > 0 and ctat > now then return {ctat - now, 'chat'} end
if gi > 0 then
  redis.call('SET', KEYS[1], string.format('%.0f', gtat + gi), 'PX', math.ceil((gi + gtol) / 1000) + 1000)
end
if ci > 0 then
  redis.call('SET', KEYS[2], string.format('%.0f', ctat + ci), 'PX', math.ceil(ci / 1000) + 1000)
end
return 0
"""

_PAUSE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local target = now + tonumber(ARGV[1])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if target > current then
  redis.call('SET', KEYS[1], string.format('%.0f', target), 'PX', math.ceil(tonumber(ARGV[1]) / 1000) + 1000)
end
return 1
"""


class RedisRateLimiter:
    """The limits shared by every worker that uses the same Redis and key prefix."""

    def __init__(
        self, redis: Any, global_rate: float, chat_interval: float, prefix: str, burst: int = DEFAULT_BURST
    ) -> None:
        self.redis = redis
        self.global_us = int(_interval(global_rate) * 1_000_000)
        self.global_tolerance_us = self.global_us * (max(burst, 1) - 1)
        self.chat_us = int(chat_interval * 1_000_000)
        self.prefix = prefix
        self._acquire = redis.register_script(_ACQUIRE)
        self._pause = redis.register_script(_PAUSE)

    async def try_acquire(self, chat_id: int) -> Wait:
        keys = [f"{self.prefix}global", f"{self.prefix}chat:{chat_id}", f"{self.prefix}pause"]
        result = await self._acquire(keys=keys, args=[self.global_us, self.chat_us, self.global_tolerance_us])
        if result == 0:
            return Wait(GO)
        wait_us, reason = result
        return Wait(int(wait_us) / 1_000_000, reason.decode() if isinstance(reason, bytes) else str(reason))

    async def pause(self, seconds: float) -> None:
        await self._pause(keys=[f"{self.prefix}pause"], args=[int(seconds * 1_000_000)])

    async def close(self) -> None:
        await self.redis.aclose()


def create_rate_limiter(
    redis_url: str | None, global_rate: float, chat_interval: float, prefix: str = "inburgerbot:dispatch:"
) -> RateLimiter:
    """Redis-backed when a Redis URL is configured (several workers), else per process."""
    if redis_url:
        from redis.asyncio import Redis

        return RedisRateLimiter(Redis.from_url(redis_url), global_rate, chat_interval, prefix)
    return LocalRateLimiter(global_rate, chat_interval)


async def wait_for(limiter: RateLimiter, chat_id: int, stop: asyncio.Event | None = None) -> None:
    """Block until a message to `chat_id` may go (used where there is nothing else to do)."""
    while True:
        wait = await limiter.try_acquire(chat_id)
        if wait.go:
            return
        if stop is not None and stop.is_set():
            raise asyncio.CancelledError
        await asyncio.sleep(wait.seconds)

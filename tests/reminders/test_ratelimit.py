"""Pacing: the global rate, one message per second per chat, and the 429 pause; in-process and via Redis."""

from __future__ import annotations

import time
import uuid

import pytest
from redis.asyncio import Redis

from reminders.ratelimit import LocalRateLimiter, RateLimiter, RedisRateLimiter


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_local_limiter_spaces_messages_globally_and_per_chat() -> None:
    clock = FakeClock()
    limiter = LocalRateLimiter(global_rate=10, chat_interval=1.0, clock=clock, burst=1)
    assert (await limiter.try_acquire(1)).go
    global_wait = await limiter.try_acquire(2)
    assert global_wait.reason == "global" and global_wait.seconds == pytest.approx(0.1)
    clock.now += 0.1
    assert (await limiter.try_acquire(2)).go
    clock.now += 0.1
    chat_wait = await limiter.try_acquire(1)
    assert chat_wait.reason == "chat" and chat_wait.seconds == pytest.approx(0.8)
    await limiter.pause(5)
    assert (await limiter.try_acquire(3)).reason == "pause"
    clock.now += 5
    assert (await limiter.try_acquire(3)).go


async def test_a_small_burst_catches_up_late_wake_ups_without_raising_the_rate() -> None:
    clock = FakeClock()
    limiter = LocalRateLimiter(global_rate=10, chat_interval=0, clock=clock, burst=3)
    granted = 0
    for _ in range(400):  # 4 s in 10 ms steps, asking as fast as allowed
        while (await limiter.try_acquire(granted)).go:
            granted += 1
        clock.now += 0.01
    assert granted == 3 + 40 - 1  # the burst once, then exactly the rate


async def _drain(limiter: RateLimiter, chats: list[int], seconds: float) -> list[float]:
    """Acquire as fast as allowed for `seconds`; returns the times of the granted slots."""
    granted: list[float] = []
    deadline = time.monotonic() + seconds
    index = 0
    while time.monotonic() < deadline:
        wait = await limiter.try_acquire(chats[index % len(chats)])
        if wait.go:
            granted.append(time.monotonic())
            index += 1
        else:
            import asyncio

            await asyncio.sleep(min(wait.seconds, 0.05))
    return granted


@pytest.mark.redis
async def test_two_workers_sharing_redis_stay_within_one_budget_and_one_pause() -> None:
    import asyncio

    prefix = f"inburgerbot:test:{uuid.uuid4().hex[:8]}:"
    clients = [Redis.from_url("redis://127.0.0.1:6379/0") for _ in range(2)]
    limiters = [RedisRateLimiter(c, global_rate=20, chat_interval=0.5, prefix=prefix) for c in clients]
    try:
        a, b = await asyncio.gather(
            _drain(limiters[0], list(range(100)), 1.5), _drain(limiters[1], list(range(100, 200)), 1.5)
        )
        total = len(a) + len(b)
        assert 27 <= total <= 34, total  # 20/s for 1.5 s plus the burst of 3, shared by both
        assert a and b
        # one chat, two workers: at most one message per 0.5 s
        same = await asyncio.gather(_drain(limiters[0], [7], 1.2), _drain(limiters[1], [7], 1.2))
        assert 2 <= len(same[0]) + len(same[1]) <= 3
        await limiters[0].pause(0.6)
        wait = await limiters[1].try_acquire(999)
        assert wait.reason == "pause" and 0.4 < wait.seconds <= 0.6
    finally:
        for limiter in limiters:
            await limiter.close()

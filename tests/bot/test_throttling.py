"""Flood control: a flooding user is slowed down, another user is not affected, tokens come back."""

from __future__ import annotations

from bot.throttling import TokenBuckets


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_flooding_user_is_slowed_and_others_are_not() -> None:
    clock = FakeClock()
    buckets = TokenBuckets(rate=1.0, burst=20, clock=clock)
    results = [buckets.take(1) for _ in range(100)]  # 100 messages in the same instant
    allowed = [ok for ok, _ in results]
    assert allowed.count(True) == 20
    assert [first for ok, first in results if not ok].count(True) == 1  # one notice, not 80
    assert buckets.take(2) == (True, False)
    clock.now = 5.0
    assert [buckets.take(1)[0] for _ in range(6)] == [True] * 5 + [False]


def test_a_minute_of_flooding_is_capped_at_burst_plus_rate() -> None:
    clock = FakeClock()
    buckets = TokenBuckets(rate=1.0, burst=20, clock=clock)
    allowed = 0
    for i in range(100):  # 100 messages spread over one minute
        clock.now = i * 0.6
        allowed += buckets.take(7)[0]
    assert allowed <= 20 + 60

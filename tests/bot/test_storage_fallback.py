"""Redis goes away and comes back: the bot keeps its dialogs in memory meanwhile, then uses Redis again.

A private redis-server on a free loopback port is started and stopped by the test (the machine's
shared Redis at 127.0.0.1:6379 is never touched). The retry clock is injected, so nothing sleeps.
"""

from __future__ import annotations

import logging
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from aiogram.fsm.storage.base import StorageKey

from bot.storage import FallbackStorage, create_storage

RETRY = 30.0
KEY = StorageKey(bot_id=123, chat_id=456, user_id=456)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class PrivateRedis:
    """A redis-server of our own, no persistence, on one port that survives restarts."""

    def __init__(self, workdir: Path) -> None:
        binary = shutil.which("redis-server")
        assert binary, "redis-server is not installed; the Redis tests need it"
        self.binary, self.workdir = binary, workdir
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            cwd=self.workdir,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port, socket_connect_timeout=0.2)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                return
            except redis.ConnectionError:
                assert time.monotonic() < deadline, "private redis-server did not start"
                time.sleep(0.05)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def get(self, pattern: str) -> list[bytes]:
        client = redis.Redis(port=self.port)
        return [client.get(key) for key in client.scan_iter(match=pattern)]


@pytest.fixture
def private_redis(tmp_path: Path) -> Iterator[PrivateRedis]:
    server = PrivateRedis(tmp_path)
    yield server
    server.stop()


def messages(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "bot.storage"]


async def test_redis_stopped_mid_run_falls_back_once_and_recovers_with_the_outage_state(
    private_redis: PrivateRedis, caplog: pytest.LogCaptureFixture
) -> None:
    private_redis.start()
    clock = Clock()
    storage = await create_storage(private_redis.url, retry_after=RETRY)
    assert isinstance(storage, FallbackStorage)
    storage.clock = clock
    caplog.set_level(logging.INFO, logger="bot.storage")
    try:
        assert storage.using_redis
        await storage.set_data(KEY, {"stage": "menu"})
        assert private_redis.get("*:456:456:*data") == [b'{"stage": "menu"}']

        private_redis.stop()  # Redis gone mid-run
        await storage.set_state(KEY, "await_reason")
        await storage.set_data(KEY, {"stage": "await_reason", "appointment_id": 7})
        assert not storage.using_redis
        assert await storage.get_state(KEY) == "await_reason"
        assert await storage.get_data(KEY) == {"stage": "await_reason", "appointment_id": 7}
        assert messages(caplog) == ["Redis not reachable; dialog state is kept in memory for now"]

        private_redis.start()  # back, but not retried before the interval is over
        clock.now += RETRY - 1
        await storage.get_data(KEY)
        assert not storage.using_redis

        clock.now += 2
        assert await storage.get_data(KEY) == {"stage": "await_reason", "appointment_id": 7}
        assert storage.using_redis
        assert await storage.get_state(KEY) == "await_reason"
        assert private_redis.get("*:456:456:*data") == [b'{"stage": "await_reason", "appointment_id": 7}']
        assert storage.memory.storage == {}
        assert messages(caplog) == [
            "Redis not reachable; dialog state is kept in memory for now",
            "Redis reachable again; dialog state is kept in Redis",
        ]
    finally:
        await storage.close()


async def test_redis_down_at_start_is_used_once_it_comes_up(
    private_redis: PrivateRedis, caplog: pytest.LogCaptureFixture
) -> None:
    clock = Clock()
    caplog.set_level(logging.INFO, logger="bot.storage")
    storage = await create_storage(private_redis.url, retry_after=RETRY)  # not started yet
    assert isinstance(storage, FallbackStorage) and not storage.using_redis
    storage.clock = clock
    storage._retry_at = clock.now + RETRY
    try:
        await storage.set_data(KEY, {"lang": "ar"})
        clock.now += RETRY + 1  # a retry while it is still down: memory again, no new warning
        assert await storage.get_data(KEY) == {"lang": "ar"}
        assert not storage.using_redis
        private_redis.start()
        clock.now += RETRY + 1
        assert await storage.get_data(KEY) == {"lang": "ar"}
        assert storage.using_redis
        assert private_redis.get("*:456:456:*data") == [b'{"lang": "ar"}']
        assert messages(caplog) == [
            "Redis not reachable; dialog state is kept in memory for now",
            "Redis reachable again; dialog state is kept in Redis",
        ]
    finally:
        await storage.close()


async def test_a_closed_port_costs_no_wait_per_call() -> None:
    storage = await create_storage("redis://127.0.0.1:1/0", retry_after=RETRY)
    try:
        started = time.monotonic()
        for turn in range(200):
            await storage.set_data(KEY, {"turn": turn})
        assert await storage.get_data(KEY) == {"turn": 199}
        assert time.monotonic() - started < 0.5  # no connection attempt between retries
    finally:
        await storage.close()

"""Fault tests with real worker processes (`inburgerbot run worker`) on PostgreSQL and the fake Bot API.

Each test counts what every chat received. The bounds asserted are the ones docs/reminders.md gives:
every due reminder delivered; none twice without a kill; at most one repeat per killed worker
(the one message it may have had in flight between "sent" and "recorded").
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import uuid
from pathlib import Path

import pytest
import yaml

from casestore.uow import CaseStore
from municipalities.config import PACKAGED_DIR
from tests.reminders.conftest import TOKEN, seed_due_reminders
from tests.support.databases import prepare_store
from tests.support.fake_bot_api import FakeBotApi
from tests.support.private_postgres import PrivatePostgres

pytestmark = pytest.mark.postgres
REDIS_URL = "redis://127.0.0.1:6379/0"


class Worker:
    """One `inburgerbot run worker` process."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process

    @classmethod
    async def start(cls, env: dict[str, str]) -> Worker:
        log = Path(env["INBURGERBOT_DATA_DIR"]) / f"worker-{uuid.uuid4().hex[:6]}.log"
        with log.open("wb") as stderr:  # a file, not a pipe: a full pipe would stall the worker
            process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "inburgerbot",
                "run",
                "worker",
                env=env,
                stdout=asyncio.subprocess.PIPE,
                stderr=stderr,
            )
        assert process.stdout is not None
        try:
            line = await asyncio.wait_for(process.stdout.readline(), timeout=120)
        except BaseException:
            process.kill()  # never leave a worker behind
            await process.wait()
            raise
        if b"running" not in line:
            process.kill()
            await process.wait()
            raise AssertionError(f"worker did not start: {line!r} {log.read_text()[-2000:]}")
        return cls(process)

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)

    async def stop(self) -> None:
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(self.process.wait(), timeout=15)
            except TimeoutError:
                self.process.kill()
                await self.process.wait()


@pytest.fixture
def municipalities_dir(tmp_path: Path) -> Path:
    """The demo municipality without quiet hours, so these tests pass at any hour."""
    folder = tmp_path / "municipalities"
    folder.mkdir()
    demo = yaml.safe_load((PACKAGED_DIR / "demo.yaml").read_text(encoding="utf-8"))
    demo["quiet_hours"] = [0, 0]
    (folder / "demo.yaml").write_text(yaml.safe_dump(demo, allow_unicode=True), encoding="utf-8")
    return folder


def worker_env(
    database_url: str, api: FakeBotApi, municipalities_dir: Path, **dispatch: object
) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("INBURGERBOT_")}
    env.update(
        {
            "INBURGERBOT_DATABASE_URL": database_url,
            "INBURGERBOT_BOT_TOKEN": TOKEN,
            "INBURGERBOT_TELEGRAM_API_URL": api.base_url,
            "INBURGERBOT_MUNICIPALITIES_DIR": str(municipalities_dir),
            "INBURGERBOT_DATA_DIR": str(municipalities_dir.parent),
        }
    )
    settings: dict[str, object] = {
        "tick_seconds": 0.2,
        "batch_size": 10,
        "lease_seconds": 4,
        "send_timeout": 1,
        "global_rate": 150,
        "chat_interval": 0,
        "backoff_base": 0.1,
        "quiet_hours": "false",
    }
    settings.update(dispatch)
    env.update({f"INBURGERBOT_DISPATCH_{k.upper()}": str(v) for k, v in settings.items()})
    return env


async def start_workers(env: dict[str, str], count: int) -> list[Worker]:
    """Start `count` workers side by side; if one fails, stop the others before raising."""
    results = await asyncio.gather(*(Worker.start(env) for _ in range(count)), return_exceptions=True)
    workers = [r for r in results if isinstance(r, Worker)]
    failures = [r for r in results if not isinstance(r, Worker)]
    if failures:
        await stop_workers(workers)
        raise failures[0]
    return workers


async def stop_workers(workers: list[Worker]) -> None:
    await asyncio.gather(*(w.stop() for w in workers))


async def wait_until(predicate: object, within: float, what: str) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while loop.time() < deadline:
        if await predicate():  # type: ignore[operator]
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


async def all_sent(store: CaseStore, total: int) -> bool:
    async with store.uow() as uow:
        return (await uow.reminders.counts_by_state()).get("sent", 0) == total


async def owners(store: CaseStore) -> dict[str, int]:
    from sqlalchemy import func, select

    from casestore.models import Reminder

    async with store.uow() as uow:
        rows = await uow.session.execute(
            select(Reminder.lease_owner, func.count()).group_by(Reminder.lease_owner)
        )
        return {str(o): int(n) for o, n in rows}


async def test_two_workers_at_once_deliver_everything_once(
    pg_store: tuple[CaseStore, str], fake_api: FakeBotApi, municipalities_dir: Path
) -> None:
    store, url = pg_store
    env = worker_env(url, fake_api, municipalities_dir, global_rate=0)
    workers = await start_workers(env, 2)
    try:
        chats = await seed_due_reminders(store, 400, 20_000)  # due only once both workers are polling
        await wait_until(lambda: all_sent(store, 400), 120, "all 400 sent")
    finally:
        await stop_workers(workers)
    assert fake_api.per_chat() == {chat: 1 for chat in chats}
    shares = await owners(store)
    assert len(shares) == 2 and all(n > 0 for n in shares.values()), shares


async def test_a_worker_killed_mid_run_repeats_at_most_its_one_in_flight_message(
    pg_store: tuple[CaseStore, str], fake_api: FakeBotApi, municipalities_dir: Path
) -> None:
    store, url = pg_store
    fake_api.response_delay = 0.02  # answers take 20 ms: a kill will usually land with a message in flight
    env = worker_env(url, fake_api, municipalities_dir, global_rate=60)
    chats = await seed_due_reminders(store, 240, 30_000)
    worker = await Worker.start(env)
    await wait_until(lambda: _at_least(fake_api, 60), 30, "60 messages before the kill")
    worker.kill()
    await worker.process.wait()
    killed_at = len(fake_api.delivered)
    restarted = await Worker.start(env)
    try:
        await wait_until(lambda: all_sent(store, 240), 120, "all 240 sent after the restart")
    finally:
        await restarted.stop()
    received = fake_api.per_chat()
    repeated = sum(received.values()) - len(chats)
    assert set(received) == set(chats), "a due reminder was lost"
    assert 0 <= repeated <= 1, f"{repeated} repeats for one killed worker"
    assert 60 <= killed_at < 240
    print(f"\nSIGKILL after {killed_at} deliveries: {repeated} message(s) repeated (bound: 1)")


async def _at_least(api: FakeBotApi, count: int) -> bool:
    return len(api.delivered) >= count


@pytest.mark.redis
async def test_a_burst_of_429s_pauses_every_worker_and_nothing_is_doubled(
    pg_store: tuple[CaseStore, str], fake_api: FakeBotApi, municipalities_dir: Path
) -> None:
    store, url = pg_store
    prefix = f"inburgerbot:test:{uuid.uuid4().hex[:8]}:"
    env = worker_env(url, fake_api, municipalities_dir, global_rate=100, redis_prefix=prefix)
    env["INBURGERBOT_REDIS_URL"] = REDIS_URL
    workers = await start_workers(env, 2)
    try:
        chats = await seed_due_reminders(store, 150, 40_000)
        await wait_until(lambda: _at_least(fake_api, 20), 30, "sending under way")
        fake_api.fail_next(4, 429, retry_after=1)
        await wait_until(lambda: all_sent(store, 150), 120, "all 150 sent")
    finally:
        await stop_workers(workers)
    assert fake_api.per_chat() == {chat: 1 for chat in chats}
    limited = [a.at for a in fake_api.attempts if a.status == 429]
    assert len(limited) == 4
    for at in limited:
        # Requests already on the wire when the pause began may still land; after that, silence for everyone.
        inside = [a for a in fake_api.attempts if at + 0.15 < a.at < at + 0.95]
        assert inside == [], f"{len(inside)} requests during a retry_after pause"


async def test_the_database_restarted_mid_run_loses_and_doubles_nothing(
    fake_api: FakeBotApi, municipalities_dir: Path
) -> None:
    """A private PostgreSQL instance (initdb/pg_ctl), so the machine's shared server is never restarted."""
    server = PrivatePostgres()
    await asyncio.to_thread(server.start)
    store = CaseStore.from_url(server.url)
    workers: list[Worker] = []
    try:
        await prepare_store(store)
        env = worker_env(server.url, fake_api, municipalities_dir, global_rate=80, lease_seconds=30)
        chats = await seed_due_reminders(store, 240, 50_000)
        workers = await start_workers(env, 2)
        await wait_until(lambda: _at_least(fake_api, 60), 30, "60 messages before the restart")
        restarted_at = len(fake_api.delivered)
        await asyncio.to_thread(server.restart)
        await store.dispose()
        await wait_until(lambda: all_sent(store, 240), 120, "all 240 sent after the restart")
    finally:
        await stop_workers(workers)
        await store.dispose()
        await asyncio.to_thread(server.stop)
    assert fake_api.per_chat() == {chat: 1 for chat in chats}
    assert restarted_at < 200, "the restart came after the run"
    print(f"\nPostgreSQL restarted after {restarted_at} deliveries; 240 delivered once each")

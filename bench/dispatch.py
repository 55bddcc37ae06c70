"""Dispatch benchmark: the whole reminder pipeline against a local fake Bot API, beside plain aiogram.

What it measures, in one run on one machine:
  1. baseline  - plain aiogram `bot.send_message` calls, one after another, to the fake Bot API;
  2. pipeline  - the dispatcher with the rate limit off: claim (PostgreSQL, FOR UPDATE SKIP LOCKED),
                 render (client's language + Dutch, buttons), send, record the message id — per message;
  3. limited   - the same pipeline at 30 messages/s: total time against count / 30 s.
It prints messages/s for 1 and 2, the ratio, the limited run's time, and the worker's RSS during
the pipeline run (start, end, peak) to show memory stays flat.
Text only, like the baseline: the dispatcher runs with `DispatchSettings(media=False)` and no
MediaService, so reminders go without their appointment card and voice notes (which the worker sends
by default; see docs/reminders.md). Cards and voice notes are not measured here.

Run:  .venv/bin/python bench/dispatch.py [--count 10000] [--limited-count N] [--rate 30]
Needs PostgreSQL (INBURGERBOT_TEST_PG_DSN, default postgresql://postgres@127.0.0.1:5432/test);
--redis-url makes the limited run use the Redis-shared limiter. The fake server runs as its own
process (tests/support/fake_bot_api.py) so it does not share this process's CPU time.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from aiohttp import ClientSession  # noqa: E402
from sqlalchemy import update  # noqa: E402

from bot.factory import create_bot  # noqa: E402
from bot.sender import keyboard  # noqa: E402
from casestore.dto import AppointmentDTO  # noqa: E402
from casestore.models import Reminder  # noqa: E402
from casestore.types import utcnow  # noqa: E402
from casestore.uow import CaseStore  # noqa: E402
from dialogs.reminders import reminder_reply  # noqa: E402
from dialogs.render import render  # noqa: E402
from municipalities.config import load_municipalities  # noqa: E402
from reminders.dispatcher import Dispatcher  # noqa: E402
from reminders.ratelimit import create_rate_limiter  # noqa: E402
from reminders.sending import TelegramSender  # noqa: E402
from reminders.settings import DispatchSettings  # noqa: E402
from tests.support.bulk_seed import insert_due_reminders  # noqa: E402
from tests.support.databases import create_database, drop_database, prepare_store  # noqa: E402

TOKEN = "123456:BENCH"
LANGS = ("ar", "ti", "fa", "tr", "so", "uk", "ku", "en", "nl")
CHAT_BASE = 10_000_000


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class FakeServer:
    """The fake Bot API in its own process, controlled over HTTP."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.support.fake_bot_api", "--port", "0", "--no-texts"],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline().strip()
        if not line.startswith("listening on "):
            raise RuntimeError(f"fake Bot API did not start: {line!r}")
        self.url = line.removeprefix("listening on ")

    async def control(self, action: str, **body: Any) -> dict[str, Any]:
        async with (
            ClientSession() as session,
            session.post(f"{self.url}/_control/{action}", json=body) as resp,
        ):
            return await resp.json()  # type: ignore[no-any-return]

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


async def seed(store: CaseStore, count: int) -> None:
    """`count` linked clients, each with an appointment tomorrow and one reminder due now."""
    now = utcnow()
    chunk = 2000
    for start in range(0, count, chunk):
        ids = range(start + 1, min(start + chunk, count) + 1)
        async with store.uow() as uow:
            await insert_due_reminders(
                uow.session,
                ids,
                now,
                CHAT_BASE,
                LANGS,
                spread_minutes=600,
                location="Gemeentehuis Demodorp, Marktplein 1",
            )
    async with store.engine.begin() as conn:
        await conn.exec_driver_sql("SELECT setval('client_id_seq', (SELECT max(id) FROM client))")
        await conn.exec_driver_sql("SELECT setval('appointment_id_seq', (SELECT max(id) FROM appointment))")
        await conn.exec_driver_sql("ANALYZE")


async def baseline(url: str, count: int) -> tuple[float, float]:
    """Plain aiogram: send_message one after another, with a reminder-sized text and its buttons."""
    bot = create_bot(TOKEN, url)
    now = utcnow()
    sample = AppointmentDTO(
        id=1,
        client_id=1,
        kind="pip_gesprek",
        starts_at=now + timedelta(days=1),
        ends_at=None,
        timezone="Europe/Amsterdam",
        location="Gemeentehuis Demodorp, Marktplein 1",
        interpreter_language=None,
        status="planned",
        external_ref=None,
    )
    rendered = render(reminder_reply(sample, now), "ar")
    text, markup = rendered.combined(), keyboard(rendered)
    try:
        await bot.send_message(CHAT_BASE, text, reply_markup=markup)  # warm the connection
        started, cpu = time.perf_counter(), time.process_time()
        for i in range(count):
            await bot.send_message(CHAT_BASE + 1 + i, text, reply_markup=markup)
        return count / (time.perf_counter() - started), (time.process_time() - cpu) / count * 1000
    finally:
        await bot.session.close()


async def pipeline(
    store: CaseStore,
    url: str,
    settings: DispatchSettings,
    redis_url: str | None,
    samples: list[float] | None = None,
) -> tuple[int, float, float]:
    bot = create_bot(TOKEN, url)
    limiter = create_rate_limiter(
        redis_url, settings.global_rate, settings.chat_interval, f"inburgerbot:bench:{uuid.uuid4().hex[:8]}:"
    )
    municipalities = {
        c: m.model_copy(update={"quiet_hours": (0, 0)}) for c, m in load_municipalities().items()
    }
    dispatcher = Dispatcher(
        store, TelegramSender(bot, settings.send_timeout), municipalities, settings, limiter
    )
    done = asyncio.Event()

    async def sample_rss() -> None:
        while not done.is_set() and samples is not None:
            samples.append(rss_mb())
            await asyncio.sleep(0.25)

    sampler = asyncio.create_task(sample_rss())
    try:
        started, cpu = time.perf_counter(), time.process_time()
        report = await dispatcher.run_once()
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    finally:
        done.set()
        await sampler
        await dispatcher.close()
        await limiter.close()
        await bot.session.close()
    return report.sent, elapsed, cpu / max(report.sent, 1) * 1000


async def rearm(store: CaseStore, count: int) -> None:
    """Make the first `count` reminders due again and retire the rest (for the limited run)."""
    now = utcnow()
    async with store.engine.begin() as conn:
        await conn.execute(
            update(Reminder)
            .where(Reminder.id <= count)
            .values(
                state="pending",
                due_at=now - timedelta(seconds=1),
                attempts=0,
                lease_owner=None,
                lease_until=None,
                telegram_message_id=None,
                sent_at=None,
            )
        )
        await conn.execute(update(Reminder).where(Reminder.id > count).values(state="cancelled"))


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--count", type=int, default=10_000, help="reminders in the unlimited run and baseline"
    )
    parser.add_argument(
        "--limited-count", type=int, default=None, help="reminders in the 30/s run (default: --count)"
    )
    parser.add_argument("--rate", type=float, default=30.0, help="messages/s in the limited run")
    parser.add_argument("--batch", type=int, default=200, help="rows per claim in the unlimited run")
    parser.add_argument("--sync-commit", action="store_true", help="wait for the WAL flush on every record")
    parser.add_argument("--redis-url", default=os.environ.get("INBURGERBOT_REDIS_URL"))
    parser.add_argument(
        "--pg-dsn",
        default=os.environ.get("INBURGERBOT_TEST_PG_DSN", "postgresql://postgres@127.0.0.1:5432/test"),
    )
    parser.add_argument("--json", action="store_true", help="also print the results as one JSON line")
    args = parser.parse_args()
    limited_count = args.count if args.limited_count is None else args.limited_count

    server = FakeServer()
    name, url = await create_database(args.pg_dsn, prefix="ib_bench")
    store = CaseStore.from_url(url)
    results: dict[str, Any] = {"count": args.count, "limited_count": limited_count, "rate": args.rate}
    try:
        await prepare_store(store)
        await seed(store, args.count)
        print(f"seeded {args.count} reminders on PostgreSQL; fake Bot API at {server.url}", flush=True)

        results["baseline_per_s"], results["baseline_cpu_ms"] = await baseline(server.url, args.count)
        await server.control("reset")

        unlimited = DispatchSettings(
            global_rate=0,
            chat_interval=0,
            batch_size=args.batch,
            quiet_hours=False,
            record_sync_commit=args.sync_commit,
            media=False,  # text only, like the baseline
        )
        samples: list[float] = []
        rss_before = rss_mb()
        sent, elapsed, results["pipeline_cpu_ms"] = await pipeline(
            store, server.url, unlimited, None, samples
        )
        stats = await server.control("stats")
        results.update(
            pipeline_per_s=sent / elapsed,
            pipeline_sent=sent,
            pipeline_delivered=stats["delivered"],
            pipeline_duplicates=stats["duplicates"],
            rss_start_mb=rss_before,
            rss_end_mb=rss_mb(),
            rss_max_sampled_mb=max(samples, default=0.0),
        )
        results["rss_mid_mb"] = samples[len(samples) // 2] if samples else 0.0

        if limited_count:
            await rearm(store, limited_count)
            await server.control("reset")
            limited = DispatchSettings(
                global_rate=args.rate, chat_interval=1.0, batch_size=50, quiet_hours=False, media=False
            )
            sent, elapsed, _ = await pipeline(store, server.url, limited, args.redis_url)
            stats = await server.control("stats")
            span = (stats["last_at"] - stats["first_at"]) if stats["delivered"] > 1 else 0.0
            results.update(
                limited_sent=sent,
                limited_elapsed_s=elapsed,
                limited_span_s=span,
                limited_target_s=limited_count / args.rate,
                limited_duplicates=stats["duplicates"],
                limiter="redis" if args.redis_url else "in-process",
            )
        results["peak_rss_mb"] = peak_rss_mb()
    finally:
        await store.dispose()
        await drop_database(args.pg_dsn, name)
        server.close()

    ratio = results["pipeline_per_s"] / results["baseline_per_s"]
    print(
        f"baseline  plain aiogram send_message      {results['baseline_per_s']:8.0f} msg/s "
        f"({results['baseline_cpu_ms']:.2f} ms CPU per message in this process)"
    )
    print(
        f"pipeline  claim+render+send+record (text only, no cards) {results['pipeline_per_s']:8.0f} msg/s "
        f"({ratio:.0%} of baseline; {results['pipeline_delivered']} delivered, "
        f"{results['pipeline_duplicates']} duplicates; record commit "
        f"{'synchronous' if args.sync_commit else 'asynchronous'}; "
        f"{results['pipeline_cpu_ms']:.2f} ms CPU per message)"
    )
    print(f"load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    if limited_count:
        off = results["limited_elapsed_s"] / results["limited_target_s"] - 1
        print(
            f"limited   {limited_count} at {args.rate:g}/s ({results['limiter']} limiter): "
            f"{results['limited_elapsed_s']:.1f} s vs {results['limited_target_s']:.1f} s target "
            f"({off:+.1%}); first-to-last delivery {results['limited_span_s']:.1f} s; "
            f"{results['limited_duplicates']} duplicates"
        )
    print(
        f"worker RSS during the pipeline run: start {results['rss_start_mb']:.0f} MB, "
        f"middle {results['rss_mid_mb']:.0f} MB, end {results['rss_end_mb']:.0f} MB, "
        f"max sampled {results['rss_max_sampled_mb']:.0f} MB; "
        f"peak RSS of the process {results['peak_rss_mb']:.0f} MB"
    )
    if args.json:
        print(json.dumps(results))


if __name__ == "__main__":
    asyncio.run(main())

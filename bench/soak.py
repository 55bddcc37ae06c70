"""Soak benchmark: many simulated users chatting with the real bot process, with a baseline in the same run.

The same harness as the suite's short soak (tests/support/soak.py): `inburgerbot run bot` long-polls a
fake Bot API on loopback; each simulated user answers their reminder, then asks questions in their
language, opens menus, taps buttons, sends stickers and unknown commands, with a few seconds of
thinking between steps. Two runs, each on a fresh database:
  1. baseline - a handful of users (default 10): the reply latency of a bot that is not busy;
  2. soak     - the full crowd (default 200) for several minutes.
It prints for each: updates/s, reply latency p50/p95/p99/max, errors (lost replies, "something went
wrong" notices, ERROR lines in the bot's log, confirmed answers missing from the database) and the bot
process's memory before and after; then the soak's p95 against the baseline's.

Run:  .venv/bin/python bench/soak.py [--users 200] [--minutes 3] [--baseline-users 10] [--sqlite]
Needs PostgreSQL (INBURGERBOT_TEST_PG_DSN, default postgresql://postgres@127.0.0.1:5432/test) unless
--sqlite, and Redis for the dialog state unless --no-redis.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


from casestore.uow import CaseStore  # noqa: E402
from tests.support.databases import create_database, drop_database, prepare_store  # noqa: E402
from tests.support.soak import SoakConfig, SoakReport, soak  # noqa: E402

ADMIN_DSN = os.environ.get("INBURGERBOT_TEST_PG_DSN", "postgresql://postgres@127.0.0.1:5432/test")


async def one_run(config: SoakConfig, sqlite: bool, redis_url: str | None) -> SoakReport:
    with tempfile.TemporaryDirectory(prefix="ib-soak-") as work:
        work_dir = Path(work)
        if sqlite:
            name, url = "", f"sqlite+aiosqlite:///{work_dir / 'soak.sqlite3'}"
        else:
            name, url = await create_database(ADMIN_DSN, prefix="ib_soak")
        store = CaseStore.from_url(url)
        try:
            await prepare_store(store)
            return await soak(store, url, work_dir, config, redis_url=redis_url)
        finally:
            await store.dispose()
            if name:
                await drop_database(ADMIN_DSN, name)


def show(title: str, report: SoakReport) -> None:
    print(f"\n{title}")
    for line in report.lines():
        print("  " + line)


async def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--minutes", type=float, default=3.0)
    parser.add_argument("--baseline-users", type=int, default=10)
    parser.add_argument("--baseline-seconds", type=float, default=30.0)
    parser.add_argument("--think", type=float, nargs=2, default=(2.0, 6.0), metavar=("MIN", "MAX"))
    parser.add_argument("--sqlite", action="store_true", help="the embedded database instead of PostgreSQL")
    parser.add_argument("--no-redis", action="store_true", help="dialog state in memory, not in Redis")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    args = parser.parse_args()
    redis_url = None if args.no_redis else args.redis_url
    think = (args.think[0], args.think[1])

    print(
        f"database: {'SQLite' if args.sqlite else 'PostgreSQL'}, dialog state: {redis_url or 'memory'}, "
        f"think time {think[0]:.0f}-{think[1]:.0f} s, CPUs: {os.cpu_count()}"
    )
    baseline = await one_run(
        SoakConfig(users=args.baseline_users, duration=args.baseline_seconds, think=think),
        args.sqlite,
        redis_url,
    )
    show(f"baseline: {args.baseline_users} users", baseline)
    report = await one_run(
        SoakConfig(users=args.users, duration=args.minutes * 60, think=think, reply_timeout=60.0),
        args.sqlite,
        redis_url,
    )
    show(f"soak: {args.users} users for {args.minutes:g} min", report)

    errors = (
        report.lost_replies
        + report.error_notices
        + report.log_errors
        + report.lost_confirmations
        + report.lost_reasons
    )
    ratio = report.p95_ms / baseline.p95_ms if baseline.p95_ms else float("nan")
    print(
        f"\nsoak vs baseline: p95 {report.p95_ms:.0f} ms vs {baseline.p95_ms:.0f} ms ({ratio:.1f}x), "
        f"{report.updates_per_s:.1f} vs {baseline.updates_per_s:.1f} updates/s; "
        f"errors {errors} (target 0); bot RSS +{report.rss_end_mb - report.rss_start_mb:.0f} MB over the soak"
    )
    return 0 if errors == 0 else 1


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))

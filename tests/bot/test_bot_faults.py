"""Faults while users chat with the real bot process: the Bot API failing, the database going away.

Built on the soak harness (tests/support/soak.py): simulated users answer their reminders and chat
while a fault injector runs beside them. What must hold: the bot keeps answering (every user gets a
proper answer to /menu afterwards), and every reminder answer the bot confirmed is in the database.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from casestore.uow import CaseStore
from tests.support.databases import prepare_store
from tests.support.fake_bot_api import FakeBotApi
from tests.support.private_postgres import PrivatePostgres
from tests.support.soak import SoakConfig, soak

USERS = 30
# Short Bot API timeouts, so a hung call fails (and is retried) within the test's time.
FAST_TIMEOUTS = {"INBURGERBOT_TELEGRAM_TIMEOUT": "2", "INBURGERBOT_TELEGRAM_POLL_TIMEOUT": "2"}
POLLING_FAILED = "Failed to fetch updates"  # aiogram's own log line; it retries with backoff


@pytest.mark.postgres
async def test_bot_api_500s_and_timeouts_cost_users_nothing(
    pg_store: tuple[CaseStore, str], tmp_path: Path
) -> None:
    store, url = pg_store
    sent_500s: list[int] = []

    async def telegram_stumbles(api: FakeBotApi) -> None:
        """Two short Telegram outages, far enough apart that one reply meets only one of them."""
        await asyncio.sleep(3)
        for _ in range(2):
            api.fail_next(2, 500)  # the next two replies: internal server error
            api.hang_next(1, 6.0)  # then one that hangs past the 2 s timeout (and is never delivered)
            api.fail_next_polls(2, 502)  # getUpdates: bad gateway twice
            api.hang_next_polls(1, 8.0)  # and once hanging past its timeout
            async with asyncio.timeout(40):
                while api.faults or api.poll_faults:  # noqa: ASYNC110 - counters of the fake, no event
                    await asyncio.sleep(0.2)
            # A reply's retries (0.5 + 1 + 2 s plus 2 s timeouts) are over before the next outage.
            await asyncio.sleep(10)
        sent_500s.append(sum(1 for a in api.attempts if a.status == 500))
        sent_500s.append(api.poll_failures)

    config = SoakConfig(users=USERS, duration=30.0, think=(1.0, 3.0), reply_timeout=40.0)
    report = await soak(store, url, tmp_path, config, bot_extra_env=FAST_TIMEOUTS, during=telegram_stumbles)
    print("\nBot API faults\n  " + "\n  ".join(report.lines()) + f"\n  reply 500s, poll faults: {sent_500s}")

    assert sent_500s == [4, 6], "the faults did not all happen"
    assert report.confirmed == USERS and report.lost_confirmations == 0, report.lines()
    assert report.lost_replies == 0 and report.error_notices == 0, report.lines()
    assert report.final_ok == USERS, report.lines()
    unexpected = [line for line in report.error_log if POLLING_FAILED not in line]
    assert unexpected == [], unexpected


@pytest.mark.postgres
async def test_a_database_outage_mid_chat_loses_no_confirmed_answer(tmp_path: Path) -> None:
    """A private PostgreSQL (initdb/pg_ctl) is stopped for 4 s while users answer and chat."""
    server = PrivatePostgres()
    await asyncio.to_thread(server.start)
    store = CaseStore.from_url(server.url)
    outages: list[float] = []

    async def database_goes_away(_api: FakeBotApi) -> None:
        await asyncio.sleep(4)
        loop = asyncio.get_running_loop()
        started = loop.time()
        await asyncio.to_thread(server.outage, 4.0)
        outages.append(loop.time() - started)

    try:
        await prepare_store(store)
        config = SoakConfig(
            users=USERS, duration=25.0, think=(1.0, 3.0), reply_timeout=40.0, answer_retries=5
        )
        report = await soak(store, server.url, tmp_path, config, during=database_goes_away)
    finally:
        await store.dispose()
        await asyncio.to_thread(server.stop)
    print("\nDatabase outage\n  " + "\n  ".join(report.lines()) + f"\n  outage {outages[0]:.1f} s")

    assert outages and outages[0] >= 4.0
    # Users who wrote during the outage were told kindly to try again; nobody was left without a reply.
    assert report.error_notices > 0, "no user hit the outage: the test proves nothing"
    assert report.lost_replies == 0, report.lines()
    assert report.confirmed == USERS and report.lost_confirmations == 0, report.lines()
    assert report.final_ok == USERS, report.lines()

"""The soak in its short form: 200 users chat with the real bot process at once (tests/support/soak.py).

The long form with figures against a baseline is bench/soak.py. Here the run is shorter and the
assertions are about correctness under load, not speed: every step gets a reply, no "something went
wrong", no error in the bot's log, and every reminder answer the bot confirmed is in the database.
The figures are printed (pytest -s, or the test's captured output on failure).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from casestore.uow import CaseStore
from tests.support.soak import SoakConfig, soak

pytestmark = [pytest.mark.postgres, pytest.mark.redis]

USERS = 200


async def test_200_users_at_once_get_every_reply_and_lose_no_confirmed_answer(
    pg_store: tuple[CaseStore, str], tmp_path: Path
) -> None:
    store, url = pg_store
    config = SoakConfig(users=USERS, duration=25.0, think=(2.0, 6.0), reply_timeout=30.0)
    report = await soak(store, url, tmp_path, config, redis_url="redis://127.0.0.1:6379/0")
    print("\nsoak (short form)\n  " + "\n  ".join(report.lines()))

    assert report.confirmed == USERS, report.lines()  # every user's reminder answer was confirmed
    assert report.lost_confirmations == 0 and report.lost_reasons == 0, report.lines()
    assert report.lost_replies == 0 and report.error_notices == 0, report.lines()
    assert report.log_errors == 0, report.error_log
    assert report.final_ok == USERS, report.lines()
    # Everyone did more than answer the reminder: questions, menus, taps, stickers, double taps.
    assert report.updates >= USERS * 3, report.lines()
    assert {"question", "tap", "command", "odd_input"} <= set(report.kinds), report.kinds

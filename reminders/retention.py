"""The retention purge: what the bot stored for a municipality is deleted after its `retention_days`.

Appointments that started before the cutoff go, and with them (by cascade) their reminders and
responses; so do broadcasts and staff notices older than the cutoff, outbox rows that reached a
final state, and failed invite-code attempts older than a day (they only serve the throttle).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

from casestore.types import utcnow
from casestore.uow import CaseStore
from municipalities.config import Municipality


async def purge_expired(
    store: CaseStore, municipalities: Mapping[str, Municipality], now: datetime | None = None
) -> dict[str, int]:
    """Delete what is past retention; returns counts per kind of row (no ids, no content)."""
    now = now or utcnow()
    counts = {"appointments": 0, "broadcasts": 0, "notices": 0, "reminders": 0, "invite_attempts": 0}
    shortest = min((m.retention_days for m in municipalities.values()), default=730)
    async with store.uow() as uow:
        for municipality in municipalities.values():
            cutoff = now - timedelta(days=municipality.retention_days)
            counts["appointments"] += await uow.reminders.purge_appointments_before(municipality.code, cutoff)
            counts["broadcasts"] += await uow.broadcasts.purge_before(municipality.code, cutoff)
            counts["notices"] += await uow.notices.purge_before(municipality.code, cutoff)
        counts["reminders"] += await uow.reminders.purge_finished(now - timedelta(days=shortest))
        counts["invite_attempts"] += await uow.invites.purge_attempts(now - timedelta(days=1))
    return counts

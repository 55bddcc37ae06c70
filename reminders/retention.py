"""The retention purge: what the bot stored for a municipality is deleted after its `retention_days`.

Run daily by the worker. Per municipality, with cutoff = now - `retention_days`:
- appointments that started before the cutoff go, and with them (by cascade) their reminders and
  responses; so do broadcasts and staff notices created before it;
- questions asked before the cutoff and not answered since (client and partner questions alike);
- clients whose trajectory ended before the cutoff are deleted, row and all, with their questions,
  chat link and invite codes. A trajectory has ended when a regisseur closed it or its termijn
  ended, and nothing is on record since the cutoff: no appointment, answer, question or chat link,
  no creation or closing (see `ClientRepository.ended_before`). A file that was never closed and has
  no known termijn end is never deleted automatically. Deleting, rather than blanking, leaves no row to forget: every
  table that points at a client goes with it, and the audit log keeps only the bare id;
- audit rows older than the municipality's `audit_retention_days` (at least `retention_days`).
Across municipalities: outbox rows that reached a final state, after the shortest `retention_days`;
failed invite-code attempts after a day (they only serve the throttle); audit rows of no configured
municipality after the longest `audit_retention_days`.

Returns and audits counts only, never ids or content.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

from casestore.types import utcnow
from casestore.uow import CaseStore, UnitOfWork
from municipalities.config import Municipality

# The keys `purge_expired` returns, in a stable order (the worker logs them).
COUNT_KEYS = (
    "appointments",
    "broadcasts",
    "notices",
    "reminders",
    "invite_attempts",
    "questions",
    "clients",
    "audit_log",
)


async def _purge_municipality(uow: UnitOfWork, municipality: Municipality, now: datetime) -> dict[str, int]:
    cutoff = now - timedelta(days=municipality.retention_days)
    code = municipality.code
    counts = dict.fromkeys(COUNT_KEYS, 0)
    counts["appointments"] = await uow.reminders.purge_appointments_before(code, cutoff)
    counts["broadcasts"] = await uow.broadcasts.purge_before(code, cutoff)
    counts["notices"] = await uow.notices.purge_before(code, cutoff)
    counts["questions"] = await uow.questions.purge_before(code, cutoff)
    ended = await uow.clients.ended_before(code, cutoff)
    counts["questions"] += await uow.questions.delete_for_clients(ended)
    counts["clients"] = await uow.clients.delete_many(ended)
    counts["audit_log"] = await uow.audit.purge_before(
        code, now - timedelta(days=municipality.audit_retention_days)
    )
    return counts


async def purge_expired(
    store: CaseStore, municipalities: Mapping[str, Municipality], now: datetime | None = None
) -> dict[str, int]:
    """Delete what is past retention; returns counts per kind of row (no ids, no content)."""
    now = now or utcnow()
    counts = dict.fromkeys(COUNT_KEYS, 0)
    shortest = min((m.retention_days for m in municipalities.values()), default=730)
    longest_audit = max((m.audit_retention_days for m in municipalities.values()), default=2555)
    async with store.uow() as uow:
        for municipality in municipalities.values():
            purged = await _purge_municipality(uow, municipality, now)
            for key, value in purged.items():
                counts[key] += value
            if any(purged.values()):
                # Accountability for the deletion itself; kept like any audit row of the municipality.
                await uow.audit.record(
                    actor_kind="system",
                    actor_id=None,
                    action="retention_purge",
                    entity="municipality",
                    detail={k: v for k, v in purged.items() if v},
                    municipality_code=municipality.code,
                )
        counts["reminders"] += await uow.reminders.purge_finished(now - timedelta(days=shortest))
        counts["invite_attempts"] += await uow.invites.purge_attempts(now - timedelta(days=1))
        counts["audit_log"] += await uow.audit.purge_unattributed(
            list(municipalities), now - timedelta(days=longest_audit)
        )
    return counts

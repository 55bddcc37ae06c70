"""The retention purge: what the bot stored for a municipality is deleted after its `retention_days`.

Run daily by the worker. Per municipality, with cutoff = now - `retention_days`:
- appointments that started before the cutoff go, and with them (by cascade) their reminders and
  responses; so do broadcasts and staff notices created before it;
- questions asked before the cutoff and not answered since (client and partner questions alike);
- clients whose trajectory ended before the cutoff are deleted, row and all, with their questions,
  chat link and invite codes. A closed trajectory ended when a regisseur closed it (its termijn is
  not looked at then), an open one when its termijn ended; and nothing may be on record since the
  cutoff: no appointment start, answer, question or chat link, no invite code issued, no creation,
  closing or reopening (see `ClientRepository.ended_before`). An open file with no known termijn
  end is never deleted automatically. Deleting, rather than blanking, leaves no row to forget:
  every table that points at a client goes with it, and the audit log keeps only the bare id;
- audit rows older than the municipality's `audit_retention_days` (at least `retention_days`).
Across municipalities: outbox rows that reached a final state, after the shortest `retention_days`;
failed invite-code attempts after a day (they only serve the throttle); audit rows of no configured
municipality after the longest `audit_retention_days`.

Each municipality is purged in its own unit of work, and the cross-municipality steps in one more,
so one municipality whose purge fails (logged with its code and the exception class, nothing else)
rolls back only its own deletions; the others are done and counted.

Returns and audits counts only, never ids or content.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime, timedelta

from casestore.types import utcnow
from casestore.uow import CaseStore, UnitOfWork
from municipalities.config import Municipality

log = logging.getLogger(__name__)

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
    """Delete what is past retention; returns counts per kind of row (no ids, no content).

    A failing municipality is logged and skipped; the counts are those of the units that committed.
    """
    now = now or utcnow()
    counts = dict.fromkeys(COUNT_KEYS, 0)
    shortest = min((m.retention_days for m in municipalities.values()), default=730)
    longest_audit = max((m.audit_retention_days for m in municipalities.values()), default=2555)
    for municipality in municipalities.values():
        try:
            async with store.uow() as uow:
                purged = await _purge_municipality(uow, municipality, now)
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
        except Exception as exc:
            # The class only: a database error's message can quote the rows it was about.
            log.error(
                "retention purge failed for a municipality",
                extra={"municipality": municipality.code, "error": exc.__class__.__name__},
            )
            continue
        for key, value in purged.items():
            counts[key] += value
    try:
        async with store.uow() as uow:
            shared = dict.fromkeys(COUNT_KEYS, 0)
            shared["reminders"] = await uow.reminders.purge_finished(now - timedelta(days=shortest))
            shared["invite_attempts"] = await uow.invites.purge_attempts(now - timedelta(days=1))
            shared["audit_log"] = await uow.audit.purge_unattributed(
                list(municipalities), now - timedelta(days=longest_audit)
            )
    except Exception as exc:
        log.error("retention purge failed for the shared steps", extra={"error": exc.__class__.__name__})
    else:
        for key, value in shared.items():
            counts[key] += value
    return counts

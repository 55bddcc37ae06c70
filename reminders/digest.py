"""The daily digest for regisseurs: tomorrow's appointments by who confirmed, declined, asked, or did not.

Stored as a staff notice per regisseur (clients without a regisseur go to the municipality's
notice with `regisseur_id` None), with ids only. The dedup key holds the day, so every worker may
run the job: the digest of a day is stored once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from casestore.repositories.caseload import AttendanceRow, Scope
from casestore.types import utcnow
from casestore.uow import CaseStore
from municipalities.config import Municipality

GROUPS = ("coming", "not_coming", "question", "no_answer", "unreachable")


def _group(row: AttendanceRow) -> str:
    if row.response is not None and row.response.answer in ("coming", "not_coming", "question"):
        return row.response.answer
    return "unreachable" if row.client.unreachable else "no_answer"


def _entry(row: AttendanceRow) -> dict[str, Any]:
    return {
        "appointment_id": row.appointment.id,
        "client_id": row.client.id,
        "kind": row.appointment.kind,
        "starts_at": row.appointment.starts_at.isoformat(),
    }


def day_range(day: datetime, tz: str) -> tuple[datetime, datetime]:
    """The local calendar day of `day` as UTC [start, end); 23 or 25 hours long on DST days."""
    zone = ZoneInfo(tz)
    local_day = day.astimezone(zone).date()
    start = datetime.combine(local_day, time(0), tzinfo=zone)
    end = datetime.combine(local_day + timedelta(days=1), time(0), tzinfo=zone)
    return start, end


async def store_daily_digests(
    store: CaseStore, municipalities: Mapping[str, Municipality], now: datetime | None = None
) -> int:
    """Store tomorrow's digest for every municipality and regisseur; returns how many were new."""
    now = now or utcnow()
    stored = 0
    for municipality in municipalities.values():
        tomorrow = now.astimezone(ZoneInfo(municipality.timezone)) + timedelta(days=1)
        start, end = day_range(tomorrow, municipality.timezone)
        async with store.uow() as uow:
            rows = await uow.caseload.attendance(Scope(municipality.code), since=start, until=end)
            by_regisseur: dict[int | None, dict[str, list[dict[str, Any]]]] = defaultdict(
                lambda: {g: [] for g in GROUPS}
            )
            for row in rows:
                if row.appointment.status != "planned":
                    continue
                by_regisseur[row.client.regisseur_id][_group(row)].append(_entry(row))
            for regisseur_id, groups in by_regisseur.items():
                day = start.astimezone(ZoneInfo(municipality.timezone)).date().isoformat()
                payload: dict[str, Any] = {
                    "day": day,
                    **groups,
                    "counts": {g: len(groups[g]) for g in GROUPS},
                }
                stored += await uow.notices.add_once(
                    municipality_code=municipality.code,
                    kind="digest",
                    regisseur_id=regisseur_id,
                    dedup_key=f"digest:{municipality.code}:{regisseur_id or 0}:{day}",
                    payload=payload,
                    now=now,
                )
    return stored

"""Broadcasts: a regisseur's message to a segment, sent now or at a set time, with readable progress.

The segment (municipality, route, language, appointment kind, "has an appointment on day X") is
evaluated when the broadcast is created; each reachable client gets one outbox row, which the
dispatcher sends like a reminder: in the client's language + Dutch, at Telegram's pace, once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from casestore.errors import InvalidInputError
from casestore.repositories.broadcasts import BroadcastDTO, Segment
from casestore.types import utcnow
from casestore.uow import UnitOfWork
from locales.languages import SUPPORTED
from municipalities.config import Municipality
from reminders.messages import MAX_BROADCAST_LENGTH
from reminders.policy import BROADCAST_PURPOSE


@dataclass(frozen=True)
class BroadcastPlan:
    broadcast: BroadcastDTO | None
    recipients: int
    not_linked: int
    unreachable: int
    due_at: datetime


def _day_range(day: date, tz: str) -> tuple[datetime, datetime]:
    zone = ZoneInfo(tz)
    return (
        datetime.combine(day, time(0), tzinfo=zone),
        datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone),
    )


def _check_text(text: str, what: str) -> str:
    text = text.strip()
    if not text:
        raise InvalidInputError(f"the {what} is empty")
    if len(text) > MAX_BROADCAST_LENGTH:
        raise InvalidInputError(f"the {what} is {len(text)} characters; at most {MAX_BROADCAST_LENGTH}")
    return text


async def create_broadcast(
    uow: UnitOfWork,
    municipalities: Mapping[str, Municipality],
    *,
    municipality_code: str,
    text_nl: str,
    translations: Mapping[str, str] | None = None,
    route: str | None = None,
    language: str | None = None,
    appointment_kind: str | None = None,
    on_day: date | None = None,
    client_ids: tuple[int, ...] | None = None,
    scheduled_at: datetime | None = None,
    created_by: int | None = None,
    now: datetime | None = None,
    dry_run: bool = False,
) -> BroadcastPlan:
    """Store the broadcast and one outbox row per reachable recipient (nothing is stored on a dry run).

    `client_ids` narrows the audience to those clients (a regisseur's own caseload); an empty tuple
    reaches nobody, never everybody.
    """
    if client_ids is not None and not client_ids:
        client_ids = (-1,)  # no client has this id
    now = now or utcnow()
    municipality = municipalities.get(municipality_code)
    if municipality is None:
        raise InvalidInputError(f"unknown municipality '{municipality_code}'")
    text_nl = _check_text(text_nl, "Dutch text")
    clean: dict[str, str] = {}
    for lang, text in (translations or {}).items():
        if lang not in SUPPORTED or lang == "nl":
            raise InvalidInputError(f"no translation possible into '{lang}'")
        clean[lang] = _check_text(text, f"{lang} translation")
    if scheduled_at is not None and scheduled_at.tzinfo is None:
        raise InvalidInputError("the send time needs a time zone")
    due = max(scheduled_at or now, now)
    segment = Segment(
        municipality_code=municipality_code,
        route=route,
        language=language,
        appointment_kind=appointment_kind,
        on_day=_day_range(on_day, municipality.timezone) if on_day else None,
        client_ids=client_ids or (),
    )
    audience = await uow.broadcasts.audience(segment, now)
    stored: dict[str, Any] = {
        k: v
        for k, v in {
            "municipality": municipality_code,
            "route": route,
            "language": language,
            "kind": appointment_kind,
            "on_day": on_day.isoformat() if on_day else None,
            "caseload_of": created_by if client_ids is not None else None,
        }.items()
        if v is not None
    }
    broadcast = None
    if not dry_run:
        broadcast = await uow.broadcasts.create(
            municipality_code=municipality_code,
            text_nl=text_nl,
            translations=clean,
            segment=stored,
            scheduled_at=scheduled_at,
            now=now,
            created_by=created_by,
        )
        await uow.reminders.add_many(
            [
                {"client_id": c, "broadcast_id": broadcast.id, "purpose": BROADCAST_PURPOSE, "due_at": due}
                for c in audience.reachable
            ],
            now,
        )
        if not audience.reachable:
            await uow.broadcasts.set_state(broadcast.id, "done")
        await uow.audit.record(
            actor_kind="staff" if created_by else "cli",
            actor_id=created_by,
            action="broadcast_created",
            entity="broadcast",
            entity_id=broadcast.id,
            detail={"recipients": len(audience.reachable)},
            # A CLI broadcast has no staff actor to tell the municipality by: say it outright.
            municipality_code=municipality_code,
        )
    return BroadcastPlan(broadcast, len(audience.reachable), audience.not_linked, audience.unreachable, due)

"""Broadcasts: a regisseur's message to a segment of clients, sent as one reminder-outbox row per client.

The segment is evaluated once, when the broadcast is created: its recipients are the rows, so the
progress (sent / failed / pending) is a count over those rows and stays readable while it runs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import delete, exists, func, select, update

from casestore.errors import NotFoundError
from casestore.models import Appointment, Broadcast, ChatLink, Client, Reminder
from casestore.repositories.base import Repository, to_dto


@dataclass(frozen=True)
class BroadcastDTO:
    id: int
    municipality_code: str
    created_by: int | None
    text_nl: str
    translations: dict[str, str]
    segment: dict[str, Any]
    scheduled_at: datetime | None
    state: str
    created_at: datetime


@dataclass(frozen=True)
class Segment:
    """Who gets a broadcast. Every field narrows; `on_day` is a local day as a UTC [start, end) range."""

    municipality_code: str
    route: str | None = None
    language: str | None = None
    appointment_kind: str | None = None
    on_day: tuple[datetime, datetime] | None = None
    client_ids: tuple[int, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Audience:
    """The segment's clients split by whether a message can reach them."""

    reachable: list[int]
    not_linked: int
    unreachable: int


@dataclass(frozen=True)
class BroadcastProgress:
    broadcast_id: int
    state: str
    total: int
    sent: int
    failed: int
    pending: int
    cancelled: int


class BroadcastRepository(Repository):
    async def create(
        self,
        *,
        municipality_code: str,
        text_nl: str,
        translations: dict[str, str],
        segment: dict[str, Any],
        scheduled_at: datetime | None,
        now: datetime,
        created_by: int | None = None,
    ) -> BroadcastDTO:
        row = Broadcast(
            municipality_code=municipality_code,
            created_by=created_by,
            text_nl=text_nl,
            translations=translations,
            segment=segment,
            scheduled_at=scheduled_at,
            state="scheduled",
            created_at=now,
        )
        self.session.add(row)
        await self.session.flush()
        return to_dto(BroadcastDTO, row)

    async def get(self, broadcast_id: int) -> BroadcastDTO:
        row = await self.session.get(Broadcast, broadcast_id)
        if row is None:
            raise NotFoundError(f"broadcast {broadcast_id} not found")
        return to_dto(BroadcastDTO, row)

    async def audience(self, segment: Segment, now: datetime) -> Audience:
        query = (
            select(Client.id, Client.unreachable, ChatLink.chat_id)
            .outerjoin(ChatLink, ChatLink.client_id == Client.id)
            .where(Client.municipality_code == segment.municipality_code, Client.anonymised_at.is_(None))
        )
        if segment.route:
            query = query.where(Client.route == segment.route)
        if segment.language:
            query = query.where(Client.language == segment.language)
        if segment.client_ids:
            query = query.where(Client.id.in_(segment.client_ids))
        if segment.appointment_kind or segment.on_day:
            has = select(Appointment.id).where(
                Appointment.client_id == Client.id, Appointment.status == "planned"
            )
            if segment.appointment_kind:
                has = has.where(Appointment.kind == segment.appointment_kind)
            if segment.on_day:
                has = has.where(
                    Appointment.starts_at >= segment.on_day[0], Appointment.starts_at < segment.on_day[1]
                )
            else:
                has = has.where(Appointment.starts_at >= now)
            query = query.where(exists(has))
        reachable: list[int] = []
        not_linked = unreachable = 0
        for client_id, is_unreachable, chat_id in await self.session.execute(query.order_by(Client.id)):
            if chat_id is None:
                not_linked += 1
            elif is_unreachable:
                unreachable += 1
            else:
                reachable.append(client_id)
        return Audience(reachable=reachable, not_linked=not_linked, unreachable=unreachable)

    async def set_state(self, broadcast_id: int, state: str) -> None:
        await self.session.execute(update(Broadcast).where(Broadcast.id == broadcast_id).values(state=state))

    async def progress(self, broadcast_id: int) -> BroadcastProgress:
        broadcast = await self.get(broadcast_id)
        counts = {
            state: int(n)
            for state, n in await self.session.execute(
                select(Reminder.state, func.count())
                .where(Reminder.broadcast_id == broadcast_id)
                .group_by(Reminder.state)
            )
        }
        return BroadcastProgress(
            broadcast_id=broadcast_id,
            state=broadcast.state,
            total=sum(counts.values()),
            sent=counts.get("sent", 0),
            failed=counts.get("failed", 0),
            pending=counts.get("pending", 0) + counts.get("sending", 0),
            cancelled=counts.get("cancelled", 0),
        )

    async def mark_sending(self, broadcast_ids: list[int]) -> None:
        if broadcast_ids:
            await self.session.execute(
                update(Broadcast)
                .where(Broadcast.id.in_(broadcast_ids), Broadcast.state == "scheduled")
                .values(state="sending")
            )

    async def finish_complete(self, broadcast_ids: list[int]) -> None:
        """Mark broadcasts done once none of their rows is pending or being sent."""
        if not broadcast_ids:
            return
        open_rows = select(Reminder.id).where(
            Reminder.broadcast_id == Broadcast.id, Reminder.state.in_(("pending", "sending"))
        )
        await self.session.execute(
            update(Broadcast)
            .where(
                Broadcast.id.in_(broadcast_ids),
                Broadcast.state.in_(("scheduled", "sending")),
                ~exists(open_rows),
            )
            .values(state="done")
        )

    async def cancel(self, broadcast_id: int) -> int:
        """Stop a broadcast: rows not sent yet are cancelled. Returns how many were cancelled."""
        await self.get(broadcast_id)
        result = await self.session.execute(
            update(Reminder)
            .where(Reminder.broadcast_id == broadcast_id, Reminder.state == "pending")
            .values(state="cancelled", last_error="broadcast cancelled")
        )
        await self.set_state(broadcast_id, "cancelled")
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    async def purge_before(self, municipality_code: str, before: datetime) -> int:
        """Delete broadcasts (and, by cascade, their rows) created before `before`."""
        result = await self.session.execute(
            delete(Broadcast).where(
                Broadcast.municipality_code == municipality_code, Broadcast.created_at < before
            )
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

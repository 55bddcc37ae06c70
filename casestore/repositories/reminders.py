"""The reminder outbox: one row per message to one client, claimed by a worker with a lease, sent once.

A row moves pending → sending (claimed, leased) → sent | failed | cancelled, or back to pending for
a retry. The claim is one UPDATE whose inner SELECT takes `FOR UPDATE SKIP LOCKED` on PostgreSQL,
so concurrent workers never claim the same row; on SQLite the same single statement runs under the
database's one write lock, which makes it the single-writer path. Every later change by a worker is
conditional on `lease_owner`, so a worker that lost its lease can never overwrite another's result.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, delete, func, insert, or_, select, text, update

from casestore.dto import AppointmentDTO
from casestore.models import Appointment, Broadcast, ChatLink, Client, Reminder
from casestore.repositories.base import Repository, to_dto

OPEN_STATES = ("pending", "sending")
_APPOINTMENT_FIELDS = tuple(f.name for f in fields(AppointmentDTO))
FINAL_STATES = ("sent", "failed", "cancelled")


@dataclass(frozen=True)
class ReminderDTO:
    id: int
    client_id: int
    appointment_id: int | None
    broadcast_id: int | None
    purpose: str
    due_at: datetime
    state: str
    attempts: int
    lease_owner: str | None
    lease_until: datetime | None
    last_error: str | None
    telegram_message_id: int | None
    sent_at: datetime | None


@dataclass(frozen=True)
class BroadcastContent:
    id: int
    municipality_code: str
    text_nl: str
    translations: dict[str, str]
    state: str


@dataclass(frozen=True)
class ClaimedReminder:
    """A claimed row with everything needed to render and send it, read in the claim's transaction."""

    id: int
    purpose: str
    attempts: int
    lease_until: datetime
    client_id: int
    municipality_code: str
    language: str
    reply_mode: str
    unreachable: bool
    regisseur_id: int | None
    chat_id: int | None
    appointment: AppointmentDTO | None
    broadcast: BroadcastContent | None
    always_audio: bool = False  # the client wants voice notes with every reminder (dialogs/listen.py)


class ReminderRepository(Repository):
    # --- planning ---------------------------------------------------------------------------

    async def for_appointment(self, appointment_id: int) -> list[ReminderDTO]:
        rows = await self.session.scalars(
            select(Reminder)
            .where(Reminder.appointment_id == appointment_id)
            .order_by(Reminder.due_at, Reminder.id)
        )
        return [to_dto(ReminderDTO, r) for r in rows]

    async def for_broadcast(self, broadcast_id: int) -> list[ReminderDTO]:
        rows = await self.session.scalars(
            select(Reminder).where(Reminder.broadcast_id == broadcast_id).order_by(Reminder.id)
        )
        return [to_dto(ReminderDTO, r) for r in rows]

    async def get(self, reminder_id: int) -> ReminderDTO | None:
        row = await self.session.get(Reminder, reminder_id)
        return to_dto(ReminderDTO, row) if row else None

    async def add(
        self,
        *,
        client_id: int,
        purpose: str,
        due_at: datetime,
        now: datetime,
        appointment_id: int | None = None,
        broadcast_id: int | None = None,
    ) -> ReminderDTO:
        row = Reminder(
            client_id=client_id,
            appointment_id=appointment_id,
            broadcast_id=broadcast_id,
            purpose=purpose,
            due_at=due_at,
            state="pending",
            attempts=0,
            created_at=now,
        )
        self.session.add(row)
        await self.session.flush()
        return to_dto(ReminderDTO, row)

    async def add_many(self, rows: Sequence[dict[str, object]], now: datetime) -> int:
        """Insert plain rows (client_id, purpose, due_at, appointment_id/broadcast_id) in one statement."""
        if not rows:
            return 0
        values = [
            {
                "state": "pending",
                "attempts": 0,
                "created_at": now,
                "appointment_id": None,
                "broadcast_id": None,
                **r,
            }
            for r in rows
        ]
        await self.session.execute(insert(Reminder), values)
        return len(values)

    async def rearm(self, reminder_id: int, due_at: datetime) -> None:
        """Make a row pending again for a new due time (a rescheduled appointment, an un-cancelled notice)."""
        await self.session.execute(
            update(Reminder)
            .where(Reminder.id == reminder_id)
            .values(
                state="pending",
                due_at=due_at,
                attempts=0,
                lease_owner=None,
                lease_until=None,
                last_error=None,
                telegram_message_id=None,
                sent_at=None,
            )
        )

    async def cancel(self, reminder_ids: Iterable[int], reason: str) -> int:
        """Cancel rows that are still open; rows already sent or failed stay as they are."""
        ids = list(reminder_ids)
        if not ids:
            return 0
        result = await self.session.execute(
            update(Reminder)
            .where(Reminder.id.in_(ids), Reminder.state.in_(OPEN_STATES))
            .values(state="cancelled", lease_owner=None, lease_until=None, last_error=reason[:200])
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    # --- the dispatcher's claim and outcomes ------------------------------------------------

    async def claim(
        self,
        *,
        owner: str,
        now: datetime,
        lease: timedelta,
        limit: int,
        municipalities: Iterable[str] | None = None,
    ) -> list[ClaimedReminder]:
        """Lease up to `limit` due rows (or rows whose lease ran out) to `owner`, oldest due first.

        `municipalities`, when given, limits the claim to clients of those municipalities (the ones
        where it is not night). Must be the first statement of its transaction on SQLite.
        """
        due = or_(
            and_(Reminder.state == "pending", Reminder.due_at <= now),
            and_(Reminder.state == "sending", Reminder.lease_until < now),
        )
        candidates = select(Reminder.id).where(due)
        if municipalities is not None:
            codes = list(municipalities)
            candidates = candidates.where(
                Reminder.client_id.in_(select(Client.id).where(Client.municipality_code.in_(codes)))
            )
        candidates = (
            candidates.order_by(Reminder.due_at, Reminder.id)
            .limit(limit)
            .with_for_update(skip_locked=True, of=Reminder)
        )
        claimed = await self.session.execute(
            update(Reminder)
            .where(Reminder.id.in_(candidates.scalar_subquery()))
            .values(
                state="sending", lease_owner=owner, lease_until=now + lease, attempts=Reminder.attempts + 1
            )
            .returning(Reminder.id)
            .execution_options(synchronize_session=False)
        )
        ids = [row[0] for row in claimed]
        if not ids:
            return []
        return await self._load_claimed(ids)

    async def _load_claimed(self, ids: list[int]) -> list[ClaimedReminder]:
        # Plain columns, not ORM entities: this runs for every claimed batch on the hot path.
        appointment_columns = [getattr(Appointment, f) for f in _APPOINTMENT_FIELDS]
        rows = await self.session.execute(
            select(
                Reminder.id,
                Reminder.purpose,
                Reminder.attempts,
                Reminder.lease_until,
                Client.id,
                Client.municipality_code,
                Client.language,
                Client.reply_mode,
                Client.unreachable,
                Client.regisseur_id,
                ChatLink.chat_id,
                Broadcast.id,
                Broadcast.municipality_code,
                Broadcast.text_nl,
                Broadcast.translations,
                Broadcast.state,
                Client.always_audio,
                *appointment_columns,
            )
            .join(Client, Client.id == Reminder.client_id)
            .outerjoin(ChatLink, ChatLink.client_id == Reminder.client_id)
            .outerjoin(Appointment, Appointment.id == Reminder.appointment_id)
            .outerjoin(Broadcast, Broadcast.id == Reminder.broadcast_id)
            .where(Reminder.id.in_(ids))
            .order_by(Reminder.due_at, Reminder.id)
        )
        result: list[ClaimedReminder] = []
        for row in rows:
            (
                rid,
                purpose,
                attempts,
                lease_until,
                client_id,
                municipality_code,
                language,
                reply_mode,
                unreachable,
                regisseur_id,
                chat_id,
                broadcast_id,
                b_municipality,
                text_nl,
                translations,
                b_state,
                always_audio,
            ) = row[:17]
            appointment = row[17:]
            result.append(
                ClaimedReminder(
                    id=rid,
                    purpose=purpose,
                    attempts=attempts,
                    lease_until=lease_until,
                    client_id=client_id,
                    municipality_code=municipality_code,
                    language=language,
                    reply_mode=reply_mode,
                    unreachable=unreachable,
                    regisseur_id=regisseur_id,
                    chat_id=chat_id,
                    always_audio=bool(always_audio),
                    appointment=AppointmentDTO(**dict(zip(_APPOINTMENT_FIELDS, appointment, strict=True)))
                    if appointment[0] is not None
                    else None,
                    broadcast=BroadcastContent(
                        id=broadcast_id,
                        municipality_code=b_municipality,
                        text_nl=text_nl,
                        translations=dict(translations or {}),
                        state=b_state,
                    )
                    if broadcast_id is not None
                    else None,
                )
            )
        return result

    async def renew(self, reminder_ids: Iterable[int], owner: str, until: datetime) -> set[int]:
        """Extend the lease of rows this owner still holds; returns the ids that are still held."""
        ids = list(reminder_ids)
        if not ids:
            return set()
        result = await self.session.execute(
            update(Reminder)
            .where(Reminder.id.in_(ids), Reminder.lease_owner == owner, Reminder.state == "sending")
            .values(lease_until=until)
            .returning(Reminder.id)
            .execution_options(synchronize_session=False)
        )
        return {row[0] for row in result}

    async def mark_sent(
        self, reminder_id: int, owner: str, message_id: int, now: datetime, sync_commit: bool = True
    ) -> bool:
        """Record the Telegram message id. False when this owner no longer holds the row.

        With `sync_commit=False` PostgreSQL acknowledges the commit before the WAL is on disk: a
        worker crash loses nothing, only a database crash can lose the last fraction of a second
        of such records (those messages would be sent again). See docs/reminders.md.
        """
        if not sync_commit and self.session.bind.dialect.name == "postgresql":
            await self.session.execute(text("SET LOCAL synchronous_commit TO OFF"))
        result = await self.session.execute(
            update(Reminder)
            .where(
                Reminder.id == reminder_id,
                Reminder.lease_owner == owner,
                Reminder.state.in_(("sending", "sent")),
            )
            .values(
                state="sent", telegram_message_id=message_id, sent_at=now, lease_until=None, last_error=None
            )
            .execution_options(synchronize_session=False)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def release(
        self, reminder_id: int, owner: str, due_at: datetime, error: str | None, count_attempt: bool = True
    ) -> bool:
        """Give a row back for a later try (a retry after backoff, a 429, a worker shutting down)."""
        values: dict[str, object] = {
            "state": "pending",
            "due_at": due_at,
            "lease_owner": None,
            "lease_until": None,
        }
        if error is not None:
            values["last_error"] = error[:200]
        if not count_attempt:
            values["attempts"] = (
                func.max(Reminder.attempts - 1, 0)
                if self._sqlite
                else func.greatest(Reminder.attempts - 1, 0)
            )
        result = await self.session.execute(
            update(Reminder)
            .where(Reminder.id == reminder_id, Reminder.lease_owner == owner, Reminder.state == "sending")
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def finish(self, reminder_id: int, owner: str, state: str, error: str) -> bool:
        """End a held row without sending: `failed` (blocked, no chat, too many errors) or `cancelled`."""
        assert state in ("failed", "cancelled")
        result = await self.session.execute(
            update(Reminder)
            .where(Reminder.id == reminder_id, Reminder.lease_owner == owner, Reminder.state == "sending")
            .values(state=state, lease_until=None, last_error=error[:200])
            .execution_options(synchronize_session=False)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    @property
    def _sqlite(self) -> bool:
        return self.session.bind.dialect.name == "sqlite"

    # --- reading and housekeeping -----------------------------------------------------------

    async def counts_by_state(self, broadcast_id: int | None = None) -> dict[str, int]:
        query = select(Reminder.state, func.count()).group_by(Reminder.state)
        if broadcast_id is not None:
            query = query.where(Reminder.broadcast_id == broadcast_id)
        return {state: int(n) for state, n in await self.session.execute(query)}

    async def purge_finished(self, before: datetime) -> int:
        """Delete rows that reached a final state and were due before `before`."""
        result = await self.session.execute(
            delete(Reminder).where(Reminder.state.in_(FINAL_STATES), Reminder.due_at < before)
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    async def purge_appointments_before(self, municipality_code: str, before: datetime) -> int:
        """Retention: delete the municipality's appointments that started before `before`.

        Their reminder rows and responses go with them (ON DELETE CASCADE).
        """
        clients = select(Client.id).where(Client.municipality_code == municipality_code)
        result = await self.session.execute(
            delete(Appointment).where(Appointment.starts_at < before, Appointment.client_id.in_(clients))
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]


_MARK_SENT_SQL = (
    "UPDATE reminder SET state = 'sent', telegram_message_id = $1, sent_at = $2, lease_until = NULL, "
    "last_error = NULL WHERE id = $3 AND lease_owner = $4 AND state IN ('sending', 'sent')"
)


class SentRecorder:
    """Records sent messages for one dispatcher lane: the hot path, one statement per message.

    On PostgreSQL it keeps its own asyncpg connection with `synchronous_commit` set as asked and
    runs one prepared autocommit UPDATE per message (a unit of work costs several times more CPU
    than the send itself). Elsewhere it uses a unit of work per record, like any other write.
    The statement is the same conditional update as `ReminderRepository.mark_sent`.
    """

    def __init__(self, store: Any, sync_commit: bool = True) -> None:
        self.store = store
        self.sync_commit = sync_commit
        self._conn: Any = None
        self._postgres = store.engine.dialect.name == "postgresql"

    async def _connection(self) -> Any:
        if self._conn is None or self._conn.is_closed():
            import asyncpg

            url = self.store.engine.url.set(drivername="postgresql")
            conn = await asyncpg.connect(url.render_as_string(hide_password=False), timeout=10)
            await conn.execute(f"SET synchronous_commit TO {'ON' if self.sync_commit else 'OFF'}")
            self._conn = conn
        return self._conn

    async def mark_sent(self, reminder_id: int, owner: str, message_id: int, now: datetime) -> bool:
        if not self._postgres:
            async with self.store.uow() as uow:
                return bool(
                    await uow.reminders.mark_sent(reminder_id, owner, message_id, now, self.sync_commit)
                )
        try:
            conn = await self._connection()
            status = await conn.execute(_MARK_SENT_SQL, message_id, now, reminder_id, owner)
        except BaseException:
            await self.close()
            raise
        return bool(status.endswith(" 1"))

    async def close(self) -> None:
        if self._conn is not None:
            conn, self._conn = self._conn, None
            try:
                await conn.close(timeout=2)
            except Exception:
                conn.terminate()

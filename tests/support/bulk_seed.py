"""Bulk rows for load: linked clients with an appointment tomorrow and one reminder due now.

Shared by the reminder tests and bench/dispatch.py so both measure the same shape of data.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from casestore.models import Appointment, ChatLink, Client, Reminder


async def insert_due_reminders(
    session: AsyncSession,
    ids: Sequence[int],
    now: datetime,
    chat_base: int,
    langs: Sequence[str],
    spread_minutes: int = 0,
    location: str | None = None,
) -> None:
    """Client, chat link, appointment and due reminder for each id (the same id for all four rows)."""
    await session.execute(
        insert(Client),
        [
            {
                "id": i,
                "municipality_code": "demo",
                "language": langs[i % len(langs)],
                "reply_mode": "bilingual",
                "always_audio": False,
                "route": "b1",
                "status": "statushouder",
                "unreachable": False,
                "created_at": now,
            }
            for i in ids
        ],
    )
    await session.execute(
        insert(ChatLink),
        [
            {"client_id": i, "telegram_user_id": chat_base + i, "chat_id": chat_base + i, "linked_at": now}
            for i in ids
        ],
    )
    await session.execute(
        insert(Appointment),
        [
            {
                "id": i,
                "client_id": i,
                "kind": "pip_gesprek",
                "starts_at": now + timedelta(days=1, minutes=i % spread_minutes if spread_minutes else 0),
                "timezone": "Europe/Amsterdam",
                "location": location,
                "status": "planned",
                "created_at": now,
                "updated_at": now,
            }
            for i in ids
        ],
    )
    await session.execute(
        insert(Reminder),
        [
            {
                "client_id": i,
                "appointment_id": i,
                "purpose": "before_24h",
                "due_at": now - timedelta(seconds=1),
                "state": "pending",
                "attempts": 0,
                "created_at": now,
            }
            for i in ids
        ],
    )

"""Clients, their invite codes and their chat links."""

from __future__ import annotations

import enum
from datetime import date, datetime, timedelta

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from casestore import invite_codes
from casestore.dto import ChatLinkDTO, ClientDTO, NewInvite
from casestore.errors import InvalidInputError, NotFoundError
from casestore.models import (
    Appointment,
    ChatLink,
    Client,
    InviteAttempt,
    InviteCode,
    Municipality,
    PartnerLinkCode,
    Question,
    Response,
)
from casestore.repositories.base import Repository, to_dto
from casestore.types import utcnow


class RedeemOutcome(enum.StrEnum):
    LINKED = "linked"
    UNKNOWN = "unknown"
    EXPIRED = "expired"
    USED = "used"
    ALREADY_LINKED = "already_linked"
    THROTTLED = "throttled"


MAX_FAILED_ATTEMPTS = 5
ATTEMPT_WINDOW = timedelta(minutes=15)


class ClientRepository(Repository):
    async def add(
        self,
        *,
        municipality_code: str,
        language: str,
        display_name: str | None = None,
        regisseur_id: int | None = None,
        route: str = "unknown",
        status: str = "statushouder",
        termijn_start: date | None = None,
        termijn_end: date | None = None,
        external_ref: str | None = None,
    ) -> ClientDTO:
        if await self.session.get(Municipality, municipality_code) is None:
            raise InvalidInputError(f"unknown municipality '{municipality_code}'")
        client = Client(
            municipality_code=municipality_code,
            language=language,
            display_name=display_name,
            regisseur_id=regisseur_id,
            route=route,
            status=status,
            termijn_start=termijn_start,
            termijn_end=termijn_end,
            external_ref=external_ref,
            reply_mode="bilingual",
            always_audio=False,
            unreachable=False,
            created_at=utcnow(),
        )
        self.session.add(client)
        await self.session.flush()
        return to_dto(ClientDTO, client)

    async def get(self, client_id: int) -> ClientDTO:
        client = await self.session.get(Client, client_id)
        if client is None:
            raise NotFoundError(f"client {client_id} not found")
        return to_dto(ClientDTO, client)

    async def update_preferences(
        self,
        client_id: int,
        *,
        language: str | None = None,
        reply_mode: str | None = None,
        always_audio: bool | None = None,
    ) -> ClientDTO:
        client = await self.session.get(Client, client_id)
        if client is None:
            raise NotFoundError(f"client {client_id} not found")
        if language is not None:
            client.language = language
        if reply_mode is not None:
            client.reply_mode = reply_mode
        if always_audio is not None:
            client.always_audio = always_audio
        await self.session.flush()
        return to_dto(ClientDTO, client)

    async def record_consent(self, client_id: int, version: str, at: datetime | None = None) -> None:
        await self.session.execute(
            update(Client)
            .where(Client.id == client_id)
            .values(consent_at=at or utcnow(), consent_version=version)
        )

    async def set_unreachable(self, client_id: int, unreachable: bool) -> None:
        await self.session.execute(
            update(Client).where(Client.id == client_id).values(unreachable=unreachable)
        )

    async def list_for_municipality(self, municipality_code: str) -> list[ClientDTO]:
        rows = await self.session.scalars(
            select(Client).where(Client.municipality_code == municipality_code).order_by(Client.id)
        )
        return [to_dto(ClientDTO, c) for c in rows]

    async def ended_before(self, municipality_code: str, cutoff: datetime) -> list[int]:
        """Ids of the municipality's clients with nothing on record since `cutoff`: past retention.

        Nothing on record: the client was created, closed, reopened, linked, issued an invite code,
        had an appointment start, answered or asked (or had a question answered) before `cutoff`,
        and the trajectory has ended before `cutoff`: a closed client by its `closed_at` (the
        termijn is not looked at then), an open one by its `termijn_end`. A planned appointment in
        the future therefore keeps a client, closed or not; a reopened client stays at least the
        retention period from the reopening; and an open file with no known end is never deleted
        automatically: a case file is not thrown away on a guess.
        """
        query = select(Client.id).where(
            Client.municipality_code == municipality_code,
            Client.created_at < cutoff,
            or_(Client.closed_at.is_(None), Client.closed_at < cutoff),
            or_(Client.closed_at.is_not(None), Client.termijn_end < cutoff.date()),
            or_(Client.reopened_at.is_(None), Client.reopened_at < cutoff),
            ~select(Appointment.id)
            .where(Appointment.client_id == Client.id, Appointment.starts_at >= cutoff)
            .exists(),
            ~select(Response.id)
            .where(Response.client_id == Client.id, Response.created_at >= cutoff)
            .exists(),
            ~select(Question.id)
            .where(
                Question.client_id == Client.id,
                or_(Question.created_at >= cutoff, Question.answered_at >= cutoff),
            )
            .exists(),
            ~select(ChatLink.id)
            .where(ChatLink.client_id == Client.id, ChatLink.linked_at >= cutoff)
            .exists(),
            ~select(InviteCode.id)
            .where(InviteCode.client_id == Client.id, InviteCode.created_at >= cutoff)
            .exists(),
        )
        return list(await self.session.scalars(query.order_by(Client.id)))

    async def delete_many(self, client_ids: list[int]) -> int:
        """Delete client rows, with (by cascade) their chat link, invite codes, appointments and notices.

        Questions only lose their client id on delete (SET NULL): delete them first.
        """
        deleted = 0
        for start in range(0, len(client_ids), 500):
            chunk = client_ids[start : start + 500]
            result = await self.session.execute(delete(Client).where(Client.id.in_(chunk)))
            deleted += int(result.rowcount or 0)  # type: ignore[attr-defined]
        return deleted


async def issue_code(
    session: AsyncSession,
    model: type[InviteCode] | type[PartnerLinkCode],
    owner: InstrumentedAttribute[int],
    owner_id: int,
    ttl: timedelta,
    now: datetime,
) -> str:
    """Store the hash of a fresh one-time code for `owner_id`; its earlier unused codes stop working.

    Serves client invites and partner link codes alike, so both follow the same rules.
    """
    await session.execute(
        update(model).where(owner == owner_id, model.used_at.is_(None)).values(expires_at=now)
    )
    code = invite_codes.new_code()
    session.add(
        model(
            **{owner.key: owner_id},
            code_hash=invite_codes.code_hash(code),
            expires_at=now + ttl,
            created_at=now,
        )
    )
    await session.flush()
    return code


class InviteRepository(Repository):
    async def create(self, client_id: int, ttl: timedelta, now: datetime | None = None) -> NewInvite:
        """Make a fresh code for the client; earlier unused codes of that client stop working."""
        now = now or utcnow()
        if await self.session.get(Client, client_id) is None:
            raise NotFoundError(f"client {client_id} not found")
        code = await issue_code(self.session, InviteCode, InviteCode.client_id, client_id, ttl, now)
        return NewInvite(client_id=client_id, code=code, expires_at=now + ttl)

    async def is_throttled(self, telegram_user_id: int, now: datetime | None = None) -> bool:
        now = now or utcnow()
        failures = await self.session.scalar(
            select(func.count())
            .select_from(InviteAttempt)
            .where(
                InviteAttempt.telegram_user_id == telegram_user_id, InviteAttempt.at > now - ATTEMPT_WINDOW
            )
        )
        return (failures or 0) >= MAX_FAILED_ATTEMPTS

    async def redeem(
        self, text: str, telegram_user_id: int, chat_id: int, now: datetime | None = None
    ) -> tuple[RedeemOutcome, int | None]:
        """Link the chat to the code's client, once. Returns the outcome and, when linked, the client id.

        The code is consumed with a conditional UPDATE, so two chats racing for one code cannot
        both win, on SQLite or on PostgreSQL.
        """
        now = now or utcnow()
        if await self.is_throttled(telegram_user_id, now):
            return RedeemOutcome.THROTTLED, None
        existing = await self.session.scalar(
            select(ChatLink).where(ChatLink.telegram_user_id == telegram_user_id)
        )
        if existing is not None:
            return RedeemOutcome.ALREADY_LINKED, existing.client_id
        code = invite_codes.normalize(text)
        row = None
        if code is not None:
            row = await self.session.scalar(
                select(InviteCode).where(InviteCode.code_hash == invite_codes.code_hash(code))
            )
        if row is None:
            self.session.add(InviteAttempt(telegram_user_id=telegram_user_id, at=now))
            await self.session.flush()
            return RedeemOutcome.UNKNOWN, None
        if row.used_at is not None:
            return RedeemOutcome.USED, None
        if row.expires_at <= now:
            return RedeemOutcome.EXPIRED, None
        if await self.session.scalar(select(ChatLink.id).where(ChatLink.client_id == row.client_id)):
            # The client already has a chat: a second phone cannot take over someone's case.
            return RedeemOutcome.USED, None
        claimed = await self.session.execute(
            update(InviteCode)
            .where(InviteCode.id == row.id, InviteCode.used_at.is_(None))
            .values(used_at=now)
        )
        if claimed.rowcount != 1:  # type: ignore[attr-defined]
            return RedeemOutcome.USED, None
        # The unique constraints on chat_link still guard a race; the transaction then rolls back whole.
        self.session.add(
            ChatLink(
                client_id=row.client_id, telegram_user_id=telegram_user_id, chat_id=chat_id, linked_at=now
            )
        )
        await self.session.flush()
        return RedeemOutcome.LINKED, row.client_id

    async def purge_attempts(self, before: datetime) -> int:
        result = await self.session.execute(delete(InviteAttempt).where(InviteAttempt.at < before))
        return int(result.rowcount or 0)  # type: ignore[attr-defined]


class ChatLinkRepository(Repository):
    async def for_telegram_user(self, telegram_user_id: int) -> ChatLinkDTO | None:
        row = await self.session.scalar(select(ChatLink).where(ChatLink.telegram_user_id == telegram_user_id))
        return to_dto(ChatLinkDTO, row) if row else None

    async def for_client(self, client_id: int) -> ChatLinkDTO | None:
        row = await self.session.scalar(select(ChatLink).where(ChatLink.client_id == client_id))
        return to_dto(ChatLinkDTO, row) if row else None

    async def unlink(self, client_id: int) -> bool:
        result = await self.session.execute(delete(ChatLink).where(ChatLink.client_id == client_id))
        return bool(result.rowcount)  # type: ignore[attr-defined]

"""Partner users in the bot: one-time link codes made in the web app, and the linked Telegram chat.

Same rules as client invites (casestore.repositories.clients.InviteRepository): only a hash of the
code is stored, a code expires, is used once (claimed with a conditional UPDATE), and failed tries
count towards the same per-Telegram-user guessing throttle. A chat that speaks for a client cannot
become a partner chat; a partner chat never reaches client linking (dialogs/partner.py takes it first).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update

from casestore import invite_codes
from casestore.enums import StaffRole
from casestore.errors import InvalidInputError
from casestore.models import ChatLink, InviteAttempt, PartnerChat, PartnerLinkCode, StaffUser
from casestore.repositories.base import Repository
from casestore.repositories.clients import InviteRepository, issue_code
from casestore.types import utcnow

PARTNER_CODE_TTL = timedelta(days=2)


class PartnerLinkOutcome(enum.StrEnum):
    LINKED = "linked"
    UNKNOWN = "unknown"
    USED = "used"
    EXPIRED = "expired"
    THROTTLED = "throttled"
    CLIENT_CHAT = "client_chat"


@dataclass(frozen=True)
class NewPartnerCode:
    staff_user_id: int
    code: str
    expires_at: datetime


@dataclass(frozen=True)
class PartnerIdentity:
    """Who a partner chat speaks for: ids only, nothing about any client."""

    staff_user_id: int
    municipality_code: str
    partner_org_id: int


class PartnerChatRepository(Repository):
    async def create_code(
        self, staff_user_id: int, ttl: timedelta = PARTNER_CODE_TTL, now: datetime | None = None
    ) -> NewPartnerCode:
        """A fresh code for an active partner user; their earlier unused codes stop working."""
        now = now or utcnow()
        user = await self.session.get(StaffUser, staff_user_id)
        if user is None or not user.active or user.role != StaffRole.PARTNER or user.partner_org_id is None:
            raise InvalidInputError("only an active partner user can link a chat as a partner")
        code = await issue_code(
            self.session, PartnerLinkCode, PartnerLinkCode.staff_user_id, staff_user_id, ttl, now
        )
        return NewPartnerCode(staff_user_id=staff_user_id, code=code, expires_at=now + ttl)

    async def redeem(
        self, text: str, telegram_user_id: int, chat_id: int, now: datetime | None = None
    ) -> PartnerLinkOutcome:
        """Link this Telegram user to the code's partner user, once.

        A partner who links a new phone replaces their old chat: they made the new code themselves.
        """
        now = now or utcnow()
        if await InviteRepository(self.session).is_throttled(telegram_user_id, now):
            return PartnerLinkOutcome.THROTTLED
        client_chat = select(ChatLink.id).where(ChatLink.telegram_user_id == telegram_user_id)
        if await self.session.scalar(client_chat):
            return PartnerLinkOutcome.CLIENT_CHAT
        code = invite_codes.normalize(text)
        row = None
        if code is not None:
            row = await self.session.scalar(
                select(PartnerLinkCode).where(PartnerLinkCode.code_hash == invite_codes.code_hash(code))
            )
        if row is None:
            self.session.add(InviteAttempt(telegram_user_id=telegram_user_id, at=now))
            await self.session.flush()
            return PartnerLinkOutcome.UNKNOWN
        if row.used_at is not None:
            return PartnerLinkOutcome.USED
        if row.expires_at <= now:
            return PartnerLinkOutcome.EXPIRED
        claimed = await self.session.execute(
            update(PartnerLinkCode)
            .where(PartnerLinkCode.id == row.id, PartnerLinkCode.used_at.is_(None))
            .values(used_at=now)
        )
        if claimed.rowcount != 1:  # type: ignore[attr-defined]
            return PartnerLinkOutcome.USED
        await self.session.execute(
            delete(PartnerChat).where(
                (PartnerChat.staff_user_id == row.staff_user_id)
                | (PartnerChat.telegram_user_id == telegram_user_id)
            )
        )
        self.session.add(
            PartnerChat(
                staff_user_id=row.staff_user_id,
                telegram_user_id=telegram_user_id,
                chat_id=chat_id,
                linked_at=now,
            )
        )
        await self.session.flush()
        return PartnerLinkOutcome.LINKED

    async def for_telegram_user(self, telegram_user_id: int) -> PartnerIdentity | None:
        """The partner this chat speaks for, only while the account is an active partner account."""
        row = await self.session.execute(
            select(StaffUser.id, StaffUser.municipality_code, StaffUser.partner_org_id)
            .join(PartnerChat, PartnerChat.staff_user_id == StaffUser.id)
            .where(
                PartnerChat.telegram_user_id == telegram_user_id,
                StaffUser.active.is_(True),
                StaffUser.role == str(StaffRole.PARTNER),
                StaffUser.partner_org_id.is_not(None),
            )
        )
        found = row.first()
        if found is None:
            return None
        return PartnerIdentity(
            staff_user_id=found[0], municipality_code=found[1], partner_org_id=int(found[2])
        )

    async def unlink(self, telegram_user_id: int) -> bool:
        result = await self.session.execute(
            delete(PartnerChat).where(PartnerChat.telegram_user_id == telegram_user_id)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def linked(self, staff_user_id: int) -> bool:
        """Whether this partner user has a chat linked (for the web page)."""
        found = await self.session.scalar(
            select(PartnerChat.id).where(PartnerChat.staff_user_id == staff_user_id)
        )
        return found is not None

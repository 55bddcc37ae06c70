"""Staff accounts (regisseur, admin, partner), their login sessions and partner organisations.

Passwords are hashed by the caller (web.passwords, argon2); this module only stores hashes. Session
tokens and their hashes are made by the caller too: the database never sees a usable token.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update

from casestore.enums import StaffRole
from casestore.errors import InvalidInputError, NotFoundError
from casestore.models import Municipality, PartnerOrg, StaffSession, StaffUser
from casestore.repositories.base import Repository, to_dto
from casestore.types import utcnow

MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)


@dataclass(frozen=True)
class StaffUserDTO:
    id: int
    municipality_code: str
    username: str
    display_name: str
    role: str
    partner_org_id: int | None
    active: bool
    locked_until: datetime | None
    failed_logins: int


@dataclass(frozen=True)
class StaffCredentials:
    """The account plus its password hash: returned only to the login check."""

    user: StaffUserDTO
    password_hash: str


@dataclass(frozen=True)
class PartnerOrgDTO:
    id: int
    municipality_code: str
    name: str


@dataclass(frozen=True)
class SessionDTO:
    id: int
    staff_user_id: int
    csrf_token: str
    expires_at: datetime


class StaffRepository(Repository):
    async def add(
        self,
        *,
        municipality_code: str,
        username: str,
        display_name: str,
        role: str,
        password_hash: str,
        partner_org_id: int | None = None,
    ) -> StaffUserDTO:
        if role not in set(StaffRole):
            raise InvalidInputError(f"unknown role '{role}'; use one of: {', '.join(StaffRole)}")
        if await self.session.get(Municipality, municipality_code) is None:
            raise InvalidInputError(f"unknown municipality '{municipality_code}'")
        if role == StaffRole.PARTNER:
            org = await self.session.get(PartnerOrg, partner_org_id) if partner_org_id else None
            if org is None or org.municipality_code != municipality_code:
                raise InvalidInputError(
                    "a partner user needs a partner organisation of the same municipality"
                )
        elif partner_org_id is not None:
            raise InvalidInputError("only partner users belong to a partner organisation")
        if await self.session.scalar(select(StaffUser.id).where(StaffUser.username == username)):
            raise InvalidInputError(f"username '{username}' is taken")
        row = StaffUser(
            municipality_code=municipality_code,
            username=username,
            display_name=display_name,
            role=str(role),
            partner_org_id=partner_org_id,
            password_hash=password_hash,
            failed_logins=0,
            active=True,
            created_at=utcnow(),
        )
        self.session.add(row)
        await self.session.flush()
        return to_dto(StaffUserDTO, row)

    async def get(self, user_id: int) -> StaffUserDTO:
        row = await self.session.get(StaffUser, user_id)
        if row is None:
            raise NotFoundError(f"staff user {user_id} not found")
        return to_dto(StaffUserDTO, row)

    async def by_username(self, username: str) -> StaffUserDTO | None:
        row = await self.session.scalar(select(StaffUser).where(StaffUser.username == username))
        return to_dto(StaffUserDTO, row) if row else None

    async def credentials(self, username: str) -> StaffCredentials | None:
        row = await self.session.scalar(select(StaffUser).where(StaffUser.username == username))
        if row is None:
            return None
        return StaffCredentials(to_dto(StaffUserDTO, row), row.password_hash)

    async def set_password(self, user_id: int, password_hash: str) -> None:
        await self.session.execute(
            update(StaffUser)
            .where(StaffUser.id == user_id)
            .values(password_hash=password_hash, failed_logins=0, locked_until=None)
        )

    async def record_failed_login(self, user_id: int, now: datetime | None = None) -> bool:
        """Count a failure; returns True when this failure locks the account."""
        now = now or utcnow()
        row = await self.session.get(StaffUser, user_id)
        if row is None:
            return False
        row.failed_logins += 1
        locked = row.failed_logins >= MAX_FAILED_LOGINS
        if locked:
            row.locked_until = now + LOCKOUT
            row.failed_logins = 0
        await self.session.flush()
        return locked

    async def record_login(self, user_id: int) -> None:
        await self.session.execute(
            update(StaffUser).where(StaffUser.id == user_id).values(failed_logins=0, locked_until=None)
        )

    async def in_municipality(self, municipality_code: str, role: str | None = None) -> list[StaffUserDTO]:
        query = select(StaffUser).where(StaffUser.municipality_code == municipality_code)
        if role is not None:
            query = query.where(StaffUser.role == role)
        rows = await self.session.scalars(query.order_by(StaffUser.display_name, StaffUser.id))
        return [to_dto(StaffUserDTO, r) for r in rows]


class PartnerOrgRepository(Repository):
    async def add(self, municipality_code: str, name: str) -> PartnerOrgDTO:
        if await self.session.get(Municipality, municipality_code) is None:
            raise InvalidInputError(f"unknown municipality '{municipality_code}'")
        row = PartnerOrg(municipality_code=municipality_code, name=name)
        self.session.add(row)
        await self.session.flush()
        return to_dto(PartnerOrgDTO, row)

    async def get_or_add(self, municipality_code: str, name: str) -> PartnerOrgDTO:
        row = await self.session.scalar(
            select(PartnerOrg).where(
                PartnerOrg.municipality_code == municipality_code, PartnerOrg.name == name
            )
        )
        return to_dto(PartnerOrgDTO, row) if row else await self.add(municipality_code, name)

    async def get(self, org_id: int) -> PartnerOrgDTO | None:
        row = await self.session.get(PartnerOrg, org_id)
        return to_dto(PartnerOrgDTO, row) if row else None


class SessionRepository(Repository):
    async def create(
        self,
        staff_user_id: int,
        token_hash: str,
        csrf_token: str,
        lifetime: timedelta,
        now: datetime | None = None,
    ) -> SessionDTO:
        now = now or utcnow()
        row = StaffSession(
            token_hash=token_hash,
            staff_user_id=staff_user_id,
            csrf_token=csrf_token,
            created_at=now,
            expires_at=now + lifetime,
        )
        self.session.add(row)
        await self.session.flush()
        return to_dto(SessionDTO, row)

    async def valid(
        self, token_hash: str, now: datetime | None = None
    ) -> tuple[SessionDTO, StaffUserDTO] | None:
        """The session and its user, if the session has not expired and the user is still active."""
        now = now or utcnow()
        found = (
            await self.session.execute(
                select(StaffSession, StaffUser)
                .join(StaffUser, StaffUser.id == StaffSession.staff_user_id)
                .where(StaffSession.token_hash == token_hash, StaffSession.expires_at > now, StaffUser.active)
            )
        ).first()
        if found is None:
            return None
        return to_dto(SessionDTO, found[0]), to_dto(StaffUserDTO, found[1])

    async def delete(self, token_hash: str) -> None:
        await self.session.execute(delete(StaffSession).where(StaffSession.token_hash == token_hash))

    async def delete_for_user(self, staff_user_id: int) -> None:
        await self.session.execute(delete(StaffSession).where(StaffSession.staff_user_id == staff_user_id))

    async def purge_expired(self, now: datetime | None = None) -> int:
        result = await self.session.execute(
            delete(StaffSession).where(StaffSession.expires_at <= (now or utcnow()))
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

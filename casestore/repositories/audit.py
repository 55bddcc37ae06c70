"""The audit log: every staff read or change of client data, and privacy-relevant client actions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, delete, func, or_, select

from casestore.models import ApiKey, AuditLog, Client, StaffUser
from casestore.repositories.base import Repository, to_dto
from casestore.types import utcnow

# Actor kinds whose `actor_id` is a staff_user id (the calendar feed acts for its regisseur).
STAFF_ACTORS = ("staff", "partner", "feed")


def _municipality_of(
    actor_kind: str, actor_id: int | None, entity: str, entity_id: int | None, client_id: int | None
) -> list[ColumnElement[Any]]:
    """Where to look up whose row this is, best source first: the client, the actor, the entity."""
    found: list[ColumnElement[Any]] = []
    if client_id is not None:
        found.append(select(Client.municipality_code).where(Client.id == client_id).scalar_subquery())
    if actor_id is not None and actor_kind in STAFF_ACTORS:
        found.append(select(StaffUser.municipality_code).where(StaffUser.id == actor_id).scalar_subquery())
    if actor_id is not None and actor_kind == "api":
        found.append(select(ApiKey.municipality_code).where(ApiKey.id == actor_id).scalar_subquery())
    if entity_id is not None and entity == "staff_user":
        found.append(select(StaffUser.municipality_code).where(StaffUser.id == entity_id).scalar_subquery())
    return found


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime
    actor_kind: str
    actor_id: int | None
    action: str
    entity: str
    entity_id: int | None
    client_id: int | None
    detail: dict[str, Any]


@dataclass(frozen=True)
class AuditFilter:
    """Which rows an admin asks for; always one municipality's (`until` is exclusive)."""

    municipality_code: str
    client_id: int | None = None
    staff_user_id: int | None = None
    action: str | None = None
    since: datetime | None = None
    until: datetime | None = None

    def where(self) -> list[ColumnElement[bool]]:
        clauses = [AuditLog.municipality_code == self.municipality_code]
        if self.client_id is not None:
            clauses.append(AuditLog.client_id == self.client_id)
        if self.staff_user_id is not None:
            clauses.append(AuditLog.actor_kind.in_(STAFF_ACTORS))
            clauses.append(AuditLog.actor_id == self.staff_user_id)
        if self.action is not None:
            clauses.append(AuditLog.action == self.action)
        if self.since is not None:
            clauses.append(AuditLog.at >= self.since)
        if self.until is not None:
            clauses.append(AuditLog.at < self.until)
        return clauses


class AuditRepository(Repository):
    async def record(
        self,
        *,
        actor_kind: str,
        actor_id: int | None,
        action: str,
        entity: str,
        entity_id: int | None = None,
        client_id: int | None = None,
        detail: dict[str, Any] | None = None,
        municipality_code: str | None = None,
    ) -> None:
        """Add one row; its municipality (for the audit retention) is looked up unless given."""
        if municipality_code is None:
            sources = _municipality_of(actor_kind, actor_id, entity, entity_id, client_id)
            if sources:
                # SQLite's COALESCE wants two arguments or more.
                found = sources[0] if len(sources) == 1 else func.coalesce(*sources)
                municipality_code = await self.session.scalar(select(found))
        self.session.add(
            AuditLog(
                at=utcnow(),
                actor_kind=actor_kind,
                actor_id=actor_id,
                action=action,
                entity=entity,
                entity_id=entity_id,
                client_id=client_id,
                detail=detail or {},
                municipality_code=municipality_code,
            )
        )

    async def purge_before(self, municipality_code: str, before: datetime) -> int:
        """Delete the municipality's rows older than `before`."""
        result = await self.session.execute(
            delete(AuditLog).where(AuditLog.municipality_code == municipality_code, AuditLog.at < before)
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    async def purge_unattributed(self, configured: list[str], before: datetime) -> int:
        """Delete rows older than `before` that belong to none of the `configured` municipalities."""
        result = await self.session.execute(
            delete(AuditLog).where(
                or_(AuditLog.municipality_code.is_(None), AuditLog.municipality_code.not_in(configured)),
                AuditLog.at < before,
            )
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    async def entries(
        self, wanted: AuditFilter, *, limit: int, before: int | None = None
    ) -> list[AuditEntry]:
        """Newest first. `before` is the id of the previous page's last row (keyset paging: a row
        written meanwhile never shifts a page); an id outside the municipality starts at the top."""
        query = select(AuditLog).where(*wanted.where())
        if before is not None:
            cursor = await self.session.scalar(
                select(AuditLog.at).where(
                    AuditLog.id == before, AuditLog.municipality_code == wanted.municipality_code
                )
            )
            if cursor is not None:
                # `at <= cursor` is implied by the OR, but said outright it bounds the index range
                # (municipality_code, at, id) at the cursor instead of leaving it to a filter.
                query = query.where(
                    AuditLog.at <= cursor,
                    or_(AuditLog.at < cursor, and_(AuditLog.at == cursor, AuditLog.id < before)),
                )
        rows = await self.session.scalars(query.order_by(AuditLog.at.desc(), AuditLog.id.desc()).limit(limit))
        return [to_dto(AuditEntry, row) for row in rows]

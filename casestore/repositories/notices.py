"""Staff notices: what the reminder worker tells regisseurs (a client blocked the bot, the daily digest).

A notice carries ids and counts only, never message texts; the web app shows it with the names it
is allowed to show. `dedup_key` is unique, so adding the same notice twice stores it once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from casestore.models import StaffNotice
from casestore.repositories.base import Repository, to_dto


@dataclass(frozen=True)
class NoticeDTO:
    id: int
    municipality_code: str
    regisseur_id: int | None
    client_id: int | None
    kind: str
    dedup_key: str
    payload: dict[str, Any]
    created_at: datetime
    read_at: datetime | None


class NoticeRepository(Repository):
    async def add_once(
        self,
        *,
        municipality_code: str,
        kind: str,
        dedup_key: str,
        payload: dict[str, Any],
        now: datetime,
        regisseur_id: int | None = None,
        client_id: int | None = None,
    ) -> bool:
        """Store the notice unless one with this key exists; True when stored now."""
        if await self.session.scalar(select(StaffNotice.id).where(StaffNotice.dedup_key == dedup_key)):
            return False
        try:
            async with self.session.begin_nested():
                self.session.add(
                    StaffNotice(
                        municipality_code=municipality_code,
                        regisseur_id=regisseur_id,
                        client_id=client_id,
                        kind=kind,
                        dedup_key=dedup_key,
                        payload=payload,
                        created_at=now,
                    )
                )
        except IntegrityError:  # another worker stored it between our check and our insert
            return False
        return True

    async def list(
        self, municipality_code: str | None = None, kind: str | None = None, regisseur_id: int | None = None
    ) -> list[NoticeDTO]:
        query = select(StaffNotice)
        if municipality_code is not None:
            query = query.where(StaffNotice.municipality_code == municipality_code)
        if kind is not None:
            query = query.where(StaffNotice.kind == kind)
        if regisseur_id is not None:
            query = query.where(StaffNotice.regisseur_id == regisseur_id)
        rows = await self.session.scalars(query.order_by(StaffNotice.created_at, StaffNotice.id))
        return [to_dto(NoticeDTO, r) for r in rows]

    async def purge_before(self, municipality_code: str, before: datetime) -> int:
        result = await self.session.execute(
            delete(StaffNotice).where(
                StaffNotice.municipality_code == municipality_code, StaffNotice.created_at < before
            )
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

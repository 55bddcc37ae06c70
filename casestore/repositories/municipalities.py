"""Municipality rows, kept in step with the municipality files."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from casestore.models import Municipality
from casestore.repositories.base import Repository


class MunicipalityRepository(Repository):
    async def sync(self, entries: Iterable[tuple[str, str]]) -> None:
        """Insert or rename municipalities given as (code, name); rows are never deleted here."""
        existing = {m.code: m for m in (await self.session.scalars(select(Municipality))).all()}
        for code, name in entries:
            if code in existing:
                existing[code].name = name
            else:
                self.session.add(Municipality(code=code, name=name))
        await self.session.flush()

    async def exists(self, code: str) -> bool:
        return await self.session.get(Municipality, code) is not None

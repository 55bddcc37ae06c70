"""The audit log: every staff read or change of client data, and privacy-relevant client actions."""

from __future__ import annotations

from typing import Any

from casestore.models import AuditLog
from casestore.repositories.base import Repository
from casestore.types import utcnow


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
    ) -> None:
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
            )
        )

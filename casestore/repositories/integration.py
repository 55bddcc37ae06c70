"""The municipal case system's side: API keys, webhook endpoints and the webhook delivery log, and
the regisseurs' secret calendar feeds.

Keys and feed tokens are random 256-bit values, so a SHA-256 hash is enough to store them (a slow
password hash protects low-entropy secrets; these are not). Webhook secrets must be kept in clear:
the signature is computed with them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, literal, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from casestore.models import ApiKey, CalendarFeed, Client, Response, WebhookDelivery, WebhookEndpoint
from casestore.repositories.base import Repository, to_dto
from casestore.types import UTCDateTime, utcnow


@dataclass(frozen=True)
class ApiKeyDTO:
    id: int
    municipality_code: str
    name: str
    key_prefix: str
    created_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None


@dataclass(frozen=True)
class WebhookEndpointDTO:
    id: int
    municipality_code: str
    url: str
    secret: str
    active: bool


@dataclass(frozen=True)
class WebhookDeliveryDTO:
    id: int
    endpoint_id: int
    response_id: int
    state: str
    attempts: int
    next_attempt_at: datetime
    last_status: int | None
    last_error: str | None
    delivered_at: datetime | None
    created_at: datetime


class ApiKeyRepository(Repository):
    async def add(self, municipality_code: str, name: str, key_prefix: str, key_hash: str) -> ApiKeyDTO:
        row = ApiKey(
            municipality_code=municipality_code,
            name=name,
            key_prefix=key_prefix,
            key_hash=key_hash,
            created_at=utcnow(),
        )
        self.session.add(row)
        await self.session.flush()
        return to_dto(ApiKeyDTO, row)

    async def by_hash(self, key_hash: str) -> ApiKeyDTO | None:
        row = await self.session.scalar(
            select(ApiKey).where(ApiKey.key_hash == key_hash, ApiKey.revoked_at.is_(None))
        )
        if row is None:
            return None
        now = utcnow()
        # Written at most once a minute, so a busy client does not turn every read into a write.
        if row.last_used_at is None or now - row.last_used_at > timedelta(minutes=1):
            row.last_used_at = now
        return to_dto(ApiKeyDTO, row)

    async def for_municipality(self, municipality_code: str) -> list[ApiKeyDTO]:
        rows = await self.session.scalars(
            select(ApiKey).where(ApiKey.municipality_code == municipality_code).order_by(ApiKey.id)
        )
        return [to_dto(ApiKeyDTO, r) for r in rows]

    async def revoke(self, municipality_code: str, key_id: int) -> bool:
        result = await self.session.execute(
            update(ApiKey)
            .where(
                ApiKey.id == key_id,
                ApiKey.municipality_code == municipality_code,
                ApiKey.revoked_at.is_(None),
            )
            .values(revoked_at=utcnow())
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]


class WebhookRepository(Repository):
    async def set_endpoint(self, municipality_code: str, url: str, secret: str) -> WebhookEndpointDTO:
        """One active endpoint per municipality: a new URL replaces (deactivates) the old one."""
        await self.session.execute(
            update(WebhookEndpoint)
            .where(WebhookEndpoint.municipality_code == municipality_code, WebhookEndpoint.active)
            .values(active=False)
        )
        row = WebhookEndpoint(
            municipality_code=municipality_code, url=url, secret=secret, active=True, created_at=utcnow()
        )
        self.session.add(row)
        await self.session.flush()
        return to_dto(WebhookEndpointDTO, row)

    async def disable(self, municipality_code: str) -> None:
        await self.session.execute(
            update(WebhookEndpoint)
            .where(WebhookEndpoint.municipality_code == municipality_code)
            .values(active=False)
        )

    async def active_endpoint(self, municipality_code: str) -> WebhookEndpointDTO | None:
        row = await self.session.scalar(
            select(WebhookEndpoint).where(
                WebhookEndpoint.municipality_code == municipality_code, WebhookEndpoint.active
            )
        )
        return to_dto(WebhookEndpointDTO, row) if row else None

    async def endpoint(self, endpoint_id: int) -> WebhookEndpointDTO | None:
        row = await self.session.get(WebhookEndpoint, endpoint_id)
        return to_dto(WebhookEndpointDTO, row) if row else None

    async def enqueue_new(self, now: datetime | None = None, limit: int = 500) -> int:
        """Create a pending delivery for each response an active endpoint has not got a row for.

        Only responses made after the endpoint was configured are sent: a new endpoint does not
        flood the case system with history (the API's cursor serves a backfill). One INSERT ... SELECT
        with ON CONFLICT DO NOTHING: a write from its first statement (no SQLite lock upgrade), and
        two workers enqueueing at once leave one row per pair.
        """
        now = now or utcnow()
        source = (
            select(
                WebhookEndpoint.id,
                Response.id,
                literal("pending"),
                literal(0),
                literal(now, UTCDateTime()),
                literal(now, UTCDateTime()),
            )
            .join(Client, Client.municipality_code == WebhookEndpoint.municipality_code)
            .join(Response, Response.client_id == Client.id)
            .where(
                WebhookEndpoint.active,
                Response.created_at >= WebhookEndpoint.created_at,
                ~select(WebhookDelivery.id)
                .where(
                    WebhookDelivery.endpoint_id == WebhookEndpoint.id,
                    WebhookDelivery.response_id == Response.id,
                )
                .exists(),
            )
            .order_by(Response.id)
            .limit(limit)
        )
        insert = pg_insert if self.session.bind.dialect.name == "postgresql" else sqlite_insert
        result = await self.session.execute(
            insert(WebhookDelivery)
            .from_select(
                ["endpoint_id", "response_id", "state", "attempts", "next_attempt_at", "created_at"], source
            )
            .on_conflict_do_nothing(index_elements=["endpoint_id", "response_id"])
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    async def claim_due(self, lease: timedelta, now: datetime | None = None, limit: int = 20) -> list[int]:
        """Lease due deliveries so that two workers never send the same one at the same time.

        One UPDATE ... RETURNING: on PostgreSQL the candidates are locked with SKIP LOCKED, and on
        SQLite the statement takes the write lock first, so two workers cannot claim one row.
        """
        now = now or utcnow()
        candidates = (
            select(WebhookDelivery.id)
            .where(
                WebhookDelivery.state == "pending",
                WebhookDelivery.next_attempt_at <= now,
                or_(WebhookDelivery.lease_until.is_(None), WebhookDelivery.lease_until <= now),
            )
            .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        claimed = await self.session.execute(
            update(WebhookDelivery)
            .where(WebhookDelivery.id.in_(candidates.scalar_subquery()))
            .values(lease_until=now + lease)
            .returning(WebhookDelivery.id)
            .execution_options(synchronize_session=False)
        )
        return sorted(row[0] for row in claimed)

    async def delivery(self, delivery_id: int) -> WebhookDeliveryDTO | None:
        row = await self.session.get(WebhookDelivery, delivery_id)
        return to_dto(WebhookDeliveryDTO, row) if row else None

    async def record_success(self, delivery_id: int, status: int, now: datetime | None = None) -> None:
        now = now or utcnow()
        delivered = await self.session.execute(
            update(WebhookDelivery)
            .where(WebhookDelivery.id == delivery_id)
            .values(
                state="delivered",
                attempts=WebhookDelivery.attempts + 1,
                last_status=status,
                last_error=None,
                delivered_at=now,
                lease_until=None,
            )
            .returning(WebhookDelivery.response_id)
            .execution_options(synchronize_session=False)
        )
        response_id = delivered.scalar_one_or_none()
        if response_id is not None:
            await self.session.execute(
                update(Response)
                .where(Response.id == response_id)
                .values(export_state="exported", exported_at=now)
            )

    async def record_failure(
        self, delivery_id: int, status: int | None, error: str, retry_at: datetime | None
    ) -> None:
        """A failed attempt: try again at `retry_at`, or give up (state failed) when it is None."""
        values: dict[str, object] = {
            "attempts": WebhookDelivery.attempts + 1,
            "last_status": status,
            "last_error": error[:200],
            "lease_until": None,
        }
        if retry_at is None:
            values["state"] = "failed"
        else:
            values["next_attempt_at"] = retry_at
        failed = await self.session.execute(
            update(WebhookDelivery)
            .where(WebhookDelivery.id == delivery_id)
            .values(**values)
            .returning(WebhookDelivery.response_id)
            .execution_options(synchronize_session=False)
        )
        response_id = failed.scalar_one_or_none()
        if retry_at is None and response_id is not None:
            await self.session.execute(
                update(Response)
                .where(Response.id == response_id, Response.export_state != "exported")
                .values(export_state="failed")
            )

    async def log(self, municipality_code: str, limit: int = 200) -> list[WebhookDeliveryDTO]:
        rows = await self.session.scalars(
            select(WebhookDelivery)
            .join(WebhookEndpoint, WebhookEndpoint.id == WebhookDelivery.endpoint_id)
            .where(WebhookEndpoint.municipality_code == municipality_code)
            .order_by(WebhookDelivery.id.desc())
            .limit(limit)
        )
        return [to_dto(WebhookDeliveryDTO, r) for r in rows]

    async def retry_now(self, municipality_code: str, delivery_id: int) -> bool:
        """An admin's 'try again' on a failed delivery."""
        endpoint_ids = select(WebhookEndpoint.id).where(
            WebhookEndpoint.municipality_code == municipality_code
        )
        result = await self.session.execute(
            update(WebhookDelivery)
            .where(
                WebhookDelivery.id == delivery_id,
                WebhookDelivery.state == "failed",
                WebhookDelivery.endpoint_id.in_(endpoint_ids),
            )
            .values(state="pending", next_attempt_at=utcnow(), lease_until=None)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]


class CalendarFeedRepository(Repository):
    async def replace(self, staff_user_id: int, token_hash: str) -> None:
        """A new secret URL; the old one stops working at once."""
        await self.session.execute(delete(CalendarFeed).where(CalendarFeed.staff_user_id == staff_user_id))
        self.session.add(
            CalendarFeed(staff_user_id=staff_user_id, token_hash=token_hash, created_at=utcnow())
        )
        await self.session.flush()

    async def revoke(self, staff_user_id: int) -> None:
        await self.session.execute(delete(CalendarFeed).where(CalendarFeed.staff_user_id == staff_user_id))

    async def owner(self, token_hash: str) -> int | None:
        return await self.session.scalar(  # type: ignore[no-any-return]
            select(CalendarFeed.staff_user_id).where(CalendarFeed.token_hash == token_hash)
        )

    async def exists(self, staff_user_id: int) -> datetime | None:
        return await self.session.scalar(  # type: ignore[no-any-return]
            select(CalendarFeed.created_at).where(CalendarFeed.staff_user_id == staff_user_id)
        )

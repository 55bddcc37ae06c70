"""What staff see and change, always through a `Scope`: a regisseur's own clients or an admin's municipality.

Every query here takes the scope, so a route cannot forget the authorisation filter: a client,
appointment or response outside the scope is simply not found.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import aliased

from casestore.dto import AppointmentDTO, ClientDTO, ResponseDTO
from casestore.errors import InvalidInputError, NotFoundError
from casestore.models import Appointment, Broadcast, ChatLink, Client, Response
from casestore.repositories.base import Repository, to_dto
from casestore.repositories.broadcasts import BroadcastDTO
from casestore.types import utcnow


@dataclass(frozen=True)
class Scope:
    """A municipality, narrowed to one regisseur's caseload when `regisseur_id` is set."""

    municipality_code: str
    regisseur_id: int | None = None

    def clients(self) -> Any:
        """The WHERE clause selecting the clients in this scope."""
        clause = Client.municipality_code == self.municipality_code
        if self.regisseur_id is not None:
            clause = and_(clause, Client.regisseur_id == self.regisseur_id)
        return clause


@dataclass(frozen=True)
class CaseloadRow:
    client: ClientDTO
    linked: bool
    next_appointment: AppointmentDTO | None
    last_response: ResponseDTO | None


@dataclass(frozen=True)
class AttendanceRow:
    """One appointment with the client's latest answer on it (None: no answer yet)."""

    appointment: AppointmentDTO
    client: ClientDTO
    response: ResponseDTO | None


@dataclass(frozen=True)
class LinkStatus:
    client_id: int
    external_ref: str | None
    linked: bool
    linked_at: datetime | None
    unreachable: bool


@dataclass(frozen=True)
class ResponseExport:
    """A response with what a case system needs to file it."""

    response: ResponseDTO
    client_external_ref: str | None
    appointment_external_ref: str | None
    appointment_kind: str
    appointment_starts_at: datetime


APPOINTMENT_FIELDS = (
    "kind",
    "starts_at",
    "ends_at",
    "location",
    "interpreter_language",
    "status",
    "timezone",
)


class CaseloadRepository(Repository):
    # --- clients -----------------------------------------------------------------------------

    async def client(self, scope: Scope, client_id: int) -> ClientDTO | None:
        row = await self.session.scalar(select(Client).where(Client.id == client_id, scope.clients()))
        return to_dto(ClientDTO, row) if row else None

    async def client_by_ref(self, scope: Scope, external_ref: str) -> ClientDTO | None:
        row = await self.session.scalar(
            select(Client)
            .where(Client.external_ref == external_ref, scope.clients())
            .order_by(Client.id)
            .limit(1)
        )
        return to_dto(ClientDTO, row) if row else None

    async def update_client(self, scope: Scope, client_id: int, **values: Any) -> ClientDTO:
        allowed = {
            "display_name",
            "language",
            "route",
            "status",
            "termijn_start",
            "termijn_end",
            "external_ref",
            "regisseur_id",
        }
        unknown = set(values) - allowed
        if unknown:
            raise InvalidInputError(f"cannot change {', '.join(sorted(unknown))}")
        row = await self.session.scalar(select(Client).where(Client.id == client_id, scope.clients()))
        if row is None:
            raise NotFoundError(f"client {client_id} not found")
        for key, value in values.items():
            setattr(row, key, value)
        await self.session.flush()
        return to_dto(ClientDTO, row)

    async def set_closed(
        self, scope: Scope, client_id: int, closed: bool, now: datetime | None = None
    ) -> ClientDTO:
        """Close the trajectory (the retention period starts counting) or reopen it.

        Closing twice keeps the first moment, so a repeated form post does not postpone the purge.
        Reopening a closed trajectory clears `closed_at` and sets `reopened_at`, which the purge
        counts as activity (`ClientRepository.ended_before`); reopening an open one changes nothing.
        """
        row = await self.session.scalar(select(Client).where(Client.id == client_id, scope.clients()))
        if row is None:
            raise NotFoundError(f"client {client_id} not found")
        if not closed:
            if row.closed_at is not None:
                row.closed_at = None
                row.reopened_at = now or utcnow()
        elif row.closed_at is None:
            row.closed_at = now or utcnow()
        await self.session.flush()
        return to_dto(ClientDTO, row)

    async def overview(self, scope: Scope, now: datetime | None = None) -> list[CaseloadRow]:
        """The caseload: every client with link state, next planned appointment and last answer."""
        now = now or utcnow()
        clients = list(
            await self.session.scalars(
                select(Client).where(scope.clients(), Client.anonymised_at.is_(None)).order_by(Client.id)
            )
        )
        ids = [c.id for c in clients]
        if not ids:
            return []
        linked = set(
            await self.session.scalars(select(ChatLink.client_id).where(ChatLink.client_id.in_(ids)))
        )
        next_rows = await self.session.scalars(
            select(Appointment)
            .where(
                Appointment.client_id.in_(ids), Appointment.status == "planned", Appointment.starts_at >= now
            )
            .order_by(Appointment.client_id, Appointment.starts_at)
        )
        upcoming: dict[int, AppointmentDTO] = {}
        for row in next_rows:
            upcoming.setdefault(row.client_id, to_dto(AppointmentDTO, row))
        last: dict[int, ResponseDTO] = {}
        for answer in await self.session.scalars(
            select(Response).where(Response.client_id.in_(ids)).order_by(Response.client_id, Response.id)
        ):
            last[answer.client_id] = to_dto(ResponseDTO, answer)
        return [
            CaseloadRow(to_dto(ClientDTO, c), c.id in linked, upcoming.get(c.id), last.get(c.id))
            for c in clients
        ]

    # --- appointments ------------------------------------------------------------------------

    def _appointments(self, scope: Scope) -> Select[tuple[Appointment]]:
        return select(Appointment).join(Client, Client.id == Appointment.client_id).where(scope.clients())

    async def appointment(self, scope: Scope, appointment_id: int) -> AppointmentDTO | None:
        row = await self.session.scalar(self._appointments(scope).where(Appointment.id == appointment_id))
        return to_dto(AppointmentDTO, row) if row else None

    async def appointment_by_ref(self, scope: Scope, external_ref: str) -> AppointmentDTO | None:
        row = await self.session.scalar(
            self._appointments(scope).where(Appointment.external_ref == external_ref).order_by(Appointment.id)
        )
        return to_dto(AppointmentDTO, row) if row else None

    async def update_appointment(self, scope: Scope, appointment_id: int, **values: Any) -> AppointmentDTO:
        unknown = set(values) - set(APPOINTMENT_FIELDS) - {"client_id", "external_ref"}
        if unknown:
            raise InvalidInputError(f"cannot change {', '.join(sorted(unknown))}")
        row = await self.session.scalar(self._appointments(scope).where(Appointment.id == appointment_id))
        if row is None:
            raise NotFoundError(f"appointment {appointment_id} not found")
        starts = values.get("starts_at", row.starts_at)
        ends = values.get("ends_at", row.ends_at)
        if ends is not None and ends <= starts:
            raise InvalidInputError("an appointment must end after it starts")
        for key, value in values.items():
            setattr(row, key, value)
        row.updated_at = utcnow()
        await self.session.flush()
        return to_dto(AppointmentDTO, row)

    async def appointments_for_regisseur(self, regisseur_id: int, since: datetime) -> list[AppointmentDTO]:
        rows = await self.session.scalars(
            select(Appointment)
            .join(Client, Client.id == Appointment.client_id)
            .where(Client.regisseur_id == regisseur_id, Appointment.starts_at >= since)
            .order_by(Appointment.starts_at)
        )
        return [to_dto(AppointmentDTO, r) for r in rows]

    async def appointment_count(self, scope: Scope, since: datetime, until: datetime) -> int:
        return int(
            await self.session.scalar(
                select(func.count())
                .select_from(Appointment)
                .join(Client, Client.id == Appointment.client_id)
                .where(scope.clients(), Appointment.starts_at >= since, Appointment.starts_at < until)
            )
            or 0
        )

    # --- attendance and responses ------------------------------------------------------------

    async def attendance(
        self,
        scope: Scope,
        *,
        since: datetime,
        until: datetime,
        kind: str | None = None,
        answer: str | None = None,
        limit: int = 2000,
    ) -> list[AttendanceRow]:
        """Appointments in [since, until) with the latest answer; `answer='none'` keeps the unanswered."""
        later = aliased(Response)
        latest = (
            select(Response)
            .where(
                ~select(later.id)
                .where(
                    later.appointment_id == Response.appointment_id,
                    later.client_id == Response.client_id,
                    later.id > Response.id,
                )
                .exists()
            )
            .subquery()
        )
        latest_response = aliased(Response, latest)
        query = (
            select(Appointment, Client, latest_response)
            .join(Client, Client.id == Appointment.client_id)
            .outerjoin(
                latest_response,
                and_(
                    latest_response.appointment_id == Appointment.id, latest_response.client_id == Client.id
                ),
            )
            .where(scope.clients(), Appointment.starts_at >= since, Appointment.starts_at < until)
        )
        if kind:
            query = query.where(Appointment.kind == kind)
        if answer == "none":
            query = query.where(latest_response.id.is_(None))
        elif answer:
            query = query.where(latest_response.answer == answer)
        rows = await self.session.execute(query.order_by(Appointment.starts_at, Appointment.id).limit(limit))
        return [
            AttendanceRow(
                to_dto(AppointmentDTO, a),
                to_dto(ClientDTO, c),
                to_dto(ResponseDTO, r) if r is not None else None,
            )
            for a, c, r in rows
        ]

    async def client_responses(self, scope: Scope, client_id: int) -> list[ResponseDTO]:
        rows = await self.session.scalars(
            select(Response)
            .join(Client, Client.id == Response.client_id)
            .where(Response.client_id == client_id, scope.clients())
            .order_by(Response.id)
        )
        return [to_dto(ResponseDTO, r) for r in rows]

    async def responses_since(self, scope: Scope, after_id: int, limit: int) -> list[ResponseExport]:
        """Responses with id > after_id, oldest first: the id is the API's cursor."""
        rows = await self.session.execute(
            select(Response, Client.external_ref, Appointment)
            .join(Client, Client.id == Response.client_id)
            .join(Appointment, Appointment.id == Response.appointment_id)
            .where(scope.clients(), Response.id > after_id)
            .order_by(Response.id)
            .limit(limit)
        )
        return [
            ResponseExport(to_dto(ResponseDTO, r), ref, a.external_ref, a.kind, a.starts_at)
            for r, ref, a in rows
        ]

    async def response_export(self, response_id: int) -> tuple[ResponseExport, str] | None:
        """One response for the webhook, with the municipality it belongs to."""
        found = (
            await self.session.execute(
                select(Response, Client.external_ref, Appointment, Client.municipality_code)
                .join(Client, Client.id == Response.client_id)
                .join(Appointment, Appointment.id == Response.appointment_id)
                .where(Response.id == response_id)
            )
        ).first()
        if found is None:
            return None
        r, ref, a, municipality = found
        return ResponseExport(to_dto(ResponseDTO, r), ref, a.external_ref, a.kind, a.starts_at), municipality

    # --- link status -------------------------------------------------------------------------

    async def link_statuses(
        self, scope: Scope, *, external_ref: str | None = None, after_id: int = 0, limit: int = 100
    ) -> list[LinkStatus]:
        query = (
            select(Client, ChatLink.linked_at)
            .outerjoin(ChatLink, ChatLink.client_id == Client.id)
            .where(scope.clients(), Client.id > after_id)
        )
        if external_ref is not None:
            query = query.where(Client.external_ref == external_ref)
        rows = await self.session.execute(query.order_by(Client.id).limit(limit))
        return [
            LinkStatus(c.id, c.external_ref, linked_at is not None, linked_at, c.unreachable)
            for c, linked_at in rows
        ]

    async def search_clients(self, scope: Scope, term: str) -> list[ClientDTO]:
        like = f"%{term.strip()}%"
        rows = await self.session.scalars(
            select(Client)
            .where(scope.clients(), or_(Client.display_name.ilike(like), Client.external_ref.ilike(like)))
            .order_by(Client.id)
            .limit(50)
        )
        return [to_dto(ClientDTO, r) for r in rows]

    async def termijn_ending(self, scope: Scope, before: date) -> int:
        return int(
            await self.session.scalar(
                select(func.count()).select_from(Client).where(scope.clients(), Client.termijn_end < before)
            )
            or 0
        )

    # --- broadcasts --------------------------------------------------------------------------

    def _broadcasts(self, scope: Scope) -> Select[tuple[Broadcast]]:
        """A regisseur sees the broadcasts they made; an admin those of the municipality."""
        query = select(Broadcast).where(Broadcast.municipality_code == scope.municipality_code)
        if scope.regisseur_id is not None:
            query = query.where(Broadcast.created_by == scope.regisseur_id)
        return query

    async def broadcasts(self, scope: Scope, limit: int = 50) -> list[BroadcastDTO]:
        rows = await self.session.scalars(self._broadcasts(scope).order_by(Broadcast.id.desc()).limit(limit))
        return [to_dto(BroadcastDTO, r) for r in rows]

    async def broadcast(self, scope: Scope, broadcast_id: int) -> BroadcastDTO | None:
        row = await self.session.scalar(self._broadcasts(scope).where(Broadcast.id == broadcast_id))
        return to_dto(BroadcastDTO, row) if row else None

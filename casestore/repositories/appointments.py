"""Appointments and the responses (attendance answers) given on them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from casestore.dto import AppointmentDTO, ResponseDTO
from casestore.errors import InvalidInputError, NotFoundError
from casestore.models import Appointment, Client, Response
from casestore.repositories.base import Repository, to_dto
from casestore.types import utcnow
from locales.bidi import neutralise


class AppointmentRepository(Repository):
    async def add(
        self,
        *,
        client_id: int,
        kind: str,
        starts_at: datetime,
        ends_at: datetime | None = None,
        timezone: str = "Europe/Amsterdam",
        location: str | None = None,
        interpreter_language: str | None = None,
        external_ref: str | None = None,
    ) -> AppointmentDTO:
        if await self.session.get(Client, client_id) is None:
            raise NotFoundError(f"client {client_id} not found")
        if ends_at is not None and ends_at <= starts_at:
            raise InvalidInputError("an appointment must end after it starts")
        now = utcnow()
        row = Appointment(
            client_id=client_id,
            kind=kind,
            starts_at=starts_at,
            ends_at=ends_at,
            timezone=timezone,
            location=location,
            interpreter_language=interpreter_language,
            external_ref=external_ref,
            status="planned",
            created_at=now,
            updated_at=now,
        )
        self.session.add(row)
        await self.session.flush()
        return to_dto(AppointmentDTO, row)

    async def get(self, appointment_id: int) -> AppointmentDTO:
        row = await self.session.get(Appointment, appointment_id)
        if row is None:
            raise NotFoundError(f"appointment {appointment_id} not found")
        return to_dto(AppointmentDTO, row)

    async def get_for_client(self, appointment_id: int, client_id: int) -> AppointmentDTO | None:
        """The appointment only if it belongs to this client: a chat can never reach another's."""
        row = await self.session.scalar(
            select(Appointment).where(Appointment.id == appointment_id, Appointment.client_id == client_id)
        )
        return to_dto(AppointmentDTO, row) if row else None

    async def upcoming_for_client(self, client_id: int, now: datetime | None = None) -> list[AppointmentDTO]:
        rows = await self.session.scalars(
            select(Appointment)
            .where(
                Appointment.client_id == client_id,
                Appointment.status == "planned",
                Appointment.starts_at >= (now or utcnow()),
            )
            .order_by(Appointment.starts_at)
        )
        return [to_dto(AppointmentDTO, r) for r in rows]

    async def all_for_client(self, client_id: int) -> list[AppointmentDTO]:
        rows = await self.session.scalars(
            select(Appointment).where(Appointment.client_id == client_id).order_by(Appointment.starts_at)
        )
        return [to_dto(AppointmentDTO, r) for r in rows]

    async def cancel(self, appointment_id: int) -> AppointmentDTO:
        row = await self.session.get(Appointment, appointment_id)
        if row is None:
            raise NotFoundError(f"appointment {appointment_id} not found")
        row.status = "cancelled"
        row.updated_at = utcnow()
        await self.session.flush()
        return to_dto(AppointmentDTO, row)


class ResponseRepository(Repository):
    async def record(
        self,
        *,
        appointment_id: int,
        client_id: int,
        answer: str,
        channel: str,
        reason: str | None = None,
    ) -> tuple[ResponseDTO, bool]:
        """Store an answer; returns (response, created). Repeating the latest answer stores nothing new."""
        latest = await self.latest(appointment_id, client_id)
        # Compared as it would be stored (casestore/models.py neutralises what people type).
        if (
            latest is not None
            and latest.answer == answer
            and (reason is None or neutralise(reason) == latest.reason)
        ):
            return latest, False
        row = Response(
            appointment_id=appointment_id,
            client_id=client_id,
            answer=answer,
            reason=reason,
            channel=channel,
            created_at=utcnow(),
            export_state="pending",
        )
        self.session.add(row)
        await self.session.flush()
        return to_dto(ResponseDTO, row), True

    async def add_reason(self, response_id: int, client_id: int, reason: str) -> ResponseDTO | None:
        row = await self.session.scalar(
            select(Response).where(Response.id == response_id, Response.client_id == client_id)
        )
        if row is None:
            return None
        row.reason = reason
        await self.session.flush()
        return to_dto(ResponseDTO, row)

    async def latest(self, appointment_id: int, client_id: int) -> ResponseDTO | None:
        row = await self.session.scalar(
            select(Response)
            .where(Response.appointment_id == appointment_id, Response.client_id == client_id)
            .order_by(Response.created_at.desc(), Response.id.desc())
            .limit(1)
        )
        return to_dto(ResponseDTO, row) if row else None

    async def for_appointment(self, appointment_id: int) -> list[ResponseDTO]:
        rows = await self.session.scalars(
            select(Response).where(Response.appointment_id == appointment_id).order_by(Response.id)
        )
        return [to_dto(ResponseDTO, r) for r in rows]

    async def for_client(self, client_id: int) -> list[ResponseDTO]:
        rows = await self.session.scalars(
            select(Response).where(Response.client_id == client_id).order_by(Response.id)
        )
        return [to_dto(ResponseDTO, r) for r in rows]

    async def all(self) -> list[ResponseDTO]:
        rows = await self.session.scalars(select(Response).order_by(Response.id))
        return [to_dto(ResponseDTO, r) for r in rows]

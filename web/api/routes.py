"""REST API for the municipal case system. Each API key belongs to one municipality and sees only its data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, Response, Security
from fastapi.security import APIKeyHeader

from casestore.dto import AppointmentDTO
from casestore.repositories.caseload import LinkStatus, Scope
from web import planning
from web.api.schemas import (
    CURSOR_PATTERN,
    REF_PATTERN,
    AppointmentIn,
    AppointmentOut,
    AppointmentUpsertResult,
    LinkStatusOut,
    LinkStatusPage,
    Problem,
    ResponseOut,
    ResponsePage,
    UpsertOutcome,
)
from web.deps import get_app
from web.planning import AppointmentFields
from web.tokens import API_KEY_PREFIX, token_hash

api_key_header = APIKeyHeader(
    name="X-API-Key",
    auto_error=False,
    description="A key made by an admin under Koppelingen; sent on every request.",
)

ERRORS: dict[int | str, dict[str, object]] = {
    401: {"model": Problem, "description": "Missing or unknown API key"}
}
NOT_FOUND: dict[int | str, dict[str, object]] = {
    404: {"model": Problem, "description": "Not found for this key"}
}

router = APIRouter(prefix="/api/v1", tags=["case system"], responses=ERRORS)


@dataclass(frozen=True)
class ApiClient:
    key_id: int
    municipality_code: str

    def scope(self) -> Scope:
        return Scope(self.municipality_code)


async def api_client(request: Request, key: str | None = Security(api_key_header)) -> ApiClient:
    if not key or not key.startswith(API_KEY_PREFIX) or len(key) > 200:
        raise HTTPException(401, "missing or unknown API key", headers={"WWW-Authenticate": "ApiKey"})
    async with get_app(request).store.uow() as uow:
        found = await uow.api_keys.by_hash(token_hash(key))
    if found is None:
        raise HTTPException(401, "missing or unknown API key", headers={"WWW-Authenticate": "ApiKey"})
    return ApiClient(found.id, found.municipality_code)


Client = Annotated[ApiClient, Depends(api_client)]
RefPath = Annotated[str, Path(pattern=REF_PATTERN, description="Your reference (1-80 characters)")]


def _out(appointment: AppointmentDTO, client_ref: str | None) -> AppointmentOut:
    return AppointmentOut(
        id=appointment.id,
        external_ref=appointment.external_ref,
        client_id=appointment.client_id,
        client_ref=client_ref,
        kind=appointment.kind,
        starts_at=appointment.starts_at,
        ends_at=appointment.ends_at,
        location=appointment.location,
        interpreter_language=appointment.interpreter_language,
        status=appointment.status,
    )


@router.put(
    "/appointments/{external_ref}",
    response_model=AppointmentUpsertResult,
    responses={**NOT_FOUND, 201: {"model": AppointmentUpsertResult, "description": "Created"}},
    summary="Create or update an appointment by your reference",
)
async def upsert_appointment(
    request: Request, response: Response, external_ref: RefPath, body: AppointmentIn, client: Client
) -> AppointmentUpsertResult:
    """Idempotent: sending the same body twice changes nothing (`outcome: unchanged`).

    Setting `status` to `cancelled` cancels the appointment; the client is told through the bot.
    """
    app = get_app(request)
    async with app.store.uow() as uow:
        owner = await uow.caseload.client_by_ref(client.scope(), body.client_ref)
        if owner is None:
            raise HTTPException(404, "no client with this client_ref")
        fields = AppointmentFields(
            kind=body.kind.value,
            starts_at=body.starts_at,
            ends_at=body.ends_at,
            location=body.location,
            interpreter_language=body.interpreter_language.value if body.interpreter_language else None,
            status=body.status,
        )
        appointment, outcome = await planning.upsert_by_ref(
            uow, app.municipalities, client.scope(), external_ref, owner.id, fields
        )
        # "unchanged" is audited too: the answer hands the stored appointment back to the caller.
        await uow.audit.record(
            actor_kind="api",
            actor_id=client.key_id,
            action=f"appointment_{outcome}",
            entity="appointment",
            entity_id=appointment.id,
            client_id=owner.id,
        )
    if outcome == "created":
        response.status_code = 201
    return AppointmentUpsertResult(
        outcome=UpsertOutcome(outcome), appointment=_out(appointment, owner.external_ref)
    )


@router.get(
    "/appointments/{external_ref}",
    response_model=AppointmentOut,
    responses=NOT_FOUND,
    summary="Read an appointment by your reference",
)
async def get_appointment(request: Request, external_ref: RefPath, client: Client) -> AppointmentOut:
    async with get_app(request).store.uow() as uow:
        appointment = await uow.caseload.appointment_by_ref(client.scope(), external_ref)
        if appointment is None:
            raise HTTPException(404, "no appointment with this reference")
        owner = await uow.clients.get(appointment.client_id)
        await uow.audit.record(
            actor_kind="api",
            actor_id=client.key_id,
            action="appointment_read",
            entity="appointment",
            entity_id=appointment.id,
            client_id=owner.id,
        )
    return _out(appointment, owner.external_ref)


def _link_out(status: LinkStatus) -> LinkStatusOut:
    return LinkStatusOut(
        client_id=status.client_id,
        client_ref=status.external_ref,
        linked=status.linked,
        linked_at=status.linked_at,
        unreachable=status.unreachable,
    )


@router.get(
    "/clients/link-status", response_model=LinkStatusPage, summary="Link status of all clients, paged"
)
async def link_statuses(
    request: Request,
    client: Client,
    after: Annotated[
        str | None, Query(pattern=CURSOR_PATTERN, description="Cursor from the previous page")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> LinkStatusPage:
    async with get_app(request).store.uow() as uow:
        rows = await uow.caseload.link_statuses(client.scope(), after_id=int(after or 0), limit=limit)
        await uow.audit.record(
            actor_kind="api",
            actor_id=client.key_id,
            action="link_status_listed",
            entity="client",
            detail={"rows": len(rows)},
        )
    return LinkStatusPage(
        items=[_link_out(r) for r in rows],
        next_cursor=str(rows[-1].client_id) if len(rows) == limit else None,
    )


@router.get(
    "/clients/{client_ref}/link-status",
    response_model=LinkStatusOut,
    responses=NOT_FOUND,
    summary="Whether a client has linked Telegram",
)
async def link_status(request: Request, client_ref: RefPath, client: Client) -> LinkStatusOut:
    async with get_app(request).store.uow() as uow:
        rows = await uow.caseload.link_statuses(client.scope(), external_ref=client_ref, limit=1)
        if not rows:
            raise HTTPException(404, "no client with this reference")
        await uow.audit.record(
            actor_kind="api",
            actor_id=client.key_id,
            action="link_status_read",
            entity="client",
            entity_id=rows[0].client_id,
            client_id=rows[0].client_id,
        )
    return _link_out(rows[0])


@router.get("/responses", response_model=ResponsePage, summary="Responses since a cursor, oldest first")
async def responses_since(
    request: Request,
    client: Client,
    since: Annotated[
        str, Query(pattern=CURSOR_PATTERN, description="`next_cursor` of the last call; 0 at first")
    ] = "0",
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> ResponsePage:
    """Poll this to pick up what the webhook may have missed; ids only grow, so nothing is skipped."""
    async with get_app(request).store.uow() as uow:
        rows = await uow.caseload.responses_since(client.scope(), int(since), limit)
        await uow.audit.record(
            actor_kind="api",
            actor_id=client.key_id,
            action="responses_read",
            entity="response",
            detail={"rows": len(rows)},
        )
    items = [
        ResponseOut(
            id=r.response.id,
            created_at=r.response.created_at,
            answer=r.response.answer,
            reason=r.response.reason,
            channel=r.response.channel,
            client_id=r.response.client_id,
            client_ref=r.client_external_ref,
            appointment_id=r.response.appointment_id,
            appointment_ref=r.appointment_external_ref,
            appointment_kind=r.appointment_kind,
            appointment_starts_at=r.appointment_starts_at,
        )
        for r in rows
    ]
    return ResponsePage(items=items, next_cursor=str(items[-1].id) if items else since)

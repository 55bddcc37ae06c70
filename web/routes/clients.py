"""Caseload, new client, client page and invites.

Regisseurs see their own clients, admins the municipality.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from casestore import invite_codes
from casestore.enums import ClientStatus, Route, StaffRole
from casestore.types import utcnow
from locales.languages import SUPPORTED
from municipalities.config import Municipality
from web.deps import CaseWorker, NotInScopeError, RowId, Staff, get_app
from web.forms import Form
from web.labels import ANSWER_NAMES, APPOINTMENT_STATUS_NAMES, kind_name
from web.qr import qr_svg
from web.templating import page

router = APIRouter()

ROUTES = tuple(r.value for r in Route)
STATUSES = tuple(s.value for s in ClientStatus)
TERMIJN = timedelta(days=3 * 365)


@router.get("/caseload", response_class=HTMLResponse, include_in_schema=False)
async def caseload(request: Request, staff: CaseWorker) -> Response:
    app = get_app(request)
    async with app.store.uow() as uow:
        rows = await uow.caseload.overview(staff.scope())
        await uow.audit.record(
            actor_kind="staff",
            actor_id=staff.id,
            action="caseload_viewed",
            entity="caseload",
            detail={"clients": len(rows)},
        )
    return page(request, "caseload.html", rows=rows, today=date.today())


async def _regisseurs(request: Request, staff: Staff) -> list[Any]:
    if not staff.is_admin:
        return []
    async with get_app(request).store.uow() as uow:
        return await uow.staff.in_municipality(staff.municipality_code, StaffRole.REGISSEUR)


@router.get("/clients/new", response_class=HTMLResponse, include_in_schema=False)
async def new_client_form(request: Request, staff: CaseWorker) -> Response:
    return page(
        request,
        "client_form.html",
        values={},
        errors={},
        languages=SUPPORTED,
        routes=ROUTES,
        statuses=STATUSES,
        regisseurs=await _regisseurs(request, staff),
    )


def _read_client(form: Form, staff: Staff, regisseurs: list[Any]) -> dict[str, Any] | None:
    """The client fields of the new/edit form, or None with `form.errors` filled in."""
    name = form.text("display_name", max_length=120, label="De naam")
    ref = form.text("external_ref", max_length=80, label="Het klantnummer")
    language = form.choice("language", SUPPORTED, label="De taal")
    route = form.choice("route", ROUTES, label="De route") or "unknown"
    status = form.choice("status", STATUSES, label="De status") or "statushouder"
    start = form.day("termijn_start", label="Het begin van de termijn")
    end = form.day("termijn_end", label="Het einde van de termijn")
    if start and not end:
        end = start + TERMIJN
    if start and end and end <= start:
        form.errors["termijn_end"] = "Het einde van de termijn moet na het begin liggen."
    values: dict[str, Any] = {
        "display_name": name,
        "external_ref": ref,
        "language": language,
        "route": route,
        "status": status,
        "termijn_start": start,
        "termijn_end": end,
    }
    if staff.is_admin:
        chosen = form.choice(
            "regisseur_id", [str(r.id) for r in regisseurs], required=False, label="De regisseur"
        )
        values["regisseur_id"] = int(chosen) if chosen else None
    if not name and not ref and not {"display_name", "external_ref"} & set(form.errors):
        form.errors["display_name"] = "Vul een naam of een klantnummer in."  # not when one is too long
    return None if form.errors else values


def _form_page(
    request: Request,
    regisseurs: list[Any],
    form: Form | None = None,
    client: Any = None,
    values: dict[str, str] | None = None,
) -> Response:
    return page(
        request,
        "client_form.html",
        status_code=422 if form is not None else 200,
        values=form.values() if form is not None else (values or {}),
        errors=form.errors if form is not None else {},
        languages=SUPPORTED,
        routes=ROUTES,
        statuses=STATUSES,
        regisseurs=regisseurs,
        client=client,
    )


@router.post("/clients/new", response_class=HTMLResponse, include_in_schema=False)
async def create_client(request: Request, staff: CaseWorker) -> Response:
    app = get_app(request)
    form = Form(await request.form())
    regisseurs = await _regisseurs(request, staff)
    values = _read_client(form, staff, regisseurs)
    if values is None:
        return _form_page(request, regisseurs, form)
    values.setdefault("regisseur_id", staff.id)
    async with app.store.uow() as uow:
        client = await uow.clients.add(municipality_code=staff.municipality_code, **values)
        invite = await uow.invites.create(client.id, timedelta(days=app.settings.invite_ttl_days))
        await uow.audit.record(
            actor_kind="staff",
            actor_id=staff.id,
            action="client_created",
            entity="client",
            entity_id=client.id,
            client_id=client.id,
        )
        await uow.audit.record(
            actor_kind="staff",
            actor_id=staff.id,
            action="invite_created",
            entity="client",
            entity_id=client.id,
            client_id=client.id,
        )
    return await _client_page(
        request, staff, client.id, invite=_invite_view(app, invite.code, invite.expires_at), status_code=201
    )


async def _record_form_viewed(uow: Any, staff: Staff, client_id: int) -> None:
    """The edit form shows the client's stored details: that is a read, so it is audited too."""
    await uow.audit.record(
        actor_kind="staff",
        actor_id=staff.id,
        action="client_form_viewed",
        entity="client",
        entity_id=client_id,
        client_id=client_id,
    )


@router.get("/clients/{client_id}/edit", response_class=HTMLResponse, include_in_schema=False)
async def edit_client_form(request: Request, client_id: RowId, staff: CaseWorker) -> Response:
    async with get_app(request).store.uow() as uow:
        client = await uow.caseload.client(staff.scope(), client_id)
        if client is not None:
            await _record_form_viewed(uow, staff, client_id)
    if client is None:
        raise NotInScopeError()
    values = {
        "display_name": client.display_name or "",
        "external_ref": client.external_ref or "",
        "language": client.language,
        "route": client.route,
        "status": client.status,
        "termijn_start": client.termijn_start.isoformat() if client.termijn_start else "",
        "termijn_end": client.termijn_end.isoformat() if client.termijn_end else "",
        "regisseur_id": str(client.regisseur_id or ""),
    }
    return _form_page(request, await _regisseurs(request, staff), client=client, values=values)


@router.post("/clients/{client_id}/edit", include_in_schema=False)
async def edit_client(request: Request, client_id: RowId, staff: CaseWorker) -> Response:
    app = get_app(request)
    form = Form(await request.form())
    regisseurs = await _regisseurs(request, staff)
    async with app.store.uow() as uow:
        client = await uow.caseload.client(staff.scope(), client_id)
        if client is None:
            raise NotInScopeError()
        values = _read_client(form, staff, regisseurs)
        if values is None:
            await _record_form_viewed(uow, staff, client_id)
            return _form_page(request, regisseurs, form, client=client)
        await uow.caseload.update_client(staff.scope(), client_id, **values)
        await uow.audit.record(
            actor_kind="staff",
            actor_id=staff.id,
            action="client_updated",
            entity="client",
            entity_id=client_id,
            client_id=client_id,
        )
    return RedirectResponse(f"/clients/{client_id}?saved=client", status_code=303)


@router.post("/clients/{client_id}/close", include_in_schema=False)
async def close_client(request: Request, client_id: RowId, staff: CaseWorker) -> Response:
    """End the trajectory: from now on the retention period counts (`reminders/retention.py`)."""
    return await _set_closed(request, client_id, staff, closed=True)


@router.post("/clients/{client_id}/reopen", include_in_schema=False)
async def reopen_client(request: Request, client_id: RowId, staff: CaseWorker) -> Response:
    """Undo a closing (by mistake, or the client returns): `closed_at` is cleared, `reopened_at` set.

    The purge counts the reopening as activity, so the client stays at least `retention_days` from
    now; after that, open again, they go only once their `termijn_end` and everything else on record
    lie before the cutoff (`ClientRepository.ended_before`).
    """
    return await _set_closed(request, client_id, staff, closed=False)


async def _set_closed(request: Request, client_id: int, staff: Staff, *, closed: bool) -> Response:
    async with get_app(request).store.uow() as uow:
        if await uow.caseload.client(staff.scope(), client_id) is None:
            raise NotInScopeError()
        await uow.caseload.set_closed(staff.scope(), client_id, closed)
        await uow.audit.record(
            actor_kind="staff",
            actor_id=staff.id,
            action="client_closed" if closed else "client_reopened",
            entity="client",
            entity_id=client_id,
            client_id=client_id,
        )
    saved = "afgesloten" if closed else "heropend"
    return RedirectResponse(f"/clients/{client_id}?saved={saved}", status_code=303)


@dataclass(frozen=True)
class InviteView:
    code: str
    link: str
    expires_at: datetime
    qr: Any


def _invite_view(app: Any, code: str, expires_at: datetime) -> InviteView:
    link = invite_codes.deep_link(app.settings.bot_username, code)
    return InviteView(invite_codes.display(code), link, expires_at, qr_svg(link))


@router.get("/clients/{client_id}", response_class=HTMLResponse, include_in_schema=False)
async def client_page(request: Request, client_id: RowId, staff: CaseWorker) -> Response:
    return await _client_page(request, staff, client_id)


@router.post("/clients/{client_id}/invite", response_class=HTMLResponse, include_in_schema=False)
async def new_invite(request: Request, client_id: RowId, staff: CaseWorker) -> Response:
    """A fresh code, shown once (only its hash is stored); earlier unused codes stop working."""
    app = get_app(request)
    async with app.store.uow() as uow:
        client = await uow.caseload.client(staff.scope(), client_id)
        if client is None:
            raise NotInScopeError()
        if await uow.chat_links.for_client(client_id) is not None:
            invite = None
        else:
            created = await uow.invites.create(client_id, timedelta(days=app.settings.invite_ttl_days))
            invite = _invite_view(app, created.code, created.expires_at)
            await uow.audit.record(
                actor_kind="staff",
                actor_id=staff.id,
                action="invite_created",
                entity="client",
                entity_id=client_id,
                client_id=client_id,
            )
    return await _client_page(request, staff, client_id, invite=invite)


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime | date
    text: str
    future: bool


async def _client_page(
    request: Request, staff: Staff, client_id: int, invite: InviteView | None = None, status_code: int = 200
) -> Response:
    app = get_app(request)
    async with app.store.uow() as uow:
        client = await uow.caseload.client(staff.scope(), client_id)
        if client is None:
            raise NotInScopeError()
        link = await uow.chat_links.for_client(client_id)
        appointments = await uow.appointments.all_for_client(client_id)
        responses = await uow.caseload.client_responses(staff.scope(), client_id)
        questions = await uow.inbox.for_client(client_id)
        regisseur = await uow.staff.get(client.regisseur_id) if client.regisseur_id else None
        await uow.audit.record(
            actor_kind="staff",
            actor_id=staff.id,
            action="client_viewed",
            entity="client",
            entity_id=client_id,
            client_id=client_id,
        )
    latest: dict[int, Any] = {}
    for response in responses:
        latest[response.appointment_id] = response
    timeline = _timeline(client, link, appointments, responses, questions)
    return page(
        request,
        "client.html",
        status_code=status_code,
        client=client,
        link=link,
        appointments=appointments,
        latest=latest,
        responses=responses,
        questions=questions,
        timeline=timeline,
        invite=invite,
        regisseur=regisseur,
        now=utcnow(),
        retention_days=_retention_days(app, client.municipality_code),
    )


def _retention_days(app: Any, municipality_code: str) -> int:
    """The municipality's retention period, for the closing hint (the schema default if unknown)."""
    municipality = app.municipalities.get(municipality_code)
    if municipality is None:
        return int(Municipality.model_fields["retention_days"].default)
    return int(municipality.retention_days)


def _timeline(
    client: Any, link: Any, appointments: list[Any], responses: list[Any], questions: list[Any]
) -> list[TimelineEntry]:
    """The trajectory at a glance: termijn, linking, appointments, answers and questions, in time order."""
    now = utcnow()
    today = now.date()
    entries: list[TimelineEntry] = []
    if client.termijn_start:
        entries.append(
            TimelineEntry(client.termijn_start, "Begin inburgeringstermijn", client.termijn_start > today)
        )
    if client.consent_at:
        entries.append(TimelineEntry(client.consent_at, "Toestemming gegeven voor de chat", False))
    if link:
        entries.append(TimelineEntry(link.linked_at, "Telegram gekoppeld", False))
    for a in appointments:
        status = APPOINTMENT_STATUS_NAMES.get(a.status, a.status)
        entries.append(TimelineEntry(a.starts_at, f"{kind_name(a.kind)} ({status})", a.starts_at > now))
    for r in responses:
        entries.append(
            TimelineEntry(
                r.created_at, f"Antwoord op afspraak: {ANSWER_NAMES.get(r.answer, r.answer)}", False
            )
        )
    for q in questions:
        entries.append(TimelineEntry(q.created_at, "Vraag gesteld", False))
        if q.answered_at:
            entries.append(TimelineEntry(q.answered_at, "Vraag beantwoord", False))
    if client.termijn_end:
        entries.append(
            TimelineEntry(client.termijn_end, "Einde inburgeringstermijn", client.termijn_end > today)
        )

    def key(entry: TimelineEntry) -> datetime:
        if isinstance(entry.at, datetime):
            return entry.at
        return datetime(entry.at.year, entry.at.month, entry.at.day, tzinfo=now.tzinfo)

    return sorted(entries, key=key)

"""Appointments: create, edit, cancel, and the preview of the reminder in every language."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from casestore.dto import AppointmentDTO
from casestore.errors import InvalidInputError
from casestore.types import utcnow
from dialogs.reminders import reminder_reply
from dialogs.render import render
from locales.languages import LANGUAGES, SUPPORTED
from web import planning
from web.deps import CaseWorker, NotInScopeError, RowId, Staff, get_app
from web.forms import Form
from web.planning import KINDS, AppointmentFields, local_moment
from web.templating import page

router = APIRouter()


def _form_context(**extra: Any) -> dict[str, Any]:
    return {"kinds": KINDS, "languages": SUPPORTED, **extra}


def _read_form(form: Form) -> AppointmentFields | None:
    kind = form.choice("kind", KINDS, label="De soort afspraak")
    day = form.day("date", required=True)
    clock = form.clock("time", required=True)
    minutes = form.integer("duration", minimum=5, maximum=600, default=60, label="De duur")
    location = form.text("location", max_length=200, label="De plaats")
    interpreter = form.choice("interpreter_language", SUPPORTED, required=False, label="De taal van de tolk")
    if form.errors or kind is None or day is None or clock is None or minutes is None:
        return None
    if not 2000 <= day.year < 2100:
        form.errors["date"] = "De datum ligt te ver weg."
        return None
    starts = local_moment(day, clock)
    try:
        return AppointmentFields(
            kind=kind,
            starts_at=starts,
            ends_at=starts + timedelta(minutes=minutes),
            location=location,
            interpreter_language=interpreter,
        )
    except InvalidInputError:
        form.errors["date"] = "Deze datum en tijd kloppen niet."
        return None


async def _record_form_viewed(uow: Any, staff: Staff, client_id: int, appointment_id: int | None) -> None:
    """The appointment form shows the client (and the appointment): a read, so it is audited."""
    await uow.audit.record(
        actor_kind="staff",
        actor_id=staff.id,
        action="appointment_form_viewed",
        entity="client" if appointment_id is None else "appointment",
        entity_id=client_id if appointment_id is None else appointment_id,
        client_id=client_id,
    )


@router.get("/clients/{client_id}/appointments/new", response_class=HTMLResponse, include_in_schema=False)
async def new_appointment_form(request: Request, client_id: RowId, staff: CaseWorker) -> Response:
    async with get_app(request).store.uow() as uow:
        client = await uow.caseload.client(staff.scope(), client_id)
        if client is not None:
            await _record_form_viewed(uow, staff, client_id, None)
    if client is None:
        raise NotInScopeError()
    return page(
        request,
        "appointment_form.html",
        **_form_context(client=client, appointment=None, values={"duration": "60"}, errors={}),
    )


@router.post("/clients/{client_id}/appointments/new", response_class=HTMLResponse, include_in_schema=False)
async def create_appointment(request: Request, client_id: RowId, staff: CaseWorker) -> Response:
    app = get_app(request)
    form = Form(await request.form())
    async with app.store.uow() as uow:
        client = await uow.caseload.client(staff.scope(), client_id)
        if client is None:
            raise NotInScopeError()
        fields = _read_form(form)
        if fields is None:
            await _record_form_viewed(uow, staff, client_id, None)
            return page(
                request,
                "appointment_form.html",
                status_code=422,
                **_form_context(client=client, appointment=None, values=form.values(), errors=form.errors),
            )
        appointment = await planning.create(uow, get_app(request).municipalities, client_id, fields)
        await uow.audit.record(
            actor_kind="staff",
            actor_id=staff.id,
            action="appointment_created",
            entity="appointment",
            entity_id=appointment.id,
            client_id=client_id,
        )
    return RedirectResponse(f"/clients/{client_id}?saved=afspraak#afspraken", status_code=303)


async def _appointment(request: Request, staff: Staff, appointment_id: int) -> tuple[AppointmentDTO, Any]:
    async with get_app(request).store.uow() as uow:
        appointment = await uow.caseload.appointment(staff.scope(), appointment_id)
        client = await uow.caseload.client(staff.scope(), appointment.client_id) if appointment else None
    if appointment is None or client is None:
        raise NotInScopeError()
    return appointment, client


@router.get("/appointments/{appointment_id}/edit", response_class=HTMLResponse, include_in_schema=False)
async def edit_appointment_form(request: Request, appointment_id: RowId, staff: CaseWorker) -> Response:
    appointment, client = await _appointment(request, staff, appointment_id)
    async with get_app(request).store.uow() as uow:
        await _record_form_viewed(uow, staff, client.id, appointment_id)
    minutes = (
        int((appointment.ends_at - appointment.starts_at).total_seconds() // 60)
        if appointment.ends_at
        else 60
    )
    from web.labels import iso_local

    values = {
        "kind": appointment.kind,
        "date": iso_local(appointment.starts_at, "date"),
        "time": iso_local(appointment.starts_at, "time"),
        "duration": str(minutes),
        "location": appointment.location or "",
        "interpreter_language": appointment.interpreter_language or "",
    }
    return page(
        request,
        "appointment_form.html",
        **_form_context(client=client, appointment=appointment, values=values, errors={}),
    )


@router.post("/appointments/{appointment_id}/edit", response_class=HTMLResponse, include_in_schema=False)
async def edit_appointment(request: Request, appointment_id: RowId, staff: CaseWorker) -> Response:
    appointment, client = await _appointment(request, staff, appointment_id)
    form = Form(await request.form())
    fields = _read_form(form)
    if fields is None:
        async with get_app(request).store.uow() as uow:
            await _record_form_viewed(uow, staff, client.id, appointment_id)
        return page(
            request,
            "appointment_form.html",
            status_code=422,
            **_form_context(client=client, appointment=appointment, values=form.values(), errors=form.errors),
        )
    values = fields.values()
    values["status"] = appointment.status if appointment.status != "cancelled" else "planned"
    async with get_app(request).store.uow() as uow:
        await planning.change(uow, get_app(request).municipalities, staff.scope(), appointment_id, **values)
        await uow.audit.record(
            actor_kind="staff",
            actor_id=staff.id,
            action="appointment_updated",
            entity="appointment",
            entity_id=appointment_id,
            client_id=client.id,
        )
    return RedirectResponse(f"/clients/{client.id}?saved=afspraak#afspraken", status_code=303)


@router.post("/appointments/{appointment_id}/cancel", include_in_schema=False)
async def cancel_appointment(request: Request, appointment_id: RowId, staff: CaseWorker) -> Response:
    _appointment_row, client = await _appointment(request, staff, appointment_id)
    async with get_app(request).store.uow() as uow:
        await planning.change(
            uow, get_app(request).municipalities, staff.scope(), appointment_id, status="cancelled"
        )
        await uow.audit.record(
            actor_kind="staff",
            actor_id=staff.id,
            action="appointment_cancelled",
            entity="appointment",
            entity_id=appointment_id,
            client_id=client.id,
        )
    return RedirectResponse(f"/clients/{client.id}?saved=afgezegd#afspraken", status_code=303)


@dataclass(frozen=True)
class LanguagePreview:
    lang: str
    name: str
    rtl: bool
    native: str
    dutch: str | None
    buttons: tuple[tuple[tuple[str, str], ...], ...]


def reminder_previews(appointment: AppointmentDTO, first: str) -> list[LanguagePreview]:
    """The reminder as each language's reader will see it; the client's own language first."""
    reply = reminder_reply(appointment, utcnow())
    order = [first, *(lang for lang in SUPPORTED if lang != first)]
    previews = []
    for lang in order:
        rendered = render(reply, lang, "bilingual")
        previews.append(
            LanguagePreview(
                lang,
                LANGUAGES[lang].native_name,
                LANGUAGES[lang].rtl,
                rendered.native,
                rendered.dutch,
                rendered.buttons,
            )
        )
    return previews


@router.get("/appointments/{appointment_id}/preview", response_class=HTMLResponse, include_in_schema=False)
async def reminder_preview(request: Request, appointment_id: RowId, staff: CaseWorker) -> Response:
    appointment, client = await _appointment(request, staff, appointment_id)
    async with get_app(request).store.uow() as uow:
        await uow.audit.record(
            actor_kind="staff",
            actor_id=staff.id,
            action="reminder_previewed",
            entity="appointment",
            entity_id=appointment_id,
            client_id=client.id,
        )
    previews = reminder_previews(appointment, client.language)
    return page(
        request,
        "reminder_preview.html",
        appointment=appointment,
        client=client,
        previews=previews,
        plan=await _reminder_plan(request, appointment, client),
    )


async def _reminder_plan(request: Request, appointment: AppointmentDTO, client: Any) -> list[Any]:
    """When this appointment's reminders go out, by the municipality's reminder policy."""
    from reminders.policy import reminder_plan

    municipality = get_app(request).municipalities.get(client.municipality_code)
    if municipality is None:
        return []
    return [p.due_at for p in reminder_plan(appointment, municipality, utcnow())]

"""Broadcast composer: segment, Dutch text, and a preview of what each recipient language will show.

Each language shows the regisseur's own translation when they wrote one (curated), else a machine
translation labelled as such (when a translation model is installed), else the Dutch text with a
translated note saying so. Sending stores one outbox row per reachable client (reminders.broadcasts);
the reminder dispatcher sends them at Telegram's pace, and the progress page counts the rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from casestore.enums import Route
from casestore.errors import InvalidInputError
from casestore.repositories.broadcasts import Segment
from casestore.repositories.reminders import BroadcastContent
from casestore.types import utcnow
from locales.languages import DUTCH, LANGUAGES, SUPPORTED
from reminders.broadcasts import create_broadcast
from reminders.messages import MAX_BROADCAST_LENGTH
from translation.broadcasts import broadcast_translations
from translation.recipients import translate_for_recipient
from web.deps import CaseWorker, NotInScopeError, RowId, Staff, get_app
from web.forms import Form
from web.labels import LANGUAGE_NAMES_NL
from web.planning import KINDS, local_moment
from web.templating import page

router = APIRouter()
MAX_TEXT = 1500
ROUTES = tuple(r.value for r in Route)


@dataclass(frozen=True)
class LanguageView:
    lang: str
    rtl: bool
    source: str  # "curated", "machine", "dutch"
    native: str
    dutch: str | None
    recipients: int


def _translation_label(lang: str) -> str:
    """Which of the eight translations a message is about ("De vertaling in het Arabisch")."""
    return f"De vertaling in het {LANGUAGE_NAMES_NL.get(lang, lang)}"


def _segment(form: Form, staff: Staff, client_ids: tuple[int, ...]) -> Segment:
    day = form.day("day", label="De dag")
    on_day = None
    if day is not None:
        start = local_moment(day, time(0, 0))
        on_day = (start, start + timedelta(days=1))
    return Segment(
        municipality_code=staff.municipality_code,
        route=form.choice("route", ROUTES, required=False, label="De route"),
        language=form.choice("language", SUPPORTED, required=False, label="De taal"),
        appointment_kind=form.choice("appointment_kind", KINDS, required=False, label="De soort afspraak"),
        on_day=on_day,
        client_ids=client_ids,
    )


async def _caseload_ids(request: Request, staff: Staff) -> tuple[int, ...]:
    """A regisseur reaches only their own clients; an admin the municipality (no id filter)."""
    if staff.is_admin:
        return ()
    async with get_app(request).store.uow() as uow:
        rows = await uow.caseload.overview(staff.scope())
    return tuple(r.client.id for r in rows) or (-1,)  # (-1,): nobody, never "no filter"


def _context(**extra: Any) -> dict[str, Any]:
    return {"routes": ROUTES, "languages": SUPPORTED, "kinds": KINDS, **extra}


@router.get("/broadcasts", response_class=HTMLResponse, include_in_schema=False)
async def composer(request: Request, staff: CaseWorker) -> Response:
    async with get_app(request).store.uow() as uow:
        sent = await uow.caseload.broadcasts(staff.scope())
    return page(
        request, "broadcasts.html", **_context(values={}, errors={}, previews=None, audience=None, sent=sent)
    )


@router.post("/broadcasts/preview", response_class=HTMLResponse, include_in_schema=False)
async def preview(request: Request, staff: CaseWorker) -> Response:
    app = get_app(request)
    form = Form(await request.form())
    text_nl = form.text("text_nl", max_length=MAX_TEXT, required=True, label="Het bericht")
    curated = {
        lang: t
        for lang in SUPPORTED
        if lang != DUTCH
        and (t := form.text(f"translation_{lang}", max_length=MAX_TEXT, label=_translation_label(lang)))
    }
    segment = _segment(form, staff, await _caseload_ids(request, staff))
    if form.errors or text_nl is None:
        return page(
            request,
            "broadcasts.html",
            status_code=422,
            **_context(values=form.values(), errors=form.errors, previews=None, audience=None),
        )
    async with app.store.uow() as uow:
        audience = await uow.broadcasts.audience(segment, utcnow())
        languages: dict[int, str] = {}
        for client_id in audience.reachable:
            languages[client_id] = (await uow.clients.get(client_id)).language
        await uow.audit.record(
            actor_kind="staff",
            actor_id=staff.id,
            action="broadcast_previewed",
            entity="broadcast",
            detail={"recipients": len(audience.reachable)},
        )
    municipality = (
        app.municipalities.get(staff.municipality_code)
        or app.municipalities[app.settings.default_municipality]
    )
    from reminders.messages import render_broadcast

    previews: list[LanguageView] = []
    counts = {lang: sum(1 for v in languages.values() if v == lang) for lang in SUPPORTED}
    order = sorted(SUPPORTED, key=lambda lang: (-counts[lang], SUPPORTED.index(lang)))
    for lang in order:
        translations = dict(curated)
        source = "curated" if lang in curated else "dutch"
        if lang == DUTCH:
            source = "curated"
        elif lang not in curated:
            machine = await translate_for_recipient(app.translator, text_nl, lang)
            if machine.text != text_nl:
                translations[lang] = machine.message()
                source = "machine"
        content = BroadcastContent(0, staff.municipality_code, text_nl, translations, "draft")
        rendered = render_broadcast(content, municipality, lang)
        previews.append(
            LanguageView(lang, LANGUAGES[lang].rtl, source, rendered.native, rendered.dutch, counts[lang])
        )
    return page(
        request,
        "broadcasts.html",
        **_context(values=form.values(), errors={}, previews=previews, audience=audience),
    )


def _scheduled_at(form: Form) -> datetime | None:
    day = form.day("send_date", label="De verzenddatum")
    clock = form.clock("send_time", label="De verzendtijd")
    if day is None:
        return None
    return local_moment(day, clock or time(9, 0))


@router.post("/broadcasts", include_in_schema=False)
async def send(request: Request, staff: CaseWorker) -> Response:
    """Store the broadcast and one outbox row per recipient; the dispatcher sends them, now or later."""
    app = get_app(request)
    form = Form(await request.form())
    text_nl = form.text("text_nl", max_length=MAX_TEXT, required=True, label="Het bericht")
    curated = {
        lang: t
        for lang in SUPPORTED
        if lang != DUTCH
        and (t := form.text(f"translation_{lang}", max_length=MAX_TEXT, label=_translation_label(lang)))
    }
    client_ids = await _caseload_ids(request, staff)
    segment = _segment(form, staff, client_ids)
    scheduled_at = _scheduled_at(form)
    if form.errors or text_nl is None:
        return page(
            request,
            "broadcasts.html",
            status_code=422,
            **_context(values=form.values(), errors=form.errors, previews=None, audience=None),
        )
    # Machine translations are made before the transaction opens: a model may take seconds.
    texts = await broadcast_translations(
        app.translator, text_nl, SUPPORTED, curated, max_length=MAX_BROADCAST_LENGTH
    )
    async with app.store.uow() as uow:
        try:
            plan = await create_broadcast(
                uow,
                app.municipalities,
                municipality_code=staff.municipality_code,
                text_nl=text_nl,
                translations=texts,
                route=segment.route,
                language=segment.language,
                appointment_kind=segment.appointment_kind,
                on_day=form.day("day"),
                client_ids=None if staff.is_admin else client_ids,
                scheduled_at=scheduled_at,
                created_by=staff.id,
            )
            broadcast_id = plan.broadcast.id if plan.broadcast else None
        except InvalidInputError:
            return page(
                request,
                "broadcasts.html",
                status_code=422,
                **_context(
                    values=form.values(),
                    errors={"text_nl": "Het bericht of een vertaling is te lang of leeg."},
                    previews=None,
                    audience=None,
                ),
            )
    return RedirectResponse(f"/broadcasts/{broadcast_id}", status_code=303)


@router.get("/broadcasts/{broadcast_id}", response_class=HTMLResponse, include_in_schema=False)
async def progress(request: Request, broadcast_id: RowId, staff: CaseWorker) -> Response:
    async with get_app(request).store.uow() as uow:
        broadcast = await uow.caseload.broadcast(staff.scope(), broadcast_id)
        if broadcast is None:
            raise NotInScopeError()
        counts = await uow.broadcasts.progress(broadcast_id)
    return page(request, "broadcast.html", broadcast=broadcast, progress=counts)


@router.post("/broadcasts/{broadcast_id}/cancel", include_in_schema=False)
async def cancel(request: Request, broadcast_id: RowId, staff: CaseWorker) -> Response:
    async with get_app(request).store.uow() as uow:
        if await uow.caseload.broadcast(staff.scope(), broadcast_id) is None:
            raise NotInScopeError()
        stopped = await uow.broadcasts.cancel(broadcast_id)
        await uow.audit.record(
            actor_kind="staff",
            actor_id=staff.id,
            action="broadcast_cancelled",
            entity="broadcast",
            entity_id=broadcast_id,
            detail={"rows": stopped},
        )
    return RedirectResponse(f"/broadcasts/{broadcast_id}", status_code=303)

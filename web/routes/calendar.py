"""The regisseur's ICS feed behind a secret URL, and the page that makes (or replaces) that URL."""

from __future__ import annotations

import re
from datetime import timedelta

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from casestore.ics import regisseur_feed
from casestore.types import utcnow
from web.deps import CaseWorker, NotInScopeError, get_app
from web.labels import kind_name
from web.templating import page
from web.tokens import new_token, token_hash

router = APIRouter()
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,100}$")
FEED_HISTORY = timedelta(days=60)


@router.get("/calendar", response_class=HTMLResponse, include_in_schema=False)
async def calendar_page(request: Request, staff: CaseWorker) -> Response:
    async with get_app(request).store.uow() as uow:
        since = await uow.calendar_feeds.exists(staff.id)
    return page(request, "calendar.html", feed_since=since, feed_url=None)


@router.post("/calendar/feed", response_class=HTMLResponse, include_in_schema=False)
async def new_feed(request: Request, staff: CaseWorker) -> Response:
    """A new secret URL, shown once; the previous one stops working."""
    token = new_token()
    async with get_app(request).store.uow() as uow:
        await uow.calendar_feeds.replace(staff.id, token_hash(token))
        since = await uow.calendar_feeds.exists(staff.id)
        await uow.audit.record(
            actor_kind="staff",
            actor_id=staff.id,
            action="calendar_feed_created",
            entity="calendar_feed",
            entity_id=staff.id,
        )
    url = str(request.base_url).rstrip("/") + f"/calendar/feed/{token}.ics"
    return page(request, "calendar.html", feed_since=since, feed_url=url)


@router.post("/calendar/feed/revoke", include_in_schema=False)
async def revoke_feed(request: Request, staff: CaseWorker) -> Response:
    async with get_app(request).store.uow() as uow:
        await uow.calendar_feeds.revoke(staff.id)
        await uow.audit.record(
            actor_kind="staff",
            actor_id=staff.id,
            action="calendar_feed_revoked",
            entity="calendar_feed",
            entity_id=staff.id,
        )
    return page(request, "calendar.html", feed_since=None, feed_url=None, revoked=True)


@router.get("/calendar/feed/{token}.ics", include_in_schema=False)
async def feed(request: Request, token: str) -> Response:
    if not _TOKEN.match(token):
        raise NotInScopeError()
    async with get_app(request).store.uow() as uow:
        owner = await uow.calendar_feeds.owner(token_hash(token))
        if owner is None:
            raise NotInScopeError()
        appointments = await uow.caseload.appointments_for_regisseur(owner, utcnow() - FEED_HISTORY)
        refs = {}
        for appointment in appointments:
            if appointment.client_id not in refs:
                client = await uow.clients.get(appointment.client_id)
                refs[appointment.client_id] = client.external_ref or f"#{client.id}"
        await uow.audit.record(
            actor_kind="feed",
            actor_id=owner,
            action="calendar_feed_read",
            entity="calendar_feed",
            entity_id=owner,
            detail={"events": len(appointments)},
        )
    body = regisseur_feed(
        ((a, f"{kind_name(a.kind)} — cliënt {refs[a.client_id]}") for a in appointments),
        "inburgerbot afspraken",
    )
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={"cache-control": "private, max-age=300", "x-robots-tag": "noindex"},
    )

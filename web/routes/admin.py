"""Admin: API keys for the municipal systems, the webhook endpoint, and the webhook delivery log."""

from __future__ import annotations

import secrets
from typing import Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from web.deps import AdminUser, NotInScopeError, RowId, Staff, get_app
from web.forms import Form
from web.templating import page
from web.tokens import new_api_key, token_hash

router = APIRouter()


async def _admin_page(request: Request, staff: Staff, status_code: int = 200, **extra: Any) -> Response:
    async with get_app(request).store.uow() as uow:
        keys = await uow.api_keys.for_municipality(staff.municipality_code)
        endpoint = await uow.webhooks.active_endpoint(staff.municipality_code)
        deliveries = await uow.webhooks.log(staff.municipality_code)
        users = await uow.staff.in_municipality(staff.municipality_code)
    extra.setdefault("errors", {})
    return page(
        request,
        "admin.html",
        status_code=status_code,
        keys=keys,
        endpoint=endpoint,
        deliveries=deliveries,
        users=users,
        **extra,
    )


@router.get("/admin", response_class=HTMLResponse, include_in_schema=False)
async def admin_home(request: Request, staff: AdminUser) -> Response:
    return await _admin_page(request, staff)


@router.post("/admin/api-keys", response_class=HTMLResponse, include_in_schema=False)
async def create_key(request: Request, staff: AdminUser) -> Response:
    form = Form(await request.form())
    name = form.text("name", max_length=80, required=True, label="De naam van het systeem")
    if name is None:
        return await _admin_page(request, staff, status_code=422, errors=form.errors)
    key, prefix = new_api_key()
    async with get_app(request).store.uow() as uow:
        created = await uow.api_keys.add(staff.municipality_code, name, prefix, token_hash(key))
        await uow.audit.record(
            actor_kind="staff",
            actor_id=staff.id,
            action="api_key_created",
            entity="api_key",
            entity_id=created.id,
        )
    return await _admin_page(request, staff, new_key=key, new_key_name=name)


@router.post("/admin/api-keys/{key_id}/revoke", include_in_schema=False)
async def revoke_key(request: Request, key_id: RowId, staff: AdminUser) -> Response:
    async with get_app(request).store.uow() as uow:
        if not await uow.api_keys.revoke(staff.municipality_code, key_id):
            raise NotInScopeError()
        await uow.audit.record(
            actor_kind="staff",
            actor_id=staff.id,
            action="api_key_revoked",
            entity="api_key",
            entity_id=key_id,
        )
    return RedirectResponse("/admin", status_code=303)


def _valid_url(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in {"https", "http"} and bool(parts.hostname) and not parts.username


@router.post("/admin/webhook", response_class=HTMLResponse, include_in_schema=False)
async def set_webhook(request: Request, staff: AdminUser) -> Response:
    form = Form(await request.form())
    url = form.text("url", max_length=500, required=True, label="De URL")
    if url is not None and not _valid_url(url):
        form.errors["url"] = "Gebruik een volledige http(s)-URL."
    if form.errors or url is None:
        return await _admin_page(request, staff, status_code=422, errors=form.errors)
    secret = secrets.token_urlsafe(32)
    async with get_app(request).store.uow() as uow:
        endpoint = await uow.webhooks.set_endpoint(staff.municipality_code, url, secret)
        await uow.audit.record(
            actor_kind="staff",
            actor_id=staff.id,
            action="webhook_configured",
            entity="webhook_endpoint",
            entity_id=endpoint.id,
        )
    return await _admin_page(request, staff, new_secret=secret)


@router.post("/admin/webhook/disable", include_in_schema=False)
async def disable_webhook(request: Request, staff: AdminUser) -> Response:
    async with get_app(request).store.uow() as uow:
        await uow.webhooks.disable(staff.municipality_code)
        await uow.audit.record(
            actor_kind="staff", actor_id=staff.id, action="webhook_disabled", entity="webhook_endpoint"
        )
    return RedirectResponse("/admin", status_code=303)


@router.post("/admin/webhook/deliveries/{delivery_id}/retry", include_in_schema=False)
async def retry_delivery(request: Request, delivery_id: RowId, staff: AdminUser) -> Response:
    async with get_app(request).store.uow() as uow:
        if not await uow.webhooks.retry_now(staff.municipality_code, delivery_id):
            raise NotInScopeError()
        await uow.audit.record(
            actor_kind="staff",
            actor_id=staff.id,
            action="webhook_retried",
            entity="webhook_delivery",
            entity_id=delivery_id,
        )
    return RedirectResponse("/admin#log", status_code=303)

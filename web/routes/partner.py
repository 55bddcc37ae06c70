"""Welfare partners forward a client's question; they see the status of what their organisation forwarded.

The bot's matcher answers at once when it is confident; otherwise the question becomes a ticket for
the client's regisseur. A partner sees no client data: a client number they type is matched
silently, never confirmed or denied.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from casestore import invite_codes
from casestore.repositories.partner_chats import PartnerIdentity
from dialogs.explainers import TOPICS_BY_ID, topic_reply
from dialogs.partner import DEEP_LINK_PREFIX, forward_partner_question
from dialogs.render import render, render_line
from dialogs.reply import Msg
from locales.languages import LANGUAGES, SUPPORTED
from web.deps import ForbiddenError, PartnerUser, Staff, get_app
from web.forms import Form
from web.templating import page

router = APIRouter()
MAX_QUESTION = 2000


async def _page(request: Request, staff: Staff, **extra: Any) -> Response:
    if staff.user.partner_org_id is None:
        raise ForbiddenError()
    async with get_app(request).store.uow() as uow:
        items = await uow.inbox.for_partner(staff.user.partner_org_id)
        org = await uow.partner_orgs.get(staff.user.partner_org_id)
        chat_linked = await uow.partner_chats.linked(staff.id)
        # The list holds the regisseur's answers about clients: reading it is audited, as a count.
        await uow.audit.record(
            actor_kind="partner",
            actor_id=staff.id,
            action="partner_questions_listed",
            entity="question",
            detail={"rows": len(items)},
        )
    extra.setdefault("values", {})
    extra.setdefault("partner_code", None)
    extra.setdefault("errors", {})
    extra.setdefault("bot_answer", None)
    extra.setdefault("forwarded", False)
    return page(
        request, "partner.html", items=items, org=org, languages=SUPPORTED, chat_linked=chat_linked, **extra
    )


@router.get("/partner", response_class=HTMLResponse, include_in_schema=False)
async def partner_home(request: Request, staff: PartnerUser) -> Response:
    return await _page(request, staff)


@router.post("/partner/questions", response_class=HTMLResponse, include_in_schema=False)
async def forward_question(request: Request, staff: PartnerUser) -> Response:
    if staff.user.partner_org_id is None:
        raise ForbiddenError()
    form = Form(await request.form())
    text = form.text("text", max_length=MAX_QUESTION, required=True, label="De vraag")
    language = form.choice("language", SUPPORTED, label="De taal van de vraag")
    client_ref = form.text("client_ref", max_length=80, label="Het klantnummer")
    if form.errors or text is None or language is None:
        return await _page(request, staff, status_code=422, values=form.values(), errors=form.errors)
    app = get_app(request)
    partner = PartnerIdentity(staff.id, staff.municipality_code, staff.user.partner_org_id)
    result = await forward_partner_question(
        app.store, app.translator, partner, text=text, language=language, client_ref=client_ref, channel="web"
    )
    found = TOPICS_BY_ID.get(result.topic_id) if result.topic_id else None
    bot_answer = None
    if found is not None:
        municipality = (
            app.municipalities.get(staff.municipality_code)
            or app.municipalities[app.settings.default_municipality]
        )
        rendered = render(topic_reply(found.id, municipality), language, "bilingual")
        bot_answer = {
            "title": render_line(Msg(found.label), "nl"),
            "native": rendered.native,
            "dutch": rendered.dutch,
            "lang": language,
            "rtl": LANGUAGES[language].rtl,
        }
    return await _page(request, staff, bot_answer=bot_answer, forwarded=found is None)


@router.post("/partner/telegram-code", response_class=HTMLResponse, include_in_schema=False)
async def new_telegram_code(request: Request, staff: PartnerUser) -> Response:
    """A one-time code (shown once, only its hash is stored) to link the partner's own Telegram chat."""
    if staff.user.partner_org_id is None:
        raise ForbiddenError()
    app = get_app(request)
    async with app.store.uow() as uow:
        new = await uow.partner_chats.create_code(staff.id)
        await uow.audit.record(
            actor_kind="partner",
            actor_id=staff.id,
            action="partner_code_created",
            entity="staff_user",
            entity_id=staff.id,
        )
    code = {
        "code": invite_codes.display(new.code),
        "command": f"/partner {invite_codes.display(new.code)}",
        "link": invite_codes.deep_link(app.settings.bot_username, DEEP_LINK_PREFIX + new.code),
        "expires_at": new.expires_at,
    }
    return await _page(request, staff, partner_code=code)

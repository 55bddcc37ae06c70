"""Welfare partners forward a client's question; they see the status of what their organisation forwarded.

The bot's matcher answers at once when it is confident; otherwise the question becomes a ticket for
the client's regisseur. A partner sees no client data: a client number they type is matched
silently, never confirmed or denied.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from casestore.repositories.caseload import Scope
from dialogs import matcher
from dialogs.explainers import TOPICS_BY_ID, topic_reply
from dialogs.render import render, render_line
from dialogs.reply import Msg
from locales.languages import LANGUAGES, SUPPORTED
from translation.recipients import translate_to_dutch
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
    extra.setdefault("values", {})
    extra.setdefault("errors", {})
    extra.setdefault("bot_answer", None)
    extra.setdefault("forwarded", False)
    return page(request, "partner.html", items=items, org=org, languages=SUPPORTED, **extra)


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
    found, _others = matcher.best(text)
    # Before the transaction: a translation can take seconds, a database transaction should not.
    text_nl = None if found else await translate_to_dutch(app.translator, text, language)
    async with app.store.uow() as uow:
        client = (
            await uow.caseload.client_by_ref(Scope(staff.municipality_code), client_ref)
            if client_ref
            else None
        )
        question = await uow.questions.add(
            municipality_code=staff.municipality_code,
            language=language,
            text=text,
            channel="web",
            client_id=client.id if client else None,
            partner_org_id=staff.user.partner_org_id,
            topic_guess=found.topic_id if found else None,
            text_nl=text_nl,
            text_nl_machine=text_nl is not None,
        )
        if found is not None:
            # Answered by the bot from the explainers: closed at once, no ticket for the regisseur.
            await uow.inbox.close(Scope(staff.municipality_code), question.id)
        await uow.audit.record(
            actor_kind="partner",
            actor_id=staff.id,
            action="question_forwarded",
            entity="question",
            entity_id=question.id,
            client_id=client.id if client else None,
            detail={"answered_by_bot": found is not None},
        )
    bot_answer = None
    if found is not None:
        municipality = (
            app.municipalities.get(staff.municipality_code)
            or app.municipalities[app.settings.default_municipality]
        )
        rendered = render(topic_reply(found.topic_id, municipality), language, "bilingual")
        bot_answer = {
            "title": render_line(Msg(TOPICS_BY_ID[found.topic_id].label), "nl"),
            "native": rendered.native,
            "dutch": rendered.dutch,
            "lang": language,
            "rtl": LANGUAGES[language].rtl,
        }
    return await _page(request, staff, bot_answer=bot_answer, forwarded=found is None)

"""The question inbox: questions forwarded by the bot or by partners; the regisseur answers in Dutch.

The answer is stored on the question; dialogs.answers.deliver_answers sends it to the client.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from web.deps import CaseWorker, NotInScopeError, RowId, Staff, get_app
from web.forms import Form
from web.templating import page

router = APIRouter()

STATES = ("open", "answered", "closed")
MAX_ANSWER = 3000


@router.get("/questions", response_class=HTMLResponse, include_in_schema=False)
async def inbox(request: Request, staff: CaseWorker) -> Response:
    state = request.query_params.get("state", "open")
    state = state if state in STATES or state == "all" else "open"
    async with get_app(request).store.uow() as uow:
        items = await uow.inbox.for_staff(staff.scope(), None if state == "all" else state)
        await uow.audit.record(
            actor_kind="staff",
            actor_id=staff.id,
            action="questions_listed",
            entity="question",
            detail={"rows": len(items)},
        )
    return page(request, "questions.html", items=items, state=state)


async def _question_page(
    request: Request,
    staff: Staff,
    question_id: int,
    errors: dict[str, str] | None = None,
    draft: str = "",
    status_code: int = 200,
) -> Response:
    async with get_app(request).store.uow() as uow:
        item = await uow.inbox.get_for_staff(staff.scope(), question_id)
        if item is None:
            raise NotInScopeError()
        client = await uow.caseload.client(staff.scope(), item.client_id) if item.client_id else None
        partner = await uow.partner_orgs.get(item.partner_org_id) if item.partner_org_id else None
        linked = bool(item.client_id and await uow.chat_links.for_client(item.client_id))
        await uow.audit.record(
            actor_kind="staff",
            actor_id=staff.id,
            action="question_viewed",
            entity="question",
            entity_id=question_id,
            client_id=item.client_id,
        )
    return page(
        request,
        "question.html",
        status_code=status_code,
        item=item,
        client=client,
        partner=partner,
        linked=linked,
        errors=errors or {},
        draft=draft or item.answer_nl or "",
    )


@router.get("/questions/{question_id}", response_class=HTMLResponse, include_in_schema=False)
async def question(request: Request, question_id: RowId, staff: CaseWorker) -> Response:
    return await _question_page(request, staff, question_id)


@router.post("/questions/{question_id}/answer", response_class=HTMLResponse, include_in_schema=False)
async def answer(request: Request, question_id: RowId, staff: CaseWorker) -> Response:
    form = Form(await request.form())
    text = form.text("answer_nl", max_length=MAX_ANSWER, required=True, label="Het antwoord")
    if text is None:
        return await _question_page(
            request, staff, question_id, form.errors, form.values().get("answer_nl", ""), status_code=422
        )
    async with get_app(request).store.uow() as uow:
        item = await uow.inbox.answer(staff.scope(), question_id, staff.id, text)
        if item is None:
            raise NotInScopeError()
        await uow.audit.record(
            actor_kind="staff",
            actor_id=staff.id,
            action="question_answered",
            entity="question",
            entity_id=question_id,
            client_id=item.client_id,
        )
    return RedirectResponse(f"/questions/{question_id}?saved=1", status_code=303)


@router.post("/questions/{question_id}/close", include_in_schema=False)
async def close(request: Request, question_id: RowId, staff: CaseWorker) -> Response:
    async with get_app(request).store.uow() as uow:
        item = await uow.inbox.get_for_staff(staff.scope(), question_id)
        if item is None or not await uow.inbox.close(staff.scope(), question_id):
            raise NotInScopeError()
        await uow.audit.record(
            actor_kind="staff",
            actor_id=staff.id,
            action="question_closed",
            entity="question",
            entity_id=question_id,
            client_id=item.client_id,
        )
    return RedirectResponse("/questions", status_code=303)

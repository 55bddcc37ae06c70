"""The demo's phone preview: the dialog core in a browser page, linked to a demo client."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from casestore.models import Response
from tests.web.conftest import client_for
from web.app import create_web_app
from web.config import WebConfig


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def _actions(html: str) -> list[str]:
    return re.findall(r'name="tap" value="([^"]+)"', html)


async def test_link_with_a_code_receive_a_reminder_and_answer_it(sqlite_web) -> None:
    app, web_app, people = sqlite_web
    async with app.store.uow() as uow:
        invite = await uow.invites.create(people.client, timedelta(days=1))
    async with client_for(web_app) as phone:
        page = (await phone.get("/demo/phone")).text
        csrf = _csrf(page)
        assert "lang:ar" in _actions(page)

        async def step(**data: str) -> str:
            response = await phone.post("/demo/phone", data={"csrf_token": csrf, **data})
            assert response.status_code == 303
            return (await phone.get("/demo/phone")).text

        page = await step(tap="lang:ar")
        code_action = next(a for a in _actions(page) if a.startswith("code"))
        page = await step(tap=code_action)
        page = await step(text=invite.code)
        if "consent:yes" in _actions(page):
            page = await step(tap="consent:yes")
        assert (await phone.post("/demo/phone/reminder", data={"csrf_token": csrf})).status_code == 303
        page = (await phone.get("/demo/phone")).text
        assert f"ra:{people.appointment}:c" in _actions(page)
        await step(tap=f"ra:{people.appointment}:c")
        # A tap that was never offered is ignored.
        await step(tap=f"ra:{people.other_appointment}:c")
    async with app.store.uow() as uow:
        responses = list(await uow.session.scalars(select(Response)))
    assert [(r.appointment_id, r.answer, r.channel) for r in responses] == [
        (people.appointment, "coming", "web")
    ]


async def test_phone_preview_exists_only_in_the_demo(sqlite_web) -> None:
    app, _web_app, _people = sqlite_web
    production = create_web_app(app, WebConfig(demo=False))
    async with client_for(production) as client:
        assert (await client.get("/demo/phone")).status_code == 404


async def test_forms_without_the_phone_token_do_nothing(sqlite_web) -> None:
    _app, web_app, _people = sqlite_web
    async with client_for(web_app) as phone:
        await phone.get("/demo/phone")
        before = (await phone.get("/demo/phone")).text
        await phone.post("/demo/phone", data={"csrf_token": "wrong", "text": "hallo"})
        after = (await phone.get("/demo/phone")).text
    assert before.count('class="bubble') == after.count('class="bubble')

"""The partner page makes a one-time Telegram link code; the bot takes it (dialogs/partner.py)."""

from __future__ import annotations

import re

from casestore.repositories.partner_chats import PartnerLinkOutcome
from tests.web.conftest import logged_in


async def test_partner_makes_a_code_shown_once_that_links_their_chat(sqlite_web) -> None:
    app, web_app, people = sqlite_web
    async with logged_in(web_app, "partner") as (client, csrf):
        before = (await client.get("/partner")).text
        assert "nog niet gekoppeld" in before and 'id="partner-code"' not in before
        made = await client.post("/partner/telegram-code", data={"csrf_token": csrf})
        assert made.status_code == 200
        match = re.search(r"/partner ([A-Z0-9]{4}-[A-Z0-9]{4})", made.text)
        assert match is not None
        assert f"?start=partner-{match.group(1).replace('-', '')}" in made.text
        again = (await client.get("/partner")).text
        assert match.group(1) not in again  # shown once
        async with app.store.uow() as uow:
            assert await uow.partner_chats.redeem(match.group(1), 4242, 4242) is PartnerLinkOutcome.LINKED
            identity = await uow.partner_chats.for_telegram_user(4242)
        assert identity is not None and identity.staff_user_id == people.partner
        assert "Je Telegram is gekoppeld" in (await client.get("/partner")).text

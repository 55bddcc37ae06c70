"""Broadcast composer preview: each recipient language, curated, machine-labelled or Dutch with a note."""

from __future__ import annotations

from datetime import timedelta

from locales.catalogs import gettext_for
from tests.web.conftest import logged_in


async def test_preview_per_language_counts_only_the_regisseurs_linked_clients(sqlite_web) -> None:
    app, web_app, people = sqlite_web
    async with app.store.uow() as uow:
        for client_id, user in ((people.client, 11), (people.other_client, 12)):
            invite = await uow.invites.create(client_id, timedelta(days=1))
            await uow.invites.redeem(invite.code, telegram_user_id=user, chat_id=user)
    async with logged_in(web_app, "reg") as (client, csrf):
        page = (
            await client.post(
                "/broadcasts/preview",
                data={
                    "csrf_token": csrf,
                    "text_nl": "Het gemeentehuis is maandag gesloten.",
                    "translation_uk": "Ратуша в понеділок зачинена.",
                },
            )
        ).text
    assert "1 cliënt krijgen het bericht" in page  # Olena is another regisseur's client
    assert "Ратуша в понеділок зачинена." in page and "eigen tekst" in page
    # No translation model in the test: Arabic readers get the Dutch text with a translated note.
    note = gettext_for("ar", "Your {case_manager} wrote this message in Dutch. You can read it below.")
    assert note.split("{")[0].strip() in page
    assert page.index('id="bp-ar"') < page.index('id="bp-uk"')  # the language with recipients first


async def test_a_regisseur_sends_to_their_caseload_and_follows_progress(sqlite_web) -> None:
    from sqlalchemy import select

    from casestore.models import Reminder

    app, web_app, people = sqlite_web
    async with app.store.uow() as uow:
        for client_id, user in ((people.client, 21), (people.other_client, 22)):
            invite = await uow.invites.create(client_id, timedelta(days=1))
            await uow.invites.redeem(invite.code, telegram_user_id=user, chat_id=user)
    async with logged_in(web_app, "reg") as (client, csrf):
        sent = await client.post("/broadcasts", data={"csrf_token": csrf, "text_nl": "Maandag dicht."})
        assert sent.status_code == 303
        progress_page = (await client.get(sent.headers["location"])).text
        assert "1 ontvangers: 0 verstuurd, 1 wachten" in progress_page
        broadcast_id = int(sent.headers["location"].rsplit("/", 1)[1])
        stopped = await client.post(f"/broadcasts/{broadcast_id}/cancel", data={"csrf_token": csrf})
        assert stopped.status_code == 303
        assert "0 wachten, 0 mislukt, 1 gestopt" in (await client.get(f"/broadcasts/{broadcast_id}")).text
    async with logged_in(web_app, "admin") as (client, csrf):
        sent = await client.post(
            "/broadcasts",
            data={
                "csrf_token": csrf,
                "text_nl": "Iedereen: maandag dicht.",
                "send_date": "2030-01-07",
                "send_time": "09:00",
            },
        )
        assert sent.status_code == 303
    async with app.store.uow() as uow:
        rows = list(await uow.session.scalars(select(Reminder).where(Reminder.purpose == "broadcast")))
    by_broadcast: dict[int, set[int]] = {}
    for row in rows:
        by_broadcast.setdefault(row.broadcast_id, set()).add(row.client_id)
    assert by_broadcast[broadcast_id] == {people.client}  # only the regisseur's own client
    (admin_broadcast,) = set(by_broadcast) - {broadcast_id}
    assert by_broadcast[admin_broadcast] == {people.client, people.other_client}  # the whole municipality
    assert {r.due_at.year for r in rows if r.broadcast_id == admin_broadcast} == {2030}

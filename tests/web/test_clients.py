"""Caseload, new client with invite QR code, appointments create/edit/cancel, reminder preview, audit."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from markupsafe import escape
from sqlalchemy import select

from casestore import invite_codes
from casestore.models import Appointment, AuditLog, Client, Reminder
from dialogs.reminders import reminder_reply
from dialogs.render import render
from locales.catalogs import gettext_for
from tests.web.conftest import logged_in


async def test_new_client_gets_an_invite_with_qr_code_that_links_a_chat(web) -> None:
    app, web_app, people = web
    async with logged_in(web_app, "reg") as (client, csrf):
        response = await client.post(
            "/clients/new",
            data={
                "csrf_token": csrf,
                "display_name": "Nieuwe Amina",
                "external_ref": "K-9",
                "language": "fa",
                "route": "b1",
                "status": "statushouder",
                "termijn_start": "2026-01-05",
            },
        )
        assert response.status_code == 201
        html = response.text
        code = re.search(r'id="invite-code">([A-Z0-9-]+)<', html).group(1)
        assert f"https://t.me/{app.settings.bot_username}?start={code.replace('-', '')}" in html
        assert '<svg role="img" aria-label="QR-code' in html and "<path" in html
        # A new code makes the old one useless.
        client_id = int(re.search(r'action="/clients/(\d+)/invite"', html).group(1))
        newer = await client.post(f"/clients/{client_id}/invite", data={"csrf_token": csrf})
        new_code = re.search(r'id="invite-code">([A-Z0-9-]+)<', newer.text).group(1)
    async with app.store.uow() as uow:
        row = await uow.session.get(Client, client_id)
        assert row.regisseur_id == people.regisseur and row.termijn_end.isoformat() == "2029-01-04"
        old, _ = await uow.invites.redeem(code, telegram_user_id=501, chat_id=501)
        new, linked = await uow.invites.redeem(new_code, telegram_user_id=502, chat_id=502)
    assert old.value == "expired" and new.value == "linked" and linked == client_id
    assert invite_codes.normalize(new_code) is not None


async def test_client_form_errors_are_shown_next_to_the_field(sqlite_web) -> None:
    _app, web_app, _people = sqlite_web
    async with logged_in(web_app, "reg") as (client, csrf):
        response = await client.post("/clients/new", data={"csrf_token": csrf, "language": "xx"})
    assert response.status_code == 422
    assert 'aria-invalid="true" aria-describedby="language-error"' in response.text
    assert "Vul een naam of een klantnummer in." in response.text


async def test_appointment_create_edit_cancel_keeps_reminders_in_step(web) -> None:
    app, web_app, people = web
    day = (datetime.now(UTC) + timedelta(days=10)).date()
    async with logged_in(web_app, "reg") as (client, csrf):
        created = await client.post(
            f"/clients/{people.client}/appointments/new",
            data={
                "csrf_token": csrf,
                "kind": "voortgangsgesprek",
                "date": day.isoformat(),
                "time": "10:30",
                "duration": "45",
                "location": "Stadhuis kamer 2",
                "interpreter_language": "ar",
            },
        )
        assert created.status_code == 303
        async with app.store.uow() as uow:
            row = await uow.session.scalar(select(Appointment).where(Appointment.kind == "voortgangsgesprek"))
            planned = list(
                await uow.session.scalars(select(Reminder).where(Reminder.appointment_id == row.id))
            )
        assert row.starts_at.astimezone().tzinfo is not None
        assert (row.ends_at - row.starts_at) == timedelta(minutes=45)
        assert planned and all(r.state == "pending" for r in planned)
        edited = await client.post(
            f"/appointments/{row.id}/edit",
            data={
                "csrf_token": csrf,
                "kind": "voortgangsgesprek",
                "date": (day + timedelta(days=1)).isoformat(),
                "time": "11:00",
                "duration": "60",
            },
        )
        assert edited.status_code == 303
        invalid = await client.post(
            f"/appointments/{row.id}/edit",
            data={"csrf_token": csrf, "kind": "voortgangsgesprek", "date": "morgen", "time": "11:00"},
        )
        assert invalid.status_code == 422 and "geen geldige datum" in invalid.text
        cancelled = await client.post(f"/appointments/{row.id}/cancel", data={"csrf_token": csrf})
        assert cancelled.status_code == 303
        page = await client.get(f"/clients/{people.client}")
        assert "afgezegd" in page.text
    async with app.store.uow() as uow:
        row = await uow.session.get(Appointment, row.id)
        reminders = {
            r.purpose: r.state
            for r in await uow.session.scalars(select(Reminder).where(Reminder.appointment_id == row.id))
        }
        actions = [
            a.action
            for a in await uow.session.scalars(
                select(AuditLog).where(AuditLog.actor_kind == "staff", AuditLog.client_id == people.client)
            )
        ]
    assert row.status == "cancelled" and row.location is None
    assert reminders["cancelled"] == "pending"
    assert {"appointment_created", "appointment_updated", "appointment_cancelled", "client_viewed"} <= set(
        actions
    )


async def test_reminder_preview_shows_arabic_first_then_every_language_with_dutch(sqlite_web) -> None:
    app, web_app, people = sqlite_web
    async with logged_in(web_app, "reg") as (client, _csrf):
        page = (await client.get(f"/appointments/{people.appointment}/preview")).text
    async with app.store.uow() as uow:
        appointment = await uow.appointments.get(people.appointment)
    rendered = render(reminder_reply(appointment, datetime.now(UTC)), "ar")
    first_line = rendered.native.splitlines()[0]
    assert page.index('data-testid="native-ar"') < page.index('data-testid="native-nl"')
    assert first_line.lstrip("\u200f").split(" ")[1] in page  # Arabic text, as the client will read it
    assert escape(gettext_for("nl", "Please let us know if you can come. Tap a button below.")) in page
    assert escape(gettext_for("ar", "✅ I'm coming")) in page
    assert 'dir="rtl"' in page and 'lang="ar"' in page
    assert "Wanneer de herinneringen gaan" in page  # the reminder policy's moments


async def test_caseload_shows_link_state_next_appointment_and_last_answer(sqlite_web) -> None:
    app, web_app, people = sqlite_web
    async with app.store.uow() as uow:
        await uow.responses.record(
            appointment_id=people.appointment,
            client_id=people.client,
            answer="not_coming",
            channel="telegram",
            reason="ziek",
        )
        await uow.clients.set_unreachable(people.client, True)
    async with logged_in(web_app, "reg") as (client, _csrf):
        page = (await client.get("/caseload")).text
    assert "komt niet" in page and "onbereikbaar" in page and "niet gekoppeld" in page
    assert gettext_for("nl", "Talk about your plan (PIP)") in page
    async with app.store.uow() as uow:
        viewed = await uow.session.scalar(select(AuditLog).where(AuditLog.action == "caseload_viewed"))
    assert viewed.actor_id == people.regisseur and viewed.detail == {"clients": 1}


async def test_edit_client_and_admin_reassigns_to_another_regisseur(sqlite_web) -> None:
    app, web_app, people = sqlite_web
    form = {
        "display_name": "Test Amal",
        "external_ref": "K-1",
        "language": "ti",
        "route": "z",
        "status": "statushouder",
        "termijn_start": "2026-02-01",
    }
    async with logged_in(web_app, "reg") as (client, csrf):
        prefilled = (await client.get(f"/clients/{people.client}/edit")).text
        assert 'value="K-1"' in prefilled and "regisseur_id" not in prefilled  # only admins assign
        saved = await client.post(f"/clients/{people.client}/edit", data={"csrf_token": csrf, **form})
        assert saved.status_code == 303
    async with app.store.uow() as uow:
        row = await uow.session.get(Client, people.client)
        assert (row.language, row.route, row.regisseur_id) == ("ti", "z", people.regisseur)
    async with logged_in(web_app, "admin") as (client, csrf):
        moved = await client.post(
            f"/clients/{people.client}/edit",
            data={"csrf_token": csrf, **form, "regisseur_id": str(people.other_regisseur)},
        )
        assert moved.status_code == 303
    async with logged_in(web_app, "reg") as (client, _csrf):
        assert (await client.get(f"/clients/{people.client}")).status_code == 404
    async with logged_in(web_app, "reg2") as (client, _csrf):
        assert (await client.get(f"/clients/{people.client}")).status_code == 200


async def test_closing_a_trajectory_sets_closed_at_once_and_reopening_clears_it(web) -> None:
    """Closing starts the retention clock (reminders/retention.py); only the client's own staff may."""
    app, web_app, people = web
    async with logged_in(web_app, "reg2") as (client, csrf):
        refused = await client.post(f"/clients/{people.client}/close", data={"csrf_token": csrf})
        assert refused.status_code == 404
    async with logged_in(web_app, "reg") as (client, csrf):
        page = (await client.get(f"/clients/{people.client}")).text
        assert f'action="/clients/{people.client}/close"' in page and "730 dagen" in page
        without_csrf = await client.post(f"/clients/{people.client}/close")
        assert without_csrf.status_code == 403
        async with app.store.uow() as uow:
            assert (await uow.session.get(Client, people.client)).closed_at is None
        closed = await client.post(f"/clients/{people.client}/close", data={"csrf_token": csrf})
        assert closed.status_code == 303
        assert closed.headers["location"] == f"/clients/{people.client}?saved=afgesloten"
        async with app.store.uow() as uow:
            first = (await uow.session.get(Client, people.client)).closed_at
        assert first is not None and datetime.now(UTC) - first < timedelta(minutes=1)
        await client.post(f"/clients/{people.client}/close", data={"csrf_token": csrf})
        page = (await client.get(closed.headers["location"])).text
        assert "Het traject is afgesloten." in page and f'action="/clients/{people.client}/reopen"' in page
        assert '<span class="badge">afgesloten</span>' in (await client.get("/caseload")).text
        async with app.store.uow() as uow:
            assert (
                await uow.session.get(Client, people.client)
            ).closed_at == first  # the first closing counts
        reopened = await client.post(f"/clients/{people.client}/reopen", data={"csrf_token": csrf})
        assert reopened.status_code == 303
    async with app.store.uow() as uow:
        row = await uow.session.get(Client, people.client)
        assert row.closed_at is None
        # The reopening is on record, so the purge counts it as activity (tests/reminders/test_retention.py).
        assert row.reopened_at is not None and datetime.now(UTC) - row.reopened_at < timedelta(minutes=1)
        actions = list(
            await uow.session.scalars(
                select(AuditLog.action)
                .where(AuditLog.action.in_(["client_closed", "client_reopened"]))
                .order_by(AuditLog.id)
            )
        )
        other = await uow.session.get(Client, people.other_client)
    assert actions == ["client_closed", "client_closed", "client_reopened"]
    assert other.closed_at is None and other.reopened_at is None

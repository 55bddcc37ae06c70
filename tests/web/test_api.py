"""The REST API: API keys per municipality, appointment upsert by reference, link status, responses cursor."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from casestore.models import AuditLog, Reminder
from tests.web.conftest import client_for
from web.tokens import new_api_key, token_hash


async def _key(app, municipality: str = "demo") -> str:
    key, prefix = new_api_key()
    async with app.store.uow() as uow:
        await uow.api_keys.add(municipality, "Zaaksysteem", prefix, token_hash(key))
    return key


def _body(days: int = 4, **extra: object) -> dict[str, object]:
    start = (datetime.now(UTC) + timedelta(days=days)).replace(hour=9, minute=0, second=0, microsecond=0)
    return {
        "client_ref": "K-1",
        "kind": "pip_gesprek",
        "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=1)).isoformat(),
        "location": "Stadhuis",
        **extra,
    }


async def test_upsert_appointment_by_reference_is_idempotent_and_plans_reminders(web) -> None:
    app, web_app, _people = web
    headers = {"X-API-Key": await _key(app)}
    async with client_for(web_app) as client:
        created = await client.put("/api/v1/appointments/AGENDA-77", json=_body(), headers=headers)
        assert created.status_code == 201, created.text
        assert created.json()["outcome"] == "created"
        appointment_id = created.json()["appointment"]["id"]
        again = await client.put("/api/v1/appointments/AGENDA-77", json=_body(), headers=headers)
        assert again.status_code == 200 and again.json()["outcome"] == "unchanged"
        moved = await client.put("/api/v1/appointments/AGENDA-77", json=_body(days=6), headers=headers)
        assert moved.json()["outcome"] == "updated"
        assert moved.json()["appointment"]["id"] == appointment_id
        read = await client.get("/api/v1/appointments/AGENDA-77", headers=headers)
        assert read.status_code == 200 and read.json()["client_ref"] == "K-1"
        cancelled = await client.put(
            "/api/v1/appointments/AGENDA-77", json=_body(days=6, status="cancelled"), headers=headers
        )
        assert cancelled.json()["appointment"]["status"] == "cancelled"
    async with app.store.uow() as uow:
        rows = list(
            await uow.session.scalars(select(Reminder).where(Reminder.appointment_id == appointment_id))
        )
        purposes = {r.purpose: r.state for r in rows}
        assert purposes.get("cancelled") == "pending"  # the client is told of the cancellation
        assert all(state == "cancelled" for p, state in purposes.items() if p.startswith("before_"))
        actions = [
            a.action for a in await uow.session.scalars(select(AuditLog).where(AuditLog.actor_kind == "api"))
        ]
        assert actions.count("appointment_created") == 1 and actions.count("appointment_updated") == 2


async def test_keys_are_per_municipality(web) -> None:
    app, web_app, _people = web
    weert = {"X-API-Key": await _key(app, "weert")}
    async with client_for(web_app) as client:
        # K-1 is a demo client: the Weert system neither finds nor changes it.
        assert (await client.put("/api/v1/appointments/X-1", json=_body(), headers=weert)).status_code == 404
        assert (await client.get("/api/v1/clients/K-1/link-status", headers=weert)).status_code == 404
        page = (await client.get("/api/v1/clients/link-status", headers=weert)).json()
        assert [item["client_ref"] for item in page["items"]] == ["W-1"]


async def test_missing_wrong_and_revoked_keys_are_refused(sqlite_web) -> None:
    app, web_app, _people = sqlite_web
    key = await _key(app)
    async with client_for(web_app) as client:
        assert (await client.get("/api/v1/responses")).status_code == 401
        assert (await client.get("/api/v1/responses", headers={"X-API-Key": key + "x"})).status_code == 401
        assert (await client.get("/api/v1/responses", headers={"X-API-Key": key})).status_code == 200
        async with app.store.uow() as uow:
            (stored,) = await uow.api_keys.for_municipality("demo")
            assert stored.key_prefix in key and key not in str(stored)  # only a hash is kept
            await uow.api_keys.revoke("demo", stored.id)
        assert (await client.get("/api/v1/responses", headers={"X-API-Key": key})).status_code == 401


async def test_link_status(sqlite_web) -> None:
    app, web_app, people = sqlite_web
    headers = {"X-API-Key": await _key(app)}
    async with app.store.uow() as uow:
        invite = await uow.invites.create(people.client, timedelta(days=1))
        await uow.invites.redeem(invite.code, telegram_user_id=4242, chat_id=4242)
    async with client_for(web_app) as client:
        linked = (await client.get("/api/v1/clients/K-1/link-status", headers=headers)).json()
        assert linked["linked"] is True and linked["linked_at"] is not None
        other = (await client.get("/api/v1/clients/K-2/link-status", headers=headers)).json()
        assert other["linked"] is False
        page = (await client.get("/api/v1/clients/link-status?limit=1", headers=headers)).json()
        assert len(page["items"]) == 1 and page["next_cursor"] == str(page["items"][0]["client_id"])
        rest = (
            await client.get(f"/api/v1/clients/link-status?after={page['next_cursor']}", headers=headers)
        ).json()
        assert [i["client_ref"] for i in rest["items"]] == ["K-2"] and rest["next_cursor"] is None


async def test_responses_since_a_cursor_never_skip_or_repeat(web) -> None:
    app, web_app, people = web
    headers = {"X-API-Key": await _key(app)}
    async with app.store.uow() as uow:
        for answer in ("coming", "not_coming", "coming"):
            await uow.responses.record(
                appointment_id=people.appointment, client_id=people.client, answer=answer, channel="telegram"
            )
        await uow.responses.record(
            appointment_id=people.other_appointment,
            client_id=people.other_client,
            answer="coming",
            channel="telegram",
        )
    seen: list[int] = []
    cursor = "0"
    async with client_for(web_app) as client:
        for _ in range(10):
            page = (await client.get(f"/api/v1/responses?since={cursor}&limit=3", headers=headers)).json()
            if not page["items"]:
                assert page["next_cursor"] == cursor
                break
            seen += [item["id"] for item in page["items"]]
            cursor = page["next_cursor"]
        first = (await client.get("/api/v1/responses?since=0", headers=headers)).json()["items"][0]
    assert len(seen) == 4 and seen == sorted(set(seen))
    assert first["client_ref"] == "K-1" and first["appointment_kind"] == "pip_gesprek"


async def test_invalid_input_is_a_4xx_with_detail(sqlite_web) -> None:
    app, web_app, _people = sqlite_web
    headers = {"X-API-Key": await _key(app)}
    async with client_for(web_app) as client:
        naive = _body()
        naive["starts_at"] = "2030-01-01T09:00:00"
        assert (await client.put("/api/v1/appointments/A-1", json=naive, headers=headers)).status_code == 422
        backwards = _body()
        backwards["ends_at"] = "2000-01-01T00:00:00+00:00"
        assert (
            await client.put("/api/v1/appointments/A-1", json=backwards, headers=headers)
        ).status_code == 422
        assert (
            await client.put("/api/v1/appointments/bad%20ref", json=_body(), headers=headers)
        ).status_code == 422
        assert (await client.get("/api/v1/responses?since=-1", headers=headers)).status_code == 422
        assert (
            await client.put("/api/v1/appointments/A-1", json=_body(location="a\x00b"), headers=headers)
        ).status_code == 422


async def test_openapi_documents_the_key_and_every_operation(sqlite_web) -> None:
    _app, web_app, _people = sqlite_web
    async with client_for(web_app) as client:
        spec = (await client.get("/api/openapi.json")).json()
        docs = await client.get("/api/docs")
    assert spec["components"]["securitySchemes"]["APIKeyHeader"]["name"] == "X-API-Key"
    assert set(spec["paths"]) == {
        "/api/v1/appointments/{external_ref}",
        "/api/v1/clients/link-status",
        "/api/v1/clients/{client_ref}/link-status",
        "/api/v1/responses",
    }
    assert docs.status_code == 200 and "PUT /api/v1/appointments/{external_ref}" in docs.text
    assert "cdn" not in docs.text.lower()

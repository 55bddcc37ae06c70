"""The audit log: every route that reads or changes client data writes a row, and admins can read them.

`AUDITED` names the audit action each such route must write; `NOT_CLIENT_DATA` names the routes that
show or change no client's data, with the reason. Together they must cover every route of the app,
so a new route fails here until someone decides which it is; an audited one is then called (with
the request of the authorisation matrix) and its row checked: who, what, which client, the right
municipality, and a `detail` of counts and codes only.
"""

from __future__ import annotations

import csv
import io
import json
import re
from contextlib import AsyncExitStack
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import func, select

from casestore.models import AuditLog
from tests.web.conftest import client_for, logged_in
from tests.web.test_authorisation import Case, _call, _cases, _extra_ids, _outcome, _routes
from web.routes import audit as audit_routes
from web.tokens import new_api_key, token_hash


@dataclass(frozen=True)
class Audited:
    action: str
    by: str = "regisseur"  # who calls: regisseur, admin, partner, api, feed (the secret ICS URL)
    client: str | None = "owner"  # "owner": the seeded client; "new": a new client; None: no client


AUDITED: dict[tuple[str, str], Audited] = {
    ("GET", "/caseload"): Audited("caseload_viewed", client=None),
    ("POST", "/clients/new"): Audited("client_created", client="new"),
    ("GET", "/clients/{client_id}"): Audited("client_viewed"),
    ("GET", "/clients/{client_id}/edit"): Audited("client_form_viewed"),
    ("POST", "/clients/{client_id}/edit"): Audited("client_updated"),
    ("POST", "/clients/{client_id}/invite"): Audited("invite_created"),
    ("POST", "/clients/{client_id}/close"): Audited("client_closed"),
    ("POST", "/clients/{client_id}/reopen"): Audited("client_reopened"),
    ("GET", "/clients/{client_id}/appointments/new"): Audited("appointment_form_viewed"),
    ("POST", "/clients/{client_id}/appointments/new"): Audited("appointment_created"),
    ("GET", "/appointments/{appointment_id}/edit"): Audited("appointment_form_viewed"),
    ("POST", "/appointments/{appointment_id}/edit"): Audited("appointment_updated"),
    ("POST", "/appointments/{appointment_id}/cancel"): Audited("appointment_cancelled"),
    ("GET", "/appointments/{appointment_id}/preview"): Audited("reminder_previewed"),
    ("POST", "/appointments/import"): Audited("appointments_imported", client=None),
    ("GET", "/responses"): Audited("responses_viewed", client=None),
    ("GET", "/responses.csv"): Audited("responses_exported", client=None),
    ("GET", "/questions"): Audited("questions_listed", client=None),
    ("GET", "/questions/{question_id}"): Audited("question_viewed"),
    ("POST", "/questions/{question_id}/answer"): Audited("question_answered"),
    ("POST", "/questions/{question_id}/close"): Audited("question_closed"),
    ("POST", "/broadcasts/preview"): Audited("broadcast_previewed", client=None),
    ("POST", "/broadcasts"): Audited("broadcast_created", client=None),
    ("POST", "/broadcasts/{broadcast_id}/cancel"): Audited("broadcast_cancelled", client=None),
    ("GET", "/calendar/feed/{token}.ics"): Audited("calendar_feed_read", by="feed", client=None),
    ("POST", "/calendar/feed"): Audited("calendar_feed_created", client=None),
    ("POST", "/calendar/feed/revoke"): Audited("calendar_feed_revoked", client=None),
    ("GET", "/partner"): Audited("partner_questions_listed", by="partner", client=None),
    ("POST", "/partner/questions"): Audited("question_forwarded", by="partner", client=None),
    ("POST", "/partner/telegram-code"): Audited("partner_code_created", by="partner", client=None),
    ("POST", "/admin/api-keys"): Audited("api_key_created", by="admin", client=None),
    ("POST", "/admin/api-keys/{key_id}/revoke"): Audited("api_key_revoked", by="admin", client=None),
    ("POST", "/admin/webhook"): Audited("webhook_configured", by="admin", client=None),
    ("POST", "/admin/webhook/disable"): Audited("webhook_disabled", by="admin", client=None),
    ("POST", "/admin/webhook/deliveries/{delivery_id}/retry"): Audited(
        "webhook_retried", by="admin", client=None
    ),
    ("GET", "/admin/audit"): Audited("audit_viewed", by="admin", client=None),
    ("GET", "/admin/audit.csv"): Audited("audit_exported", by="admin"),  # the matrix filters on the client
    ("PUT", "/api/v1/appointments/{external_ref}"): Audited("appointment_created", by="api"),
    ("GET", "/api/v1/appointments/{external_ref}"): Audited("appointment_read", by="api"),
    ("GET", "/api/v1/clients/link-status"): Audited("link_status_listed", by="api", client=None),
    ("GET", "/api/v1/clients/{client_ref}/link-status"): Audited("link_status_read", by="api"),
    ("GET", "/api/v1/responses"): Audited("responses_read", by="api", client=None),
}

NOT_CLIENT_DATA: dict[tuple[str, str], str] = {
    ("GET", "/"): "start page",
    ("GET", "/healthz"): "health check",
    ("GET", "/login"): "login form",
    ("POST", "/login"): "signing in (audited as login / login_failed, see test_auth)",
    ("POST", "/logout"): "signing out (audited as logout)",
    ("GET", "/api/docs"): "API reference",
    ("GET", "/api/openapi.json"): "API spec",
    ("GET", "/static"): "stylesheet",
    ("GET", "/clients/new"): "an empty form (an admin sees the regisseurs to choose from)",
    ("GET", "/appointments/import"): "an empty upload form",
    ("GET", "/broadcasts"): "the staff's own broadcast texts and their states; no client",
    ("GET", "/broadcasts/{broadcast_id}"): "recipient counts only",
    ("GET", "/calendar"): "whether the user has a feed",
    ("GET", "/admin"): "API keys, webhook, delivery states, staff accounts",
    ("GET", "/demo/phone"): "demo only: the visitor chats as a demo client; dialogs audit what they do",
    ("POST", "/demo/phone"): "demo only",
    ("POST", "/demo/phone/reminder"): "demo only",
    ("POST", "/demo/phone/reset"): "demo only",
}

# A detail value is a count, a flag, or a short code or date: never a name or a typed text.
_CODE = re.compile(r"^[a-z0-9_:.-]{1,24}$")
NAMES_AND_TEXTS = ("Amal", "Olena", "Regisseur", "Beheerder", "سؤال", "питання", "10 uur", "dicht", "brief")


def _api_body(day: str) -> dict[str, Any]:
    return {
        "client_ref": "K-1",
        "kind": "taalles",
        "starts_at": f"{day}T09:00:00+00:00",
        "ends_at": f"{day}T10:00:00+00:00",
    }


def _ids_only(detail: dict[str, Any]) -> bool:
    return all(
        v is None or isinstance(v, bool | int) or (isinstance(v, str) and _CODE.match(v))
        for v in detail.values()
    )


async def _rows_after(app: Any, last_id: int) -> list[AuditLog]:
    async with app.store.uow() as uow:
        return list(
            await uow.session.scalars(select(AuditLog).where(AuditLog.id > last_id).order_by(AuditLog.id))
        )


async def _last_id(app: Any) -> int:
    async with app.store.uow() as uow:
        return int(await uow.session.scalar(select(func.coalesce(func.max(AuditLog.id), 0))) or 0)


def test_every_route_is_either_audited_or_shows_no_client_data(sqlite_web) -> None:
    _app, web_app, _people = sqlite_web
    routes = _routes(web_app)
    assert not set(AUDITED) & set(NOT_CLIENT_DATA)
    missing = routes - set(AUDITED) - set(NOT_CLIENT_DATA)
    assert not missing, (
        f"say which audit action these routes write, or why they show no client data: {missing}"
    )
    assert not (set(AUDITED) | set(NOT_CLIENT_DATA)) - routes, "the table names routes the app no longer has"


async def test_every_audited_route_writes_its_row(sqlite_web) -> None:
    app, web_app, people = sqlite_web
    cases = {(c.method, c.template): c for c in _cases(people, await _extra_ids(app, people))}
    key, prefix = new_api_key()
    async with app.store.uow() as uow:
        api_key = await uow.api_keys.add("demo", "Zaaksysteem", prefix, token_hash(key))
    actors = {
        "regisseur": ("staff", people.regisseur),
        "admin": ("staff", people.admin),
        "partner": ("partner", people.partner),
        "api": ("api", api_key.id),
        "feed": ("feed", people.regisseur),
    }
    day = (datetime.now(UTC) + timedelta(days=9)).date().isoformat()
    failures: list[str] = []
    async with AsyncExitStack() as stack:
        sessions: dict[str, tuple[httpx.AsyncClient, str]] = {
            role: await stack.enter_async_context(logged_in(web_app, username))
            for role, username in (("regisseur", "reg"), ("admin", "admin"), ("partner", "partner"))
        }
        anonymous = await stack.enter_async_context(client_for(web_app))
        # The matrix orders its cases so that reads come before what revokes or cancels them.
        for (method, template), case in ((k, c) for k, c in cases.items() if k in AUDITED):
            expected = AUDITED[(method, template)]
            last = await _last_id(app)
            response = await _request(expected.by, case, sessions, anonymous, key, day)
            if _outcome(response) != "ok":
                failures.append(f"{method} {template}: the call itself failed ({response.status_code})")
                continue
            rows = await _rows_after(app, last)
            found = [r for r in rows if r.action == expected.action]
            if not found:
                failures.append(
                    f"{method} {template}: no '{expected.action}' row (got {[r.action for r in rows]})"
                )
                continue
            row = found[0]
            if (row.actor_kind, row.actor_id) != actors[expected.by]:
                failures.append(f"{method} {template}: actor {(row.actor_kind, row.actor_id)}")
            if expected.client == "owner" and row.client_id != people.client:
                failures.append(f"{method} {template}: client_id {row.client_id}, not {people.client}")
            if expected.client == "new" and row.client_id in (None, people.client):
                failures.append(f"{method} {template}: client_id {row.client_id} is not the new client")
            for each in rows:
                if each.municipality_code != "demo":
                    failures.append(
                        f"{method} {template}: {each.action} in municipality {each.municipality_code}"
                    )
                text = json.dumps(each.detail, ensure_ascii=False)
                if not _ids_only(each.detail) or any(word in text for word in NAMES_AND_TEXTS):
                    failures.append(f"{method} {template}: {each.action} detail holds more than ids: {text}")
    missing = set(AUDITED) - set(cases)
    failures += [f"{m} {t}: give it a row in test_authorisation's matrix" for m, t in sorted(missing)]
    assert not failures, "\n".join(failures)


async def _request(
    by: str,
    case: Case,
    sessions: dict[str, tuple[httpx.AsyncClient, str]],
    anonymous: httpx.AsyncClient,
    key: str,
    day: str,
) -> httpx.Response:
    if by == "api":
        headers = {"X-API-Key": key}
        if case.method == "PUT":
            return await anonymous.put(case.path, json=_api_body(day), headers=headers)
        return await anonymous.get(case.path, headers=headers)
    if by == "feed":
        return await anonymous.get(case.path)
    client, csrf = sessions[by]
    return await _call(client, case, csrf)


async def test_an_unchanged_api_upsert_is_audited_too(sqlite_web) -> None:
    """The answer hands the stored appointment back, so it is a read even when nothing changed."""
    app, web_app, people = sqlite_web
    key, prefix = new_api_key()
    async with app.store.uow() as uow:
        await uow.api_keys.add("demo", "Zaaksysteem", prefix, token_hash(key))
    day = (datetime.now(UTC) + timedelta(days=9)).date().isoformat()
    async with client_for(web_app) as client:
        for _ in range(2):
            sent = await client.put(
                "/api/v1/appointments/R-9", json=_api_body(day), headers={"X-API-Key": key}
            )
            assert sent.status_code in (200, 201), sent.text
    async with app.store.uow() as uow:
        actions = list(await uow.session.scalars(select(AuditLog.action).where(AuditLog.actor_kind == "api")))
        client_ids = set(
            await uow.session.scalars(select(AuditLog.client_id).where(AuditLog.actor_kind == "api"))
        )
    assert actions == ["appointment_created", "appointment_unchanged"]
    assert client_ids == {people.client}


# --- The viewer ---------------------------------------------------------------------------------


def _table(html: str) -> list[list[str]]:
    """The audit table's cells as text, row by row."""
    body = html.split('<table id="audit-table">', 1)[1].split("</table>", 1)[0].split("<tbody>", 1)[1]
    rows = []
    for row in body.split("<tr")[1:]:
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        rows.append([re.sub(r"<[^>]+>", "", c).strip() for c in cells])
    return rows


async def _add(app: Any, at: datetime, **fields: Any) -> None:
    row = {"actor_kind": "staff", "entity": "client", "detail": {}, "municipality_code": "demo", **fields}
    async with app.store.uow() as uow:
        uow.session.add(AuditLog(at=at, **row))


async def _viewed(
    app: Any, at: datetime, actor_id: int, client_id: int, action: str = "client_viewed"
) -> None:
    await _add(app, at, actor_id=actor_id, action=action, entity_id=client_id, client_id=client_id)


async def test_an_admin_sees_their_municipality_newest_first_in_plain_dutch(web) -> None:
    app, web_app, people = web
    async with logged_in(web_app, "reg") as (client, _csrf):
        assert (await client.get(f"/clients/{people.client}")).status_code == 200
    async with logged_in(web_app, "weert") as (client, _csrf):
        assert (await client.get(f"/clients/{people.foreign_client}")).status_code == 200
    key, prefix = new_api_key()
    async with app.store.uow() as uow:
        await uow.api_keys.add("demo", "Zaaksysteem Noord", prefix, token_hash(key))
    async with client_for(web_app) as client:
        assert (
            await client.get("/api/v1/clients/K-1/link-status", headers={"X-API-Key": key})
        ).status_code == 200
    async with logged_in(web_app, "admin") as (client, _csrf):
        admin_page = await client.get("/admin")
        assert 'href="/admin/audit"' in admin_page.text
        page = await client.get("/admin/audit")
        foreign = await client.get(f"/admin/audit?client={people.foreign_client}")
    assert page.status_code == 200
    assert foreign.status_code == 200 and "Geen regels bij deze filters." in foreign.text
    rows = _table(page.text)
    # Newest first, in words; the weert regisseur's login and client view are not this admin's to see.
    assert [(r[1], r[2]) for r in rows] == [
        ("admin", "caseload bekeken"),
        ("admin", "ingelogd"),
        ("API-sleutel Zaaksysteem Noord", "koppelstatus van de cliënt opgevraagd"),
        ("reg", "cliëntpagina bekeken"),
        ("reg", "caseload bekeken"),
        ("reg", "ingelogd"),
    ]
    assert rows[2][3:5] == [f"cliënt {people.client}", str(people.client)]
    assert rows[3][3:5] == [f"cliënt {people.client}", str(people.client)]
    assert "weert" not in page.text
    async with app.store.uow() as uow:
        audited = list(
            await uow.session.scalars(
                select(AuditLog).where(AuditLog.action == "audit_viewed").order_by(AuditLog.id)
            )
        )
    assert [(a.actor_id, a.client_id, a.detail) for a in audited] == [
        (people.admin, None, {"rows": len(rows)}),
        (people.admin, people.foreign_client, {"rows": 0}),
    ]
    # Looking up another municipality's client id is this admin's act, so it stays in demo's log.
    assert {a.municipality_code for a in audited} == {"demo"}


async def test_filters_narrow_the_rows_and_days_are_amsterdam_days(web) -> None:
    app, web_app, people = web
    reg, other = people.regisseur, people.other_regisseur
    # 22:30 UTC on 30 June is 00:30 on 1 July in Amsterdam (summer time); 21:30 UTC is still 30 June.
    for at, actor, client_id, action in (
        (datetime(2025, 6, 30, 21, 30, tzinfo=UTC), reg, people.client, "client_viewed"),
        (datetime(2025, 6, 30, 22, 30, tzinfo=UTC), reg, people.client, "client_viewed"),
        (datetime(2025, 7, 1, 10, 0, tzinfo=UTC), other, people.other_client, "client_viewed"),
        (datetime(2025, 7, 1, 11, 0, tzinfo=UTC), reg, people.client, "client_updated"),
        (datetime(2025, 1, 15, 12, 0, tzinfo=UTC), reg, people.client, "client_viewed"),
    ):
        await _viewed(app, at, actor, client_id, action)
    async with logged_in(web_app, "admin") as (client, _csrf):
        july_first = _table((await client.get("/admin/audit?from=2025-07-01&to=2025-07-01")).text)
        by_client = _table((await client.get(f"/admin/audit?client={people.client}&to=2025-12-31")).text)
        by_user = _table((await client.get(f"/admin/audit?user={people.other_regisseur}")).text)
        by_action = _table((await client.get("/admin/audit?action=client_updated")).text)
        winter = _table((await client.get("/admin/audit?from=2025-01-15&to=2025-01-15")).text)
    assert [r[0] for r in july_first] == [
        "1 jul 2025, 13:00:00",
        "1 jul 2025, 12:00:00",
        "1 jul 2025, 00:30:00",
    ]
    assert {r[4] for r in by_client} == {str(people.client)} and len(by_client) == 4
    assert [(r[1], r[4]) for r in by_user] == [("reg2", str(people.other_client))]
    assert [r[2] for r in by_action] == ["cliëntgegevens gewijzigd"]
    assert [r[0] for r in winter] == ["15 jan 2025, 13:00:00"]  # CET: UTC+1


async def test_bad_filters_get_a_dutch_message_and_keep_what_was_typed(sqlite_web) -> None:
    app, web_app, _people = sqlite_web
    async with app.store.uow() as uow:
        foreign = (await uow.staff.in_municipality("weert"))[0]
    async with logged_in(web_app, "admin") as (client, _csrf):
        bad = await client.get(
            f"/admin/audit?from=2025-13-45&to=gisteren&client=12a&user={foreign.id}&action=DROP"
        )
        backwards = await client.get("/admin/audit?from=2025-07-02&to=2025-07-01")
        bad_csv = await client.get("/admin/audit.csv?from=31-12-2025")
        broken_cursor = await client.get("/admin/audit?before=abc")
    assert bad.status_code == 422
    assert "De datum bij ‘Van’ (2025-13-45) is geen geldige datum (jjjj-mm-dd)." in bad.text
    assert "De datum bij ‘Tot en met’ (gisteren) is geen geldige datum" in bad.text
    assert "Een cliënt-id is een getal" in bad.text
    assert bad.text.count("Kies een") == 2  # the other municipality's user, and the action
    assert 'value="2025-13-45"' in bad.text and 'value="12a"' in bad.text
    assert 'id="from" name="from" type="date" value="2025-13-45" aria-invalid="true"' in bad.text
    assert 'id="audit-table"' not in bad.text
    assert backwards.status_code == 422 and "‘Tot en met’ ligt vóór ‘Van’." in backwards.text
    assert bad_csv.status_code == 422 and bad_csv.headers["content-type"].startswith("text/html")
    assert broken_cursor.status_code == 200
    async with app.store.uow() as uow:
        actions = set(
            await uow.session.scalars(select(AuditLog.action).where(AuditLog.actor_id.is_not(None)))
        )
    assert "audit_exported" not in actions  # nothing was read, so nothing to audit


async def test_pages_of_fifty_follow_on_without_gaps_or_repeats(web) -> None:
    app, web_app, people = web
    start = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
    for n in range(120):
        # Pairs share a second: the keyset must break the tie by id.
        at = start + timedelta(seconds=n // 2)
        await _add(
            app, at, actor_id=people.regisseur, action="client_viewed", entity_id=n, client_id=people.client
        )
    seen: list[str] = []
    query = "/admin/audit?action=client_viewed"
    async with logged_in(web_app, "admin") as (client, _csrf):
        for expected in (50, 50, 20):
            page = await client.get(query)
            rows = _table(page.text)
            assert len(rows) == expected
            seen += [r[3] for r in rows]
            older = re.search(r'href="(/admin/audit\?[^"]+)" rel="next"', page.text)
            if expected == 20:
                assert older is None
            else:
                assert older is not None
                query = older.group(1).replace("&amp;", "&")
                assert "action=client_viewed" in query
    assert seen == [f"cliënt {n}" for n in range(119, -1, -1)]


async def test_the_csv_holds_the_filtered_rows_and_is_itself_audited(web) -> None:
    app, web_app, people = web
    key, prefix = new_api_key()
    async with app.store.uow() as uow:
        api_key = await uow.api_keys.add("demo", "=HYPERLINK(1)", prefix, token_hash(key))
    july = datetime(2025, 7, 1, 10, 0, tzinfo=UTC)
    api_read = {"actor_kind": "api", "actor_id": api_key.id, "entity": "response", "detail": {"rows": 3}}
    await _add(app, july, action="responses_read", **api_read)
    await _viewed(app, july + timedelta(hours=1), people.regisseur, people.client, "client_viewed")
    async with logged_in(web_app, "admin") as (client, _csrf):
        response = await client.get("/admin/audit.csv?from=2025-07-01&to=2025-07-01&action=responses_read")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert response.text.startswith("\ufeff")
    table = list(csv.reader(io.StringIO(response.text.lstrip("\ufeff")), delimiter=";"))
    assert table[0][:3] == ["id", "tijd_amsterdam", "wie"]
    assert [r[1:] for r in table[1:]] == [
        [
            "2025-07-01 12:00:00",
            "API-sleutel =HYPERLINK(1)",
            "api",
            str(api_key.id),
            "responses_read",
            "reacties opgehaald",
            "reactie",
            "",
            '{"rows": 3}',
        ]
    ]
    async with app.store.uow() as uow:
        exported = await uow.session.scalar(select(AuditLog).where(AuditLog.action == "audit_exported"))
    assert exported is not None and exported.actor_id == people.admin
    assert exported.detail == {
        "rows": 1,
        "action": "responses_read",
        "from": "2025-07-01",
        "to": "2025-07-01",
    }


async def test_a_cell_that_looks_like_a_formula_is_neutralised_in_the_csv(sqlite_web) -> None:
    app, web_app, _people = sqlite_web
    # An action code is never typed by a person, but the CSV must not trust any cell.
    await _add(app, datetime(2025, 7, 1, 10, 0, tzinfo=UTC), actor_id=None, action="=cmd")
    async with logged_in(web_app, "admin") as (client, _csrf):
        response = await client.get("/admin/audit.csv")
    rows = list(csv.reader(io.StringIO(response.text.lstrip("\ufeff")), delimiter=";"))
    formula = [r for r in rows if r[5].endswith("=cmd")]
    assert formula and formula[0][5] == "'=cmd" and formula[0][6] == "'=cmd"


async def test_a_csv_cut_at_the_cap_says_so_in_its_last_line_and_in_the_audit(web, monkeypatch) -> None:
    app, web_app, people = web
    monkeypatch.setattr(audit_routes, "MAX_CSV_ROWS", 3)
    start = datetime(2025, 7, 1, 10, 0, tzinfo=UTC)
    for n in range(3):
        await _viewed(app, start + timedelta(minutes=n), people.regisseur, people.client)
    async with logged_in(web_app, "admin") as (client, _csrf):
        exactly = await client.get("/admin/audit.csv?action=client_viewed")
        await _viewed(app, start + timedelta(minutes=3), people.regisseur, people.client)
        cut = await client.get("/admin/audit.csv?action=client_viewed")
    full = list(csv.reader(io.StringIO(exactly.text.lstrip("\ufeff")), delimiter=";"))
    table = list(csv.reader(io.StringIO(cut.text.lstrip("\ufeff")), delimiter=";"))
    assert len(full) == 4 and all(r[5] == "client_viewed" for r in full[1:])  # at the cap: nothing cut
    # The newest three, then the notice; the oldest row is left out.
    assert [r[1] for r in table[1:4]] == ["2025-07-01 12:03:00", "2025-07-01 12:02:00", "2025-07-01 12:01:00"]
    assert table[4] == [
        "Let op: dit bestand is afgebroken na 3 regels; er zijn meer regels. "
        "Verfijn de filters (cliënt, gebruiker, actie, datums) en download opnieuw."
    ]
    assert len(table) == 5
    async with app.store.uow() as uow:
        exported = list(
            await uow.session.scalars(
                select(AuditLog.detail).where(AuditLog.action == "audit_exported").order_by(AuditLog.id)
            )
        )
    assert exported == [
        {"rows": 3, "action": "client_viewed"},
        {"rows": 3, "action": "client_viewed", "truncated": True},
    ]


def test_the_truncation_notice_writes_the_real_cap_the_dutch_way() -> None:
    assert "afgebroken na 100.000 regels" in audit_routes.truncation_notice(audit_routes.MAX_CSV_ROWS)

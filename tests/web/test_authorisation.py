"""Every route × every role, including a regisseur of another municipality.

The matrix must name every route the app has (a new route without a row fails the test), and no
response to a role that may not see a client may contain that client's name or question text.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AsyncExitStack
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from starlette.routing import Mount

from tests.web.conftest import client_for, logged_in
from web.tokens import new_api_key, new_token, token_hash

ROLES = ("anon", "partner", "foreign", "other", "regisseur", "admin")
USERNAMES = {"partner": "partner", "foreign": "weert", "other": "reg2", "regisseur": "reg", "admin": "admin"}

OK, LOGIN, FORBIDDEN, NOT_FOUND, UNAUTHORISED, LOGOUT = "ok", "login", "403", "404", "401", "logout"

CASEWORK_LIST = {
    "anon": LOGIN,
    "partner": FORBIDDEN,
    "foreign": OK,
    "other": OK,
    "regisseur": OK,
    "admin": OK,
}
CASEWORK_OBJECT = {
    "anon": LOGIN,
    "partner": FORBIDDEN,
    "foreign": NOT_FOUND,
    "other": NOT_FOUND,
    "regisseur": OK,
    "admin": OK,
}
ADMIN_ONLY = {
    "anon": LOGIN,
    "partner": FORBIDDEN,
    "foreign": FORBIDDEN,
    "other": FORBIDDEN,
    "regisseur": FORBIDDEN,
    "admin": OK,
}
PARTNER_ONLY = {
    "anon": LOGIN,
    "partner": OK,
    "foreign": FORBIDDEN,
    "other": FORBIDDEN,
    "regisseur": FORBIDDEN,
    "admin": FORBIDDEN,
}
PUBLIC = dict.fromkeys(ROLES, OK)
API = dict.fromkeys(ROLES, UNAUTHORISED)  # a staff cookie is no API key
STAFF_ONLY = {"anon": LOGIN, **dict.fromkeys(ROLES[1:], LOGOUT)}

# Words only the owner (regisseur), their admin, and nobody else may ever receive.
SECRETS = ("Test Amal", "سؤال")


@dataclass(frozen=True)
class Case:
    method: str
    template: str
    path: str
    expect: dict[str, str]
    data: Callable[[], dict[str, Any]] | None = None
    files: Callable[[], dict[str, Any]] | None = None


def _cases(p: Any, ids: dict[str, Any]) -> list[Case]:
    day = (datetime.now(UTC) + timedelta(days=5)).date().isoformat()
    appointment_form = {"kind": "voortgangsgesprek", "date": day, "time": "10:00", "duration": "45"}
    csv_file = (
        "afspraken.csv",
        b"klantnummer,soort,datum,tijd\nK-1,taalles," + day.encode() + b",09:00\n",
        "text/csv",
    )
    return [
        Case("GET", "/", "/", PUBLIC),
        Case("GET", "/healthz", "/healthz", PUBLIC),
        Case("GET", "/login", "/login", PUBLIC),
        Case("POST", "/login", "/login", PUBLIC, lambda: {"username": "x", "password": "y"}),
        Case("POST", "/logout", "/logout", STAFF_ONLY, dict),
        Case("GET", "/api/docs", "/api/docs", PUBLIC),
        Case("GET", "/api/openapi.json", "/api/openapi.json", PUBLIC),
        Case("GET", "/static", "/static/style.css", PUBLIC),
        Case("GET", "/caseload", "/caseload", CASEWORK_LIST),
        Case("GET", "/clients/new", "/clients/new", CASEWORK_LIST),
        Case(
            "POST",
            "/clients/new",
            "/clients/new",
            CASEWORK_LIST,
            lambda: {
                "display_name": "Nieuwe Cliënt",
                "language": "fa",
                "route": "b1",
                "status": "statushouder",
                "regisseur_id": str(p.regisseur),
            },
        ),
        Case("GET", "/clients/{client_id}", f"/clients/{p.client}", CASEWORK_OBJECT),
        Case("GET", "/clients/{client_id}/edit", f"/clients/{p.client}/edit", CASEWORK_OBJECT),
        Case(
            "POST",
            "/clients/{client_id}/edit",
            f"/clients/{p.client}/edit",
            CASEWORK_OBJECT,
            lambda: {
                "display_name": "Test Amal",
                "external_ref": "K-1",
                "language": "ar",
                "route": "b1",
                "status": "statushouder",
                "regisseur_id": str(p.regisseur),
            },
        ),
        Case("POST", "/clients/{client_id}/invite", f"/clients/{p.client}/invite", CASEWORK_OBJECT, dict),
        Case("POST", "/clients/{client_id}/close", f"/clients/{p.client}/close", CASEWORK_OBJECT, dict),
        Case("POST", "/clients/{client_id}/reopen", f"/clients/{p.client}/reopen", CASEWORK_OBJECT, dict),
        Case(
            "GET",
            "/clients/{client_id}/appointments/new",
            f"/clients/{p.client}/appointments/new",
            CASEWORK_OBJECT,
        ),
        Case(
            "POST",
            "/clients/{client_id}/appointments/new",
            f"/clients/{p.client}/appointments/new",
            CASEWORK_OBJECT,
            lambda: dict(appointment_form),
        ),
        Case(
            "GET",
            "/appointments/{appointment_id}/edit",
            f"/appointments/{p.appointment}/edit",
            CASEWORK_OBJECT,
        ),
        Case(
            "POST",
            "/appointments/{appointment_id}/edit",
            f"/appointments/{p.appointment}/edit",
            CASEWORK_OBJECT,
            lambda: dict(appointment_form),
        ),
        Case(
            "POST",
            "/appointments/{appointment_id}/cancel",
            f"/appointments/{p.appointment}/cancel",
            CASEWORK_OBJECT,
            dict,
        ),
        Case(
            "GET",
            "/appointments/{appointment_id}/preview",
            f"/appointments/{p.appointment}/preview",
            CASEWORK_OBJECT,
        ),
        Case("GET", "/appointments/import", "/appointments/import", CASEWORK_LIST),
        Case(
            "POST",
            "/appointments/import",
            "/appointments/import",
            CASEWORK_LIST,
            dict,
            lambda: {"file": csv_file},
        ),
        Case("GET", "/responses", "/responses", CASEWORK_LIST),
        Case("GET", "/responses.csv", "/responses.csv", CASEWORK_LIST),
        Case("GET", "/questions", "/questions?state=all", CASEWORK_LIST),
        Case("GET", "/questions/{question_id}", f"/questions/{p.question}", CASEWORK_OBJECT),
        Case(
            "POST",
            "/questions/{question_id}/answer",
            f"/questions/{p.question}/answer",
            CASEWORK_OBJECT,
            lambda: {"answer_nl": "U kunt om 10 uur komen."},
        ),
        Case(
            "POST", "/questions/{question_id}/close", f"/questions/{p.question}/close", CASEWORK_OBJECT, dict
        ),
        Case("GET", "/broadcasts", "/broadcasts", CASEWORK_LIST),
        Case(
            "POST",
            "/broadcasts/preview",
            "/broadcasts/preview",
            CASEWORK_LIST,
            lambda: {"text_nl": "Het gemeentehuis is maandag dicht."},
        ),
        Case(
            "POST",
            "/broadcasts",
            "/broadcasts",
            CASEWORK_LIST,
            lambda: {"text_nl": "Morgen is het kantoor dicht."},
        ),
        Case("GET", "/broadcasts/{broadcast_id}", f"/broadcasts/{ids['broadcast']}", CASEWORK_OBJECT),
        Case(
            "POST",
            "/broadcasts/{broadcast_id}/cancel",
            f"/broadcasts/{ids['broadcast']}/cancel",
            CASEWORK_OBJECT,
            dict,
        ),
        Case("GET", "/calendar", "/calendar", CASEWORK_LIST),
        # Read before the regisseur replaces the feed below.
        Case("GET", "/calendar/feed/{token}.ics", f"/calendar/feed/{ids['feed_token']}.ics", PUBLIC),
        Case("POST", "/calendar/feed", "/calendar/feed", CASEWORK_LIST, dict),
        Case("POST", "/calendar/feed/revoke", "/calendar/feed/revoke", CASEWORK_LIST, dict),
        Case("GET", "/partner", "/partner", PARTNER_ONLY),
        Case(
            "POST",
            "/partner/questions",
            "/partner/questions",
            PARTNER_ONLY,
            lambda: {"text": "Mijn cliënt heeft een vraag over de brief.", "language": "nl"},
        ),
        Case("POST", "/partner/telegram-code", "/partner/telegram-code", PARTNER_ONLY, dict),
        Case("GET", "/admin", "/admin", ADMIN_ONLY),
        Case("GET", "/admin/audit", "/admin/audit", ADMIN_ONLY),
        Case("GET", "/admin/audit.csv", f"/admin/audit.csv?client={p.client}", ADMIN_ONLY),
        Case("POST", "/admin/api-keys", "/admin/api-keys", ADMIN_ONLY, lambda: {"name": "Zaaksysteem"}),
        Case(
            "POST",
            "/admin/api-keys/{key_id}/revoke",
            f"/admin/api-keys/{ids['key']}/revoke",
            ADMIN_ONLY,
            dict,
        ),
        Case(
            "POST", "/admin/webhook", "/admin/webhook", ADMIN_ONLY, lambda: {"url": "http://127.0.0.1:9/hook"}
        ),
        Case("POST", "/admin/webhook/disable", "/admin/webhook/disable", ADMIN_ONLY, dict),
        Case(
            "POST",
            "/admin/webhook/deliveries/{delivery_id}/retry",
            f"/admin/webhook/deliveries/{ids['delivery']}/retry",
            ADMIN_ONLY,
            dict,
        ),
        Case("GET", "/demo/phone", "/demo/phone", PUBLIC),
        Case("POST", "/demo/phone", "/demo/phone", PUBLIC, lambda: {"text": "hallo"}),
        Case("POST", "/demo/phone/reminder", "/demo/phone/reminder", PUBLIC, dict),
        Case("POST", "/demo/phone/reset", "/demo/phone/reset", PUBLIC, dict),
        Case("PUT", "/api/v1/appointments/{external_ref}", "/api/v1/appointments/A-1", API),
        Case("GET", "/api/v1/appointments/{external_ref}", "/api/v1/appointments/A-1", API),
        Case("GET", "/api/v1/clients/link-status", "/api/v1/clients/link-status", API),
        Case("GET", "/api/v1/clients/{client_ref}/link-status", "/api/v1/clients/K-1/link-status", API),
        Case("GET", "/api/v1/responses", "/api/v1/responses", API),
    ]


def _routes(web_app: Any) -> set[tuple[str, str]]:
    """(method, path) of every route, also inside included routers (FastAPI wraps those lazily)."""
    found: set[tuple[str, str]] = set()

    def walk(routes: list[Any], prefix: str) -> None:
        for route in routes:
            original = getattr(route, "original_router", None)
            if original is not None:
                walk(original.routes, prefix + getattr(getattr(route, "include_context", None), "prefix", ""))
            elif isinstance(route, Mount):
                found.add(("GET", prefix + route.path))
            elif getattr(route, "methods", None):
                found.update((m, prefix + route.path) for m in route.methods if m != "HEAD")

    walk(web_app.routes, "")
    return found


async def _extra_ids(app: Any, p: Any) -> dict[str, Any]:
    """An API key, a failed webhook delivery and the regisseur's calendar feed, to act on."""
    from casestore.models import WebhookDelivery

    now = datetime.now(UTC)
    token = new_token()
    async with app.store.uow() as uow:
        key, prefix = new_api_key()
        api_key = await uow.api_keys.add("demo", "Test", prefix, token_hash(key))
        endpoint = await uow.webhooks.set_endpoint("demo", "http://127.0.0.1:9/hook", "s3cret")
        response, _ = await uow.responses.record(
            appointment_id=p.appointment, client_id=p.client, answer="coming", channel="telegram"
        )
        row = WebhookDelivery(
            endpoint_id=endpoint.id,
            response_id=response.id,
            state="failed",
            attempts=8,
            next_attempt_at=now,
            created_at=now,
        )
        uow.session.add(row)
        await uow.session.flush()
        await uow.calendar_feeds.replace(p.regisseur, token_hash(token))
        broadcast = await uow.broadcasts.create(
            municipality_code="demo",
            text_nl="Test",
            translations={},
            segment={},
            scheduled_at=None,
            now=now,
            created_by=p.regisseur,
        )
        return {"key": api_key.id, "delivery": row.id, "feed_token": token, "broadcast": broadcast.id}


def _outcome(response: httpx.Response) -> str:
    if response.status_code == 303 and response.headers["location"].startswith("/login"):
        return LOGIN
    if response.status_code in (200, 201, 303):
        return OK
    return str(response.status_code)


async def _call(client: httpx.AsyncClient, case: Case, csrf: str) -> httpx.Response:
    if case.method == "GET":
        return await client.get(case.path)
    if case.method == "PUT":
        return await client.put(case.path, json={})
    data = {"csrf_token": csrf, **(case.data() if case.data else {})}
    files = case.files() if case.files else None
    return await client.post(case.path, data=data, files=files)


async def test_every_route_for_every_role(sqlite_web) -> None:
    app, web_app, people = sqlite_web
    cases = _cases(people, await _extra_ids(app, people))
    assert {(c.method, c.template) for c in cases} == _routes(web_app), (
        "every route needs a row in the matrix"
    )
    failures: list[str] = []
    async with AsyncExitStack() as stack:
        clients: dict[str, tuple[httpx.AsyncClient, str]] = {
            "anon": (await stack.enter_async_context(client_for(web_app)), "")
        }
        for role, username in USERNAMES.items():
            clients[role] = await stack.enter_async_context(logged_in(web_app, username))
        for case in cases:
            for role in ROLES:
                expected = case.expect[role]
                if expected == LOGOUT:
                    async with logged_in(web_app, USERNAMES[role]) as (fresh, csrf):
                        response = await _call(fresh, case, csrf)
                    ok = response.status_code == 303 and response.headers["location"] == "/login"
                    if not ok:
                        failures.append(f"{case.method} {case.path} as {role}: {response.status_code}")
                    continue
                client, csrf = clients[role]
                if case.method == "POST" and case.expect is PUBLIC and case.path.startswith("/demo/"):
                    page = await client.get("/demo/phone")
                    csrf = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
                response = await _call(client, case, csrf)
                got = _outcome(response)
                if case.path == "/login" and case.method == "POST":
                    got = OK if response.status_code < 500 else got
                if got != expected:
                    failures.append(
                        f"{case.method} {case.path} as {role}: expected {expected}, got {got} "
                        f"({response.status_code})"
                    )
                if case.expect[role] != OK or role not in ("regisseur", "admin"):
                    leaked = [s for s in SECRETS if s in response.text]
                    if leaked:
                        failures.append(f"{case.method} {case.path} as {role} leaked {leaked}")
    assert not failures, "\n".join(failures)


async def test_a_foreign_regisseur_sees_none_of_another_municipality(sqlite_web) -> None:
    _app, web_app, people = sqlite_web
    async with logged_in(web_app, "weert") as (client, _csrf):
        caseload = await client.get("/caseload")
        assert "Test Weert" in caseload.text
        assert "Test Amal" not in caseload.text and "Test Olena" not in caseload.text
        responses = await client.get("/responses?from=2000-01-01&to=2099-12-31")
        assert "Test Amal" not in responses.text
        for path in (
            f"/clients/{people.client}",
            f"/clients/{people.other_client}",
            f"/appointments/{people.appointment}/preview",
            f"/questions/{people.question}",
        ):
            assert (await client.get(path)).status_code == 404


async def test_a_regisseur_sees_only_their_own_caseload_and_an_admin_the_municipality(sqlite_web) -> None:
    _app, web_app, _people = sqlite_web
    async with logged_in(web_app, "reg") as (client, _csrf):
        page = (await client.get("/caseload")).text
        assert "Test Amal" in page and "Test Olena" not in page and "Test Weert" not in page
    async with logged_in(web_app, "admin") as (client, _csrf):
        page = (await client.get("/caseload")).text
        assert "Test Amal" in page and "Test Olena" in page and "Test Weert" not in page

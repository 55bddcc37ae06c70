"""Size limits on every input of the web app: an oversized value is refused kindly and stores nothing.

`BODIES` names every route that takes a body (derived from the app, as in test_authorisation, so a new
route fails here until it is listed) with the fields it reads and a request it would accept.
- Each field gets 100,000 characters in turn (the CSRF token too): the answer is a 4xx HTML page with
  exactly one Dutch message, about that field (a text field's message names the same limit as its
  `maxlength` on the page), never a 500 or JSON; the database is exactly as before (a re-shown form is
  audited as a read, nothing else); where the form keeps what was typed, the other fields are still
  filled in. The login, the demo phone, the import and the REST API have their own tests below.
- A body over the cap (1 MB; the import: its 2 MB file limit plus room) is refused with 413 and a Dutch
  page (JSON for the API) before it is read, with a Content-Length and without one (chunked).
- A row id in a URL larger than any row id is "not found", never an overflow in the driver.
Runs on SQLite and PostgreSQL (a too-long value reaching PostgreSQL would be a 500 there only).
"""

from __future__ import annotations

import html
import re
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import select

from casestore.models import Base
from locales.catalogs import gettext_for
from locales.languages import SUPPORTED
from tests.web.conftest import PASSWORD, client_for, csrf_of, logged_in
from tests.web.test_authorisation import _extra_ids, _routes
from web.config import WebConfig
from web.tokens import new_api_key, token_hash

BIG = "x" * 100_000
HUGE = 3_000_000  # bytes: over every cap
LIMITS = WebConfig()
BODY_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
# Audit rows a refused form may write: showing the form again is a read of the client's data.
READS = {"client_form_viewed", "appointment_form_viewed", "question_viewed", "partner_questions_listed"}
DUTCH_REFUSAL = re.compile(r"mag hoogstens (\d+) tekens lang zijn\.|is geen geldige keuze\.")
TOO_LONG_NL = gettext_for("nl", "Your message is very long. Please write it shorter, in a few sentences.")
TRANSLATIONS = tuple(f"translation_{lang}" for lang in SUPPORTED if lang != "nl")


@dataclass(frozen=True)
class Body:
    """What a route reads from its body; `walk` names the test that sends each field oversized."""

    base: dict[str, str] = field(default_factory=dict)  # a request it accepts (csrf_token added)
    fields: tuple[str, ...] = ()  # every field it reads
    kept: tuple[str, ...] = ()  # typed fields the re-shown form fills in again
    by: str = "admin"
    walk: str = "form"


def _bodies(p: Any) -> dict[tuple[str, str], Body]:
    day = (datetime.now(UTC) + timedelta(days=5)).date().isoformat()
    client = ("display_name", "external_ref", "language", "route", "status", "termijn_start", "termijn_end")
    client_base = {
        "display_name": "Naam Nieuw",
        "language": "fa",
        "route": "b1",
        "status": "statushouder",
        "regisseur_id": str(p.regisseur),
    }
    appointment = ("kind", "date", "time", "duration", "location", "interpreter_language")
    appointment_base = {
        "kind": "voortgangsgesprek",
        "date": day,
        "time": "10:00",
        "duration": "45",
        "location": "Zaal Oost 3",
    }
    segment = ("day", "route", "language", "appointment_kind")
    broadcast_base = {
        "text_nl": "Het kantoor is maandag dicht.",
        "translation_ar": "Eigen vertaling Arabisch",
    }
    return {
        ("POST", "/login"): Body(fields=("username", "password", "csrf_token", "next"), walk="login"),
        ("POST", "/logout"): Body(),
        ("POST", "/clients/new"): Body(
            client_base, (*client, "regisseur_id"), kept=("display_name", "external_ref")
        ),
        ("POST", "/clients/{client_id}/edit"): Body(
            {**client_base, "external_ref": "K-1"},
            (*client, "regisseur_id"),
            ("display_name", "external_ref"),
        ),
        ("POST", "/clients/{client_id}/invite"): Body(),
        ("POST", "/clients/{client_id}/close"): Body(),
        ("POST", "/clients/{client_id}/reopen"): Body(),
        ("POST", "/clients/{client_id}/appointments/new"): Body(appointment_base, appointment, ("location",)),
        ("POST", "/appointments/{appointment_id}/edit"): Body(appointment_base, appointment, ("location",)),
        ("POST", "/appointments/{appointment_id}/cancel"): Body(),
        ("POST", "/appointments/import"): Body(fields=("file",), walk="import"),
        ("POST", "/questions/{question_id}/answer"): Body({"answer_nl": "Kom om tien uur."}, ("answer_nl",)),
        ("POST", "/questions/{question_id}/close"): Body(),
        ("POST", "/broadcasts/preview"): Body(
            broadcast_base, ("text_nl", *TRANSLATIONS, *segment), ("text_nl", "translation_ar")
        ),
        ("POST", "/broadcasts"): Body(
            broadcast_base,
            ("text_nl", *TRANSLATIONS, *segment, "send_date", "send_time"),
            ("text_nl", "translation_ar"),
        ),
        ("POST", "/broadcasts/{broadcast_id}/cancel"): Body(),
        ("POST", "/calendar/feed"): Body(),
        ("POST", "/calendar/feed/revoke"): Body(),
        ("POST", "/partner/questions"): Body(
            {"text": "Wanneer is de les?", "language": "nl", "client_ref": "KR-5"},
            ("text", "language", "client_ref"),
            ("text", "client_ref"),
            by="partner",
        ),
        ("POST", "/partner/telegram-code"): Body(by="partner"),
        ("POST", "/admin/api-keys"): Body({"name": "Zaaksysteem"}, ("name",)),
        ("POST", "/admin/api-keys/{key_id}/revoke"): Body(),
        ("POST", "/admin/webhook"): Body({"url": "https://zaak.example/hook"}, ("url",)),
        ("POST", "/admin/webhook/disable"): Body(),
        ("POST", "/admin/webhook/deliveries/{delivery_id}/retry"): Body(),
        ("POST", "/demo/phone"): Body(fields=("text", "tap"), walk="phone"),
        ("POST", "/demo/phone/reminder"): Body(walk="phone"),
        ("POST", "/demo/phone/reset"): Body(walk="phone"),
        ("PUT", "/api/v1/appointments/{external_ref}"): Body(walk="api"),
    }


def _path(template: str, p: Any, ids: dict[str, Any]) -> str:
    return template.format(
        client_id=p.client,
        appointment_id=p.appointment,
        question_id=p.question,
        broadcast_id=ids["broadcast"],
        key_id=ids["key"],
        delivery_id=ids["delivery"],
        external_ref="A-1",
    )


async def _snapshot(app: Any) -> dict[str, list[str]]:
    """Every row of every table, apart from the audit rows of a read and an API key's last use."""
    found: dict[str, list[str]] = {}
    async with app.store.uow() as uow:
        for table in Base.metadata.sorted_tables:
            rows = (await uow.session.execute(select(table))).mappings().all()
            if table.name == "audit_log":
                rows = [r for r in rows if r["action"] not in READS]
            kept = ({k: v for k, v in r.items() if k != "last_used_at"} for r in rows)
            found[table.name] = sorted(repr(row) for row in kept)
    return found


def _changed(before: dict[str, list[str]], after: dict[str, list[str]]) -> list[str]:
    return [name for name in before if before[name] != after[name]]


def _messages(page: str) -> list[str]:
    """The error messages a form page shows: next to a field, or listed at the top of the form."""
    found = re.findall(r'<p class="field-error" id="[^"]+">(.*?)</p>', page, re.DOTALL)
    listed = re.search(r'id="form-errors"><p>[^<]*</p>(.*?)</div>', page, re.DOTALL)
    if listed:
        found += re.findall(r"<p>(.*?)</p>", listed.group(1), re.DOTALL)
    return [html.unescape(m) for m in found]


def _maxlength(page: str, name: str) -> int | None:
    tag = re.search(rf'<(?:input|textarea)\b[^>]*\bname="{re.escape(name)}"[^>]*>', page)
    found = re.search(r'\bmaxlength="(\d+)"', tag.group(0)) if tag else None
    return int(found.group(1)) if found else None


def _is_dutch_page(response: httpx.Response, *words: str) -> bool:
    text = html.unescape(response.text)
    return response.headers.get("content-type", "").startswith("text/html") and all(w in text for w in words)


async def _sessions(stack: AsyncExitStack, web_app: Any) -> dict[str, tuple[httpx.AsyncClient, str]]:
    return {
        role: await stack.enter_async_context(logged_in(web_app, username))
        for role, username in (("admin", "admin"), ("partner", "partner"))
    }


def test_every_route_with_a_body_is_walked(sqlite_web) -> None:
    _app, web_app, people = sqlite_web
    with_body = {(m, t) for m, t in _routes(web_app) if m in BODY_METHODS}
    listed = set(_bodies(people))
    assert not with_body - listed, f"list the fields these routes read in BODIES: {with_body - listed}"
    assert not listed - with_body, f"BODIES names routes the app no longer has: {listed - with_body}"


async def test_every_form_field_refuses_an_oversized_value_kindly_and_stores_nothing(web) -> None:
    app, web_app, people = web
    ids = await _extra_ids(app, people)
    failures: list[str] = []
    async with AsyncExitStack() as stack:
        sessions = await _sessions(stack, web_app)
        before = await _snapshot(app)
        for (method, template), body in _bodies(people).items():
            if body.walk != "form":
                continue
            client, csrf = sessions[body.by]
            path = _path(template, people, ids)
            for name in (*body.fields, "csrf_token"):
                data = {"csrf_token": csrf, **body.base, name: BIG}
                response = await client.post(path, data=data)
                where = f"{method} {template} with {name} oversized"
                after = await _snapshot(app)
                if changed := _changed(before, after):
                    failures.append(f"{where}: wrote to {changed}")
                before = after
                if not 400 <= response.status_code < 500 or not _is_dutch_page(response):
                    failures.append(f"{where}: {response.status_code} {response.headers.get('content-type')}")
                    continue
                if name == "csrf_token":
                    if not _is_dutch_page(response, "Formulier verlopen"):
                        failures.append(f"{where}: not the Dutch 'form expired' page")
                    continue
                failures += _check_reshown_form(where, response.text, body, name)
    assert not failures, "\n".join(failures)


def _check_reshown_form(where: str, page: str, body: Body, name: str) -> list[str]:
    """One Dutch message, about this field, with the page's own maxlength; the rest still filled in."""
    messages = _messages(page)
    if len(messages) != 1 or not DUTCH_REFUSAL.search(messages[0]):
        return [f"{where}: expected one Dutch message about the field, got {messages}"]
    problems = []
    said = DUTCH_REFUSAL.search(messages[0])
    limit = _maxlength(page, name)
    if limit is not None and said and said.group(1) != str(limit):
        problems.append(f"{where}: the page says maxlength {limit}, the message '{messages[0]}'")
    for other in body.kept:
        if other != name and body.base.get(other) and html.escape(body.base[other]) not in page:
            problems.append(f"{where}: the re-shown form lost {other}")
    return problems


async def test_a_body_over_the_cap_is_refused_before_it_is_read(web) -> None:
    """Every route with a body, with a Content-Length (refused unread) and chunked (refused mid-read)."""
    app, web_app, people = web
    ids = await _extra_ids(app, people)
    key = await _api_key(app)
    failures: list[str] = []
    async with AsyncExitStack() as stack:
        sessions = await _sessions(stack, web_app)
        anonymous = await stack.enter_async_context(client_for(web_app))
        before = await _snapshot(app)
        for (method, template), body in _bodies(people).items():
            client, csrf = sessions[body.by] if body.walk in ("form", "import") else (anonymous, "")
            path = _path(template, people, ids)
            api = path.startswith("/api/")
            if api:
                headers = {"content-type": "application/json", "x-api-key": key}
                payload = b'{"location": "' + b"x" * HUGE + b'"}'
            elif body.walk == "import":
                headers = {"content-type": "multipart/form-data; boundary=grens"}
                payload = _multipart(csrf, b"x" * HUGE)
            else:
                headers = {"content-type": "application/x-www-form-urlencoded"}
                payload = f"csrf_token={csrf}&text=".encode() + b"x" * HUGE
            for chunked in (False, True):
                content: Any = _chunks(payload) if chunked else payload
                response = await client.request(method, path, content=content, headers=headers)
                where = f"{method} {template} ({'chunked' if chunked else 'Content-Length'})"
                after = await _snapshot(app)
                if changed := _changed(before, after):
                    failures.append(f"{where}: wrote to {changed}")
                before = after
                if response.status_code != 413 or response.headers.get("x-frame-options") != "DENY":
                    failures.append(f"{where}: {response.status_code}, security headers missing?")
                elif api and response.json() != {"detail": "request body too large"}:
                    failures.append(f"{where}: {response.text[:200]}")
                elif not api and not _is_dutch_page(response, "is groter dan", "MB"):
                    failures.append(f"{where}: no Dutch page: {response.text[:200]}")
    assert not failures, "\n".join(failures)


def _multipart(csrf: str, content: bytes, filename: str = "afspraken.csv") -> bytes:
    return (
        b'--grens\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n'
        + csrf.encode()
        + b'\r\n--grens\r\nContent-Disposition: form-data; name="file"; filename="'
        + filename.encode()
        + b'"\r\nContent-Type: text/csv\r\n\r\n'
        + content
        + b"\r\n--grens--\r\n"
    )


async def _chunks(payload: bytes, size: int = 256_000) -> AsyncIterator[bytes]:
    for start in range(0, len(payload), size):
        yield payload[start : start + size]


async def _api_key(app: Any) -> str:
    key, prefix = new_api_key()
    async with app.store.uow() as uow:
        await uow.api_keys.add("demo", "Zaaksysteem", prefix, token_hash(key))
    return key


async def test_an_id_larger_than_any_row_is_not_found(web) -> None:
    """Ids are PostgreSQL integers: 2**31 passes SQLite and overflows asyncpg, 10**30 overflows both."""
    app, web_app, _people = web
    key = await _api_key(app)
    failures: list[str] = []
    async with AsyncExitStack() as stack:
        admin, csrf = await stack.enter_async_context(logged_in(web_app, "admin"))
        for method, template in sorted(_routes(web_app)):
            params = set(re.findall(r"\{(\w+)\}", template))
            if not params:
                continue
            for value in (str(2**31), "9" * 30, "a" * 1000):
                path = re.sub(r"\{\w+\}", value, template)
                headers = {"x-api-key": key} if path.startswith("/api/") else {}
                if method == "PUT":
                    response = await admin.put(path, json={}, headers=headers)
                elif method == "POST":
                    response = await admin.post(path, data={"csrf_token": csrf})
                else:
                    response = await admin.get(path, headers=headers)
                where = f"{method} {template} with {value[:12]}…"
                if path.startswith("/api/"):  # a digits-only reference is a valid one, just unknown
                    if response.status_code not in (404, 422) or "detail" not in response.json():
                        failures.append(f"{where}: {response.status_code}")
                elif response.status_code != 404 or not _is_dutch_page(response, "Niet gevonden"):
                    failures.append(f"{where}: {response.status_code} {response.text[:120]}")
    assert not failures, "\n".join(failures)


async def test_login_refuses_oversized_credentials_before_any_lookup(web) -> None:
    app, web_app, _people = web
    async with client_for(web_app) as client:
        before = await _snapshot(app)
        for name, status, words in (
            ("username", 422, "De gebruikersnaam mag hoogstens 80 en het wachtwoord hoogstens 200 tekens"),
            ("password", 422, "De gebruikersnaam mag hoogstens 80 en het wachtwoord hoogstens 200 tekens"),
            ("csrf_token", 403, "Het formulier was verlopen"),
        ):
            token = csrf_of((await client.get("/login")).text)
            data = {"username": "admin", "password": PASSWORD, "csrf_token": token, "next": "/", name: BIG}
            response = await client.post("/login", data=data)
            assert response.status_code == status and _is_dutch_page(response, words), name
            assert "ib_session" not in response.cookies
            assert _changed(before, await _snapshot(app)) == []  # no audit row, no failed-login count
        token = csrf_of((await client.get("/login")).text)
        data = {"username": "admin", "password": PASSWORD, "csrf_token": token, "next": "/" + BIG}
        response = await client.post("/login", data=data)
    assert response.status_code == 303 and response.headers["location"] == "/caseload"  # `next` ignored


async def test_the_demo_phone_answers_an_oversized_message_kindly_and_keeps_nothing(sqlite_web) -> None:
    app, web_app, _people = sqlite_web
    async with client_for(web_app) as phone:
        csrf = csrf_of((await phone.get("/demo/phone")).text)
        assert (
            await phone.post("/demo/phone", data={"csrf_token": csrf, "tap": "lang:nl"})
        ).status_code == 303
        before = await _snapshot(app)
        for data in ({"text": BIG}, {"tap": BIG}, {"text": "/start " + BIG}, {"text": "/" + BIG}):
            response = await phone.post("/demo/phone", data={"csrf_token": csrf, **data})
            assert response.status_code == 303, data.keys()
        page = html.unescape((await phone.get("/demo/phone")).text)
        for data in ({"csrf_token": BIG}, {"csrf_token": csrf, "text": "x" * 2001}):
            assert (await phone.post("/demo/phone", data=data)).status_code == 303
        again = html.unescape((await phone.get("/demo/phone")).text)
    assert TOO_LONG_NL in page and again.count(TOO_LONG_NL) == 2  # 2001 characters: refused, not cut
    assert BIG not in again and "x" * 2000 + "…" in again  # the bubble is cut, the history bounded
    assert _changed(before, await _snapshot(app)) == []


async def test_the_api_refuses_oversized_fields_with_a_json_error(web) -> None:
    app, web_app, _people = web
    headers = {"x-api-key": await _api_key(app)}
    start = (datetime.now(UTC) + timedelta(days=4)).replace(hour=9, minute=0, second=0, microsecond=0)
    base = {
        "client_ref": "K-1",
        "kind": "pip_gesprek",
        "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=1)).isoformat(),
        "location": "Stadhuis",
        "interpreter_language": "ar",
        "status": "planned",
    }
    async with client_for(web_app) as client:
        before = await _snapshot(app)
        for name in (*base, "unknown_field"):
            response = await client.put("/api/v1/appointments/A-9", json={**base, name: BIG}, headers=headers)
            assert response.status_code == 422, (name, response.status_code)
            assert isinstance(response.json()["detail"], list), name
        response = await client.put("/api/v1/appointments/" + "A" * 81, json=base, headers=headers)
        assert response.status_code == 422
        assert _changed(before, await _snapshot(app)) == []
        accepted = await client.put("/api/v1/appointments/A-9", json=base, headers=headers)
    assert accepted.status_code == 201  # the base was valid: each refusal was the oversized field's


async def test_an_import_over_the_file_limit_imports_nothing(web) -> None:
    app, web_app, _people = web
    day = (datetime.now(UTC) + timedelta(days=6)).date().isoformat()
    header = b"klantnummer,soort,datum,tijd,locatie,referentie\n"
    valid = f"K-1,taalles,{day},09:00,Zaal 1,IMP-1\n".encode()
    padding = b"# " + b"x" * (LIMITS.max_import_bytes - len(header) - len(valid)) + b"\n"
    assert len(header + valid + padding) > LIMITS.max_import_bytes
    async with logged_in(web_app, "reg") as (client, csrf):
        before = await _snapshot(app)
        response = await client.post(
            "/appointments/import",
            data={"csrf_token": csrf},
            files={"file": ("afspraken.csv", header + valid + padding, "text/csv")},
        )
        assert response.status_code == 422
        assert _is_dutch_page(response, "Er is niets geïmporteerd", "groter dan 2 MB")
        assert _changed(before, await _snapshot(app)) == []
        # Cells too long for their column: each row is refused with its reason, the file goes ahead.
        rows = [
            f"K-1,taalles,{day},09:00,{BIG[:201]},IMP-2",
            f"{BIG},taalles,{day},09:00,Zaal 1,IMP-3",
            f"K-1,taalles,{day},09:00,Zaal 1,{BIG[:81]}",
            f"K-1,{BIG},{day},09:00,Zaal 1,IMP-4",
            f"K-1,taalles,{day},{BIG},Zaal 1,IMP-5",
        ]
        ics = (
            "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:IMP-6\r\nDTSTART:20300101T090000Z\r\n"
            f"X-INBURGERBOT-CLIENT:K-1\r\nLOCATION:{BIG[:201]}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        )
        csv_report = await client.post(
            "/appointments/import",
            data={"csrf_token": csrf},
            files={"file": ("afspraken.csv", (header.decode() + "\n".join(rows)).encode(), "text/csv")},
        )
        ics_report = await client.post(
            "/appointments/import",
            data={"csrf_token": csrf},
            files={"file": ("afspraken.ics", ics.encode(), "text/calendar")},
        )
    for report, rejected in ((csv_report, len(rows)), (ics_report, 1)):
        assert report.status_code == 200
        assert f"0 nieuw, 0 bijgewerkt, 0 ongewijzigd, {rejected} geweigerd" in report.text
    assert csv_report.text.count("locatie is langer dan 200 tekens") == 1
    assert "locatie is langer dan 200 tekens" in ics_report.text  # refused, no longer cut to 200
    after = await _snapshot(app)
    assert _changed(before, after) == ["audit_log"]  # only the two "appointments_imported" rows

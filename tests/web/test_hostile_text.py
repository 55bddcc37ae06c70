"""Hostile text typed by clients, partners or staff is shown inert in the web app and the CSV export.

HTML is escaped by Jinja's autoescape (the raw payload never appears in a page), CSV cells that a
spreadsheet would run as a formula are prefixed with a quote, bidi overrides are removed when the text
is stored (and again in the export), every typed value on a page sits in its own `<bdi>` or `dir`
element, and the login's `next` never leads off the site.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser

import pytest
from sqlalchemy import select, update

from casestore.models import Appointment, PartnerOrg, Response, StaffUser
from casestore.repositories.caseload import Scope
from locales.bidi import EMBEDDINGS_AND_OVERRIDES, LRM, PDI, RLE, neutralise
from tests.support.bidi import outside_isolates
from tests.web.conftest import PASSWORD, client_for, csrf_of, logged_in

SCRIPT = "<script>alert(1)</script>"
MARKDOWN = "*bold* _x_ [l](http://e.vil)"
BREAKOUT = '"><img src=x onerror=alert(1)>'
RTL_OVERRIDE = "\u202egnp.exe"
HOSTILE = f"{SCRIPT} {MARKDOWN} {BREAKOUT} {RTL_OVERRIDE}"
SHOWN = neutralise(HOSTILE)  # as stored: the override is gone, every letter is still there
# A question in Arabic with digits, an unbalanced embedding and a PDI that closes nothing.
ARABIC = f"{RLE}هل يمكنني تغيير موعدي يوم 12 مارس إلى الساعة 14:30{PDI}؟"
ARABIC_SHOWN = "هل يمكنني تغيير موعدي يوم 12 مارس إلى الساعة 14:30؟"
# Distinctive words of the typed values: every text on a page holding one must be isolated.
MARKS = ("gnp.exe", "موعدي")
# How autoescape writes them: no tag or attribute can open.
ESCAPED = ("&lt;script&gt;alert(1)&lt;/script&gt;", "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;")
RAW = (SCRIPT, BREAKOUT, "<img src=x")
FORMULAS = ('=HYPERLINK("http://e.vil")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1")


async def _hostile_client(app, people) -> tuple[int, int]:
    """A client of the regisseur `reg` with a hostile name, question, location and reason."""
    start = datetime.now(UTC).replace(microsecond=0) + timedelta(days=2)
    async with app.store.uow() as uow:
        client = await uow.clients.add(
            municipality_code="demo",
            language="ar",
            display_name=HOSTILE,
            regisseur_id=people.regisseur,
            external_ref="=cmd|' /C calc'!A0",
        )
        appointment = await uow.appointments.add(
            client_id=client.id, kind="pip_gesprek", starts_at=start, location=HOSTILE
        )
        await uow.responses.record(
            appointment_id=appointment.id,
            client_id=client.id,
            answer="not_coming",
            channel="telegram",
            reason=FORMULAS[0] + " " + HOSTILE,
        )
        question = await uow.questions.add(
            municipality_code="demo", language="ar", text=HOSTILE, channel="telegram", client_id=client.id
        )
    return client.id, question.id


def assert_inert(html: str) -> None:
    for raw in RAW:
        assert raw not in html
    for escaped in ESCAPED:
        assert escaped in html
    assert MARKDOWN in html  # Markdown is just text on a web page
    assert "gnp.exe" in html and not any(c in html for c in EMBEDDINGS_AND_OVERRIDES)  # neutralised


async def test_hostile_text_is_escaped_on_every_page_that_shows_it(sqlite_web) -> None:
    app, web_app, people = sqlite_web
    client_id, question_id = await _hostile_client(app, people)
    async with logged_in(web_app, "reg") as (client, _csrf):
        pages = {
            path: await client.get(path)
            for path in (
                "/caseload",
                f"/clients/{client_id}",
                f"/questions/{question_id}",
                "/responses",
            )
        }
        inbox = await client.get("/questions")
    for path, response in pages.items():
        assert response.status_code == 200, path
        assert_inert(response.text)
    assert inbox.status_code == 200 and SCRIPT not in inbox.text and f"/questions/{question_id}" in inbox.text


# Rows written before neutralising existed (the export must not trust the store): an override hiding
# a formula, and a formula behind a plain direction mark that the store keeps.
LEGACY_REASONS = {"\u202e=1+1": "'=1+1", f"{LRM}@SUM(A1)": f"'{LRM}@SUM(A1)"}


async def test_csv_export_neutralises_formulas_and_keeps_the_text(sqlite_web) -> None:
    app, web_app, people = sqlite_web
    client_id, _ = await _hostile_client(app, people)
    async with app.store.uow() as uow:
        start = datetime.now(UTC).replace(microsecond=0) + timedelta(days=1)
        for formula in (*FORMULAS[1:], *LEGACY_REASONS):
            appointment = await uow.appointments.add(client_id=client_id, kind="taalles", starts_at=start)
            response, _ = await uow.responses.record(
                appointment_id=appointment.id,
                client_id=client_id,
                answer="not_coming",
                channel="telegram",
                reason="placeholder",
            )
            # A bulk UPDATE bypasses the model's neutralising, as an old row or a manual fix would.
            await uow.session.execute(
                update(Response).where(Response.id == response.id).values(reason=formula)
            )
    async with logged_in(web_app, "reg") as (client, _csrf):
        response = await client.get("/responses.csv?answer=not_coming")
    rows = list(csv.DictReader(io.StringIO(response.text.lstrip("\ufeff"), newline=""), delimiter=";"))
    ours = [row for row in rows if row["client_id"] == str(client_id)]
    assert sorted(row["reden"] for row in ours) == sorted(
        ["'" + FORMULAS[0] + " " + SHOWN, *("'" + f for f in FORMULAS[1:]), *LEGACY_REASONS.values()]
    )
    assert {row["naam"] for row in ours} == {SHOWN}  # starts with '<': not a formula, kept without override
    assert {row["klantnummer"] for row in ours} == {"'=cmd|' /C calc'!A0"}
    cells = [cell for row in rows for cell in row.values()]
    assert all(cell == "" or cell.lstrip(LRM)[0] not in "=+-@\t\r" for cell in cells)
    assert not any(c in cell for cell in cells for c in EMBEDDINGS_AND_OVERRIDES)


# --- bidi isolation on the pages ----------------------------------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str | None]
    parent: Element | None = None
    children: list[Element | str] = field(default_factory=list)

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    @property
    def isolating(self) -> bool:
        """`<bdi>` and any element with `dir` get `unicode-bidi: isolate` from the HTML stylesheet."""
        return self.tag == "bdi" or "dir" in self.attrs


class Tree(HTMLParser):
    """A forgiving element tree: enough to ask which element holds a piece of text."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#root", {})
        self.current = self.root
        self.texts: list[tuple[str, Element]] = []  # text nodes and attribute values, with their element
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, dict(attrs), self.current)
        self.current.children.append(element)
        self.texts += [(value, element) for name, value in attrs if name == "value" and value]
        if tag not in VOID:
            self.current = element

    def handle_endtag(self, tag: str) -> None:
        node: Element | None = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data: str) -> None:
        self.current.children.append(data)
        self.texts.append((data, self.current))


def unisolated(html: str, allowed: set[str]) -> tuple[int, list[str]]:
    """(how many typed texts were found, those not isolated as the text they are).

    A typed text is isolated when its nearest `<bdi>`/`dir` element holds exactly that text (or a
    shortened start of it), or when it sits inside FSI…PDI (a bot message in a preview bubble, the
    page <title>).
    """
    found, wrong = 0, []
    for text, element in Tree(html).texts:
        if not any(mark in text for mark in MARKS):
            continue
        found += 1
        holder: Element | None = element
        while holder is not None and not holder.isolating:
            holder = holder.parent
        shown = holder.text() if holder is not None and holder.tag != "input" else text
        if holder is not None and holder.tag == "input":
            ok = text in allowed
        elif holder is not None and (
            shown.strip() in allowed or any(a.startswith(shown.strip().rstrip("…")) for a in allowed)
        ):
            ok = True
        else:  # no element of its own: only FSI…PDI can hold it
            ok = not any(mark in outside_isolates(shown) for mark in MARKS)
        if not ok:
            wrong.append(f"<{element.tag}> {text[:40]!r}")
    return found, wrong


async def _typed_everywhere(app, people) -> dict[str, int]:
    """Hostile typed text in every field a staff page shows; returns the ids the pages need."""
    client_id, question_id = await _hostile_client(app, people)
    async with app.store.uow() as uow:
        s = uow.session
        (await s.get(StaffUser, people.regisseur)).display_name = HOSTILE  # type: ignore[union-attr]
        (await s.get(PartnerOrg, people.partner_org)).name = HOSTILE  # type: ignore[union-attr]
        arabic = await uow.questions.add(
            municipality_code="demo", language="ar", text=ARABIC, channel="telegram", client_id=client_id
        )
        from_partner = await uow.questions.add(
            municipality_code="demo",
            language="ar",
            text=ARABIC,
            channel="web",
            partner_org_id=people.partner_org,
            text_nl=HOSTILE,
        )
        await uow.inbox.answer(Scope("demo"), from_partner.id, people.regisseur, HOSTILE)
        broadcast = await uow.broadcasts.create(
            municipality_code="demo",
            text_nl=HOSTILE,
            translations={"ar": ARABIC},
            segment={},
            scheduled_at=None,
            now=datetime.now(UTC),
            created_by=people.regisseur,
        )
        await uow.api_keys.add("demo", HOSTILE, "hostile1", "0" * 64)
        appointment_id = await s.scalar(select(Appointment.id).where(Appointment.client_id == client_id))
    return {
        "client": client_id,
        "question": question_id,
        "arabic": arabic.id,
        "partner_question": from_partner.id,
        "broadcast": broadcast.id,
        "appointment": int(appointment_id or 0),
    }


async def test_typed_text_is_isolated_on_every_page_that_shows_it(sqlite_web) -> None:
    app, web_app, people = sqlite_web
    ids = await _typed_everywhere(app, people)
    allowed = {SHOWN, ARABIC_SHOWN, FORMULAS[0] + " " + SHOWN}
    pages = {
        "reg": [
            "/caseload",
            f"/clients/{ids['client']}",
            f"/clients/{ids['client']}/edit",
            f"/clients/{ids['client']}/appointments/new",
            f"/appointments/{ids['appointment']}/edit",
            f"/appointments/{ids['appointment']}/preview",
            f"/questions/{ids['question']}",
            f"/questions/{ids['arabic']}",
            f"/questions/{ids['partner_question']}",
            "/responses",
            "/broadcasts",
            f"/broadcasts/{ids['broadcast']}",
        ],
        "partner": ["/partner"],
        "admin": ["/admin"],
    }
    problems: dict[str, list[str]] = {}
    for username, paths in pages.items():
        async with logged_in(web_app, username) as (client, _csrf):
            for path in paths:
                response = await client.get(path)
                assert response.status_code == 200, path
                found, wrong = unisolated(response.text, allowed)
                assert found, f"{path} shows none of the typed texts"  # the check cannot pass vacuously
                if wrong:
                    problems[path] = wrong
    assert problems == {}
    async with logged_in(web_app, "reg") as (client, _csrf):
        arabic = await client.get(f"/questions/{ids['arabic']}")
    assert ARABIC_SHOWN in arabic.text  # digits and letters as typed, only the controls are gone


def test_the_isolation_check_can_fail() -> None:
    allowed, typed = {ARABIC_SHOWN}, ARABIC_SHOWN
    assert unisolated(f"<td>Plaats: {typed}</td>", allowed) == (1, [f"<td> {('Plaats: ' + typed)[:40]!r}"])
    assert unisolated(f"<div dir='auto'>Plaats: {typed}</div>", allowed)[1] != []  # not the text alone
    assert unisolated(f"<input value='{typed}'>", allowed)[1] != []  # an input needs its own dir
    assert unisolated(f"<td><bdi>{typed}</bdi></td>", allowed) == (1, [])
    assert unisolated(f"<input dir=auto value='{typed}'><p>\u2068{typed}\u2069 ok</p>", allowed) == (2, [])


def _csv_with(location: str, client_ref: str = "K-1") -> bytes:
    day = (datetime.now(UTC) + timedelta(days=14)).date().isoformat()
    header = "klantnummer;soort;datum;tijd;duur;locatie;tolk;referentie"
    rows = [f"K-1;pip;{day};09:30;60;{location};;HOSTILE-1", f"{client_ref};pip;{day};10:30;60;x;;HOSTILE-2"]
    return ("\n".join([header, *rows]) + "\n").encode("utf-8")


async def test_an_imported_location_is_stored_neutralised_and_a_reimport_changes_nothing(sqlite_web) -> None:
    app, web_app, _people = sqlite_web
    upload = _csv_with(HOSTILE.replace(";", ","), client_ref="\u202egnp.exe-404")
    async with logged_in(web_app, "reg") as (client, csrf):
        first = await client.post(
            "/appointments/import", data={"csrf_token": csrf}, files={"file": ("a.csv", upload, "text/csv")}
        )
        again = await client.post(
            "/appointments/import", data={"csrf_token": csrf}, files={"file": ("a.csv", upload, "text/csv")}
        )
    assert "1 nieuw" in first.text and "1 ongewijzigd" in again.text  # the override is no change
    async with app.store.uow() as uow:
        location = await uow.session.scalar(
            select(Appointment.location).where(Appointment.external_ref == "HOSTILE-1")
        )
    assert location == SHOWN.replace(";", ",")
    assert unisolated(first.text, {"gnp.exe-404"}) == (1, [])  # the unknown client number, in its <bdi>


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example/",
        "https://evil.example/",
        "http:evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "/\t/evil.example",
        "/\n/evil.example",
        " //evil.example",
        "javascript:alert(1)",
    ],
)
async def test_login_next_never_leaves_the_site(sqlite_web, target: str) -> None:
    _app, web_app, _people = sqlite_web
    async with client_for(web_app) as client:
        form = await client.get("/login", params={"next": target})
        assert form.status_code == 200
        response = await client.post(
            "/login",
            data={"username": "reg", "password": PASSWORD, "csrf_token": csrf_of(form.text), "next": target},
        )
    assert response.status_code == 303
    assert response.headers["location"] == "/caseload"


async def test_login_next_keeps_a_local_path(sqlite_web) -> None:
    _app, web_app, _people = sqlite_web
    async with client_for(web_app) as client:
        form = await client.get("/login")
        response = await client.post(
            "/login",
            data={
                "username": "reg",
                "password": PASSWORD,
                "csrf_token": csrf_of(form.text),
                "next": "/questions",
            },
        )
    assert response.headers["location"] == "/questions"


async def test_security_headers_on_pages_errors_and_exports(sqlite_web) -> None:
    _app, web_app, people = sqlite_web
    async with logged_in(web_app, "reg") as (client, _csrf):
        responses = [
            await client.get("/caseload"),
            await client.get(f"/clients/{people.client}"),
            await client.get("/responses.csv"),
            await client.get(f"/clients/{people.foreign_client}"),  # refused
            await client.get("/no-such-page"),
        ]
    assert [r.status_code for r in responses][:3] == [200, 200, 200]
    assert all(r.status_code >= 400 for r in responses[3:])
    for response in responses:
        headers = response.headers
        assert "script-src 'self'" in headers["content-security-policy"]
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"
        assert headers["referrer-policy"] == "no-referrer"
        assert headers["cache-control"] == "no-store"
        assert "strict-transport-security" not in headers  # plain HTTP: HSTS only over HTTPS

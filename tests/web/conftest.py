"""Web app fixtures: an App on the test store, staff users of every role, and logged-in HTTP clients.

Two municipalities: `demo` (where the tests work) and `weert` (its regisseur must see nothing of demo).
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from casestore.uow import CaseStore
from dialogs.conversation import Conversation
from inburgerbot.app import App
from inburgerbot.settings import Settings
from municipalities.config import load_municipalities
from web.app import create_web_app
from web.config import WebConfig
from web.passwords import hash_password

PASSWORD = "correct horse battery"
# argon2 at its defaults costs ~50 ms per hash; the same hash serves every test user.
_HASH = hash_password(PASSWORD)
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class People:
    regisseur: int
    other_regisseur: int
    admin: int
    partner: int
    foreign_regisseur: int
    partner_org: int
    client: int  # the regisseur's client
    other_client: int  # the other regisseur's client (same municipality)
    foreign_client: int  # a client in weert
    appointment: int
    other_appointment: int
    question: int
    other_question: int


def make_app(store: CaseStore, tmp_path: Path) -> App:
    municipalities = load_municipalities()
    settings = Settings(data_dir=tmp_path, database_url="sqlite+aiosqlite:///unused.db", _env_file=None)
    conversation = Conversation(store=store, municipalities=municipalities, default_municipality="demo")
    return App(settings=settings, store=store, municipalities=municipalities, conversation=conversation)


async def seed_people(store: CaseStore) -> People:
    start = datetime.now(UTC).replace(microsecond=0) + timedelta(days=3)
    async with store.uow() as uow:
        org = await uow.partner_orgs.add("demo", "Vluchtelingenwerk Demo")
        add = uow.staff.add
        regisseur = await add(
            municipality_code="demo",
            username="reg",
            display_name="Regisseur Een",
            role="regisseur",
            password_hash=_HASH,
        )
        other = await add(
            municipality_code="demo",
            username="reg2",
            display_name="Regisseur Twee",
            role="regisseur",
            password_hash=_HASH,
        )
        admin = await add(
            municipality_code="demo",
            username="admin",
            display_name="Beheerder",
            role="admin",
            password_hash=_HASH,
        )
        partner = await add(
            municipality_code="demo",
            username="partner",
            display_name="Partner",
            role="partner",
            password_hash=_HASH,
            partner_org_id=org.id,
        )
        foreign = await add(
            municipality_code="weert",
            username="weert",
            display_name="Regisseur Weert",
            role="regisseur",
            password_hash=_HASH,
        )
        client = await uow.clients.add(
            municipality_code="demo",
            language="ar",
            display_name="Test Amal",
            regisseur_id=regisseur.id,
            external_ref="K-1",
        )
        other_client = await uow.clients.add(
            municipality_code="demo",
            language="uk",
            display_name="Test Olena",
            regisseur_id=other.id,
            external_ref="K-2",
        )
        foreign_client = await uow.clients.add(
            municipality_code="weert",
            language="ti",
            display_name="Test Weert",
            regisseur_id=foreign.id,
            external_ref="W-1",
        )
        appointment = await uow.appointments.add(
            client_id=client.id,
            kind="pip_gesprek",
            starts_at=start,
            ends_at=start + timedelta(hours=1),
            location="Gemeentehuis",
        )
        other_appointment = await uow.appointments.add(
            client_id=other_client.id, kind="taalles", starts_at=start, ends_at=start + timedelta(hours=1)
        )
        question = await uow.questions.add(
            municipality_code="demo", language="ar", text="سؤال", channel="telegram", client_id=client.id
        )
        other_question = await uow.questions.add(
            municipality_code="demo",
            language="uk",
            text="питання",
            channel="telegram",
            client_id=other_client.id,
        )
    return People(
        regisseur.id,
        other.id,
        admin.id,
        partner.id,
        foreign.id,
        org.id,
        client.id,
        other_client.id,
        foreign_client.id,
        appointment.id,
        other_appointment.id,
        question.id,
        other_question.id,
    )


@pytest.fixture
async def web(store: CaseStore, tmp_path: Path) -> AsyncIterator[tuple[App, object, People]]:
    """(App, FastAPI app, seeded people) on both backends."""
    app = make_app(store, tmp_path)
    yield app, create_web_app(app, WebConfig(demo=True)), await seed_people(store)


@pytest.fixture
async def sqlite_web(sqlite_store: CaseStore, tmp_path: Path) -> AsyncIterator[tuple[App, object, People]]:
    app = make_app(sqlite_store, tmp_path)
    yield app, create_web_app(app, WebConfig(demo=True)), await seed_people(sqlite_store)


def client_for(web_app: object) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=web_app),
        base_url="http://testserver",  # type: ignore[arg-type]
        follow_redirects=False,
    )


def csrf_of(html: str) -> str:
    found = _CSRF.search(html)
    assert found, "no CSRF field on the page"
    return found.group(1)


async def login(client: httpx.AsyncClient, username: str, password: str = PASSWORD) -> httpx.Response:
    form = await client.get("/login")
    token = csrf_of(form.text)
    return await client.post(
        "/login", data={"username": username, "password": password, "csrf_token": token, "next": "/"}
    )


@asynccontextmanager
async def logged_in(web_app: object, username: str) -> AsyncIterator[tuple[httpx.AsyncClient, str]]:
    """A client with a session, and the session's CSRF token."""
    async with client_for(web_app) as client:
        response = await login(client, username)
        assert response.status_code == 303, response.text
        page = await client.get(response.headers["location"])
        assert page.status_code == 200, page.text
        yield client, csrf_of(page.text)

"""The retention purge (reminders/retention.py): clients, questions and the audit log, per municipality.

Every test runs on SQLite and on the real PostgreSQL server (the `store` fixture).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select, update

from casestore.models import AuditLog, ChatLink, Client, InviteAttempt, InviteCode, Question, Response
from casestore.repositories.caseload import Scope
from casestore.repositories.clients import ClientRepository
from casestore.types import utcnow
from casestore.uow import CaseStore
from municipalities.config import Municipality
from reminders.retention import COUNT_KEYS, purge_expired
from tests.reminders.conftest import awake_municipalities, linked_client

DAY = timedelta(days=1)


def municipalities(**per_code: dict[str, object]) -> dict[str, Municipality]:
    """The packaged municipalities, with settings changed per code (e.g. `weert={"retention_days": 30}`)."""
    found = awake_municipalities()
    for code, changes in per_code.items():
        found[code] = found[code].model_copy(update=changes)
    return found


async def backdate_client(
    store: CaseStore,
    client_id: int,
    *,
    created: datetime,
    closed: datetime | None = None,
    reopened: datetime | None = None,
    linked: datetime | None = None,
) -> None:
    async with store.uow() as uow:
        await uow.session.execute(
            update(Client)
            .where(Client.id == client_id)
            .values(created_at=created, closed_at=closed, reopened_at=reopened)
        )
        if linked is not None:
            await uow.session.execute(
                update(ChatLink).where(ChatLink.client_id == client_id).values(linked_at=linked)
            )
            # The code that linked the chat was issued then too (issuing a code counts as activity).
            await uow.session.execute(
                update(InviteCode)
                .where(InviteCode.client_id == client_id, InviteCode.used_at.is_not(None))
                .values(created_at=linked, used_at=linked)
            )


async def add_question(
    store: CaseStore,
    *,
    municipality: str = "demo",
    client_id: int | None,
    asked: datetime,
    answered: datetime | None = None,
) -> int:
    async with store.uow() as uow:
        question = await uow.questions.add(
            municipality_code=municipality,
            client_id=client_id,
            language="ar",
            text="Qwerty zxcvb?",
            channel="telegram" if client_id else "partner",
        )
        await uow.session.execute(
            update(Question)
            .where(Question.id == question.id)
            .values(
                created_at=asked,
                answered_at=answered,
                answer_nl="Antwoord." if answered else None,
                state="answered" if answered else "open",
            )
        )
    return question.id


async def existing(store: CaseStore, model: type[Client] | type[Question], ids: list[int]) -> set[int]:
    async with store.uow() as uow:
        return set(await uow.session.scalars(select(model.id).where(model.id.in_(ids))))


async def test_counts_keep_their_keys_and_an_empty_store_purges_nothing(store: CaseStore) -> None:
    counts = await purge_expired(store, municipalities())
    assert counts == dict.fromkeys(COUNT_KEYS, 0)
    assert list(counts) == [
        "appointments",
        "broadcasts",
        "notices",
        "reminders",
        "invite_attempts",
        "questions",
        "clients",
        "audit_log",
    ]


async def test_ended_clients_go_with_their_questions_others_stay(store: CaseStore) -> None:
    now = utcnow()
    settings = municipalities(weert={"retention_days": 30})  # demo keeps the default 730 days
    long_ago = {"created": now - 1000 * DAY, "linked": now - 990 * DAY}

    # Closed 800 days ago, nothing since: deleted, with question, chat link, invite codes, answers.
    gone_closed = await linked_client(store, 81_001, display_name="Old Closed", external_ref="K-81")
    async with store.uow() as uow:
        await uow.invites.create(gone_closed, timedelta(days=30), now=now - 801 * DAY)
        old_visit = await uow.appointments.add(
            client_id=gone_closed, kind="taalles", starts_at=now - 820 * DAY
        )
        await uow.responses.record(
            appointment_id=old_visit.id, client_id=gone_closed, answer="coming", channel="telegram"
        )
        await uow.session.execute(
            update(Response).where(Response.client_id == gone_closed).values(created_at=now - 821 * DAY)
        )
    await backdate_client(store, gone_closed, closed=now - 800 * DAY, **long_ago)
    gone_question = await add_question(
        store, client_id=gone_closed, asked=now - 900 * DAY, answered=now - 850 * DAY
    )

    # Closed 100 days ago: within demo's 730 days, untouched with its question.
    kept_closed = await linked_client(store, 81_002, display_name="Recent Closed", external_ref="K-82")
    await backdate_client(store, kept_closed, closed=now - 100 * DAY, **long_ago)
    kept_question = await add_question(store, client_id=kept_closed, asked=now - 200 * DAY)

    async with store.uow() as uow:
        # Never closed, termijn ended 800 days ago, nothing since: a dormant file, deleted.
        dormant = await uow.clients.add(
            municipality_code="demo", language="ti", termijn_end=(now - 800 * DAY).date()
        )
        # Never closed, termijn still running: kept however old the file.
        running = await uow.clients.add(
            municipality_code="demo", language="ti", termijn_end=(now + 300 * DAY).date()
        )
        # Never closed, no known end, nothing for years: kept; only a regisseur ends a file without end.
        endless = await uow.clients.add(municipality_code="demo", language="ar")
    await backdate_client(store, dormant.id, created=now - 1500 * DAY)
    await backdate_client(store, running.id, created=now - 1500 * DAY)
    await backdate_client(store, endless.id, created=now - 1500 * DAY)

    # Closed long ago but an appointment is still planned: kept.
    planned = await linked_client(store, 81_003)
    async with store.uow() as uow:
        await uow.appointments.add(client_id=planned, kind="examen", starts_at=now + 10 * DAY)
    await backdate_client(store, planned, closed=now - 800 * DAY, **long_ago)

    # Weert's 30 days: a client closed 100 days ago goes there, while demo's such client stayed.
    weert_closed = await linked_client(store, 81_004, municipality="weert", display_name="Weert Closed")
    await backdate_client(store, weert_closed, closed=now - 100 * DAY, **long_ago)

    counts = await purge_expired(store, settings, now)

    assert (counts["clients"], counts["questions"], counts["appointments"]) == (3, 1, 1)
    everyone = [gone_closed, kept_closed, dormant.id, running.id, endless.id, planned, weert_closed]
    assert await existing(store, Client, everyone) == {kept_closed, running.id, endless.id, planned}
    assert await existing(store, Question, [gone_question, kept_question]) == {kept_question}
    async with store.uow() as uow:
        assert await uow.chat_links.for_telegram_user(81_001) is None
        assert await uow.chat_links.for_telegram_user(81_004) is None
        assert await uow.chat_links.for_telegram_user(81_002) is not None
        codes = await uow.session.scalar(
            select(func.count()).select_from(InviteCode).where(InviteCode.client_id == gone_closed)
        )
        assert codes == 0
        assert await uow.responses.for_client(gone_closed) == []
        kept = await uow.clients.get(kept_closed)
        assert (kept.display_name, kept.external_ref) == ("Recent Closed", "K-82")
        assert kept.closed_at == now - 100 * DAY and kept.anonymised_at is None
    # Nothing left to do on the next night.
    again = await purge_expired(store, settings, now)
    assert (again["clients"], again["questions"]) == (0, 0)


async def test_closing_counts_from_the_first_time_and_reopening_stops_the_clock(store: CaseStore) -> None:
    now = utcnow()
    scope = Scope("demo")
    async with store.uow() as uow:
        client = await uow.clients.add(
            municipality_code="demo", language="fa", termijn_end=(now + 100 * DAY).date()
        )
        first = await uow.caseload.set_closed(scope, client.id, True, now=now - 800 * DAY)
        second = await uow.caseload.set_closed(scope, client.id, True, now=now)
    assert first.closed_at == second.closed_at == now - 800 * DAY
    await backdate_client(store, client.id, created=now - 900 * DAY, closed=now - 800 * DAY)
    async with store.uow() as uow:
        reopened = await uow.caseload.set_closed(scope, client.id, False, now=now - 790 * DAY)
        again = await uow.caseload.set_closed(scope, client.id, False, now=now)
    assert reopened.closed_at is None and reopened.reopened_at == now - 790 * DAY
    assert again.reopened_at == now - 790 * DAY  # reopening an open trajectory changes nothing
    # Open again, the running termijn keeps the client (the reopening itself is long past the cutoff).
    assert (await purge_expired(store, municipalities(), now))["clients"] == 0
    assert await existing(store, Client, [client.id]) == {client.id}
    # Closed, the same client goes: for a closed trajectory the running termijn is not looked at.
    await backdate_client(store, client.id, created=now - 900 * DAY, closed=now - 800 * DAY)
    assert (await purge_expired(store, municipalities(), now))["clients"] == 1


async def test_a_client_reopened_today_stays_though_the_termijn_ended_long_ago(store: CaseStore) -> None:
    now = utcnow()
    scope = Scope("demo")
    async with store.uow() as uow:
        client = await uow.clients.add(
            municipality_code="demo", language="so", termijn_end=(now - 800 * DAY).date()
        )
    await backdate_client(store, client.id, created=now - 1500 * DAY, closed=now - 900 * DAY)
    async with store.uow() as uow:
        reopened = await uow.caseload.set_closed(scope, client.id, False, now=now)
    assert (reopened.closed_at, reopened.reopened_at) == (None, now)

    assert (await purge_expired(store, municipalities(), now))["clients"] == 0
    assert await existing(store, Client, [client.id]) == {client.id}
    # Once the reopening is itself past retention, the ended termijn lets the open client go.
    later = now + 731 * DAY
    assert (await purge_expired(store, municipalities(), later))["clients"] == 1
    assert await existing(store, Client, [client.id]) == set()


async def test_an_invite_code_issued_since_the_cutoff_keeps_a_client(store: CaseStore) -> None:
    now = utcnow()
    async with store.uow() as uow:
        ended = (now - 800 * DAY).date()
        invited_today = await uow.clients.add(municipality_code="demo", language="uk", termijn_end=ended)
        invited_long_ago = await uow.clients.add(municipality_code="demo", language="uk", termijn_end=ended)
        await uow.invites.create(invited_today.id, timedelta(days=14), now=now)
        await uow.invites.create(invited_long_ago.id, timedelta(days=14), now=now - 800 * DAY)
    for client_id in (invited_today.id, invited_long_ago.id):
        await backdate_client(store, client_id, created=now - 1500 * DAY)

    assert (await purge_expired(store, municipalities(), now))["clients"] == 1
    assert await existing(store, Client, [invited_today.id, invited_long_ago.id]) == {invited_today.id}


async def test_a_failing_municipality_rolls_back_alone_and_the_others_are_purged(
    store: CaseStore, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    now = utcnow()
    ended = (now - 800 * DAY).date()
    async with store.uow() as uow:
        demo_gone = (await uow.clients.add(municipality_code="demo", language="ar", termijn_end=ended)).id
        weert_kept = (await uow.clients.add(municipality_code="weert", language="ar", termijn_end=ended)).id
        uow.session.add(InviteAttempt(telegram_user_id=81_900, at=now - 2 * DAY))
    for client_id in (demo_gone, weert_kept):
        await backdate_client(store, client_id, created=now - 1500 * DAY)
    demo_question = await add_question(store, client_id=None, asked=now - 800 * DAY)
    # Deleted by weert's first step, before the failing one: the rollback must bring it back.
    weert_question = await add_question(store, municipality="weert", client_id=None, asked=now - 800 * DAY)

    real_ended_before = ClientRepository.ended_before

    async def failing_for_weert(self: ClientRepository, code: str, cutoff: datetime) -> list[int]:
        if code == "weert":
            raise RuntimeError("client 'Secret Name' could not be read")
        return await real_ended_before(self, code, cutoff)

    monkeypatch.setattr(ClientRepository, "ended_before", failing_for_weert)
    with caplog.at_level(logging.ERROR, logger="reminders.retention"):
        counts = await purge_expired(store, municipalities(), now)

    assert (counts["clients"], counts["questions"], counts["invite_attempts"]) == (1, 1, 1)
    assert await existing(store, Client, [demo_gone, weert_kept]) == {weert_kept}
    assert await existing(store, Question, [demo_question, weert_question]) == {weert_question}
    async with store.uow() as uow:
        purge_rows = list(
            await uow.session.scalars(select(AuditLog).where(AuditLog.action == "retention_purge"))
        )
    assert [(r.municipality_code, r.detail) for r in purge_rows] == [("demo", {"questions": 1, "clients": 1})]
    failures = [r for r in caplog.records if r.name == "reminders.retention"]
    assert [(getattr(r, "municipality", None), getattr(r, "error", None)) for r in failures] == [
        ("weert", "RuntimeError")
    ]
    assert "Secret Name" not in caplog.text


async def test_questions_go_after_retention_unless_answered_since(store: CaseStore) -> None:
    now = utcnow()
    async with store.uow() as uow:
        active = (await uow.clients.add(municipality_code="demo", language="ar")).id
    old_partner = await add_question(store, client_id=None, asked=now - 800 * DAY)
    answered_lately = await add_question(
        store, client_id=active, asked=now - 800 * DAY, answered=now - 10 * DAY
    )
    fresh = await add_question(store, client_id=active, asked=now - 10 * DAY)
    weert_old = await add_question(store, municipality="weert", client_id=None, asked=now - 100 * DAY)
    demo_same_age = await add_question(store, client_id=None, asked=now - 100 * DAY)

    counts = await purge_expired(store, municipalities(weert={"retention_days": 30}), now)

    assert counts["questions"] == 2
    assert counts["clients"] == 0
    assert await existing(
        store, Question, [old_partner, answered_lately, fresh, weert_old, demo_same_age]
    ) == {answered_lately, fresh, demo_same_age}


async def test_audit_rows_go_after_their_municipalitys_audit_retention(store: CaseStore) -> None:
    now = utcnow()
    async with store.uow() as uow:
        demo_client = (await uow.clients.add(municipality_code="demo", language="ar")).id
        weert_client = (await uow.clients.add(municipality_code="weert", language="ar")).id
        demo_staff = await uow.staff.add(
            municipality_code="demo", username="r1", display_name="R", role="regisseur", password_hash=""
        )
        rows = {
            # action: (client, actor kind, actor id, age in days)
            "demo_old": (demo_client, "client", demo_client, 900),
            "demo_new": (demo_client, "client", demo_client, 700),
            "weert_old": (weert_client, "client", weert_client, 900),
            "staff_old": (None, "staff", demo_staff.id, 900),
            "cli_mid": (None, "cli", None, 1000),
            "cli_ancient": (None, "cli", None, 3000),
        }
        for action, (client_id, actor_kind, actor_id, _age) in rows.items():
            await uow.audit.record(
                actor_kind=actor_kind, actor_id=actor_id, action=action, entity="client", client_id=client_id
            )
    async with store.uow() as uow:
        for action, (*_rest, age) in rows.items():
            await uow.session.execute(
                update(AuditLog).where(AuditLog.action == action).values(at=now - age * DAY)
            )
        rows_found = await uow.session.execute(select(AuditLog.action, AuditLog.municipality_code))
        attributed = {action: code for action, code in rows_found}
    assert attributed == {
        "demo_old": "demo",
        "demo_new": "demo",
        "weert_old": "weert",
        "staff_old": "demo",  # no client: the regisseur's municipality
        "cli_mid": None,
        "cli_ancient": None,
    }

    # demo keeps its audit log 800 days, weert the default 2555; unattributed rows the longest.
    counts = await purge_expired(store, municipalities(demo={"audit_retention_days": 800}), now)

    assert counts["audit_log"] == 3
    async with store.uow() as uow:
        left = set(await uow.session.scalars(select(AuditLog.action)))
        purge_rows = list(
            await uow.session.scalars(select(AuditLog).where(AuditLog.action == "retention_purge"))
        )
    assert left == {"demo_new", "weert_old", "cli_mid", "retention_purge"}
    # The purge itself is on record, with counts only, for the municipality it purged.
    assert [(r.municipality_code, r.actor_kind, r.detail) for r in purge_rows] == [
        ("demo", "system", {"audit_log": 2})
    ]

"""Responses list with filters, and its CSV export."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from casestore.models import AuditLog
from tests.web.conftest import logged_in


async def _answers(app, people) -> None:
    async with app.store.uow() as uow:
        await uow.responses.record(
            appointment_id=people.appointment,
            client_id=people.client,
            answer="not_coming",
            channel="telegram",
            reason='=HYPERLINK("x")',
        )
        unanswered_start = datetime.now(UTC) + timedelta(days=2)
        await uow.appointments.add(client_id=people.client, kind="taalles", starts_at=unanswered_start)


async def test_filters_by_answer_and_kind(web) -> None:
    app, web_app, people = web
    await _answers(app, people)
    async with logged_in(web_app, "reg") as (client, _csrf):
        everything = (await client.get("/responses")).text
        not_coming = (await client.get("/responses?answer=not_coming")).text
        silent = (await client.get("/responses?answer=none")).text
        lessons = (await client.get("/responses?kind=taalles")).text
        past = (await client.get("/responses?from=2020-01-01&to=2020-01-31")).text
    assert "2 afspraken: 0 komt, 1 komt niet, 0 met een vraag, 1 zonder antwoord" in everything
    assert "1 afspraken" in not_coming and "komt niet" in not_coming
    assert "1 afspraken: 0 komt, 0 komt niet, 0 met een vraag, 1 zonder antwoord" in silent
    assert "1 afspraken" in lessons
    assert "Geen afspraken in deze periode." in past


async def test_csv_export_matches_the_filter_and_neutralises_formulas(sqlite_web) -> None:
    app, web_app, people = sqlite_web
    await _answers(app, people)
    async with logged_in(web_app, "reg") as (client, _csrf):
        response = await client.get("/responses.csv?answer=not_coming")
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text.lstrip("\ufeff")), delimiter=";"))
    assert len(rows) == 1
    assert rows[0]["klantnummer"] == "K-1" and rows[0]["antwoord"] == "komt niet"
    assert rows[0]["reden"].startswith("'=")  # a spreadsheet shows it as text, never runs it
    async with app.store.uow() as uow:
        exported = await uow.session.scalar(select(AuditLog).where(AuditLog.action == "responses_exported"))
    assert exported.actor_id == people.regisseur and exported.detail == {"rows": 1}

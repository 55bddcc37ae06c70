"""CSV and ICS import: a row-by-row report, valid rows in, invalid rows out, a wrong format refused whole."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from casestore.models import Appointment, Reminder
from tests.web.conftest import logged_in
from web.importers import FileRefusedError, parse_csv, parse_ics

DAY = (datetime.now(UTC) + timedelta(days=14)).date()
NL_DAY = DAY.strftime("%d-%m-%Y")


def _csv(*rows: str, header: str = "klantnummer;soort;datum;tijd;duur;locatie;tolk;referentie") -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode("utf-8")


GOOD_AND_BAD = _csv(
    f"K-1;pip;{DAY.isoformat()};09:30;60;Stadhuis;ar;AG-1",
    f"K-1;taalles;{NL_DAY};13:00;;;;AG-2",
    f"K-1;zwemles;{DAY.isoformat()};10:00;;;;AG-3",
    "K-1;pip;31-02-2027;10:00;;;;AG-4",
    f"K-2;pip;{DAY.isoformat()};10:00;;;;AG-5",
    f"K-404;pip;{DAY.isoformat()};10:00;;;;AG-6",
    f"K-1;pip;{DAY.isoformat()};25:00;;;;AG-7",
    f"K-1;examen;{DAY.isoformat()};11:00;;;xx;AG-8",
    f"K-1;examen;{DAY.isoformat()};11:00;;;;AG-1",
)


async def _count(app) -> int:
    async with app.store.uow() as uow:
        return int(await uow.session.scalar(select(func.count()).select_from(Appointment)))


async def test_csv_import_reports_every_row_and_imports_only_the_valid_ones(web) -> None:
    app, web_app, _people = web
    before = await _count(app)
    async with logged_in(web_app, "reg") as (client, csrf):
        response = await client.post(
            "/appointments/import",
            data={"csrf_token": csrf},
            files={"file": ("agenda.csv", GOOD_AND_BAD, "text/csv")},
        )
        assert response.status_code == 200
        html = response.text
        assert "2 nieuw, 0 bijgewerkt, 0 ongewijzigd, 7 geweigerd" in html
        for reason in (
            "onbekende soort afspraak",
            "ongeldige datum",
            "klantnummer niet gevonden in je caseload",
            "ongeldige tijd",
            "onbekende taal voor de tolk",
            "referentie staat al op regel 2",
        ):
            assert reason in html, reason
        assert (await _count(app)) == before + 2
        # The same file again: nothing new, nothing doubled.
        again = await client.post(
            "/appointments/import",
            data={"csrf_token": csrf},
            files={"file": ("agenda.csv", GOOD_AND_BAD, "text/csv")},
        )
        assert "0 nieuw, 0 bijgewerkt, 2 ongewijzigd, 7 geweigerd" in again.text
        moved = _csv(f"K-1;pip;{DAY.isoformat()};10:30;60;Stadhuis;ar;AG-1")
        updated = await client.post(
            "/appointments/import",
            data={"csrf_token": csrf},
            files={"file": ("agenda.csv", moved, "text/csv")},
        )
        assert "0 nieuw, 1 bijgewerkt" in updated.text
    assert (await _count(app)) == before + 2
    async with app.store.uow() as uow:
        row = await uow.session.scalar(select(Appointment).where(Appointment.external_ref == "AG-1"))
        reminders = await uow.session.scalar(
            select(func.count()).select_from(Reminder).where(Reminder.appointment_id == row.id)
        )
    assert row.interpreter_language == "ar" and row.starts_at.astimezone().minute == 30
    assert reminders > 0


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        (
            "agenda.csv",
            b"naam,datum\nAmal,2027-01-01\n",
            "Verplichte kolommen ontbreken: klantnummer, soort, tijd",
        ),
        ("agenda.csv", b"", "leeg"),
        ("agenda.csv", b"\x00\x01\x02binary", "geen tekstbestand"),
        ("agenda.xlsx", b"PK\x03\x04", "Alleen .csv- en .ics-bestanden"),
        ("agenda.ics", b"BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:nonsense\n", "beschadigd"),
        ("agenda.ics", b"hello", "geen iCalendar-bestand"),
    ],
)
async def test_a_file_with_the_wrong_format_is_refused_whole(
    sqlite_web, name: str, content: bytes, reason: str
) -> None:
    app, web_app, _people = sqlite_web
    before = await _count(app)
    async with logged_in(web_app, "reg") as (client, csrf):
        response = await client.post(
            "/appointments/import",
            data={"csrf_token": csrf},
            files={"file": (name, content, "application/octet-stream")},
        )
    assert response.status_code == 422
    assert "Er is niets geïmporteerd" in response.text and reason in response.text
    assert await _count(app) == before


def test_csv_accepts_comma_windows_1252_and_english_headers() -> None:
    data = f"client_ref,kind,date,time,location\nK-1,taalles,{DAY.isoformat()},09:00,Café Zuid\n".encode(
        "cp1252"
    )
    (row,) = parse_csv(data, 10)
    assert row.error is None and row.fields.location == "Café Zuid" and row.fields.kind == "taalles"


def test_too_many_rows_refuse_the_file() -> None:
    rows = [f"K-1;pip;{DAY.isoformat()};09:00" for _ in range(6)]
    with pytest.raises(FileRefusedError):
        parse_csv(_csv(*rows, header="klantnummer;soort;datum;tijd"), max_rows=5)


ICS = f"""BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Gemeente//Agenda//NL
BEGIN:VEVENT
UID:ics-1@gemeente
DTSTART;TZID=Europe/Amsterdam:{DAY.strftime("%Y%m%d")}T093000
DTEND;TZID=Europe/Amsterdam:{DAY.strftime("%Y%m%d")}T103000
SUMMARY:PIP-gesprek Klantnummer: K-1
LOCATION:Stadhuis
END:VEVENT
BEGIN:VEVENT
UID:ics-2@gemeente
DTSTART:{DAY.strftime("%Y%m%d")}T120000Z
DURATION:PT45M
SUMMARY:Voortgangsgesprek
X-INBURGERBOT-CLIENT:K-1
STATUS:CANCELLED
END:VEVENT
BEGIN:VEVENT
UID:ics-3@gemeente
DTSTART;VALUE=DATE:{DAY.strftime("%Y%m%d")}
SUMMARY:Hele dag Klantnummer: K-1
END:VEVENT
BEGIN:VEVENT
UID:ics-4@gemeente
DTSTART:{DAY.strftime("%Y%m%d")}T120000Z
SUMMARY:Zonder klant
END:VEVENT
END:VCALENDAR
""".replace("\n", "\r\n").encode()


def test_ics_rows() -> None:
    rows = parse_ics(ICS, 10)
    assert [r.error is None for r in rows] == [True, True, False, False]
    first, second, whole_day, no_client = rows
    assert (
        first.client_ref == "K-1"
        and first.fields.kind == "pip_gesprek"
        and first.external_ref == "ics-1@gemeente"
    )
    assert first.fields.starts_at.hour in (7, 8)  # 09:30 Amsterdam in UTC (summer or winter time)
    assert second.fields.status == "cancelled" and second.fields.kind == "voortgangsgesprek"
    assert second.fields.ends_at - second.fields.starts_at == timedelta(minutes=45)
    assert "hele dag" in whole_day.error and "klantnummer" in no_client.error


async def test_ics_import_through_the_web(sqlite_web) -> None:
    _app, web_app, _people = sqlite_web
    async with logged_in(web_app, "reg") as (client, csrf):
        response = await client.post(
            "/appointments/import",
            data={"csrf_token": csrf},
            files={"file": ("agenda.ics", ICS, "text/calendar")},
        )
    assert response.status_code == 200
    assert "2 nieuw, 0 bijgewerkt, 0 ongewijzigd, 2 geweigerd" in response.text

"""Property tests for the ICS import (web.importers.parse_ics): any calendar text in, kind Dutch answers out.

- Any bytes, and line soup made of real iCalendar lines (folded, TZIDs, all-day, RRULE, broken values,
  huge durations), give rows or a whole-file refusal, never an exception; each event is one row.
- Calendars written the way agendas write them (TZID=Europe/Amsterdam, a Windows zone name, UTC, floating
  time, other zones; DTEND or DURATION; escaped and folded text) read back to exactly those appointments,
  also in the nights the clocks change. Local times follow RFC 5545 3.3.5: a skipped time is read with
  the offset before the change, a doubled one is the first. A time with no or an unknown zone is
  Amsterdam time (a municipal agenda's own).
- The bot's own calendar files (casestore.ics) read back to the same time, location and status.
"""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from casestore.dto import AppointmentDTO
from casestore.errors import InvalidInputError
from casestore.ics import appointment_file, regisseur_feed
from locales.languages import SUPPORTED
from web.forms import clean_text
from web.importers import KIND_ALIASES, FileRefusedError, ParsedRow, parse_ics
from web.planning import KINDS, TZ, AppointmentFields

MAX_ROWS = 30
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

ROW_REASONS = re.compile(
    r"geen klantnummer gevonden \(X-INBURGERBOT-CLIENT of “Klantnummer: …”\)"
    r"|UID is te lang of bevat ongeldige tekens"
    r"|begintijd ontbreekt of is een hele dag"
    r"|(DTSTART|DTEND) is geen geldige tijd"
    r"|datum ligt te ver weg"
    r"|einde ligt niet na het begin, of de afspraak duurt langer dan een dag"
    r"|onbekende taal voor de tolk “.{0,20}”"
    r"|referentie staat al op regel \d+"
    r"|locatie is langer dan 200 tekens",
    re.DOTALL,
)
FILE_REASONS = re.compile(
    r"Dit is geen tekstbestand\."
    r"|De tekens in het bestand zijn niet te lezen \(gebruik UTF-8\)\."
    r"|Dit is geen iCalendar-bestand \(BEGIN:VCALENDAR ontbreekt\)\."
    r"|Het iCalendar-bestand is beschadigd en kan niet gelezen worden\."
    r"|Het bestand heeft meer dan \d+ afspraken; splits het op\."
)


def _parse_or_refuse(data: bytes) -> list[ParsedRow] | None:
    try:
        rows = parse_ics(data, MAX_ROWS)
    except FileRefusedError as refused:
        assert FILE_REASONS.fullmatch(str(refused)), str(refused)
        return None
    assert [row.line for row in rows] == list(range(1, len(rows) + 1))
    for row in rows:
        assert (row.fields is None) != (row.error is None), row
        if row.error is not None:
            assert ROW_REASONS.fullmatch(row.error), row.error
        else:
            assert row.client_ref and isinstance(row.fields, AppointmentFields)
    return rows


# --- anything ---------------------------------------------------------------------------------------

WHEN = ["20270115T100000", "20270115T100000Z", "20270115", "20270328T023000", "20271031T023000"]
WHEN += ["00010101T000000", "99991231T235959", "20270230T100000", "nonsense", "", "2027-01-15T10:00"]
ZONES = ["Europe/Amsterdam", "W. Europe Standard Time", "Nowhere/Land", '"(UTC+01:00) Amsterdam, Berlin"']
ZONES += ["(UTC+01:00) Amsterdam, Berlin", "UTC", "America/St_Johns", ""]
ics_line = st.one_of(
    st.sampled_from(["BEGIN:VEVENT", "END:VEVENT", "BEGIN:VALARM", "END:VALARM", "BEGIN:VTIMEZONE"]),
    st.sampled_from(["END:VTIMEZONE", "BEGIN:VCALENDAR", "END:VCALENDAR", "VERSION:2.0", "BEGIN:", "END:"]),
    st.builds("DTSTART;TZID={}:{}".format, st.sampled_from(ZONES), st.sampled_from(WHEN)),
    st.builds(
        "{}:{}".format, st.sampled_from(["DTSTART", "DTEND", "DTSTART;VALUE=DATE"]), st.sampled_from(WHEN)
    ),
    st.sampled_from(["DURATION:PT45M", "DURATION:P99999999D", "DURATION:-PT1H", "DURATION:garbage"]),
    st.sampled_from(["DURATION:P2D", "DURATION:PT0S", "RRULE:FREQ=WEEKLY;COUNT=5", "RRULE:FREQ=NONSENSE"]),
    st.sampled_from(
        ["EXDATE:20270122T100000", "RDATE;VALUE=PERIOD:20270101T100000Z/PT1H", "STATUS:CANCELLED"]
    ),
    st.sampled_from(["X-INBURGERBOT-CLIENT:K-1", "SUMMARY:PIP Klantnummer: K-2", "UID:a-1", "UID:a-1"]),
    st.sampled_from(
        ["X-INBURGERBOT-INTERPRETER:ar", "X-INBURGERBOT-INTERPRETER:xx", "X-INBURGERBOT-KIND:les"]
    ),
    st.sampled_from(["CATEGORIES:Taalles,Werk", "LOCATION:Stadhuis\\, kamer 2", "UID:" + "u" * 200, ";:;"]),
    st.builds(
        "{}:{}".format,
        st.sampled_from(["SUMMARY", "LOCATION", "DESCRIPTION", "UID", "X-INBURGERBOT-CLIENT"]),
        st.text(max_size=40),
    ),
    st.text(max_size=40),
    st.builds(operator.add, st.just(" "), st.text(max_size=20)),  # a folded continuation, wherever it lands
)


@st.composite
def line_soup(draw: st.DrawFn) -> bytes:
    lines = draw(st.lists(ics_line, max_size=30))
    if draw(st.booleans()):  # mostly a calendar around it, so the events get looked at
        lines = ["BEGIN:VCALENDAR", *lines, "END:VCALENDAR"]
    text = draw(st.sampled_from(["\r\n", "\n"])).join(lines)
    return text.encode(draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"])), errors="replace")


@FAST
@given(
    st.one_of(
        st.binary(max_size=2000), st.text(max_size=2000).map(lambda t: ("BEGIN:VCALENDAR\n" + t).encode())
    )
)
@example(b"BEGIN:VCALENDAR\n" + b"BEGIN:VEVENT\n" * 5000)
def test_any_bytes_give_rows_or_a_refusal(data: bytes) -> None:
    _parse_or_refuse(data)


@FAST
@given(line_soup())
@example(
    b"BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;TZID=Europe/Amsterdam:00010101T000000\nX-INBURGERBOT-CLIENT:K\nEND:VEVENT\nEND:VCALENDAR\n"
)
@example(
    b"BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20270101T000000Z\nDURATION:P99999999D\nX-INBURGERBOT-CLIENT:K\nEND:VEVENT\nEND:VCALENDAR\n"
)
def test_line_soup_gives_a_row_or_a_reason_per_event(data: bytes) -> None:
    _parse_or_refuse(data)


def test_every_event_gets_one_row_even_when_broken() -> None:
    events = [
        "DTSTART;TZID=Europe/Amsterdam:20270115T100000\nX-INBURGERBOT-CLIENT:K-1",  # fine
        "DTSTART;VALUE=DATE:20270115\nX-INBURGERBOT-CLIENT:K-1",  # all day
        "X-INBURGERBOT-CLIENT:K-1",  # no start
        "DTSTART:20270115T100000Z",  # no client
        "DTSTART;TZID=(UTC+01:00) Amsterdam, Berlin:20270115T100000\nX-INBURGERBOT-CLIENT:K-1",  # unquoted
        "DTSTART:20270115T100000Z\nDURATION:P99999999D\nX-INBURGERBOT-CLIENT:K-1",
        "DTSTART;TZID=Europe/Amsterdam:00010101T000000\nX-INBURGERBOT-CLIENT:K-1",
    ]
    text = (
        "BEGIN:VCALENDAR\n" + "".join(f"BEGIN:VEVENT\n{e}\nEND:VEVENT\n" for e in events) + "END:VCALENDAR\n"
    )
    rows = _parse_or_refuse(text.encode())
    assert rows is not None
    assert [row.error for row in rows] == [
        None,
        "begintijd ontbreekt of is een hele dag",
        "begintijd ontbreekt of is een hele dag",
        "geen klantnummer gevonden (X-INBURGERBOT-CLIENT of “Klantnummer: …”)",
        "DTSTART is geen geldige tijd",
        "einde ligt niet na het begin, of de afspraak duurt langer dan een dag",
        "datum ligt te ver weg",
    ]


# --- calendars as agendas write them ----------------------------------------------------------------


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str, cuts: list[int]) -> str:
    """RFC 5545 folding (a line break plus one space) at the given character positions."""
    pieces, last = [], 0
    for cut in sorted({c for c in cuts if 0 < c < len(line)}):
        pieces.append(line[last:cut])
        last = cut
    pieces.append(line[last:])
    return "\r\n ".join(pieces)


def _last_sunday(year: int, month: int) -> date:
    day = date(year, month, 31)
    return day - timedelta(days=(day.weekday() + 1) % 7)


# Wall-clock times, with the DST nights well represented: 01:00-03:59 on the last Sundays of March/October.
ordinary = st.datetimes(datetime(2000, 1, 2), datetime(2099, 12, 30)).map(lambda d: d.replace(microsecond=0))
dst_night = st.builds(
    lambda year, month, minutes: (
        datetime.combine(_last_sunday(year, month), datetime.min.time()) + timedelta(minutes=minutes)
    ),
    st.integers(2000, 2099),
    st.sampled_from([3, 10]),
    st.integers(60, 239),
)
walls = st.one_of(ordinary, dst_night)
# How the start is written, and the zone a wall time in it means.
ZONE_FORMS: dict[str, ZoneInfo | None] = {
    "Europe/Amsterdam": TZ,
    "W. Europe Standard Time": TZ,  # Outlook's name; the same rules as Amsterdam since 1996
    "Europe/Brussels": ZoneInfo("Europe/Brussels"),
    "America/St_Johns": ZoneInfo("America/St_Johns"),  # an offset of -03:30, DST at other dates
    "Asia/Kolkata": ZoneInfo("Asia/Kolkata"),
    "floating": TZ,
    "Unknown/Zone": TZ,
    "utc": None,
}
_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
refs = st.builds(operator.add, st.sampled_from(_ALNUM), st.text(_ALNUM + "._:/@-", max_size=30))
client_numbers = st.builds("K-{}".format, st.integers(1, 10**9))
locations = st.text(st.characters(exclude_categories=["Cs", "Cc"]) | st.just("\n"), max_size=80)


@dataclass(frozen=True)
class Event:
    lines: list[str]
    client_ref: str
    uid: str | None
    fields: AppointmentFields | None
    error: str | None


def _stamp(moment: datetime, zone: str) -> str:
    if zone == "utc":
        return f"DTSTART:{moment:%Y%m%dT%H%M%SZ}"
    if zone == "floating":
        return f"DTSTART:{moment:%Y%m%dT%H%M%S}"
    return f"DTSTART;TZID={zone}:{moment:%Y%m%dT%H%M%S}"


@st.composite
def events(draw: st.DrawFn) -> Event:
    zone = draw(st.sampled_from(sorted(ZONE_FORMS)))
    wall = draw(walls)
    meaning = ZONE_FORMS[zone]
    starts = wall.replace(tzinfo=UTC if meaning is None else meaning).astimezone(UTC)  # fold=0: RFC 5545
    lines = [_stamp(wall, zone)]
    minutes = draw(st.integers(1, 24 * 60))
    end_form = draw(st.sampled_from(["none", "duration", "utc", "same zone"]))
    ends: datetime | None = None
    if end_form == "duration":
        lines.append(f"DURATION:PT{minutes}M")
        ends = starts + timedelta(minutes=minutes)
    elif end_form == "utc":
        ends = starts + timedelta(minutes=minutes)
        lines.append(f"DTEND:{ends:%Y%m%dT%H%M%SZ}")
    elif end_form == "same zone":  # the end's wall time, read by the same rule as the start's
        end_wall = wall + timedelta(minutes=minutes)
        lines.append(_stamp(end_wall, zone).replace("DTSTART", "DTEND"))
        ends = end_wall.replace(tzinfo=UTC if meaning is None else meaning).astimezone(UTC)
    client_ref = draw(client_numbers)
    kind_form = draw(st.sampled_from(["x-kind", "summary", "none"]))
    kind = "overig"
    summary = f"Klantnummer: {client_ref}"
    if kind_form == "x-kind":
        kind = draw(st.sampled_from(KINDS))
        lines.append(f"X-INBURGERBOT-KIND:{kind}")
    elif kind_form == "summary":
        alias = draw(st.sampled_from(sorted(KIND_ALIASES)))
        kind = KIND_ALIASES[alias]
        summary = f"{alias.title()} {summary}"
    if draw(st.booleans()):
        lines.append(f"X-INBURGERBOT-CLIENT:{client_ref}")
        summary = summary.replace(f"Klantnummer: {client_ref}", "afspraak")
    lines.append(f"SUMMARY:{_escape(summary)}")
    location = clean_text(draw(locations))[:200] or None
    if location is not None:
        lines.append(f"LOCATION:{_escape(location)}")
    uid = draw(st.one_of(st.none(), refs))
    if uid is not None:
        lines.append(f"UID:{uid}")
    status = draw(st.sampled_from(["planned", "cancelled"]))
    lines.append(
        draw(st.sampled_from(["STATUS:CONFIRMED", ""])) if status == "planned" else "STATUS:CANCELLED"
    )
    interpreter = draw(st.one_of(st.none(), st.sampled_from(SUPPORTED)))
    if interpreter is not None:
        lines.append(f"X-INBURGERBOT-INTERPRETER:{interpreter}")
    if draw(st.booleans()):
        lines.append("RRULE:FREQ=WEEKLY;COUNT=3")  # a series: only its first occurrence is imported
    lines = [_fold(line, draw(st.lists(st.integers(1, 120), max_size=3))) for line in lines if line]
    draw(st.randoms()).shuffle(lines)
    try:
        fields = AppointmentFields(kind, starts, ends, location, interpreter, status)
    except InvalidInputError:  # the DTEND wall time fell before the start in the October night
        return Event(
            lines,
            client_ref,
            uid,
            None,
            "einde ligt niet na het begin, of de afspraak duurt langer dan een dag",
        )
    return Event(lines, client_ref, uid, fields, None)


@settings(FAST, max_examples=80)
@given(
    st.lists(events(), min_size=1, max_size=6, unique_by=lambda e: e.uid or id(e)),
    st.sampled_from(["\r\n", "\n"]),
    st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]),
)
def test_calendars_as_agendas_write_them_round_trip(
    written: list[Event], newline: str, encoding: str
) -> None:
    body = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Gemeente//Agenda//NL",
        *(line for event in written for line in ["BEGIN:VEVENT", *event.lines, "END:VEVENT"]),
        "END:VCALENDAR",
    ]
    rows = parse_ics((newline.join(body) + newline).encode(encoding), MAX_ROWS)
    assert [(r.line, r.client_ref, r.external_ref, r.fields, r.error) for r in rows] == [
        (n, e.client_ref, e.uid, e.fields, e.error) for n, e in enumerate(written, start=1)
    ]


@pytest.mark.parametrize(
    ("wall", "zone", "expected"),
    [
        # 02:30 on 28 March 2027 does not exist: read with the winter offset, so 03:30 summer time.
        (datetime(2027, 3, 28, 2, 30), "Europe/Amsterdam", datetime(2027, 3, 28, 1, 30, tzinfo=UTC)),
        (datetime(2027, 3, 28, 2, 30), "W. Europe Standard Time", datetime(2027, 3, 28, 1, 30, tzinfo=UTC)),
        # 02:30 on 31 October 2027 happens twice: the first one, still summer time.
        (datetime(2027, 10, 31, 2, 30), "Europe/Amsterdam", datetime(2027, 10, 31, 0, 30, tzinfo=UTC)),
        (datetime(2027, 10, 31, 2, 30), "floating", datetime(2027, 10, 31, 0, 30, tzinfo=UTC)),
        (datetime(2027, 10, 31, 3, 0), "Europe/Amsterdam", datetime(2027, 10, 31, 2, 0, tzinfo=UTC)),
    ],
)
def test_the_dst_nights_follow_rfc_5545(wall: datetime, zone: str, expected: datetime) -> None:
    event = f"BEGIN:VEVENT\n{_stamp(wall, zone)}\nX-INBURGERBOT-CLIENT:K-1\nEND:VEVENT\n"
    text = f"BEGIN:VCALENDAR\n{event}END:VCALENDAR\n"
    (row,) = parse_ics(text.encode(), MAX_ROWS)
    assert row.fields is not None and row.fields.starts_at == expected


# --- the bot's own files ----------------------------------------------------------------------------

instants = st.datetimes(datetime(2000, 1, 2), datetime(2099, 12, 30), timezones=st.just(UTC)).map(
    lambda d: d.replace(microsecond=0)
)


@settings(FAST, max_examples=100)
@given(
    instants,
    st.one_of(st.none(), st.integers(1, 24 * 60)),
    locations,
    st.sampled_from(["planned", "cancelled"]),
    st.sampled_from(KINDS),
)
def test_the_bots_own_calendar_files_read_back(
    starts: datetime, minutes: int | None, location: str, status: str, kind: str
) -> None:
    appointment = AppointmentDTO(
        id=7,
        client_id=1,
        kind=kind,
        starts_at=starts,
        ends_at=None if minutes is None else starts + timedelta(minutes=minutes),
        timezone="Europe/Amsterdam",
        location=clean_text(location) or None,
        interpreter_language=None,
        status=status,
        external_ref=None,
    )
    for data in (
        appointment_file(appointment, f"Afspraak Klantnummer: K-1 ({kind})"),
        regisseur_feed([(appointment, f"{kind} Klantnummer: K-1")], "Agenda"),
    ):
        (row,) = parse_ics(data, MAX_ROWS)
        assert row.error is None and row.fields is not None and row.client_ref == "K-1"
        assert row.external_ref == "appointment-7@inburgerbot"
        assert row.fields.starts_at == starts
        assert row.fields.ends_at == (appointment.ends_at or starts + timedelta(hours=1))
        assert row.fields.location == appointment.location and row.fields.status == status

"""Reads appointment files from a municipal agenda (CSV or ICS) into rows, each valid or with a reason.

Two kinds of problem are kept apart: a file whose *format* is wrong (not CSV/ICS, missing columns,
too large) is refused whole (`FileRefusedError`); a row with a bad value is rejected with its reason
while the other rows go ahead. Nothing here touches the database: see web.routes.imports.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from icalendar import Calendar

from casestore.errors import InvalidInputError
from locales.languages import UnknownLanguageError, normalize_language
from web.forms import clean_text, parse_clock
from web.planning import KINDS, TZ, AppointmentFields, local_moment


class FileRefusedError(ValueError):
    """The file as a whole cannot be read; the message says why, in Dutch."""


@dataclass(frozen=True)
class ParsedRow:
    line: int
    client_ref: str | None
    external_ref: str | None
    fields: AppointmentFields | None
    error: str | None


# Column names as municipal agendas write them (Dutch first), mapped to what they mean.
COLUMNS = {
    "klantnummer": "client_ref",
    "client_ref": "client_ref",
    "client": "client_ref",
    "bsn_ref": "client_ref",
    "soort": "kind",
    "kind": "kind",
    "type": "kind",
    "datum": "date",
    "date": "date",
    "tijd": "time",
    "time": "time",
    "begintijd": "time",
    "duur": "duration",
    "duur_minuten": "duration",
    "duration": "duration",
    "duration_minutes": "duration",
    "locatie": "location",
    "plaats": "location",
    "location": "location",
    "tolk": "interpreter",
    "tolktaal": "interpreter",
    "interpreter": "interpreter",
    "referentie": "external_ref",
    "afspraaknummer": "external_ref",
    "external_ref": "external_ref",
    "status": "status",
}
REQUIRED = ("client_ref", "kind", "date", "time")

KIND_ALIASES = {
    "intake": "brede_intake",
    "brede intake": "brede_intake",
    "pip": "pip_gesprek",
    "pip-gesprek": "pip_gesprek",
    "voortgang": "voortgangsgesprek",
    "voortgangsgesprek": "voortgangsgesprek",
    "les": "taalles",
    "taalles": "taalles",
    "pvt": "pvt_sessie",
    "map": "map_sessie",
    "examen": "examen",
    "eindgesprek": "eindgesprek",
    "leerbaarheidstoets": "leerbaarheidstoets",
    "tolk": "tolk_gesprek",
    "werk": "werkgesprek",
    "maatschappelijke begeleiding": "mb_afspraak",
    "financiële training": "financiele_training",
}
STATUS_ALIASES = {
    "": "planned",
    "gepland": "planned",
    "planned": "planned",
    "afgezegd": "cancelled",
    "geannuleerd": "cancelled",
    "cancelled": "cancelled",
    "afgerond": "done",
    "done": "done",
}
_REF = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:/@-]{0,79}$")


def kind_from(text: str) -> str | None:
    key = clean_text(text).lower()
    if key in KINDS:
        return key
    return KIND_ALIASES.get(key)


def _decode(data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # Excel's "Unicode text" (.txt)
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise FileRefusedError("De tekens in het bestand zijn niet te lezen (gebruik UTF-8).") from None
    if b"\x00" in data[:4096]:
        raise FileRefusedError("Dit is geen tekstbestand.")
    for encoding in ("utf-8-sig", "cp1252"):  # Excel in Dutch saves CSV as Windows-1252
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileRefusedError("De tekens in het bestand zijn niet te lezen (gebruik UTF-8).")


def _date(value: str) -> date:
    value = value.strip()
    for pattern in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"):
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise ValueError(value)


def parse_csv(data: bytes, max_rows: int) -> list[ParsedRow]:
    text = _decode(data)
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise FileRefusedError("Het bestand is leeg of heeft geen kopregel.")
    header_line = lines[0]
    # Excel writes ';' in Dutch, ',' in English, tabs in "Unicode text"; a tie goes to the comma.
    delimiter = max((",", ";", "\t"), key=header_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except (csv.Error, StopIteration) as exc:
        raise FileRefusedError("De kopregel is geen geldige CSV.") from exc
    names = [COLUMNS.get(h.strip().lower().replace(" ", "_")) for h in header]
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        dutch = {"client_ref": "klantnummer", "kind": "soort", "date": "datum", "time": "tijd"}
        raise FileRefusedError("Verplichte kolommen ontbreken: " + ", ".join(dutch[m] for m in missing) + ".")
    if len([n for n in names if n]) != len({n for n in names if n}):
        raise FileRefusedError("Een kolom komt twee keer voor in de kopregel.")
    rows: list[ParsedRow] = []
    start = reader.line_num + 1
    try:
        for record in reader:
            # The line the record starts on: a quoted cell with line breaks spans several lines.
            line, start = start, reader.line_num + 1
            if len(rows) >= max_rows:
                raise FileRefusedError(f"Het bestand heeft meer dan {max_rows} regels; splits het op.")
            if not any(cell.strip() for cell in record):
                continue
            if len(record) != len(header):
                rows.append(
                    ParsedRow(line, None, None, None, f"{len(record)} kolommen in plaats van {len(header)}")
                )
                continue
            values = {name: clean_text(cell) for name, cell in zip(names, record, strict=True) if name}
            rows.append(_csv_row(line, values))
    except csv.Error as exc:
        raise FileRefusedError(f"Het bestand is geen geldige CSV (regel {reader.line_num}).") from exc
    return _mark_duplicates(rows)


def _csv_row(line: int, values: dict[str, str]) -> ParsedRow:
    client_ref = values.get("client_ref") or None
    external_ref = values.get("external_ref") or None
    try:
        if not client_ref:
            raise _RowError("klantnummer ontbreekt")
        if external_ref and not _REF.match(external_ref):
            raise _RowError("ongeldige referentie (letters, cijfers en . _ - : / @, hoogstens 80 tekens)")
        kind = kind_from(values.get("kind", ""))
        if kind is None:
            raise _RowError(f"onbekende soort afspraak “{values.get('kind', '')[:40]}”")
        try:
            day = _date(values.get("date", ""))
        except ValueError:
            raise _RowError("ongeldige datum (gebruik jjjj-mm-dd of dd-mm-jjjj)") from None
        clock = parse_clock(values.get("time", ""))
        if clock is None:
            raise _RowError("ongeldige tijd (gebruik uu:mm)")
        duration = values.get("duration", "").strip() or "60"
        # isascii: "²".isdigit() is true too, and int() refuses it (as it does 5000 digits).
        if (
            not (duration.isascii() and duration.isdigit() and len(duration) <= 4)
            or not 5 <= int(duration) <= 600
        ):
            raise _RowError("ongeldige duur (5 tot 600 minuten)")
        status = STATUS_ALIASES.get(values.get("status", "").lower())
        if status is None:
            raise _RowError("onbekende status")
        interpreter = _interpreter(values.get("interpreter", ""))
        location = values.get("location") or None
        if location and len(location) > 200:
            raise _RowError("locatie is langer dan 200 tekens")
        if not 2000 <= day.year < 2100:
            raise _RowError("datum ligt te ver weg")
        starts = local_moment(day, clock)
        fields = AppointmentFields(
            kind=kind,
            starts_at=starts,
            ends_at=starts + timedelta(minutes=int(duration)),
            location=location,
            interpreter_language=interpreter,
            status=status,
        )
    except _RowError as err:
        return ParsedRow(line, client_ref, external_ref, None, str(err))
    except InvalidInputError:
        return ParsedRow(line, client_ref, external_ref, None, "ongeldige afspraak")
    return ParsedRow(line, client_ref, external_ref, fields, None)


class _RowError(ValueError):
    pass


def _interpreter(value: str) -> str | None:
    value = value.strip()
    if not value or value.lower() in {"nee", "geen", "no", "-"}:
        return None
    try:
        return normalize_language(value)
    except UnknownLanguageError:
        raise _RowError(f"onbekende taal voor de tolk “{value[:20]}”") from None


def _mark_duplicates(rows: list[ParsedRow]) -> list[ParsedRow]:
    """Two rows with the same reference in one file: the second one is rejected, not silently merged."""
    seen: dict[str, int] = {}
    result = []
    for row in rows:
        ref = row.external_ref
        if row.error is None and ref:
            if ref in seen:
                row = ParsedRow(
                    row.line, row.client_ref, ref, None, f"referentie staat al op regel {seen[ref]}"
                )
            else:
                seen[ref] = row.line
        result.append(row)
    return result


# --- ICS ---------------------------------------------------------------------------------------

_CLIENT_IN_TEXT = re.compile(r"klant(?:nummer)?\s*[:#]?\s*([A-Za-z0-9][A-Za-z0-9._/-]{0,79})", re.IGNORECASE)


def parse_ics(data: bytes, max_rows: int) -> list[ParsedRow]:
    """Events of a VCALENDAR. The client comes from X-INBURGERBOT-CLIENT or 'Klantnummer: …' in the text."""
    text = _decode(data)
    if "BEGIN:VCALENDAR" not in text[:2000].upper():
        raise FileRefusedError("Dit is geen iCalendar-bestand (BEGIN:VCALENDAR ontbreekt).")
    try:
        calendar = Calendar.from_ical(text)
    except (ValueError, IndexError, KeyError) as exc:
        raise FileRefusedError("Het iCalendar-bestand is beschadigd en kan niet gelezen worden.") from exc
    events = [c for c in calendar.walk("VEVENT")]
    if len(events) > max_rows:
        raise FileRefusedError(f"Het bestand heeft meer dan {max_rows} afspraken; splits het op.")
    rows = [_ics_row(number, event) for number, event in enumerate(events, start=1)]
    return _mark_duplicates(rows)


def _text(event: Any, name: str) -> str:
    value = event.get(name)
    if value is None:
        return ""
    if isinstance(value, list):
        value = ",".join(str(v) for v in value)
    return clean_text(str(value))


def _ics_row(number: int, event: Any) -> ParsedRow:
    summary, description = _text(event, "SUMMARY"), _text(event, "DESCRIPTION")
    client_ref = _text(event, "X-INBURGERBOT-CLIENT") or None
    if client_ref is None:
        found = _CLIENT_IN_TEXT.search(summary) or _CLIENT_IN_TEXT.search(description)
        client_ref = found.group(1) if found else None
    uid = _text(event, "UID") or None
    try:
        if not client_ref:
            raise _RowError("geen klantnummer gevonden (X-INBURGERBOT-CLIENT of “Klantnummer: …”)")
        if uid and not _REF.match(uid):
            raise _RowError("UID is te lang of bevat ongeldige tekens")
        starts = _moment(event, "DTSTART")
        if starts is None:
            raise _RowError("begintijd ontbreekt of is een hele dag")
        ends = _moment(event, "DTEND")
        if ends is None and event.get("DURATION") is not None:
            duration = event.decoded("DURATION")
            if isinstance(duration, timedelta):
                if abs(duration) > timedelta(days=1):  # P99999999D would overflow the date
                    raise _RowError("einde ligt niet na het begin, of de afspraak duurt langer dan een dag")
                ends = starts + duration
        kind = (
            kind_from(_text(event, "X-INBURGERBOT-KIND"))
            or _kind_in(summary)
            or _kind_in(_text(event, "CATEGORIES"))
            or "overig"
        )
        status = "cancelled" if _text(event, "STATUS").upper() == "CANCELLED" else "planned"
        interpreter = _interpreter(_text(event, "X-INBURGERBOT-INTERPRETER"))
        location = _text(event, "LOCATION") or None
        if location and len(location) > 200:  # refused as in a CSV row, not cut without a word
            raise _RowError("locatie is langer dan 200 tekens")
        if not 2000 <= starts.year < 2100:
            raise _RowError("datum ligt te ver weg")
        try:
            fields = AppointmentFields(
                kind=kind,
                starts_at=starts,
                ends_at=ends,
                location=location,
                interpreter_language=interpreter,
                status=status,
            )
        except InvalidInputError:
            raise _RowError("einde ligt niet na het begin, of de afspraak duurt langer dan een dag") from None
    except _RowError as err:
        return ParsedRow(number, client_ref, uid, None, str(err))
    return ParsedRow(number, client_ref, uid, fields, None)


def _moment(event: Any, name: str) -> datetime | None:
    if event.get(name) is None:
        return None
    try:
        value = event.decoded(name)
    except (ValueError, KeyError):
        raise _RowError(f"{name} is geen geldige tijd") from None
    if isinstance(value, datetime):
        if not 2000 <= value.year < 2100:  # checked before the shift to UTC, which overflows year 1
            raise _RowError("datum ligt te ver weg")
        if value.tzinfo is None:
            # Floating time, or a TZID nobody knows: the municipality's local time. A wall time the
            # DST change skips or doubles is read as RFC 5545 3.3.5 says, as zoneinfo's fold=0 does.
            value = value.replace(tzinfo=TZ)
        return value.astimezone(UTC)
    if isinstance(value, date):
        return None  # a DATE (all-day event) is not an appointment with a time
    raise _RowError(f"{name} is geen geldige tijd")  # e.g. a TZID with an unquoted comma


def _kind_in(text: str) -> str | None:
    lowered = text.lower()
    for key in sorted({*KIND_ALIASES, *KINDS}, key=len, reverse=True):
        if key.replace("_", " ") in lowered or key in lowered:
            return kind_from(key)
    return None

"""Property tests for the CSV import (web.importers.parse_csv): any bytes in, only kind Dutch answers out.

What the import page promises, checked on generated files rather than a handful of examples:
- whatever the bytes, the parser returns rows or refuses the file with `FileRefusedError`, nothing else;
- every data row becomes exactly one report row: a valid appointment or a short Dutch reason, with the
  line number where the row starts in the file;
- a file written from valid appointments (any delimiter, encoding, quoting, column order, aliases,
  extra columns) reads back as exactly those appointments.
"""

from __future__ import annotations

import csv
import io
import operator
import re
from dataclasses import dataclass
from datetime import date, time, timedelta

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from locales.languages import SUPPORTED
from web.forms import clean_text
from web.importers import COLUMNS, KIND_ALIASES, STATUS_ALIASES, FileRefusedError, ParsedRow, parse_csv
from web.planning import KINDS, AppointmentFields, local_moment

MAX_ROWS = 50
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Every reason a row can be refused for, as the report shows it (Dutch, short, no exception text).
ROW_REASONS = re.compile(
    r"\d+ kolommen in plaats van \d+"
    r"|klantnummer ontbreekt"
    r"|ongeldige referentie \(letters, cijfers en \. _ - : / @, hoogstens 80 tekens\)"
    r"|onbekende soort afspraak “.{0,40}”"
    r"|ongeldige datum \(gebruik jjjj-mm-dd of dd-mm-jjjj\)"
    r"|ongeldige tijd \(gebruik uu:mm\)"
    r"|ongeldige duur \(5 tot 600 minuten\)"
    r"|onbekende status"
    r"|onbekende taal voor de tolk “.{0,20}”"
    r"|locatie is langer dan 200 tekens"
    r"|datum ligt te ver weg"
    r"|ongeldige afspraak"
    r"|referentie staat al op regel \d+",
    re.DOTALL,
)
FILE_REASONS = re.compile(
    r"Dit is geen tekstbestand\."
    r"|De tekens in het bestand zijn niet te lezen \(gebruik UTF-8\)\."
    r"|Het bestand is leeg of heeft geen kopregel\."
    r"|De kopregel is geen geldige CSV\."
    r"|Verplichte kolommen ontbreken: [a-z, ]+\."
    r"|Een kolom komt twee keer voor in de kopregel\."
    r"|Het bestand heeft meer dan \d+ regels; splits het op\."
    r"|Het bestand is geen geldige CSV \(regel \d+\)\."
)
FORMULAS = [
    '=HYPERLINK("http://evil.example";"klik")',
    "=cmd|' /C calc'!A0",
    "+31 6 1234",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\u202e=1+1",
]
extra_cells = st.sampled_from(["", "vrij veld", *FORMULAS[:-1]])  # every encoding can write these
ODD_DATES = ["2027-02-29", "29-02-2028", "2027/01/05", "05.01.2027", "5-1-2027", "0001-01-01", "9999-12-31"]
ODD_DATES += ["20270105", "2027-W01-1", "1-13-2027", "31-04-2027", "", " ", "morgen", "²⁰²⁷-01-05"]
ODD_TIMES = ["24:00", "9:30", "09.30", "0930", "09:30+05:00", "09:30Z", "T09:30", "9u30", "²:00", "١٢:٣٠"]
ODD_NUMBERS = ["²", "١٢", "60.0", "-5", "1e2", "00060", " 60 ", "6000000000000000000000"]


def _assert_sane(rows: list[ParsedRow]) -> None:
    """Each row is either a valid appointment or carries a Dutch reason; lines go up."""
    lines = [row.line for row in rows]
    assert lines == sorted(set(lines)) and all(line >= 2 for line in lines)
    for row in rows:
        assert (row.fields is None) != (row.error is None), row
        if row.error is not None:
            assert ROW_REASONS.fullmatch(row.error), row.error
        else:
            assert row.client_ref and isinstance(row.fields, AppointmentFields)


def _parse_or_refuse(data: bytes) -> list[ParsedRow] | None:
    try:
        rows = parse_csv(data, MAX_ROWS)
    except FileRefusedError as refused:
        assert FILE_REASONS.fullmatch(str(refused)), str(refused)
        return None
    _assert_sane(rows)
    return rows


# --- any bytes ------------------------------------------------------------------------------------


@FAST
@given(st.binary(max_size=3000))
@example(b"")
@example(b"\xff\xfe")  # a UTF-16 byte order mark and nothing else
@example("klantnummer;soort;datum;tijd\n".encode("utf-16"))
@example(b"klantnummer;soort;datum;tijd\n\x81\x8d;pip;2027-01-05;09:00\n")  # undefined in cp1252
@example(b'klantnummer;soort;datum;tijd\n"K-1;pip;2027-01-05;09:00\n')  # a quote never closed
def test_any_bytes_give_rows_or_a_refusal(data: bytes) -> None:
    _parse_or_refuse(data)


# --- structured but hostile files ------------------------------------------------------------------

ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "cp1252"]
hostile_cell = st.one_of(
    st.text(max_size=30),
    st.sampled_from(FORMULAS + ODD_DATES + ODD_TIMES + ODD_NUMBERS + sorted(KIND_ALIASES) + list(SUPPORTED)),
    st.builds(
        lambda piece, n: piece * n,
        st.sampled_from(["a", ";", ",", '"', "\n", "\r\n", "é", " "]),
        st.integers(0, 300),
    ),
)
header_name = st.one_of(
    st.sampled_from(sorted(COLUMNS)).map(lambda name: name.replace("_", " ").upper()),
    st.sampled_from(sorted(COLUMNS)),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz _", min_size=1, max_size=12),
)


@st.composite
def hostile_files(draw: st.DrawFn) -> bytes:
    header = draw(st.lists(header_name, min_size=1, max_size=10))
    if draw(st.booleans()):  # usually a header the parser accepts, so the rows get looked at
        header = ["klantnummer", "soort", "datum", "tijd", *[h for h in header if h.lower() not in COLUMNS]]
        header = draw(st.permutations(header))
    width = len(header)
    rows = draw(
        st.lists(
            st.lists(hostile_cell, min_size=max(0, width - 2), max_size=width + 2),
            max_size=12,
        )
    )
    delimiter = draw(st.sampled_from([";", ",", "\t"]))
    buffer = io.StringIO(newline="")
    if draw(st.booleans()):
        writer = csv.writer(buffer, delimiter=delimiter, lineterminator=draw(st.sampled_from(["\n", "\r\n"])))
        writer.writerow(header)
        writer.writerows(rows)
    else:  # written by hand, without quoting: stray quotes and line breaks end up anywhere
        buffer.write("\n".join(delimiter.join(r) for r in [header, *rows]))
    encoding = draw(st.sampled_from(ENCODINGS))
    return buffer.getvalue().encode(encoding, errors="replace" if encoding == "cp1252" else "surrogatepass")


@settings(FAST, max_examples=100)
@given(hostile_files())
@example(
    "klantnummer;soort;datum;tijd;duur\nK-1;pip;2027-01-05;09:00;²\n".encode()
)  # isdigit() but not int()
@example(b"klantnummer;soort;datum;tijd;locatie\nK-1;pip;2027-01-05;09:00;" + b"x" * 140_000)
@example(b"klantnummer;soort;datum;tijd\nK-1;pip;2000-01-01;00:30\n")  # before 2000 in UTC
def test_hostile_files_give_a_reason_for_every_row(data: bytes) -> None:
    _parse_or_refuse(data)


# --- valid appointments round-trip -----------------------------------------------------------------

ALIASES: dict[str, list[str]] = {}
for _alias, _meaning in COLUMNS.items():
    ALIASES.setdefault(_meaning, []).append(_alias)


@dataclass(frozen=True)
class Written:
    """One generated appointment: the cells written for it and what the import must make of it."""

    cells: dict[str, str]
    client_ref: str
    external_ref: str | None
    fields: AppointmentFields


def _clean(text: str) -> str | None:
    """A location as the web forms would store it (the same cleaning), so it must come back unchanged."""
    return clean_text(text) or None


_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
ref_text = st.builds(operator.add, st.sampled_from(_ALNUM), st.text(_ALNUM + "._:/@-", max_size=30))
kind_text = st.one_of(
    st.sampled_from(KINDS).map(lambda k: (k, k)),
    st.sampled_from(sorted(KIND_ALIASES.items())),
).flatmap(
    lambda pair: st.sampled_from([pair[0], pair[0].upper(), pair[0].title()]).map(lambda t: (t, pair[1]))
)
DAY_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"]
# Strategies built once: building them inside the composite costs more than the parse being tested.
days = st.dates(date(2000, 1, 2), date(2099, 12, 31))
clocks = st.times().map(lambda t: t.replace(microsecond=0))
durations = st.one_of(st.none(), st.integers(5, 600))
locations = {
    encoding: st.one_of(
        st.text(st.characters(codec=encoding.replace("-sig", ""), exclude_categories=["Cs"]), max_size=60),
        st.sampled_from(FORMULAS),
    )
    for encoding in ENCODINGS
}
INTERPRETER_CELLS = ["", "nee", "geen", "-", *SUPPORTED, "AR", "kmr", "nl_NL"]


@st.composite
def written_appointments(draw: st.DrawFn, encoding: str) -> Written:
    kind_cell, kind = draw(kind_text)
    day, clock = draw(days), draw(clocks)
    day_cell = day.strftime(draw(st.sampled_from(DAY_FORMATS)))
    if draw(st.booleans()):  # Excel writes 5-1-2027, without leading zeros
        day_cell = re.sub(r"\b0(\d)", r"\1", day_cell)
    separator = draw(st.sampled_from([":", "."]))
    clock_cell = f"{clock.hour:02d}{separator}{clock.minute:02d}"
    if clock.second:
        clock_cell += f"{separator}{clock.second:02d}"
    elif draw(st.booleans()):  # 9:30 as Dutch Excel writes it
        clock_cell = clock_cell.removeprefix("0")
    minutes = draw(durations)
    location = _clean(draw(locations[encoding]))
    interpreter_cell = draw(st.sampled_from(INTERPRETER_CELLS))
    interpreter = None if interpreter_cell in ("", "nee", "geen", "-") else interpreter_cell.lower()
    interpreter = {"kmr": "ku", "nl_nl": "nl"}.get(interpreter or "", interpreter)
    status_cell = draw(st.sampled_from(sorted(STATUS_ALIASES)))
    client_ref = draw(ref_text)
    external_ref = draw(st.one_of(st.none(), ref_text))
    starts = local_moment(day, clock)
    cells = {
        "client_ref": draw(st.sampled_from([client_ref, f" {client_ref} "])),
        "kind": kind_cell,
        "date": day_cell,
        "time": clock_cell,
        "duration": "" if minutes is None else str(minutes),
        "location": location or "",
        "interpreter": interpreter_cell,
        "external_ref": external_ref or "",
        "status": status_cell,
    }
    return Written(
        cells,
        client_ref,
        external_ref,
        AppointmentFields(
            kind=kind,
            starts_at=starts,
            ends_at=starts + timedelta(minutes=minutes or 60),
            location=location,
            interpreter_language=interpreter,
            status=STATUS_ALIASES[status_cell],
        ),
    )


@st.composite
def written_files(draw: st.DrawFn) -> tuple[bytes, list[Written], list[int]]:
    encoding = draw(st.sampled_from(ENCODINGS))
    appointments = draw(
        st.lists(
            written_appointments(encoding),
            min_size=1,
            max_size=8,
            unique_by=lambda w: w.external_ref or id(w),  # a repeated reference is refused: tested apart
        )
    )
    optional = draw(
        st.lists(
            st.sampled_from(["duration", "location", "interpreter", "external_ref", "status"]), unique=True
        )
    )
    needed = {m for w in appointments for m, v in w.cells.items() if v and m not in ("duration", "status")}
    needed |= {"duration"} if any(w.cells["duration"] for w in appointments) else set()
    needed |= (
        {"status"} if any(STATUS_ALIASES[w.cells["status"]] != "planned" for w in appointments) else set()
    )
    meanings = sorted({"client_ref", "kind", "date", "time", *optional, *needed})
    extra = draw(st.sampled_from([[], ["opmerking"], ["Opmerking", "notitie"]]))
    order = draw(st.permutations(meanings + extra))
    header = [draw(st.sampled_from(ALIASES[m])) if m in ALIASES else m for m in order]
    header = [draw(st.sampled_from([h, h.upper(), h.replace("_", " ")])) for h in header]
    delimiter = draw(st.sampled_from([";", ",", "\t"]))
    terminator = draw(st.sampled_from(["\n", "\r\n"]))
    buffer = io.StringIO(newline="")
    # Python's writer quotes a cell with a lone "\r" only when "\r" is in the line terminator.
    quoting = csv.QUOTE_ALL if terminator == "\n" else csv.QUOTE_MINIMAL
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=terminator, quoting=quoting)
    writer.writerow(header)
    starts: list[int] = []
    line = 2
    for written in appointments:
        if draw(st.booleans()):  # a blank line between rows is skipped, but still counts as a line
            writer.writerow([])
            line += 1
        values = [written.cells[m] if m in written.cells else draw(extra_cells) for m in order]
        writer.writerow(values)
        starts.append(line)
        line += 1 + sum(len(re.findall(r"\r\n|\r|\n", value)) for value in values)
    return buffer.getvalue().encode(encoding), appointments, starts


@settings(FAST, max_examples=100)
@given(written_files())
def test_valid_appointments_round_trip_exactly(written: tuple[bytes, list[Written], list[int]]) -> None:
    data, appointments, starts = written
    rows = parse_csv(data, MAX_ROWS)
    assert [row.error for row in rows] == [None] * len(appointments)
    assert [(r.line, r.client_ref, r.external_ref, r.fields) for r in rows] == [
        (line, w.client_ref, w.external_ref, w.fields) for line, w in zip(starts, appointments, strict=True)
    ]


@settings(FAST, max_examples=60)
@given(st.lists(written_appointments("utf-8"), min_size=1, max_size=8), st.data())
def test_rows_in_equal_accepted_plus_rejected(appointments: list[Written], data: st.DataObject) -> None:
    """Breaking some rows (bad date, unknown kind, missing cell) rejects those rows, and only those."""
    broken = data.draw(st.sets(st.integers(0, len(appointments) - 1)))
    how = {i: data.draw(st.sampled_from(["date", "kind", "time", "short"])) for i in broken}
    header = ["klantnummer", "soort", "datum", "tijd", "referentie"]
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(header)
    for i, w in enumerate(appointments):
        cells = [w.cells["client_ref"], w.cells["kind"], w.cells["date"], w.cells["time"], f"R-{i}"]
        if how.get(i) == "date":
            cells[2] = "31-02-2027"
        elif how.get(i) == "kind":
            cells[1] = "zwemles"
        elif how.get(i) == "time":
            cells[3] = "25:00"
        elif how.get(i) == "short":
            cells = cells[:3]
        writer.writerow(cells)
    rows = parse_csv(buffer.getvalue().encode(), MAX_ROWS)
    _assert_sane(rows)
    accepted = [r for r in rows if r.error is None]
    rejected = [r for r in rows if r.error is not None]
    assert len(accepted) + len(rejected) == len(appointments)
    assert {r.line - 2 for r in rejected} == broken
    assert [r.external_ref for r in accepted] == [
        f"R-{i}" for i in range(len(appointments)) if i not in broken
    ]


def test_a_repeated_reference_is_refused_on_the_second_row_with_the_first_line() -> None:
    data = (
        "klantnummer;soort;datum;tijd;referentie\n"
        "K-1;pip;2027-01-05;09:00;A-1\n"
        "\n"
        "K-2;pip;2027-01-05;10:00;A-1\n"
    )
    first, second = parse_csv(data.encode(), MAX_ROWS)
    assert first.error is None and first.line == 2
    assert second.fields is None and second.line == 4 and second.error == "referentie staat al op regel 2"


def test_a_row_with_a_line_break_in_a_cell_is_reported_at_the_line_where_it_starts() -> None:
    data = (
        "klantnummer;soort;datum;tijd;locatie\n"
        'K-1;pip;2027-01-05;09:00;"Stadhuis\nKamer 2"\n'
        "K-1;zwemles;2027-01-05;10:00;\n"
    )
    first, second = parse_csv(data.encode(), MAX_ROWS)
    assert first.fields is not None and first.fields.location == "Stadhuis\nKamer 2" and first.line == 2
    assert second.line == 4 and second.error == "onbekende soort afspraak “zwemles”"


def test_excel_unicode_text_utf16_with_tabs_is_read() -> None:
    data = "klantnummer\tsoort\tdatum\ttijd\tlocatie\r\nK-1\tpip\t5-1-2027\t9:30\tCafé Zuid\r\n".encode(
        "utf-16"
    )
    (row,) = parse_csv(data, MAX_ROWS)
    assert row.error is None and row.fields is not None
    assert row.fields.starts_at == local_moment(date(2027, 1, 5), time(9, 30))
    assert row.fields.location == "Café Zuid"


def test_numbers_that_only_look_like_digits_are_refused_kindly() -> None:
    header = "klantnummer;soort;datum;tijd;duur\n"
    for duration in ("²", "١٢", "60.0", "-5"):
        (row,) = parse_csv(f"{header}K-1;pip;2027-01-05;09:00;{duration}\n".encode(), MAX_ROWS)
        assert row.error == "ongeldige duur (5 tot 600 minuten)", duration


def test_a_time_with_a_zone_or_an_odd_form_is_refused_not_shifted() -> None:
    header = "klantnummer;soort;datum;tijd\n"
    for clock in ("09:30+05:00", "09:30Z", "0930", "24:00", "²:00"):
        (row,) = parse_csv(f"{header}K-1;pip;2027-01-05;{clock}\n".encode(), MAX_ROWS)
        assert row.error == "ongeldige tijd (gebruik uu:mm)", clock

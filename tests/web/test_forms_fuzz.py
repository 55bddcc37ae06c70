"""Property tests for the dates and times staff type (web.forms, the appointment form, the CLI's --at/--on).

- Anything typed gives a value or a Dutch error next to the field, never an exception (a 500).
- What the edit form shows (web.labels.iso_local) reads back to the same moment, except the second
  02:00-02:59 of the October night, which a date and a time alone cannot name (documented: the first).
- The DST nights follow RFC 5545 3.3.5, like the ICS import: a skipped time gets the winter offset.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from starlette.datastructures import FormData

from casestore.errors import InvalidInputError
from inburgerbot.cli_reminders import parse_day, parse_moment
from web.forms import Form, clean_text, parse_clock, parse_day_start
from web.labels import iso_local
from web.planning import TZ, AppointmentFields, local_moment
from web.routes.appointments import _read_form

FAST = settings(max_examples=200, deadline=None)
typed = st.one_of(
    st.text(max_size=14),
    st.text(alphabet="0123456789-:.T+Z ²١", max_size=12),
    st.sampled_from(["0001-01-01", "9999-12-31", "1999-12-31", "2100-01-01", "2027-02-29", "2027-W01-1"]),
    st.sampled_from(["09:30+05:00", "09:30Z", "24:00", "9:30", "23:59:59", "00:00", "²:00", "١٢:٣٠"]),
)


@FAST
@given(typed, typed, typed)
def test_typed_dates_times_and_numbers_give_a_value_or_a_dutch_error(
    day: str, clock: str, number: str
) -> None:
    form = Form(FormData({"d": day, "t": clock, "n": number}))
    parsed_day = form.day("d")
    parsed_clock = form.clock("t")
    parsed_number = form.integer("n", minimum=5, maximum=600, default=60)
    for name, text, value in (("d", day, parsed_day), ("t", clock, parsed_clock)):
        blank = not clean_text(text)  # an empty optional field: no value and no error
        assert (value is None) == (name in form.errors or blank), (name, value, form.errors)
    assert (parsed_number is None) == ("n" in form.errors)  # empty: the default
    assert all(error.endswith(".") and "Error" not in error for error in form.errors.values())
    if parsed_day is not None:
        assert 2000 <= parsed_day.year <= 2099 and form.day("d") == parsed_day
        assert local_moment(parsed_day, parsed_clock or time(0, 0)).tzinfo is not None  # no overflow
    if parsed_clock is not None:
        assert parsed_clock.tzinfo is None  # "09:30+05:00" must not pass as 09:30 Dutch time
    if parsed_number is not None:
        assert 5 <= parsed_number <= 600


@FAST
@given(st.times())
def test_every_way_staff_write_a_time_reads_back(clock: time) -> None:
    clock = clock.replace(microsecond=0)
    hh, mm, ss = f"{clock.hour:02d}", f"{clock.minute:02d}", f"{clock.second:02d}"
    if clock.second == 0:
        for text in (f"{hh}:{mm}", f"{clock.hour}:{mm}", f"{hh}.{mm}", f" {hh}:{mm} "):
            assert parse_clock(text) == clock, text
    assert parse_clock(f"{hh}:{mm}:{ss}") == clock
    for text in (f"{hh}:{mm}+01:00", f"{hh}:{mm}Z", f"{hh}{mm}", f"T{hh}:{mm}"):
        assert parse_clock(text) is None, text


@FAST
@given(st.text(max_size=12), st.datetimes(timezones=st.just(UTC)))
def test_the_day_filter_is_total(value: str, default: datetime) -> None:
    result = parse_day_start(value, default)
    assert result == default or (result.tzinfo is not None and result.astimezone(TZ).time() == time(0, 0))


# --- the appointment form: what it shows, it reads back --------------------------------------------

moments = st.datetimes(datetime(2000, 1, 2), datetime(2099, 12, 30), timezones=st.just(UTC)).map(
    lambda d: d.replace(second=0, microsecond=0)
)


def _last_sunday(year: int, month: int) -> date:
    day = date(year, month, 31)
    return day - timedelta(days=(day.weekday() + 1) % 7)


# The October nights in UTC: 00:00-01:59 UTC is 02:00-02:59 twice in Amsterdam (summer, then winter time).
october_nights = st.builds(
    lambda year, minutes: (
        datetime.combine(_last_sunday(year, 10), time(0, 0), tzinfo=UTC) + timedelta(minutes=minutes)
    ),
    st.integers(2000, 2099),
    st.integers(0, 119),
)


@FAST
@given(st.one_of(moments, october_nights), st.integers(5, 600))
@example(datetime(2027, 10, 31, 1, 30, tzinfo=UTC), 60)  # 02:30 winter time, the second one
def test_what_the_edit_form_shows_reads_back_to_the_same_moment(starts: datetime, minutes: int) -> None:
    form = Form(
        FormData(
            {
                "kind": "pip_gesprek",
                "date": iso_local(starts, "date"),
                "time": iso_local(starts, "time"),
                "duration": str(minutes),
            }
        )
    )
    fields = _read_form(form)
    assert isinstance(fields, AppointmentFields), form.errors
    if starts.astimezone(TZ).fold == 0:
        assert fields.starts_at == starts
    else:  # the second 02:xx of October: a date and a time name the first one, an hour earlier
        assert fields.starts_at == starts - timedelta(hours=1)
    assert fields.ends_at == fields.starts_at + timedelta(minutes=minutes)


@pytest.mark.parametrize(
    ("day", "clock", "expected"),
    [
        (date(2027, 3, 28), time(2, 30), datetime(2027, 3, 28, 1, 30, tzinfo=UTC)),  # skipped: = 03:30 CEST
        (date(2027, 3, 28), time(3, 0), datetime(2027, 3, 28, 1, 0, tzinfo=UTC)),
        (date(2027, 10, 31), time(2, 30), datetime(2027, 10, 31, 0, 30, tzinfo=UTC)),  # doubled: the first
        (date(2027, 10, 31), time(3, 0), datetime(2027, 10, 31, 2, 0, tzinfo=UTC)),
    ],
)
def test_the_dst_nights_as_documented(day: date, clock: time, expected: datetime) -> None:
    assert local_moment(day, clock) == expected
    assert parse_moment(f"{day}T{clock}") == expected


# --- the CLI's --at and --on ------------------------------------------------------------------------


@FAST
@given(
    st.one_of(st.text(max_size=30), st.sampled_from(["0001-01-01T00:00", "9999-12-31T23:59", "2030-02-30"]))
)
def test_cli_dates_give_a_moment_or_a_one_line_error(value: str) -> None:
    for parse in (parse_moment, parse_day):
        try:
            result = parse(value)
        except InvalidInputError as refused:
            assert "\n" not in str(refused)
            continue
        if isinstance(result, datetime):
            assert result.tzinfo is not None
            assert result.astimezone(UTC).year in range(1999, 2101)  # storable without an overflow


@FAST
@given(moments)
def test_cli_moments_round_trip_through_their_iso_text(moment: datetime) -> None:
    assert parse_moment(moment.isoformat()) == moment
    local = moment.astimezone(TZ)
    naive = local.replace(tzinfo=None).isoformat()
    assert parse_moment(naive) == (moment if local.fold == 0 else moment - timedelta(hours=1))
    assert parse_day(local.date().isoformat()) == local.date()

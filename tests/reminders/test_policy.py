"""Which reminders an appointment gets: offsets, quiet hours, per kind and municipality, DST."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from casestore.dto import AppointmentDTO
from municipalities.config import Municipality, load_municipalities
from reminders.policy import is_quiet, reminder_plan

AMS = ZoneInfo("Europe/Amsterdam")


def appointment(starts_at: datetime, kind: str = "pip_gesprek", status: str = "planned") -> AppointmentDTO:
    return AppointmentDTO(
        id=1,
        client_id=1,
        kind=kind,
        starts_at=starts_at.astimezone(UTC),
        ends_at=None,
        timezone="Europe/Amsterdam",
        location=None,
        interpreter_language=None,
        status=status,
        external_ref=None,
    )


@pytest.fixture
def demo() -> Municipality:
    return load_municipalities()["demo"]


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=AMS)  # type: ignore[misc]


def plan_local(appt: AppointmentDTO, municipality: Municipality, now: datetime) -> dict[str, datetime]:
    return {p.purpose: p.due_at.astimezone(AMS) for p in reminder_plan(appt, municipality, now)}


def test_default_offsets_with_the_2_hour_reminder_moved_out_of_the_night(demo: Municipality) -> None:
    plan = plan_local(appointment(local(2026, 12, 10, 9, 30)), demo, now=local(2026, 11, 20, 12, 0))
    assert plan == {
        "before_168h": local(2026, 12, 3, 9, 30),
        "before_24h": local(2026, 12, 9, 9, 30),
        # 07:30 is in the quiet hours (21-8): half an hour before they begin, the evening before.
        "before_2h": local(2026, 12, 9, 20, 30),
    }


def test_an_afternoon_appointment_keeps_its_2_hour_reminder(demo: Municipality) -> None:
    plan = plan_local(appointment(local(2026, 12, 10, 14, 0)), demo, now=local(2026, 11, 20, 12, 0))
    assert plan["before_2h"] == local(2026, 12, 10, 12, 0)


@pytest.mark.parametrize(
    ("change", "monday"),
    [
        # Clocks go forward on Sunday 29 March 2026 (CET -> CEST) and back on Sunday 25 October 2026.
        ("spring", (2026, 3, 30, 9, 30)),
        ("autumn", (2026, 10, 26, 9, 30)),
    ],
)
def test_dst_monday_after_the_clocks_change_is_reminded_at_the_same_local_hour(
    demo: Municipality, change: str, monday: tuple[int, ...]
) -> None:
    start = local(*monday)
    plan = plan_local(appointment(start), demo, now=start - timedelta(days=20))
    week_before = plan["before_168h"]
    day_before = plan["before_24h"]
    assert (week_before.hour, week_before.minute) == (9, 30) and week_before.date() == (
        start - timedelta(days=7)
    ).date()
    assert (day_before.hour, day_before.minute) == (9, 30) and day_before.weekday() == 6
    # The week crosses the change, so the reminder is 167 h (spring) or 169 h (autumn) before in real time.
    real = (start.astimezone(UTC) - week_before.astimezone(UTC)).total_seconds() / 3600
    assert real == (167 if change == "spring" else 169)
    assert not is_quiet(plan["before_2h"], demo)


def test_a_reminder_whose_evening_slot_has_passed_goes_at_once_or_when_the_night_ends(
    demo: Municipality,
) -> None:
    appt = appointment(local(2026, 12, 10, 9, 30))
    at_once = plan_local(appt, demo, now=local(2026, 12, 9, 20, 45))
    assert at_once["before_2h"] == local(2026, 12, 9, 20, 45)
    morning = plan_local(appt, demo, now=local(2026, 12, 9, 22, 0))
    assert morning == {"before_2h": local(2026, 12, 10, 8, 0)}


def test_per_kind_and_per_municipality_offsets(demo: Municipality) -> None:
    lessons = demo.model_copy(update={"reminder_offsets_by_kind": {"taalles": [24, 3]}})
    start = local(2026, 12, 10, 14, 0)
    now = local(2026, 11, 1, 12, 0)
    assert set(plan_local(appointment(start, "taalles"), lessons, now)) == {"before_24h", "before_3h"}
    assert set(plan_local(appointment(start, "examen"), lessons, now)) == {
        "before_168h",
        "before_24h",
        "before_2h",
    }
    other = demo.model_copy(update={"reminder_offsets_hours": [48]})
    assert plan_local(appointment(start), other, now) == {"before_48h": local(2026, 12, 8, 14, 0)}


def test_nothing_for_past_or_cancelled_appointments_and_past_offsets_are_skipped(demo: Municipality) -> None:
    now = local(2026, 12, 9, 12, 0)
    assert reminder_plan(appointment(local(2026, 12, 9, 11, 0)), demo, now) == []
    assert reminder_plan(appointment(local(2026, 12, 20, 14, 0), status="cancelled"), demo, now) == []
    assert set(plan_local(appointment(local(2026, 12, 12, 14, 0)), demo, now)) == {"before_24h", "before_2h"}


def test_two_reminders_moved_to_the_same_evening_become_one(demo: Municipality) -> None:
    close = demo.model_copy(update={"reminder_offsets_hours": [12, 2]})
    # 12 h before is 21:30 and 2 h before is 07:30: both quiet, both would move to 20:30.
    plan = plan_local(appointment(local(2026, 12, 10, 9, 30)), close, now=local(2026, 12, 1, 12, 0))
    assert plan == {"before_2h": local(2026, 12, 9, 20, 30)}


def test_quiet_hours_without_a_night_and_within_a_day(demo: Municipality) -> None:
    assert is_quiet(local(2026, 12, 10, 23, 0), demo) and is_quiet(local(2026, 12, 10, 7, 59), demo)
    assert not is_quiet(local(2026, 12, 10, 8, 0), demo) and not is_quiet(local(2026, 12, 10, 20, 59), demo)
    never = demo.model_copy(update={"quiet_hours": (0, 0)})
    assert not is_quiet(local(2026, 12, 10, 3, 0), never)
    siesta = demo.model_copy(update={"quiet_hours": (12, 14)})
    assert is_quiet(local(2026, 12, 10, 13, 0), siesta) and not is_quiet(local(2026, 12, 10, 14, 0), siesta)

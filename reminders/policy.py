"""Which reminders an appointment gets, and when: offsets, quiet hours and Europe/Amsterdam time.

Offsets that are whole days (168 h, 24 h) keep the wall-clock time: a Monday 09:30 appointment is
reminded at 09:30 a week before, also when the clocks changed in between. Shorter offsets (2 h) are
real durations. A reminder that would fall in the municipality's quiet hours moves earlier, to half
an hour before the quiet hours begin; if that moment has already passed it goes out at once (when
it is not night) or when the quiet hours end (when that is still before the appointment).
Nothing is planned for cancelled or past appointments.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from casestore.dto import AppointmentDTO
from municipalities.config import Municipality

QUIET_MARGIN = timedelta(minutes=30)
# Two reminders closer than this are one too many: the earlier one is dropped.
MIN_GAP = timedelta(hours=1)
CANCELLED_PURPOSE = "cancelled"
BROADCAST_PURPOSE = "broadcast"


@dataclass(frozen=True)
class PlannedReminder:
    purpose: str
    due_at: datetime
    offset_hours: int
    moved: bool = False


def purpose_for(offset_hours: int) -> str:
    return f"before_{offset_hours}h"


def is_appointment_reminder(purpose: str) -> bool:
    return purpose.startswith("before_")


def offsets_for(kind: str, municipality: Municipality) -> list[int]:
    """The municipality's offsets for this kind of appointment, else its general offsets."""
    offsets = municipality.reminder_offsets_by_kind.get(kind, municipality.reminder_offsets_hours)
    return sorted(set(offsets), reverse=True)


def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def is_quiet(moment: datetime, municipality: Municipality) -> bool:
    """True when `moment` falls in the municipality's quiet hours [start, end) in local time."""
    start, end = municipality.quiet_hours
    if start == end:
        return False
    hour = moment.astimezone(_zone(municipality.timezone)).hour
    if start < end:
        return start <= hour < end
    return hour >= start or hour < end


def quiet_window(moment: datetime, municipality: Municipality) -> tuple[datetime, datetime]:
    """The quiet period that contains `moment` (which must be quiet), as UTC start and end."""
    zone = _zone(municipality.timezone)
    start, end = municipality.quiet_hours
    local = moment.astimezone(zone)
    begins_day = local.date()
    if start > end and local.hour < end:
        begins_day = begins_day - timedelta(days=1)
    begin = datetime.combine(begins_day, time(start), tzinfo=zone)
    ends_day = begins_day + timedelta(days=1) if start > end else begins_day
    finish = datetime.combine(ends_day, time(end), tzinfo=zone)
    return begin.astimezone(UTC), finish.astimezone(UTC)


def _raw_due(starts_at: datetime, offset_hours: int, tz: str) -> datetime:
    if offset_hours % 24:
        # In UTC: arithmetic on an aware local time would be wall-clock arithmetic in Python.
        return starts_at.astimezone(UTC) - timedelta(hours=offset_hours)
    zone = _zone(tz)
    local = starts_at.astimezone(zone)
    # Wall-clock arithmetic on the naive local time, then back to an aware time in the same zone.
    wall = local.replace(tzinfo=None) - timedelta(days=offset_hours // 24)
    return wall.replace(tzinfo=zone).astimezone(UTC)


def out_of_quiet_hours(
    due: datetime, starts_at: datetime, municipality: Municipality, now: datetime
) -> tuple[datetime | None, bool]:
    """Move a due time out of the quiet hours; returns (due or None to drop it, moved)."""
    if not is_quiet(due, municipality):
        return due, False
    begin, finish = quiet_window(due, municipality)
    earlier = begin - QUIET_MARGIN
    if earlier > now:
        return earlier, True
    if now < begin and not is_quiet(now, municipality):
        return now, True
    if finish < starts_at:
        return finish, True
    return None, True


def reminder_plan(
    appointment: AppointmentDTO, municipality: Municipality, now: datetime
) -> list[PlannedReminder]:
    """The reminders this appointment should get from now on, earliest first."""
    if appointment.status != "planned" or appointment.starts_at <= now:
        return []
    planned: list[PlannedReminder] = []
    for offset in offsets_for(appointment.kind, municipality):
        raw = _raw_due(appointment.starts_at, offset, appointment.timezone or municipality.timezone)
        if raw <= now:
            continue
        due, moved = out_of_quiet_hours(raw, appointment.starts_at, municipality, now)
        if due is None or due >= appointment.starts_at:
            continue
        planned.append(PlannedReminder(purpose_for(offset), due, offset, moved))
    planned.sort(key=lambda p: p.due_at)
    kept: list[PlannedReminder] = []
    for index, item in enumerate(planned):
        following = planned[index + 1] if index + 1 < len(planned) else None
        if following is not None and following.due_at - item.due_at < MIN_GAP:
            continue
        kept.append(item)
    return kept


def awake_municipalities(municipalities: dict[str, Municipality], now: datetime) -> set[str]:
    """Codes of the municipalities where it is not night now: only their clients get messages."""
    return {code for code, m in municipalities.items() if not is_quiet(now, m)}

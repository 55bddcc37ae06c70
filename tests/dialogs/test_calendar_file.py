"""'📅 Add to calendar': the client's own appointment as a valid .ics, nobody else's."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar

from casestore.uow import CaseStore
from dialogs import appointments, calendar_file, reminders
from dialogs.conversation import Conversation
from dialogs.events import ChatState, Command, Tap
from dialogs.render import render, render_line
from dialogs.reply import Reply
from municipalities.config import load_municipalities

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
# Winter (CET, UTC+1) and summer (CEST, UTC+2): the file must carry the same instant in UTC.
WINTER = datetime(2031, 3, 5, 14, 30, tzinfo=AMSTERDAM)
SUMMER = datetime(2031, 7, 1, 9, 0, tzinfo=AMSTERDAM)


async def _client_with(store: CaseStore, user: int, *starts: datetime) -> list[int]:
    async with store.uow() as uow:
        client = await uow.clients.add(municipality_code="demo", language="ar")
        ids = []
        for start in starts:
            appointment = await uow.appointments.add(
                client_id=client.id, kind="voortgangsgesprek", starts_at=start, location="Stadhuis"
            )
            ids.append(appointment.id)
        invite = await uow.invites.create(client.id, timedelta(days=1))
        await uow.invites.redeem(invite.code, user, user)
    return ids


async def _send(store: CaseStore, user: int, event: object) -> list[Reply]:
    conv = Conversation(store=store, municipalities=load_municipalities(), default_municipality="demo")
    ctx = await conv.context_for(user, user)
    return await conv.handle(ctx, ChatState(lang="ar"), event)  # type: ignore[arg-type]


def _event(data: bytes):  # type: ignore[no-untyped-def]
    calendar = Calendar.from_ical(data)
    [event] = [c for c in calendar.walk() if c.name == "VEVENT"]
    return calendar, event


async def test_own_appointment_gives_a_calendar_file_with_the_right_time(store: CaseStore) -> None:
    winter, summer = await _client_with(store, 901, WINTER, SUMMER)
    for appointment_id, local in ((winter, WINTER), (summer, SUMMER)):
        [answer] = await _send(store, 901, Tap(f"ics:{appointment_id}"))
        assert answer.attachment is not None
        name, data = answer.attachment
        assert name == "afspraak.ics"
        calendar, event = _event(data)
        assert calendar["VERSION"] == "2.0"
        start = event.decoded("DTSTART")
        assert start == local and start.utcoffset() == timedelta(0)  # written in UTC ...
        assert start.astimezone(AMSTERDAM).strftime("%H:%M") == local.strftime("%H:%M")  # ... local time kept
        assert event.decoded("DTEND") - start == timedelta(hours=1)
        assert str(event["UID"]) == f"appointment-{appointment_id}@inburgerbot"
        assert str(event["LOCATION"]) == "Stadhuis"
        dutch = render_line(appointments.kind_label("voortgangsgesprek"), "nl")
        assert str(event["SUMMARY"]).endswith(" / " + dutch)  # Arabic first, then Dutch


async def test_utc_line_in_the_file(store: CaseStore) -> None:
    [winter] = await _client_with(store, 902, WINTER)
    [answer] = await _send(store, 902, Tap(f"ics:{winter}"))
    assert answer.attachment is not None
    assert b"DTSTART:20310305T133000Z" in answer.attachment[1]
    assert b"BEGIN:VCALENDAR" in answer.attachment[1]


async def test_someone_elses_appointment_is_not_found(store: CaseStore) -> None:
    [theirs] = await _client_with(store, 903, WINTER)
    await _client_with(store, 904, SUMMER)
    [answer] = await _send(store, 904, Tap(f"ics:{theirs}"))
    assert answer.attachment is None
    assert render(answer, "ar").combined() == render(reminders.not_found(), "ar").combined()
    [garbage] = await _send(store, 904, Tap("ics:12x"))
    assert garbage.attachment is None


async def test_not_linked_gets_no_file(store: CaseStore) -> None:
    [theirs] = await _client_with(store, 905, WINTER)
    [answer] = await _send(store, 906, Tap(f"ics:{theirs}"))
    assert answer.attachment is None


async def test_cancelled_appointment_gives_no_file(store: CaseStore) -> None:
    [appointment_id] = await _client_with(store, 907, WINTER)
    async with store.uow() as uow:
        await uow.appointments.cancel(appointment_id)
    [answer] = await _send(store, 907, Tap(f"ics:{appointment_id}"))
    assert answer.attachment is None


async def test_my_appointments_and_reminders_carry_the_button(store: CaseStore) -> None:
    first, second = await _client_with(store, 908, WINTER, SUMMER)
    [listing] = await _send(store, 908, Command("afspraken"))
    actions = [b.action for row in listing.buttons for b in row]
    assert actions[:2] == [f"ics:{first}", f"ics:{second}"]
    async with store.uow() as uow:
        appointment = await uow.appointments.get(first)
    reminder = reminders.reminder_reply(appointment, datetime.now(UTC))
    assert f"ics:{first}" in [b.action for row in reminder.buttons for b in row]


async def test_summary_is_native_then_dutch(store: CaseStore) -> None:
    [appointment_id] = await _client_with(store, 909, WINTER)
    async with store.uow() as uow:
        appointment = await uow.appointments.get(appointment_id)
    dutch = render_line(appointments.kind_label(appointment.kind), "nl")
    arabic = render_line(appointments.kind_label(appointment.kind), "ar")
    assert calendar_file.summary(appointment, "nl") == dutch
    assert calendar_file.summary(appointment, "ar") == f"{arabic} / {dutch}"

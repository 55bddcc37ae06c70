"""iCalendar files: a regisseur's feed of their clients' appointments, and one appointment for a client.

Pure functions of appointment DTOs, kept in casestore so both the web app (the feed) and the dialogs
(the bot's "add to my calendar" file) build them without the dialogs importing the web app. Times go
out in UTC (`DTSTART:...Z`): every calendar app shows them in the phone's own time zone.

The feed sits behind a secret URL, so it carries no names: a leaked URL shows client numbers and
times, not who the clients are.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from icalendar import Calendar, Event

from casestore.dto import AppointmentDTO
from casestore.types import utcnow

PRODID = "-//inburgerbot//appointments//NL"
DEFAULT_LENGTH = timedelta(hours=1)


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    return calendar


def _event(appointment: AppointmentDTO, summary: str, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", f"appointment-{appointment.id}@inburgerbot")
    event.add("dtstamp", stamp)
    event.add("dtstart", appointment.starts_at)
    event.add("dtend", appointment.ends_at or appointment.starts_at + DEFAULT_LENGTH)
    event.add("summary", summary)
    if appointment.location:
        event.add("location", appointment.location)
    event.add("status", "CANCELLED" if appointment.status == "cancelled" else "CONFIRMED")
    return event


def regisseur_feed(appointments: Iterable[tuple[AppointmentDTO, str]], name: str) -> bytes:
    """`appointments` pairs each appointment with its summary line (kind and client number)."""
    calendar = _calendar(name)
    stamp = utcnow()
    for appointment, summary in appointments:
        calendar.add_component(_event(appointment, summary, stamp))
    return bytes(calendar.to_ical())


def appointment_file(appointment: AppointmentDTO, summary: str, description: str | None = None) -> bytes:
    """The 'add to my calendar' file the bot can send a client with an appointment."""
    calendar = _calendar(summary)
    event = _event(appointment, summary, utcnow())
    if description:
        event.add("description", description)
    event.add("transp", "OPAQUE")
    calendar.add_component(event)
    return bytes(calendar.to_ical())

"""The regisseur's ICS feed behind a secret URL, and the single-appointment .ics for clients."""

from __future__ import annotations

import re

from icalendar import Calendar

from casestore.dto import AppointmentDTO
from tests.web.conftest import client_for, logged_in
from web.ics import appointment_file


async def test_secret_feed_lists_own_clients_without_names_and_can_be_replaced(sqlite_web) -> None:
    _app, web_app, people = sqlite_web
    async with logged_in(web_app, "reg") as (client, csrf):
        made = (await client.post("/calendar/feed", data={"csrf_token": csrf})).text
        url = re.search(r'id="feed-url">([^<]+)<', made).group(1)
        path = url.removeprefix("http://testserver")
        async with client_for(web_app) as anonymous:
            feed = await anonymous.get(path)
            assert feed.status_code == 200 and feed.headers["content-type"].startswith("text/calendar")
            calendar = Calendar.from_ical(feed.content)
            events = list(calendar.walk("VEVENT"))
            assert [str(e["UID"]) for e in events] == [f"appointment-{people.appointment}@inburgerbot"]
            assert "K-1" in str(events[0]["SUMMARY"]) and "Amal" not in feed.text
            assert "Olena" not in feed.text  # another regisseur's client
            await client.post("/calendar/feed", data={"csrf_token": csrf})  # a new link...
            assert (await anonymous.get(path)).status_code == 404  # ...ends the old one
            assert (await anonymous.get("/calendar/feed/short.ics")).status_code == 404


def test_appointment_file_for_the_client() -> None:
    from datetime import UTC, datetime

    start = datetime(2027, 3, 1, 9, 30, tzinfo=UTC)
    appointment = AppointmentDTO(
        7, 1, "pip_gesprek", start, None, "Europe/Amsterdam", "Stadhuis", None, "planned", None
    )
    calendar = Calendar.from_ical(appointment_file(appointment, "PIP-gesprek", "Neem je ID mee"))
    (event,) = calendar.walk("VEVENT")
    assert event.decoded("DTSTART") == start and str(event["LOCATION"]) == "Stadhuis"
    assert (event.decoded("DTEND") - start).total_seconds() == 3600

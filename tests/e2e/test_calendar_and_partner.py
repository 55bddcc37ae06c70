"""Through the emulator: the "add to calendar" file, and a partner linking their chat with a code."""

from __future__ import annotations

from icalendar import Calendar

from casestore import invite_codes
from casestore.uow import CaseStore
from dialogs import calendar_file, partner
from tests.e2e.conftest import StartBot
from tests.e2e.expect import assert_replies, link, new_client
from tests.e2e.reminder_delivery import planned_appointment
from tests.e2e.telegram_user import TelegramUser


async def test_add_to_calendar_sends_an_ics_document(sqlite_store: CaseStore, start_bot: StartBot) -> None:
    store = sqlite_store
    client, code = await new_client(store, lang="ar", name="Kalender Klant")
    appointment = await planned_appointment(store, client.id, days=5)
    harness = await start_bot(store)
    user = TelegramUser(harness, user_id=730_001, first_name="K")
    await link(store, user, code, "ar")
    [listing] = await user.send("/afspraken")
    sent = await user.tap(listing, f"ics:{appointment.id}")
    assert_replies(sent, [calendar_file.calendar_reply(appointment, "ar")], "ar")
    assert sent[-1].document is not None and sent[-1].document["file_name"] == "afspraak.ics"
    downloaded = await harness.bot.download(sent[-1].document["file_id"])
    assert downloaded is not None
    [event] = [c for c in Calendar.from_ical(downloaded.read()).walk() if c.name == "VEVENT"]
    assert event.decoded("DTSTART") == appointment.starts_at


async def test_partner_links_with_a_code(sqlite_store: CaseStore, start_bot: StartBot) -> None:
    store = sqlite_store
    async with store.uow() as uow:
        org = await uow.partner_orgs.add("demo", "Welzijn Demo")
        user_row = await uow.staff.add(
            municipality_code="demo",
            username="p",
            display_name="P",
            role="partner",
            password_hash="",
            partner_org_id=org.id,
        )
        code = (await uow.partner_chats.create_code(user_row.id)).code
    harness = await start_bot(store)
    user = TelegramUser(harness, user_id=730_002, first_name="P")
    linked = await user.send(f"/partner {invite_codes.display(code)}")
    assert_replies(linked, [partner.partner_linked()], "nl")
    [languages] = await user.tap(linked[-1], "pq:new")
    assert_replies([languages], [partner.ask_question_language()], "nl")

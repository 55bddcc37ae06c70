"""Whose data a chat can reach: only its own client's, and none before it is linked."""

from __future__ import annotations

import json

from casestore import invite_codes
from casestore.uow import CaseStore
from dialogs import appointments, faq, language, linking, menu, privacy, reminders
from tests.e2e.conftest import StartBot
from tests.e2e.expect import assert_replies, context_of, link, new_client
from tests.e2e.reminder_delivery import planned_appointment
from tests.e2e.telegram_user import BotMessage, TelegramUser

SECRET_PLACE = "Geheime Straat 7, Demodorp"


async def test_two_users_only_ever_see_their_own_appointments(
    sqlite_store: CaseStore, start_bot: StartBot
) -> None:
    store = sqlite_store
    amal, amal_code = await new_client(store, lang="nl", name="Amal Eerste")
    olena, olena_code = await new_client(store, lang="nl", name="Olena Tweede")
    amal_pip = await planned_appointment(store, amal.id, days=4, location=SECRET_PLACE, interpreter="ar")
    olena_lesson = await planned_appointment(
        store, olena.id, days=2, kind="taalles", location="Taalschool De Brug"
    )
    harness = await start_bot(store)
    first = TelegramUser(harness, user_id=720_001, first_name="Amal")
    second = TelegramUser(harness, user_id=720_002, first_name="Olena")

    amal_ctx = await link(store, first, amal_code, "ar")
    # The second user types the code as the regisseur wrote it down (with the dash) after "I have a code".
    [languages] = await second.send("/start")
    [greeting] = await second.tap(languages, "lang:uk")
    [ask_code] = await second.tap(greeting, "code")
    assert_replies([ask_code], [linking.ask_for_code(await context_of(store, second))], "uk")
    [consent] = await second.send(invite_codes.display(olena_code))
    [welcome] = await second.tap(consent, "consent:yes")
    olena_ctx = await context_of(store, second)
    assert olena_ctx.client is not None and olena_ctx.client.id == olena.id
    assert_replies([welcome], [linking.linked_welcome(olena_ctx)], "uk")

    assert_replies(
        await first.send("/afspraken"), [appointments.appointment_list(amal_ctx, [amal_pip])], "ar"
    )
    olena_list = await second.send("/afspraken")
    assert_replies(olena_list, [appointments.appointment_list(olena_ctx, [olena_lesson])], "uk")
    assert SECRET_PLACE not in (olena_list[0].text or "")

    # A forged or replayed reminder button for someone else's appointment reaches nothing.
    forged = await second.tap(olena_list[0], reminders.answer_action(amal_pip.id, "c"), force=True)
    assert_replies(forged, [reminders.not_found()], "uk")
    async with store.uow() as uow:
        assert await uow.responses.for_appointment(amal_pip.id) == []

    # The second user's download holds only their own file.
    [overview] = await second.send("/privacy")
    export = await second.tap(overview, "privacy:export")
    assert export[-1].document is not None
    downloaded = await harness.bot.download(export[-1].document["file_id"])
    assert downloaded is not None
    data = json.loads(downloaded.read())
    assert data["client"]["id"] == olena.id
    assert [a["id"] for a in data["appointments"]] == [olena_lesson.id]
    assert SECRET_PLACE not in json.dumps(data, ensure_ascii=False) and "Amal" not in json.dumps(data)

    # A used code does not link anyone else, and says so without naming whose it was.
    third = TelegramUser(harness, user_id=720_003, first_name="Derde")
    [languages] = await third.send(f"/start {amal_code}")
    [consent] = await third.tap(languages, "lang:nl")
    refused = await third.tap(consent, "consent:yes")
    unlinked = await context_of(store, third)
    assert unlinked.client is None
    assert_replies(refused, [linking.no_valid_code(unlinked, "used")], "nl")


async def test_an_unlinked_user_sees_public_information_and_no_case_data(
    sqlite_store: CaseStore, start_bot: StartBot
) -> None:
    store = sqlite_store
    client, _ = await new_client(store, lang="fa", name="Niet Zichtbaar")
    hidden = await planned_appointment(store, client.id, days=3, location=SECRET_PLACE)
    harness = await start_bot(store)
    user = TelegramUser(harness, user_id=730_001, first_name="Nieuw")
    seen: list[BotMessage] = []

    [languages] = await user.send("/start")
    seen.append(languages)
    assert_replies([languages], [language.language_menu()], "nl")
    [greeting] = await user.tap(languages, "lang:fa")
    ctx = await context_of(store, user)
    assert ctx.client is None
    assert_replies([greeting], [menu.greeting(ctx)], "fa")
    seen.append(greeting)

    for action, expected in (
        (user.send("/afspraken"), appointments.not_linked(ctx)),
        (user.send("/privacy"), privacy.overview(ctx, 0, 0, 0)),
        (user.send("کجا می‌توانم دوچرخه ارزان بخرم؟"), faq.dont_know(ctx)),
        (user.tap(greeting, reminders.answer_action(hidden.id, "c"), force=True), reminders.not_found()),
        (user.tap(greeting, "privacy:export", force=True), privacy.overview(ctx, 0, 0, 0)),
    ):
        answer = await action
        assert_replies(answer, [expected], "fa")
        seen.extend(answer)
    assert "forward:yes" not in seen[-3].actions  # nothing to forward a question to

    # A code that does not exist: asked for consent first, then told kindly, never linked.
    [ask_code] = await user.tap(greeting, "code")
    [consent] = await user.send("ABCD-EFGH")
    refused = await user.tap(consent, "consent:yes")
    assert_replies(refused, [linking.no_valid_code(ctx, "unknown")], "fa")
    seen += [ask_code, consent, *refused]

    async with store.uow() as uow:
        assert await uow.chat_links.for_telegram_user(user.user_id) is None
        assert await uow.responses.for_appointment(hidden.id) == []
    shown = "\n".join(m.text or "" for m in seen)
    assert SECRET_PLACE not in shown and "Niet Zichtbaar" not in shown

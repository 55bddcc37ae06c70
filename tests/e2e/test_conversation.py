"""A statushouder's whole conversation with the bot, through the Bot API emulator, on both databases.

Link with an invite code (deep link), choose Arabic, see appointments, open an explainer, ask a
free-text question (one answered, one forwarded to the case manager), receive reminders, answer
"I'm coming" and "I can't come" with a reason, then download and delete my data.
"""

from __future__ import annotations

import json

from casestore.uow import CaseStore
from dialogs import (
    appointments,
    explainers,
    faq,
    feedback,
    language,
    linking,
    matcher,
    menu,
    privacy,
    reminders,
)
from dialogs.reply import Reply
from locales.topics import TOPICS
from tests.e2e.conftest import StartBot
from tests.e2e.expect import assert_replies, context_of, new_client
from tests.e2e.reminder_delivery import deliver_next_reminder, planned_appointment
from tests.e2e.telegram_user import TelegramUser

ARABIC_QUESTION = "ما هو PIP؟"
# Written in the user's language (so no "you wrote in another language" offer), about no topic.
UNKNOWN_QUESTION = "أين أجد دراجة رخيصة للبيع؟"
REASON = "Ik ben ziek, sorry"


async def test_whole_conversation_in_arabic(store: CaseStore, start_bot: StartBot) -> None:
    client, code = await new_client(store, lang="nl", name="Amal Testpersoon")
    pip = await planned_appointment(store, client.id, days=3, interpreter="ar")
    progress = await planned_appointment(store, client.id, days=10, kind="voortgangsgesprek")
    harness = await start_bot(store)
    user = TelegramUser(harness, user_id=710_001, first_name="Amal", language_code="ar")

    # Link: the deep link t.me/<bot>?start=<code> sends "/start <code>"; language first, then consent.
    [languages] = await user.send(f"/start {code}")
    assert_replies([languages], [language.language_menu()], "nl")
    [consent] = await user.tap(languages, "lang:ar")
    assert_replies([consent], [linking.consent_question()], "ar")
    [welcome] = await user.tap(consent, "consent:yes")
    ctx = await context_of(store, user)
    assert ctx.client is not None and ctx.client.id == client.id
    assert ctx.client.language == "ar" and ctx.client.consent_version == linking.CONSENT_VERSION
    assert_replies([welcome], [linking.linked_welcome(ctx)], "ar")

    # My appointments, in Arabic and Dutch, with place and interpreter.
    [listing] = await user.tap(welcome, "appointments")
    assert_replies([listing], [appointments.appointment_list(ctx, [pip, progress])], "ar")

    # Rights and duties: the topic menu, then one topic.
    [main] = await user.tap(listing, "menu")
    assert_replies([main], [menu.main_menu(ctx)], "ar")
    [topics] = await user.tap(main, "topics")
    assert_replies([topics], [explainers.topic_menu(0)], "ar")
    first_topic = TOPICS[0].id
    [topic] = await user.tap(topics, f"topic:{first_topic}")
    assert_replies([topic], [explainers.topic_reply(first_topic, ctx.municipality)], "ar")

    # Free text: a question the bot knows, and one it forwards to the case manager.
    found, _ = matcher.best(ARABIC_QUESTION)
    assert found is not None
    answer = await user.send(ARABIC_QUESTION)
    assert_replies(
        answer, [explainers.topic_reply(found.topic_id, ctx.municipality), feedback.ask(found.topic_id)], "ar"
    )
    [offer] = await user.send(UNKNOWN_QUESTION)
    assert_replies([offer], [faq.dont_know(ctx)], "ar")
    forwarded = await user.tap(offer, "forward:yes")
    assert_replies(forwarded, [faq.forwarded()], "ar")
    async with store.uow() as uow:
        [question] = await uow.questions.for_client(client.id)
    assert question.text == UNKNOWN_QUESTION and question.channel == "telegram"

    # A reminder arrives; "I'm coming" is stored on the appointment and the buttons go away.
    due = await deliver_next_reminder(store, harness.bot, pip.id)
    [reminder] = await user.received()
    assert_replies([reminder], [reminders.reminder_reply(pip, due)], "ar")
    coming = await user.tap(reminder, reminders.answer_action(pip.id, "c"))
    assert_replies(coming, [reminders.thanks_coming(repeat=False)], "ar")
    assert (await user.current(reminder)).buttons == []
    async with store.uow() as uow:
        [response] = await uow.responses.for_appointment(pip.id)
    assert (response.answer, response.client_id, response.channel) == ("coming", client.id, "telegram")

    # Another reminder: "I can't come", with a reason.
    due = await deliver_next_reminder(store, harness.bot, progress.id)
    [reminder] = await user.received()
    assert_replies([reminder], [reminders.reminder_reply(progress, due)], "ar")
    [ask_reason] = await user.tap(reminder, reminders.answer_action(progress.id, "n"))
    assert_replies([ask_reason], [reminders.ask_reason(repeat=False)], "ar")
    saved = await user.send(REASON)
    assert_replies(saved, [reminders.reason_saved()], "ar")
    async with store.uow() as uow:
        [declined] = await uow.responses.for_appointment(progress.id)
    assert (declined.answer, declined.reason) == ("not_coming", REASON)

    # /privacy: what is kept, a download of it, then delete.
    [overview] = await user.send("/privacy")
    assert_replies([overview], [privacy.overview(ctx, 2, 2, 1)], "ar")
    export = await user.tap(overview, "privacy:export")
    assert_replies(
        export, [Reply(body=privacy.export_caption().body, attachment=("my-data.json", b""))], "ar"
    )
    assert export[1].document is not None
    downloaded = await harness.bot.download(export[1].document["file_id"])
    assert downloaded is not None
    data = json.loads(downloaded.read())
    assert data["client"]["id"] == client.id and data["chat_link"]["telegram_user_id"] == user.user_id
    assert [a["id"] for a in data["appointments"]] == [pip.id, progress.id]
    assert sorted(r["answer"] for r in data["responses"]) == ["coming", "not_coming"]
    assert [q["text"] for q in data["questions"]] == [UNKNOWN_QUESTION]

    [confirm] = await user.tap(overview, "privacy:delete")
    assert_replies([confirm], [privacy.confirm_delete()], "ar")
    deleted = await user.tap(confirm, "privacy:delete_yes")
    assert_replies(deleted, [privacy.deleted()], "ar")
    assert (await user.current(confirm)).buttons == []
    unlinked = await context_of(store, user)
    assert unlinked.client is None
    async with store.uow() as uow:
        kept = await uow.questions.for_client(client.id)
    assert all(UNKNOWN_QUESTION not in (q.text or "") for q in kept)

    # Unlinked now: no appointments any more, still in Arabic (the chat's language choice).
    after = await user.send("/afspraken")
    assert_replies(after, [appointments.not_linked(unlinked)], "ar")

"""Where translation is used: forwarded questions, broadcasts as recipients get them, the app."""

from __future__ import annotations

from datetime import timedelta

from casestore.uow import CaseStore
from dialogs.conversation import Conversation
from dialogs.events import ChatState, Command, Tap, TextInput, Unsupported
from dialogs.render import RLM, SEPARATOR, RenderedReply
from locales.bidi import FSI, PDI
from locales.catalogs import gettext_for
from municipalities.config import load_municipalities
from reminders.broadcasts import create_broadcast
from reminders.dispatcher import dispatch_due
from reminders.messages import MAX_BROADCAST_LENGTH
from tests.reminders.conftest import awake_municipalities, fast_settings, linked_client
from translation import MACHINE_TRANSLATED, Translation, broadcast_translations, machine_translation_note
from translation.argos import ArgosTranslationService

QUESTION_AR = "لدي موعد في البلدية غدا."
BROADCAST_NL = "De les begint morgen om negen uur."
WROTE_IN_DUTCH = "Your {case_manager} wrote this message in Dutch. You can read it below."


async def _linked_conversation(
    store: CaseStore, service: ArgosTranslationService | None, user: int, lang: str
) -> tuple[Conversation, int]:
    conv = Conversation(
        store=store, municipalities=load_municipalities(), default_municipality="demo", translator=service
    )
    async with store.uow() as uow:
        client = await uow.clients.add(municipality_code="demo", language=lang)
        invite = await uow.invites.create(client.id, timedelta(days=1))
        await uow.invites.redeem(invite.code, user, user)
    return conv, client.id


async def _ask(conv: Conversation, user: int, text: str) -> None:
    state = ChatState(lang=None)
    ctx = await conv.context_for(user, user)
    await conv.handle(ctx, state, Command("vraag"))
    assert state.stage == "await_question"
    await conv.handle(ctx, state, TextInput(text))


async def test_forwarded_question_is_stored_with_a_machine_translation_into_dutch(
    store: CaseStore, service: ArgosTranslationService
) -> None:
    conv, client_id = await _linked_conversation(store, service, 801, "ar")
    await _ask(conv, 801, QUESTION_AR)
    expected = await service.translate(QUESTION_AR, "ar", "nl")
    assert isinstance(expected, Translation) and expected.route == ("ar", "en", "nl")
    async with store.uow() as uow:
        [question] = await uow.questions.for_client(client_id)
    assert (question.text, question.text_nl, question.text_nl_machine) == (QUESTION_AR, expected.text, True)


async def test_questions_without_a_model_in_dutch_or_by_voice_get_no_translation(
    store: CaseStore, service: ArgosTranslationService
) -> None:
    conv, tigrinya = await _linked_conversation(store, service, 802, "ti")
    await _ask(conv, 802, "ሰላም፣ ሕቶ ኣለኒ።")
    _, dutch = await _linked_conversation(store, service, 803, "nl")
    await _ask(conv, 803, "Wanneer is mijn afspraak?")
    _, voice = await _linked_conversation(store, service, 804, "ar")
    state = ChatState()
    ctx = await conv.context_for(804, 804)
    await conv.handle(ctx, state, Unsupported(kind="voice", ref="file-1"))
    await conv.handle(ctx, state, Tap("forward:yes"))
    async with store.uow() as uow:
        rows = [(await uow.questions.for_client(c))[0] for c in (tigrinya, dutch, voice)]
    assert [(q.text_nl, q.text_nl_machine) for q in rows] == [(None, False)] * 3
    assert rows[2].text.startswith("[voice message:")
    assert service.model_runs == 0


class RecordingSender:
    """A MessageSender that keeps what would go to Telegram."""

    def __init__(self) -> None:
        self.sent: dict[int, str] = {}

    async def send(self, chat_id: int, rendered: RenderedReply) -> int:
        self.sent[chat_id] = rendered.combined()
        return len(self.sent)


async def test_broadcast_recipients_get_a_labelled_translation_or_the_dutch_original_with_a_note(
    store: CaseStore, service: ArgosTranslationService
) -> None:
    chats = {"ar": 901, "uk": 902, "ti": 903, "nl": 904}
    for lang, chat in chats.items():
        await linked_client(store, chat, lang)
    municipalities = awake_municipalities()
    translations = await broadcast_translations(service, BROADCAST_NL, chats, max_length=MAX_BROADCAST_LENGTH)
    assert set(translations) == {"ar", "uk"}  # no model covers Tigrinya
    async with store.uow() as uow:
        plan = await create_broadcast(
            uow, municipalities, municipality_code="demo", text_nl=BROADCAST_NL, translations=translations
        )
    assert plan.recipients == 4

    sender = RecordingSender()
    report = await dispatch_due(store, sender, municipalities=municipalities, settings=fast_settings())
    assert report.sent == 4

    case_manager = municipalities["demo"].contact.case_manager_title
    for lang in ("ar", "uk"):
        native, dutch = sender.sent[chats[lang]].replace(RLM, "").split(SEPARATOR)
        machine = await service.translate(BROADCAST_NL, "nl", lang)
        assert isinstance(machine, Translation)
        # Staff text and its translation are shown isolated, line by line (locales/bidi.py).
        assert FSI + machine.text.splitlines()[0] in native
        shown = native.replace(FSI, "").replace(PDI, "")
        assert machine.text in shown and machine_translation_note(lang) in shown
        assert BROADCAST_NL in dutch
    native, dutch = sender.sent[chats["ti"]].replace(RLM, "").split(SEPARATOR)
    assert gettext_for("ti", WROTE_IN_DUTCH).format(case_manager=case_manager) in native
    assert gettext_for("nl", MACHINE_TRANSLATED) not in native
    assert BROADCAST_NL in dutch
    assert BROADCAST_NL in sender.sent[chats["nl"]] and SEPARATOR not in sender.sent[chats["nl"]]

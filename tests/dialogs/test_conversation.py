"""The dialog core as a user meets it: language first, bilingual replies, linking with consent."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from casestore import invite_codes
from casestore.uow import CaseStore
from dialogs.conversation import Conversation
from dialogs.events import ChatState, Start, Tap, TextInput, Unsupported
from dialogs.render import render
from dialogs.reply import Reply
from locales.catalogs import gettext_for
from locales.languages import LANGUAGES
from municipalities.config import load_municipalities

ARABIC = range(0x0600, 0x0700)
CYRILLIC = range(0x0400, 0x0500)
GEEZ = range(0x1200, 0x1380)


def _has_script(text: str, block: range) -> bool:
    return any(ord(ch) in block for ch in text)


def _conversation(store: CaseStore) -> Conversation:
    return Conversation(store=store, municipalities=load_municipalities(), default_municipality="demo")


def _actions(reply: Reply) -> list[str]:
    return [b.action for row in reply.buttons for b in row]


async def _say(conv: Conversation, user: int, state: ChatState, event: object) -> list[Reply]:
    ctx = await conv.context_for(user, user)
    return await conv.handle(ctx, state, event)  # type: ignore[arg-type]


async def test_new_user_is_asked_language_first_in_every_language(sqlite_store: CaseStore) -> None:
    conv = _conversation(sqlite_store)
    [first] = await _say(conv, 1, ChatState(), Start())
    assert _actions(first) == [f"lang:{code}" for code in LANGUAGES]
    rendered = render(first, "nl")
    assert rendered.dutch is None  # the language question is not doubled
    for code in LANGUAGES:
        assert gettext_for(code, "Choose your language") in rendered.native


async def test_arabic_greeting_is_bilingual_and_switching_changes_text_and_buttons(
    sqlite_store: CaseStore,
) -> None:
    conv = _conversation(sqlite_store)
    state = ChatState(lang="ar")
    [greeting] = await _say(conv, 1, state, Start())
    ar = render(greeting, "ar")
    assert _has_script(ar.native, ARABIC)
    assert ar.dutch is not None and not _has_script(ar.dutch, ARABIC)
    assert ar.dutch == render(greeting, "nl").native
    assert "topics" in _actions(greeting) and "language" in _actions(greeting)
    arabic_labels = [label for row in ar.buttons for label, _ in row]

    replies = await _say(conv, 1, state, Tap("lang:uk"))
    assert state.lang == "uk"
    uk = render(replies[-1], "uk")
    uk_labels = [label for row in uk.buttons for label, _ in row]
    assert all(_has_script(label, CYRILLIC) for label in uk_labels)
    assert uk_labels != arabic_labels
    assert _has_script(render(replies[0], "uk").native, CYRILLIC)


async def test_deep_link_code_asks_language_then_consent_then_links(store: CaseStore) -> None:
    conv = _conversation(store)
    async with store.uow() as uow:
        client = await uow.clients.add(municipality_code="demo", language="nl")
        invite = await uow.invites.create(client.id, timedelta(days=30))
    state = ChatState()
    [ask_language] = await _say(conv, 42, state, Start(payload=invite.code))
    assert _actions(ask_language)[0].startswith("lang:")
    [consent] = await _say(conv, 42, state, Tap("lang:ti"))
    assert _actions(consent) == ["consent:yes", "consent:no"]
    assert _has_script(render(consent, "ti").native, GEEZ)
    [welcome] = await _say(conv, 42, state, Tap("consent:yes"))
    assert "appointments" in _actions(welcome)
    async with store.uow() as uow:
        linked = await uow.clients.get(client.id)
    assert linked.language == "ti" and linked.consent_version is not None and linked.consent_at is not None

    # A second Telegram user with the same code is refused and sees no case data.
    other = ChatState(lang="en")
    await _say(conv, 43, other, Start(payload=invite.code))
    [refused] = await _say(conv, 43, other, Tap("consent:yes"))
    assert "appointments" not in _actions(refused)
    assert render(refused, "en").native == gettext_for(
        "en", "This code has already been used. Ask your {case_manager} for a new code."
    ).format(case_manager="regisseur inburgering")


async def test_declining_consent_links_nothing(sqlite_store: CaseStore) -> None:
    conv = _conversation(sqlite_store)
    async with sqlite_store.uow() as uow:
        client = await uow.clients.add(municipality_code="demo", language="ar")
        invite = await uow.invites.create(client.id, timedelta(days=30))
    state = ChatState(lang="ar")
    await _say(conv, 7, state, Start(payload=invite_codes.display(invite.code)))
    await _say(conv, 7, state, Tap("consent:no"))
    async with sqlite_store.uow() as uow:
        assert await uow.chat_links.for_telegram_user(7) is None


async def test_typed_code_after_i_have_a_code(sqlite_store: CaseStore) -> None:
    conv = _conversation(sqlite_store)
    async with sqlite_store.uow() as uow:
        client = await uow.clients.add(municipality_code="demo", language="so")
        invite = await uow.invites.create(client.id, timedelta(days=30))
    state = ChatState(lang="so")
    await _say(conv, 8, state, Tap("code"))
    [consent] = await _say(conv, 8, state, TextInput(invite_codes.display(invite.code).lower()))
    assert _actions(consent) == ["consent:yes", "consent:no"]
    await _say(conv, 8, state, Tap("consent:yes"))
    async with sqlite_store.uow() as uow:
        link = await uow.chat_links.for_telegram_user(8)
    assert link is not None and link.client_id == client.id


async def test_unlinked_user_sees_no_appointments_and_linked_user_only_their_own(
    sqlite_store: CaseStore,
) -> None:
    conv = _conversation(sqlite_store)
    soon = datetime.now(UTC) + timedelta(days=3)
    async with sqlite_store.uow() as uow:
        mine = await uow.clients.add(municipality_code="demo", language="en")
        theirs = await uow.clients.add(municipality_code="demo", language="en")
        await uow.appointments.add(client_id=mine.id, kind="pip_gesprek", starts_at=soon, location="Room A")
        await uow.appointments.add(client_id=theirs.id, kind="examen", starts_at=soon, location="Secret hall")
        invite = await uow.invites.create(mine.id, timedelta(days=1))
    stranger = ChatState(lang="en")
    [refusal] = await _say(conv, 99, stranger, Tap("appointments"))
    assert "Room A" not in render(refusal, "en").native and "Secret hall" not in render(refusal, "en").native

    state = ChatState(lang="en")
    async with sqlite_store.uow() as uow:
        await uow.invites.redeem(invite.code, 100, 100)
    [listing] = await _say(conv, 100, state, Tap("appointments"))
    text = render(listing, "en").native
    assert "Room A" in text and "Secret hall" not in text


async def test_stickers_unknown_commands_and_huge_texts_get_a_kind_answer(sqlite_store: CaseStore) -> None:
    conv = _conversation(sqlite_store)
    state = ChatState(lang="fa")
    for event in (Unsupported("sticker"), TextInput("x" * 50_000), Tap("no-such-button:1")):
        [answer] = await _say(conv, 5, state, event)
        text = render(answer, "fa")
        assert _has_script(text.native, ARABIC) and text.dutch

"""Partner mode in the bot: link with a one-time code, forward a client's question, see no client data."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from casestore import invite_codes
from casestore.errors import InvalidInputError
from casestore.models import AuditLog, PartnerLinkCode, Question, StaffUser
from casestore.repositories.caseload import Scope
from casestore.repositories.partner_chats import PartnerLinkOutcome
from casestore.types import utcnow
from casestore.uow import CaseStore
from dialogs import partner
from dialogs.conversation import Conversation
from dialogs.events import ChatState, Command, Event, Start, Tap, TextInput
from dialogs.explainers import topic_reply
from dialogs.render import render
from dialogs.reply import Reply
from municipalities.config import load_municipalities

TICKET_TEXT = "Graag terugbellen over dossier 12345."
CLIENT_NAME = "Amina Haddad"


def _conversation(store: CaseStore) -> Conversation:
    return Conversation(store=store, municipalities=load_municipalities(), default_municipality="demo")


async def _send(store: CaseStore, user: int, state: ChatState, event: Event) -> list[Reply]:
    conv = _conversation(store)
    return await conv.handle(await conv.context_for(user, user), state, event)


async def _setup(store: CaseStore) -> dict[str, int]:
    """A regisseur with one client (K-7), a partner user, and a code for the partner."""
    async with store.uow() as uow:
        org = await uow.partner_orgs.add("demo", "Vluchtelingenwerk Demo")
        reg = await uow.staff.add(
            municipality_code="demo", username="reg", display_name="R", role="regisseur", password_hash=""
        )
        user = await uow.staff.add(
            municipality_code="demo",
            username="vwn",
            display_name="P",
            role="partner",
            password_hash="",
            partner_org_id=org.id,
        )
        client = await uow.clients.add(
            municipality_code="demo",
            language="ar",
            display_name=CLIENT_NAME,
            regisseur_id=reg.id,
            external_ref="K-7",
        )
    return {"org": org.id, "reg": reg.id, "partner": user.id, "client": client.id}


async def _new_code(store: CaseStore, staff_user_id: int) -> str:
    async with store.uow() as uow:
        return (await uow.partner_chats.create_code(staff_user_id)).code


def _text(replies: list[Reply]) -> str:
    return "\n".join(render(r, r.lang or "nl").combined() for r in replies)


async def _forward(
    store: CaseStore, user: int, state: ChatState, lang: str, ref: str | None, text: str
) -> list[Reply]:
    await _send(store, user, state, Tap("pq:new"))
    await _send(store, user, state, Tap(f"pq:lang:{lang}"))
    if ref is None:
        await _send(store, user, state, Tap("pq:skip"))
    else:
        await _send(store, user, state, TextInput(ref))
    return await _send(store, user, state, TextInput(text))


async def test_unconfident_question_becomes_a_ticket_for_the_clients_regisseur(store: CaseStore) -> None:
    ids = await _setup(store)
    state = ChatState()
    [linked] = await _send(store, 701, state, Command("partner", await _new_code(store, ids["partner"])))
    assert _text([linked]) == _text([partner.partner_linked()])
    replies = await _forward(store, 701, state, "ar", "K-7", TICKET_TEXT)
    assert _text(replies) == _text([partner.forwarded_to_case_manager()])
    async with store.uow() as uow:
        [ticket] = await uow.inbox.for_staff(Scope("demo", ids["reg"]))
        audit = list(
            await uow.session.scalars(select(AuditLog).where(AuditLog.action == "question_forwarded"))
        )
    assert (ticket.text, ticket.language, ticket.state) == (TICKET_TEXT, "ar", "open")
    assert (ticket.client_id, ticket.partner_org_id, ticket.channel) == (
        ids["client"],
        ids["org"],
        "telegram",
    )
    assert [(a.actor_kind, a.actor_id, a.entity_id) for a in audit] == [
        ("partner", ids["partner"], ticket.id)
    ]


async def test_confident_question_is_answered_at_once_in_the_questions_language(store: CaseStore) -> None:
    ids = await _setup(store)
    state = ChatState()
    await _send(store, 702, state, Start(partner.DEEP_LINK_PREFIX + await _new_code(store, ids["partner"])))
    replies = await _forward(store, 702, state, "ar", None, "boete")
    assert len(replies) == 3
    shown = replies[1]
    assert shown.lang == "ar" and shown.buttons == ()
    expected = topic_reply("boetes", load_municipalities()["demo"])
    assert render(shown, "ar").combined() == render(expected, "ar").combined()
    async with store.uow() as uow:
        [question] = list(await uow.session.scalars(select(Question)))
    assert (question.state, question.topic_guess, question.partner_org_id) == ("closed", "boetes", ids["org"])
    assert question.client_id is None


async def test_partner_never_sees_client_data(store: CaseStore) -> None:
    ids = await _setup(store)
    state = ChatState()
    seen = await _send(store, 703, state, Command("partner", await _new_code(store, ids["partner"])))
    seen += await _forward(store, 703, state, "nl", "K-7", TICKET_TEXT)
    seen += await _forward(store, 703, state, "nl", "K-does-not-exist", TICKET_TEXT)
    # Client commands from a partner chat stay in partner mode.
    for event in (Command("afspraken"), Command("privacy"), Tap("appointments"), Start()):
        seen += await _send(store, 703, state, event)
    text = _text(seen)
    assert CLIENT_NAME not in text and "K-7" not in text and "K-does-not-exist" not in text
    # Known and unknown client numbers get the same answer: a number is never confirmed.
    assert _text(seen[1:2]) == _text(seen[2:3])


async def test_code_is_single_use_expiring_and_stored_hashed(store: CaseStore) -> None:
    ids = await _setup(store)
    code = await _new_code(store, ids["partner"])
    async with store.uow() as uow:
        [stored] = list(await uow.session.scalars(select(PartnerLinkCode.code_hash)))
        assert stored == invite_codes.code_hash(code) and code not in stored
        assert await uow.partner_chats.redeem(code, 710, 710) is PartnerLinkOutcome.LINKED
        assert await uow.partner_chats.redeem(code, 711, 711) is PartnerLinkOutcome.USED
        old = (await uow.partner_chats.create_code(ids["partner"], now=utcnow() - timedelta(days=3))).code
        assert await uow.partner_chats.redeem(old, 712, 712) is PartnerLinkOutcome.EXPIRED
        assert await uow.partner_chats.redeem("AAAA-AAAA", 713, 713) is PartnerLinkOutcome.UNKNOWN


async def test_a_new_code_replaces_older_ones(store: CaseStore) -> None:
    ids = await _setup(store)
    first = await _new_code(store, ids["partner"])
    second = await _new_code(store, ids["partner"])
    async with store.uow() as uow:
        assert await uow.partner_chats.redeem(first, 720, 720) is PartnerLinkOutcome.EXPIRED
        assert await uow.partner_chats.redeem(second, 720, 720) is PartnerLinkOutcome.LINKED


async def test_only_partner_users_get_codes(store: CaseStore) -> None:
    ids = await _setup(store)
    with pytest.raises(InvalidInputError):
        async with store.uow() as uow:
            await uow.partner_chats.create_code(ids["reg"])


async def test_client_chat_cannot_become_a_partner_chat(store: CaseStore) -> None:
    ids = await _setup(store)
    async with store.uow() as uow:
        invite = await uow.invites.create(ids["client"], timedelta(days=1))
        await uow.invites.redeem(invite.code, 730, 730)
    state = ChatState(lang="ar")
    [refused] = await _send(store, 730, state, Command("partner", await _new_code(store, ids["partner"])))
    assert _text([refused]) == _text([partner.partner_code_refused(PartnerLinkOutcome.CLIENT_CHAT)])
    async with store.uow() as uow:
        assert await uow.partner_chats.for_telegram_user(730) is None


async def test_unlink_and_deactivation_end_partner_mode(store: CaseStore) -> None:
    ids = await _setup(store)
    state = ChatState()
    await _send(store, 740, state, Command("partner", await _new_code(store, ids["partner"])))
    [off] = await _send(store, 740, state, Tap("pq:unlink"))
    assert _text([off]) == _text([partner.partner_unlinked()])
    async with store.uow() as uow:
        assert await uow.partner_chats.for_telegram_user(740) is None
    # Linked again, then the account is deactivated: the chat is an ordinary chat again.
    await _send(store, 740, state, Command("partner", await _new_code(store, ids["partner"])))
    async with store.uow() as uow:
        assert await uow.partner_chats.for_telegram_user(740) is not None
        (await uow.session.get(StaffUser, ids["partner"])).active = False  # type: ignore[union-attr]
    async with store.uow() as uow:
        assert await uow.partner_chats.for_telegram_user(740) is None
    assert (
        await _conversation(store)._partner.intercept(
            await _conversation(store).context_for(740, 740), state, TextInput("hallo")
        )
        is None
    )

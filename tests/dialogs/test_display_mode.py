"""'Only my language' and 'only Dutch': the choice is stored and changes how every reply is shown."""

from __future__ import annotations

from datetime import timedelta

from casestore.uow import CaseStore
from dialogs.conversation import Conversation
from dialogs.events import ChatState, Tap
from dialogs.render import render
from municipalities.config import load_municipalities

ARABIC = range(0x0600, 0x0700)


async def test_linked_client_chooses_only_dutch_then_only_arabic(store: CaseStore) -> None:
    conv = Conversation(store=store, municipalities=load_municipalities(), default_municipality="demo")
    async with store.uow() as uow:
        client = await uow.clients.add(municipality_code="demo", language="ar")
        invite = await uow.invites.create(client.id, timedelta(days=1))
        await uow.invites.redeem(invite.code, 61, 61)
    state = ChatState()
    bilingual = await conv.turn(61, 61, state, Tap("help"))
    shown = render(bilingual.replies[0], bilingual.lang, bilingual.mode)
    assert shown.dutch is not None and any(ord(c) in ARABIC for c in shown.native)

    await conv.turn(61, 61, state, Tap("mode:dutch"))
    only_dutch = await conv.turn(61, 61, state, Tap("help"))
    shown = render(only_dutch.replies[0], only_dutch.lang, only_dutch.mode)
    assert only_dutch.mode == "dutch" and shown.dutch is None
    assert not any(ord(c) in ARABIC for c in shown.native)
    assert shown.native == render(only_dutch.replies[0], "nl").native

    await conv.turn(61, 61, state, Tap("mode:native"))
    async with store.uow() as uow:
        assert (await uow.clients.get(client.id)).reply_mode == "native"
    only_arabic = await conv.turn(61, 61, ChatState(), Tap("help"))  # stored, not in the dialog state
    shown = render(only_arabic.replies[0], only_arabic.lang, only_arabic.mode)
    assert shown.dutch is None and any(ord(c) in ARABIC for c in shown.native)


async def test_unknown_mode_shows_the_choices(sqlite_store: CaseStore) -> None:
    conv = Conversation(store=sqlite_store, municipalities=load_municipalities(), default_municipality="demo")
    state = ChatState(lang="tr")
    turn = await conv.turn(62, 62, state, Tap("mode:shouting"))
    actions = [b.action for row in turn.replies[0].buttons for b in row]
    assert actions == ["mode:native", "mode:dutch", "menu"]
    assert state.reply_mode == "bilingual"

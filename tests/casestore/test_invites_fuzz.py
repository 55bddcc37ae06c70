"""Invite codes under garbage: however a code is typed it is found, and nothing else links a chat.

test_invites.py has the rules (once, expiry, throttling, races); tests/dialogs/test_fuzz.py the
normaliser on random text. Here: the ways people really write a code, and garbage through the whole
redemption path (the repository, and the conversation from a deep link or a typed message).
"""

from __future__ import annotations

import asyncio
import itertools
from datetime import timedelta

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from casestore import invite_codes
from casestore.repositories.clients import RedeemOutcome
from casestore.uow import CaseStore
from dialogs.conversation import Conversation
from dialogs.events import ChatState, Start, Tap, TextInput
from dialogs.render import render
from municipalities.config import load_municipalities

codes = st.text(
    alphabet=invite_codes.ALPHABET, min_size=invite_codes.CODE_LENGTH, max_size=invite_codes.CODE_LENGTH
)
WITH_STORE = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
_users = itertools.count(900_000, 2)  # new chats per example (and user + 1): the throttle is per user


@settings(max_examples=200)
@given(codes, st.data())
def test_a_code_is_found_however_it_is_typed(code: str, data: st.DataObject) -> None:
    typed = ""
    for char in code:
        typed += data.draw(st.sampled_from([char, char.lower()]))
        typed += data.draw(st.sampled_from(["", "", " ", "-", "_", ".", "\u00a0", "\t"]))
    padded = data.draw(st.sampled_from(["", " ", "\n"])) + typed + data.draw(st.sampled_from(["", " ", "\n"]))
    assert invite_codes.normalize(padded) == code


async def _client_with_code(store: CaseStore) -> str:
    async with store.uow() as uow:
        client = await uow.clients.add(municipality_code="demo", language="ar")
        return (await uow.invites.create(client.id, timedelta(days=30))).code


@WITH_STORE
@given(st.text(max_size=80))
@example("")
@example("ABCD-EFGH\x00")
@example("' OR 1=1 --")
@example("A" * 10_000)
def test_garbage_never_links_and_never_raises(sqlite_store: CaseStore, text: str) -> None:
    async def redeem() -> None:
        code = await _client_with_code(sqlite_store)
        user = next(_users)
        async with sqlite_store.uow() as uow:
            outcome, client_id = await uow.invites.redeem(text, user, user)
        if invite_codes.normalize(text) != code:
            assert (outcome, client_id) == (RedeemOutcome.UNKNOWN, None)
        async with sqlite_store.uow() as uow:
            linked = await uow.chat_links.for_telegram_user(user)
            assert (linked is not None) == (outcome is RedeemOutcome.LINKED)
            # The real code still works after the garbage.
            assert (await uow.invites.redeem(code, user + 1, user + 1))[0] is RedeemOutcome.LINKED

    asyncio.run(redeem())


@WITH_STORE
@given(st.text(max_size=64), st.sampled_from(["deep link", "typed"]))
@example("ABCD-EFGH", "deep link")  # well-formed, but no such code
def test_garbage_through_the_conversation_gets_a_kind_no(
    sqlite_store: CaseStore, text: str, way: str
) -> None:
    conv = Conversation(store=sqlite_store, municipalities=load_municipalities(), default_municipality="demo")
    user = next(_users)

    async def play() -> None:
        state = ChatState(lang="en", stage="menu")
        if way == "deep link":
            events = [Start(payload=text), Tap("consent:yes")]
        else:
            events = [Tap("code"), TextInput(text), Tap("consent:yes")]
        for event in events:
            ctx = await conv.context_for(user, user)
            for item in await conv.handle(ctx, state, event):
                assert render(item, "en").native
        assert (await conv.context_for(user, user)).client is None

    asyncio.run(play())

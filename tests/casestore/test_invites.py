"""Invite codes: single use, expiring, throttled, and never linking one chat to two clients."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from casestore import invite_codes
from casestore.repositories.clients import MAX_FAILED_ATTEMPTS, RedeemOutcome
from casestore.uow import CaseStore


async def _client_with_code(store: CaseStore, ttl: timedelta = timedelta(days=30)) -> tuple[int, str]:
    async with store.uow() as uow:
        client = await uow.clients.add(municipality_code="demo", language="ti")
        invite = await uow.invites.create(client.id, ttl)
    return client.id, invite.code


async def test_code_links_once_and_refuses_a_second_time(store: CaseStore) -> None:
    client_id, code = await _client_with_code(store)
    async with store.uow() as uow:
        assert await uow.invites.redeem(invite_codes.display(code).lower(), 1001, 1001) == (
            RedeemOutcome.LINKED,
            client_id,
        )
    async with store.uow() as uow:
        outcome, linked = await uow.invites.redeem(code, 2002, 2002)
        assert (outcome, linked) == (RedeemOutcome.USED, None)
        link = await uow.chat_links.for_telegram_user(1001)
        assert link is not None and link.client_id == client_id
        assert await uow.chat_links.for_telegram_user(2002) is None


async def test_same_user_redeeming_again_is_already_linked(store: CaseStore) -> None:
    client_id, code = await _client_with_code(store)
    _other_id, other_code = await _client_with_code(store)
    async with store.uow() as uow:
        await uow.invites.redeem(code, 1001, 1001)
    async with store.uow() as uow:
        # A linked chat cannot take a second client's code: it stays with its own case.
        assert await uow.invites.redeem(other_code, 1001, 1001) == (RedeemOutcome.ALREADY_LINKED, client_id)


async def test_expired_code_is_refused(store: CaseStore) -> None:
    _client_id, code = await _client_with_code(store, ttl=timedelta(days=1))
    later = datetime.now(UTC) + timedelta(days=2)
    async with store.uow() as uow:
        assert await uow.invites.redeem(code, 1001, 1001, now=later) == (RedeemOutcome.EXPIRED, None)
        assert await uow.chat_links.for_telegram_user(1001) is None


async def test_new_code_invalidates_the_old_one(store: CaseStore) -> None:
    client_id, first = await _client_with_code(store)
    async with store.uow() as uow:
        second = await uow.invites.create(client_id, timedelta(days=30))
    async with store.uow() as uow:
        assert (await uow.invites.redeem(first, 1001, 1001))[0] is RedeemOutcome.EXPIRED
    async with store.uow() as uow:
        assert (await uow.invites.redeem(second.code, 1001, 1001))[0] is RedeemOutcome.LINKED


async def test_guessing_is_throttled_per_user(store: CaseStore) -> None:
    _client_id, code = await _client_with_code(store)
    for _ in range(MAX_FAILED_ATTEMPTS):
        async with store.uow() as uow:
            assert (await uow.invites.redeem("ZZZZ-ZZZZ", 666, 666))[0] is RedeemOutcome.UNKNOWN
    async with store.uow() as uow:
        # Even the right code is refused while throttled; another user is not affected.
        assert (await uow.invites.redeem(code, 666, 666))[0] is RedeemOutcome.THROTTLED
        assert (await uow.invites.redeem("ZZZZ-ZZZZ", 777, 777))[0] is RedeemOutcome.UNKNOWN
    async with store.uow() as uow:
        later = datetime.now(UTC) + timedelta(minutes=16)
        assert (await uow.invites.redeem(code, 666, 666, now=later))[0] is RedeemOutcome.LINKED


async def test_two_chats_racing_for_one_code_link_only_one(store: CaseStore) -> None:
    _client_id, code = await _client_with_code(store)

    async def attempt(user: int) -> RedeemOutcome:
        try:
            async with store.uow() as uow:
                return (await uow.invites.redeem(code, user, user))[0]
        except Exception:  # the loser may also fail on the unique constraint: still not linked
            return RedeemOutcome.USED

    outcomes = await asyncio.gather(*(attempt(5000 + i) for i in range(5)))
    assert outcomes.count(RedeemOutcome.LINKED) == 1
    async with store.uow() as uow:
        links = [await uow.chat_links.for_telegram_user(5000 + i) for i in range(5)]
    assert sum(link is not None for link in links) == 1


@pytest.mark.parametrize("text", ["", "ABC", "ABCD-EFGH-IJKL", "ABCD-EFG0", "💥💥💥💥💥💥💥💥", "A" * 10_000])
def test_malformed_codes_do_not_normalise(text: str) -> None:
    assert invite_codes.normalize(text) is None


def test_codes_use_the_unambiguous_alphabet() -> None:
    codes = {invite_codes.new_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(invite_codes.normalize(invite_codes.display(c)) == c for c in codes)
    assert not any(ch in c for c in codes for ch in "01IO")


async def test_only_the_hash_is_stored(store: CaseStore) -> None:
    from sqlalchemy import select

    from casestore.models import InviteCode

    _client_id, code = await _client_with_code(store)
    async with store.uow() as uow:
        stored = (await uow.session.scalars(select(InviteCode.code_hash))).all()
    assert stored == [invite_codes.code_hash(code)]
    assert code not in stored[0]

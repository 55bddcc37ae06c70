"""One-tap answers on reminders: stored once, never on someone else's appointment, sensible when late."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from casestore.uow import CaseStore
from dialogs import reminders
from dialogs.conversation import Conversation
from dialogs.events import ChatState, Tap, TextInput
from dialogs.render import render
from dialogs.reply import Reply
from municipalities.config import load_municipalities


async def _linked_client(
    store: CaseStore, user: int, starts_in: timedelta = timedelta(days=2)
) -> tuple[int, int]:
    async with store.uow() as uow:
        client = await uow.clients.add(municipality_code="demo", language="ar")
        appointment = await uow.appointments.add(
            client_id=client.id, kind="voortgangsgesprek", starts_at=datetime.now(UTC) + starts_in
        )
        invite = await uow.invites.create(client.id, timedelta(days=1))
        await uow.invites.redeem(invite.code, user, user)
    return client.id, appointment.id


async def _tap(store: CaseStore, user: int, state: ChatState, event: object) -> list[Reply]:
    conv = Conversation(store=store, municipalities=load_municipalities(), default_municipality="demo")
    ctx = await conv.context_for(user, user)
    return await conv.handle(ctx, state, event)  # type: ignore[arg-type]


def _same(got: Reply, expected: Reply) -> bool:
    return render(got, "ar").combined() == render(expected, "ar").combined()


async def test_coming_twice_stores_one_response(store: CaseStore) -> None:
    client_id, appointment_id = await _linked_client(store, 501)
    state = ChatState()
    [first] = await _tap(store, 501, state, Tap(reminders.answer_action(appointment_id, "c")))
    [second] = await _tap(store, 501, state, Tap(reminders.answer_action(appointment_id, "c")))
    assert _same(first, reminders.thanks_coming(repeat=False))
    assert _same(second, reminders.thanks_coming(repeat=True))
    async with store.uow() as uow:
        responses = await uow.responses.for_appointment(appointment_id)
    assert [(r.answer, r.client_id, r.channel, r.export_state) for r in responses] == [
        ("coming", client_id, "telegram", "pending")
    ]


async def test_cannot_come_asks_a_reason_and_stores_it(store: CaseStore) -> None:
    _client_id, appointment_id = await _linked_client(store, 502)
    state = ChatState()
    [ask] = await _tap(store, 502, state, Tap(reminders.answer_action(appointment_id, "n")))
    assert _same(ask, reminders.ask_reason(repeat=False))
    await _tap(store, 502, state, TextInput("ik ben ziek"))
    async with store.uow() as uow:
        [response] = await uow.responses.for_appointment(appointment_id)
    assert (response.answer, response.reason) == ("not_coming", "ik ben ziek")
    assert state.stage == "menu"


async def test_changing_the_answer_is_a_new_response(store: CaseStore) -> None:
    _client_id, appointment_id = await _linked_client(store, 503)
    state = ChatState()
    await _tap(store, 503, state, Tap(reminders.answer_action(appointment_id, "c")))
    await _tap(store, 503, state, Tap(reminders.answer_action(appointment_id, "n")))
    await _tap(store, 503, state, Tap(reminders.SKIP_REASON))
    async with store.uow() as uow:
        responses = await uow.responses.for_appointment(appointment_id)
    assert [r.answer for r in responses] == ["coming", "not_coming"]


async def test_tap_after_cancellation_stores_nothing(store: CaseStore) -> None:
    _client_id, appointment_id = await _linked_client(store, 504)
    async with store.uow() as uow:
        await uow.appointments.cancel(appointment_id)
    [answer] = await _tap(store, 504, ChatState(), Tap(reminders.answer_action(appointment_id, "c")))
    assert _same(answer, reminders.already_cancelled())
    async with store.uow() as uow:
        assert await uow.responses.for_appointment(appointment_id) == []


async def test_tap_on_a_past_appointment_stores_nothing(store: CaseStore) -> None:
    _client_id, appointment_id = await _linked_client(store, 505, starts_in=timedelta(days=-1))
    [answer] = await _tap(store, 505, ChatState(), Tap(reminders.answer_action(appointment_id, "c")))
    assert _same(answer, reminders.already_past())


async def test_someone_elses_appointment_cannot_be_answered(store: CaseStore) -> None:
    _mine, _my_appointment = await _linked_client(store, 506)
    _theirs, their_appointment = await _linked_client(store, 507)
    [answer] = await _tap(store, 506, ChatState(), Tap(reminders.answer_action(their_appointment, "c")))
    assert _same(answer, reminders.not_found())
    async with store.uow() as uow:
        assert await uow.responses.for_appointment(their_appointment) == []


async def test_unlinked_user_and_malformed_actions_get_not_found(store: CaseStore) -> None:
    _client_id, appointment_id = await _linked_client(store, 508)
    for action in (
        reminders.answer_action(appointment_id, "c"),
        "ra:abc:c",
        "ra:1:x",
        "ra:" + "9" * 40 + ":c",
    ):
        [answer] = await _tap(store, 999, ChatState(lang="ar"), Tap(action))
        assert _same(answer, reminders.not_found())
    async with store.uow() as uow:
        assert await uow.responses.for_appointment(appointment_id) == []


async def test_question_about_an_appointment_becomes_a_ticket(store: CaseStore) -> None:
    client_id, appointment_id = await _linked_client(store, 509)
    state = ChatState()
    await _tap(store, 509, state, Tap(reminders.answer_action(appointment_id, "q")))
    await _tap(store, 509, state, TextInput("Mag mijn zus mee als tolk?"))
    async with store.uow() as uow:
        [question] = await uow.questions.for_client(client_id)
        [response] = await uow.responses.for_appointment(appointment_id)
    assert question.text == "Mag mijn zus mee als tolk?" and question.municipality_code == "demo"
    assert response.answer == "question"

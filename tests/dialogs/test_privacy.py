"""/privacy: the export holds the client's data; deletion unlinks and removes what the bot holds."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from casestore.privacy import export_client
from casestore.uow import CaseStore
from dialogs.conversation import Conversation
from dialogs.events import ChatState, Command, Tap, TextInput
from dialogs.reply import Reply
from municipalities.config import load_municipalities


async def _turn(store: CaseStore, user: int, state: ChatState, event: object) -> list[Reply]:
    conv = Conversation(store=store, municipalities=load_municipalities(), default_municipality="demo")
    ctx = await conv.context_for(user, user)
    return await conv.handle(ctx, state, event)  # type: ignore[arg-type]


async def test_export_then_delete(store: CaseStore) -> None:
    async with store.uow() as uow:
        client = await uow.clients.add(municipality_code="demo", language="uk", display_name="Olena Testenko")
        appointment = await uow.appointments.add(
            client_id=client.id, kind="taalles", starts_at=datetime.now(UTC) + timedelta(days=1)
        )
        invite = await uow.invites.create(client.id, timedelta(days=1))
    state = ChatState()
    await _turn(store, 700, state, Command("start", ""))
    await _turn(store, 700, state, Tap("lang:uk"))
    await _turn(store, 700, state, Tap("code"))
    await _turn(store, 700, state, TextInput(invite.code))
    await _turn(store, 700, state, Tap("consent:yes"))
    await _turn(store, 700, state, Tap(f"ra:{appointment.id}:n"))
    await _turn(store, 700, state, TextInput("хворію"))
    await _turn(store, 700, state, TextInput("Qwerty zxcvb, asdfgh jklmn?"))
    await _turn(store, 700, state, Tap("forward:yes"))

    [overview] = await _turn(store, 700, state, Command("privacy", ""))
    actions = [b.action for row in overview.buttons for b in row]
    assert "privacy:export" in actions and "privacy:delete" in actions
    [export] = await _turn(store, 700, state, Tap("privacy:export"))
    assert export.attachment is not None
    data = json.loads(export.attachment[1])
    assert data["client"]["id"] == client.id and data["chat_link"]["telegram_user_id"] == 700
    assert [a["id"] for a in data["appointments"]] == [appointment.id]
    assert data["responses"][0]["reason"] == "хворію"
    assert data["questions"][0]["text"].startswith("Qwerty zxcvb")

    await _turn(store, 700, state, Tap("privacy:delete"))
    await _turn(store, 700, state, Tap("privacy:delete_yes"))
    async with store.uow() as uow:
        assert await uow.chat_links.for_telegram_user(700) is None
        assert await uow.questions.for_client(client.id) == []
        kept = await uow.clients.get(client.id)
        assert kept.consent_at is None
        # The appointment and attendance answer stay in the municipality's file.
        assert len(await uow.responses.for_appointment(appointment.id)) == 1
    # After deletion the user is a stranger again: no case data.
    [after] = await _turn(store, 700, ChatState(lang="uk"), Tap("appointments"))
    assert "appointments" not in [b.action for row in after.buttons for b in row]


@pytest.mark.parametrize("keeps_reference", [True, False])
async def test_delete_clears_name_and_case_number_only_where_the_municipality_says_so(
    store: CaseStore, keeps_reference: bool
) -> None:
    """`erasure_keeps_case_reference`: weert's setting applies to weert's client, demo's stays default."""
    settings = load_municipalities()
    settings["weert"] = settings["weert"].model_copy(update={"erasure_keeps_case_reference": keeps_reference})
    conv = Conversation(store=store, municipalities=settings, default_municipality="demo")

    async def turn(user: int, state: ChatState, event: object) -> list[Reply]:
        ctx = await conv.context_for(user, user)
        return await conv.handle(ctx, state, event)  # type: ignore[arg-type]

    async with store.uow() as uow:
        weert = await uow.clients.add(
            municipality_code="weert", language="ar", display_name="Amal Testi", external_ref="W-7"
        )
        demo = await uow.clients.add(
            municipality_code="demo", language="ar", display_name="Demo Testi", external_ref="D-7"
        )
        appointment = await uow.appointments.add(
            client_id=weert.id, kind="taalles", starts_at=datetime.now(UTC) + timedelta(days=2)
        )
        codes = {c.id: (await uow.invites.create(c.id, timedelta(days=1))).code for c in (weert, demo)}
        await uow.clients.update_preferences(weert.id, reply_mode="native", always_audio=True)
    for user, client_id in ((710, weert.id), (711, demo.id)):
        state = ChatState()
        await turn(user, state, Command("start", ""))
        await turn(user, state, Tap("lang:ar"))
        await turn(user, state, Tap("code"))
        await turn(user, state, TextInput(codes[client_id]))
        await turn(user, state, Tap("consent:yes"))
        await turn(user, state, Tap("privacy:delete"))
        await turn(user, state, Tap("privacy:delete_yes"))

    async with store.uow() as uow:
        erased = await uow.clients.get(weert.id)
        other = await uow.clients.get(demo.id)
        # The export still works on an erased client: what is left, and nothing else.
        data = await export_client(uow, weert.id)
    expected = ("Amal Testi", "W-7") if keeps_reference else (None, None)
    assert (erased.display_name, erased.external_ref) == expected
    assert erased.anonymised_at is not None and erased.consent_at is None
    # The settings the delete message promises to remove are back to their defaults; the language stays.
    assert (erased.reply_mode, erased.always_audio, erased.language) == ("bilingual", False, "ar")
    assert (other.display_name, other.external_ref) == ("Demo Testi", "D-7")  # demo: default True
    assert other.anonymised_at is not None
    assert data["client"]["display_name"] == expected[0]
    assert data["client"]["external_ref"] == expected[1]
    assert data["client"]["anonymised_at"] == erased.anonymised_at.isoformat()
    assert data["chat_link"] is None and data["questions"] == []
    assert [a["id"] for a in data["appointments"]] == [appointment.id]

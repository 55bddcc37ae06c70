"""/privacy: the export holds the client's data; deletion unlinks and removes what the bot holds."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

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

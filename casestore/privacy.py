"""A client's own data: export it (AVG right of access) and erase what the bot holds (right to erasure).

Erasure removes the chat link, unused invite codes, the consent and the texts of forwarded
questions. Appointments and attendance answers belong to the municipality's case file; they stay
until the municipality's retention period ends, tied to the client's name and case number, or,
where the municipality sets `erasure_keeps_case_reference: false`, to the bare client id only.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, update

from casestore.enums import ReplyMode
from casestore.models import Client, InviteCode
from casestore.types import utcnow
from casestore.uow import UnitOfWork


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


async def export_client(uow: UnitOfWork, client_id: int) -> dict[str, Any]:
    """Everything stored about the client, as plain JSON-ready data."""
    client = await uow.clients.get(client_id)
    link = await uow.chat_links.for_client(client_id)
    data = {
        "client": asdict(client),
        "chat_link": asdict(link) if link else None,
        "appointments": [asdict(a) for a in await uow.appointments.all_for_client(client_id)],
        "responses": [asdict(r) for r in await uow.responses.for_client(client_id)],
        "questions": [asdict(q) for q in await uow.questions.for_client(client_id)],
        "exported_at": utcnow(),
    }
    return _plain(data)  # type: ignore[no-any-return]


async def erase_client(uow: UnitOfWork, client_id: int, *, keep_case_reference: bool = True) -> None:
    """The client's "Delete my data"; `keep_case_reference` is the municipality's setting."""
    await uow.chat_links.unlink(client_id)
    await uow.session.execute(delete(InviteCode).where(InviteCode.client_id == client_id))
    await uow.questions.erase_client_texts(client_id)
    values: dict[str, Any] = {
        "consent_at": None,
        "consent_version": None,
        # The settings the bot's delete message promises to remove; the language stays: the
        # municipality's file needs it for interpreters and letters.
        "always_audio": False,
        "reply_mode": ReplyMode.BILINGUAL.value,
        "anonymised_at": utcnow(),
    }
    if not keep_case_reference:
        values.update(display_name=None, external_ref=None)
    await uow.session.execute(update(Client).where(Client.id == client_id).values(**values))
    await uow.audit.record(
        actor_kind="client",
        actor_id=client_id,
        action="client_erased_own_data",
        entity="client",
        entity_id=client_id,
        client_id=client_id,
        detail={"case_reference_kept": keep_case_reference},
    )

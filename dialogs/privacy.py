"""/privacy: what the bot stores about you, a download of it, and deleting it."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass

from casestore.privacy import erase_client, export_client
from casestore.uow import CaseStore
from dialogs.events import ChatContext, ChatState
from dialogs.keyboards import back_to_menu
from dialogs.reply import Button, Msg, Reply, reply
from locales.markers import N_

log = logging.getLogger(__name__)


def overview(ctx: ChatContext, appointments: int, responses: int, questions: int) -> Reply:
    if ctx.client is None:
        return reply(
            Msg(
                N_(
                    "You are not linked, so I keep nothing about you: only "
                    "your language choice, for this chat."
                )
            ),
            buttons=(back_to_menu(),),
        )
    return reply(
        Msg(N_("🔒 What I keep about you:")),
        Msg(
            N_(
                "• your language and settings\n"
                "• the link between this chat and your file at {municipality}\n"
                "• {appointments} appointments, {responses} answers to "
                "appointments, {questions} questions you sent"
            ),
            {
                "municipality": ctx.municipality.name,
                "appointments": appointments,
                "responses": responses,
                "questions": questions,
            },
        ),
        Msg(
            N_(
                "I do not keep your other messages. Your case manager can see "
                "your appointments, answers and questions."
            )
        ),
        buttons=(
            (Button(Msg(N_("📥 Download my data")), "privacy:export"),),
            (Button(Msg(N_("🗑️ Delete my data")), "privacy:delete"),),
            back_to_menu(),
        ),
    )


def export_caption() -> Reply:
    return reply(Msg(N_("Here is all data I keep about you, as a file.")))


def confirm_delete() -> Reply:
    return reply(
        Msg(
            N_(
                "Are you sure? I will unlink this chat and delete your questions and settings. "
                "You will not get reminders anymore. Your appointments stay in your file at the municipality."
            )
        ),
        buttons=(
            (Button(Msg(N_("🗑️ Yes, delete")), "privacy:delete_yes"), Button(Msg(N_("No, keep")), "menu")),
        ),
    )


def deleted() -> Reply:
    return reply(
        Msg(
            N_("Done. I deleted your data and unlinked this chat. You can link again later with a new code.")
        ),
        close_previous=True,
    )


@dataclass(frozen=True)
class PrivacyDialogs:
    """The overview, the JSON download and the erasure; every view and export is audited."""

    store: CaseStore

    async def show(self, ctx: ChatContext, state: ChatState, arg: str) -> list[Reply]:
        if ctx.client is None:
            return [overview(ctx, 0, 0, 0)]
        client_id = ctx.client.id
        if arg == "delete":
            return [confirm_delete()]
        if arg == "delete_yes":
            async with self.store.uow() as uow:
                await erase_client(
                    uow, client_id, keep_case_reference=ctx.municipality.erasure_keeps_case_reference
                )
            state.stage, state.pending = "menu", {}
            log.info("client erased own data", extra={"client_id": client_id})
            return [deleted()]
        async with self.store.uow() as uow:
            data = await export_client(uow, client_id)
            await uow.audit.record(
                actor_kind="client",
                actor_id=client_id,
                action="privacy_exported" if arg == "export" else "privacy_viewed",
                entity="client",
                entity_id=client_id,
                client_id=client_id,
            )
        if arg == "export":
            file = ("my-data.json", json.dumps(data, ensure_ascii=False, indent=1).encode())
            return [Reply(body=export_caption().body, attachment=file)]
        return [overview(ctx, len(data["appointments"]), len(data["responses"]), len(data["questions"]))]

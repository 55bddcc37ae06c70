"""Linking a chat to a client with a one-time invite code, after plain-words consent.

Without a valid code the user only ever sees public information and how to get a code.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from casestore.repositories.clients import RedeemOutcome
from casestore.uow import CaseStore
from dialogs.events import ChatContext, ChatState
from dialogs.menu import main_menu_buttons
from dialogs.reply import Button, Msg, Reply, reply
from locales.markers import N_

log = logging.getLogger(__name__)

CONSENT_VERSION = "2026-11"
# A typed code is cut to this before it is looked at (codes are 8 characters; room for dashes and spaces).
MAX_CODE_INPUT = 64


def ask_for_code(ctx: ChatContext) -> Reply:
    return reply(
        Msg(
            N_("Please type the code from your {case_manager}. It looks like this: ABCD-2345."),
            {"case_manager": ctx.municipality.contact.case_manager_title},
        )
    )


def consent_question() -> Reply:
    return reply(
        Msg(
            N_(
                "Before I link you: I will keep your language, your appointments, your answers to them "
                "and the questions you send to your case manager. Your case manager can see this. "
                "I do not keep your other messages. You can see or "
                "delete your data at any time with /privacy."
            )
        ),
        Msg(N_("Is that OK?")),
        buttons=(
            (Button(Msg(N_("✅ Yes, that is OK")), "consent:yes"), Button(Msg(N_("❌ No")), "consent:no")),
        ),
    )


def consent_declined(ctx: ChatContext) -> Reply:
    return reply(
        Msg(
            N_(
                "OK. I did not link you and I keep nothing about you. You can still read about your "
                "rights and duties. You can change your mind later with your code."
            )
        ),
        buttons=main_menu_buttons(ctx),
    )


def linked_welcome(ctx: ChatContext) -> Reply:
    return reply(
        Msg(N_("Welcome! You are now linked. I will remind you of your appointments.")),
        Msg(N_("What would you like to do? Tap a button below.")),
        buttons=main_menu_buttons(ctx),
    )


def no_valid_code(ctx: ChatContext, outcome: str) -> Reply:
    """Why the code did not work, kindly, and what to do; never a hint about whose code it was."""
    case_manager = {"case_manager": ctx.municipality.contact.case_manager_title}
    reasons = {
        "expired": Msg(N_("This code is too old. Ask your {case_manager} for a new code."), case_manager),
        "used": Msg(
            N_("This code has already been used. Ask your {case_manager} for a new code."), case_manager
        ),
        "throttled": Msg(
            N_("You tried too many codes. Please wait 15 minutes and try again, or ask your {case_manager}."),
            case_manager,
        ),
    }
    reason = reasons.get(
        outcome,
        Msg(
            N_("I do not know this code. Check the letters and numbers, or ask your {case_manager}."),
            case_manager,
        ),
    )
    return reply(reason, buttons=main_menu_buttons(ctx))


def already_linked(ctx: ChatContext) -> Reply:
    return reply(Msg(N_("You are already linked. You do not need a code.")), buttons=main_menu_buttons(ctx))


def remember_code(state: ChatState, code: str) -> None:
    """Keep a code (deep link, /code argument or typed) until the user answers the consent question."""
    state.pending_code = code.strip()[:MAX_CODE_INPUT]


def ask_consent_for(state: ChatState, code: str) -> list[Reply]:
    remember_code(state, code)
    state.stage = "consent"
    return [consent_question()]


ContextLookup = Callable[[int, int, str], Awaitable[ChatContext]]


@dataclass(frozen=True)
class LinkingDialogs:
    """Consent, then the code: from `/start <code>`, the /code command, or typed when asked.

    `context_for` looks the user up again after linking, so the welcome already shows the client's menu.
    """

    store: CaseStore
    context_for: ContextLookup

    async def consent(self, ctx: ChatContext, state: ChatState, arg: str) -> list[Reply]:
        code, state.pending_code = state.pending_code, None
        state.stage = "menu"
        if ctx.linked:
            return [already_linked(ctx)]
        if arg != "yes":
            return [consent_declined(ctx)]
        if not code:
            state.stage = "await_code"
            state.pending["consented"] = True
            return [ask_for_code(ctx)]
        return await self.redeem(ctx, state, code)

    async def ask_code(self, ctx: ChatContext, state: ChatState, arg: str) -> list[Reply]:
        if ctx.linked:
            return [already_linked(ctx)]
        if arg.strip():
            return ask_consent_for(state, arg)
        state.stage = "await_code"
        return [ask_for_code(ctx)]

    async def typed_code(self, ctx: ChatContext, state: ChatState, text: str) -> list[Reply]:
        """A code typed after "Please type the code": redeemed now if consent was given, else asked."""
        if state.pending.pop("consented", False):
            state.stage = "menu"
            return await self.redeem(ctx, state, text)
        return ask_consent_for(state, text)

    async def redeem(self, ctx: ChatContext, state: ChatState, code: str) -> list[Reply]:
        async with self.store.uow() as uow:
            outcome, client_id = await uow.invites.redeem(code, ctx.user_id, ctx.chat_id)
            if outcome is RedeemOutcome.LINKED and client_id is not None:
                await uow.clients.record_consent(client_id, CONSENT_VERSION)
                if state.lang:
                    await uow.clients.update_preferences(client_id, language=state.lang)
                await uow.audit.record(
                    actor_kind="client",
                    actor_id=client_id,
                    action="chat_linked",
                    entity="client",
                    entity_id=client_id,
                    client_id=client_id,
                    detail={"channel": ctx.channel},
                )
        if outcome is RedeemOutcome.LINKED:
            log.info("chat linked", extra={"client_id": client_id})
            linked_ctx = await self.context_for(ctx.user_id, ctx.chat_id, ctx.channel)
            return [linked_welcome(linked_ctx)]
        log.info("invite redemption refused", extra={"outcome": outcome.value})
        if outcome is RedeemOutcome.ALREADY_LINKED:
            return [already_linked(ctx)]
        return [no_valid_code(ctx, outcome.value)]

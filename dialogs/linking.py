"""Linking a chat to a client with a one-time invite code, after plain-words consent.

Without a valid code the user only ever sees public information and how to get a code.
"""

from __future__ import annotations

from dialogs.events import ChatContext, ChatState
from dialogs.menu import main_menu_buttons
from dialogs.reply import Button, Msg, Reply, reply
from locales.markers import N_

CONSENT_VERSION = "2026-11"


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


def remember_code(state: ChatState, code: str | None) -> None:
    state.pending_code = code

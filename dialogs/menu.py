"""The main menu and help: what the bot can do for this user, linked or not."""

from __future__ import annotations

from dialogs.events import ChatContext
from dialogs.keyboards import route_button
from dialogs.reply import Button, Msg, Reply, reply
from locales.markers import N_


def main_menu_buttons(ctx: ChatContext) -> tuple[tuple[Button, ...], ...]:
    topics = Button(Msg(N_("⚖️ Rights and duties")), "topics")
    language = Button(Msg(N_("🌐 Language")), "language")
    help_ = Button(Msg(N_("ℹ️ Help")), "help")
    if ctx.linked:
        return (
            (Button(Msg(N_("📅 My appointments")), "appointments"), topics),
            (language, help_),
        )
    return (
        (topics, Button(Msg(N_("🔑 I have a code")), "code")),
        (language, help_),
    )


def seeing_and_hearing_buttons(ctx: ChatContext) -> tuple[Button, ...]:
    """The audio setting, and for a linked client the route card (shown under help: see `help_reply`)."""
    audio = Button(Msg(N_("🔊 Audio")), "audio")
    text = Button(Msg(N_("🔤 Text")), "mode")
    if ctx.linked:
        return (route_button(), audio, text)
    return (audio, text)


def main_menu(ctx: ChatContext) -> Reply:
    return reply(Msg(N_("What would you like to do? Tap a button below.")), buttons=main_menu_buttons(ctx))


def greeting(ctx: ChatContext) -> Reply:
    """The first thing a user sees once their language is known: who the bot is, then the menu."""
    intro = Msg(
        N_(
            "Hello! I am the inburgering assistant of {municipality}. "
            "I explain your rights and duties in your own language and in Dutch."
        ),
        {"municipality": ctx.municipality.name},
    )
    if ctx.linked:
        extra = Msg(N_("I also remind you of your appointments. You can answer them with one tap."))
    else:
        extra = Msg(
            N_(
                "Did you get a code from your {case_manager}? Tap “I have a code”. "
                "Then I can also remind you of your appointments."
            ),
            {"case_manager": ctx.municipality.contact.case_manager_title},
        )
    return reply(
        intro,
        extra,
        Msg(N_("What would you like to do? Tap a button below.")),
        buttons=main_menu_buttons(ctx),
    )


def help_reply(ctx: ChatContext) -> Reply:
    return reply(
        Msg(
            N_(
                "I can explain your rights and duties, show your appointments and remind you of them. "
                "Tap a button, or type a command: /menu, /taal (language), /afspraken (appointments), /help."
            )
        ),
        Msg(
            N_("I am a computer program. For personal advice, contact your {case_manager}."),
            {"case_manager": ctx.municipality.contact.case_manager_title},
        ),
        buttons=(*main_menu_buttons(ctx), seeing_and_hearing_buttons(ctx)),
    )

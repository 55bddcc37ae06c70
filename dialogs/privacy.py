"""/privacy: what the bot stores about you, a download of it, and deleting it."""

from __future__ import annotations

from dialogs.events import ChatContext
from dialogs.keyboards import back_to_menu
from dialogs.reply import Button, Msg, Reply, reply
from locales.markers import N_


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

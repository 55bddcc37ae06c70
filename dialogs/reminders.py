"""The reminder message and the one-tap answers on it (coming / cannot come / question).

Actions: `ra:<appointment id>:<c|n|q>`. The appointment is always looked up for the tapping
client only, so a forwarded or replayed button can never answer someone else's appointment.
"""

from __future__ import annotations

from datetime import datetime

from casestore.dto import AppointmentDTO
from dialogs.appointments import describe
from dialogs.keyboards import calendar_button, listen_button, parse_number
from dialogs.pictures import appointment_picture
from dialogs.reply import Button, Msg, Raw, Reply, reply
from locales.bidi import isolate
from locales.markers import N_

ANSWER_CODES = {"c": "coming", "n": "not_coming", "q": "question"}
SKIP_REASON = "reason:skip"


def answer_action(appointment_id: int, code: str) -> str:
    return f"ra:{appointment_id}:{code}"


def parse_answer(arg: str) -> tuple[int, str] | None:
    """`<id>:<code>` → (id, answer), or None for anything malformed."""
    appointment, _, code = arg.partition(":")
    appointment_id = parse_number(appointment)
    if appointment_id is None or code not in ANSWER_CODES:
        return None
    return appointment_id, ANSWER_CODES[code]


def answer_buttons(appointment_id: int) -> tuple[tuple[Button, ...], ...]:
    return (
        (
            Button(Msg(N_("✅ I'm coming")), answer_action(appointment_id, "c")),
            Button(Msg(N_("❌ I can't come")), answer_action(appointment_id, "n")),
        ),
        (Button(Msg(N_("❓ I have a question")), answer_action(appointment_id, "q")),),
    )


def reminder_reply(appointment: AppointmentDTO, now: datetime) -> Reply:
    """The reminder itself: why it matters first, then what/when/where, then the answer buttons."""
    hours = (appointment.starts_at - now).total_seconds() / 3600
    if hours <= 30:
        opening = Msg(N_("⏰ Reminder: you have an appointment soon."))
    else:
        opening = Msg(N_("⏰ Reminder: you have an appointment."))
    return Reply(
        body=(
            opening,
            *describe(appointment),
            Msg(N_("Please let us know if you can come. Tap a button below.")),
        ),
        buttons=(
            *answer_buttons(appointment.id),
            (listen_button(f"a:{appointment.id}"), calendar_button(appointment.id)),
        ),
        voice=True,
        picture=appointment_picture(appointment),
    )


def cancellation_reply(appointment: AppointmentDTO) -> Reply:
    return reply(
        Msg(N_("❎ This appointment has been cancelled. You do not need to come.")),
        *describe(appointment),
    )


def thanks_coming(repeat: bool) -> Reply:
    if repeat:
        return reply(
            Msg(N_("You already told us that you are coming. Thank you! See you then.")), close_previous=True
        )
    return reply(
        Msg(N_("Thank you! We have told your case manager that you are coming.")), close_previous=True
    )


def ask_reason(repeat: bool) -> Reply:
    first = (
        Msg(N_("You already told us that you cannot come."))
        if repeat
        else Msg(N_("Thank you for telling us. We have told your case manager that you cannot come."))
    )
    return reply(
        first,
        Msg(
            N_(
                "Do you want to tell us why? Type a short reason, or tap “Skip”. "
                "Your case manager will contact you about a new time."
            )
        ),
        buttons=((Button(Msg(N_("Skip")), SKIP_REASON),),),
        close_previous=True,
    )


def reason_saved() -> Reply:
    return reply(Msg(N_("Thank you. Your case manager can see your reason.")))


def reason_skipped() -> Reply:
    return reply(Msg(N_("OK. Your case manager will contact you.")))


def ask_question_about(appointment_id: int) -> Reply:
    return reply(
        Msg(N_("Type your question about this appointment. I will send it to your case manager.")),
        close_previous=True,
    )


def already_cancelled() -> Reply:
    return reply(
        Msg(N_("This appointment was cancelled, so you do not need to answer. You do not need to come.")),
        close_previous=True,
    )


def already_past() -> Reply:
    return reply(
        Msg(N_("This appointment is already over. If you missed it, please contact your case manager.")),
        close_previous=True,
    )


def not_found() -> Reply:
    return reply(Msg(N_("I cannot find this appointment. Tap “My appointments” to see your appointments.")))


def quote(text: str) -> Raw:
    """The user's own words, shown back as they are (transports escape them), isolated (locales/bidi.py)."""
    return Raw("“" + isolate(text) + "”")

"""'My appointments': upcoming appointments with date, place and interpreter, in the user's language."""

from __future__ import annotations

from casestore.dto import AppointmentDTO
from dialogs.events import ChatContext
from dialogs.keyboards import back_to_menu, calendar_button_for, route_button
from dialogs.reply import Line, Msg, Raw, Reply, reply
from locales.bidi import isolate
from locales.formatting import when
from locales.languages import LANGUAGES
from locales.markers import N_, Nn_

CALENDAR_BUTTONS = 5

KIND_LABELS: dict[str, str] = {
    "brede_intake": N_("Intake conversation (brede intake)"),
    "leerbaarheidstoets": N_("Learning test (leerbaarheidstoets)"),
    "pip_gesprek": N_("Talk about your plan (PIP)"),
    "voortgangsgesprek": N_("Progress talk (voortgangsgesprek)"),
    "taalles": N_("Dutch lesson"),
    "pvt_sessie": N_("Participation session (PVT)"),
    "pvt_ondertekening": N_("Signing the participation statement (PVT)"),
    "map_sessie": N_("Labour market session (MAP)"),
    "examen": N_("Exam"),
    "eindgesprek": N_("Final talk (eindgesprek)"),
    "mb_afspraak": N_("Meeting with your social support worker"),
    "financiele_training": N_("Money training"),
    "werkgesprek": N_("Talk about work"),
    "tolk_gesprek": N_("Talk with an interpreter"),
    "overig": N_("Appointment"),
}


def kind_label(kind: str) -> Msg:
    return Msg(KIND_LABELS.get(kind, KIND_LABELS["overig"]))


def describe(appointment: AppointmentDTO) -> list[Line]:
    """The lines that describe one appointment; shared by the list, reminders and cards."""
    lines: list[Line] = [
        Msg(N_("📌 {what}"), {"what": kind_label(appointment.kind)}),
        Msg(N_("🕒 {when}"), {"when": when(appointment.starts_at, appointment.timezone)}),
    ]
    if appointment.location:
        # Typed by staff or imported: isolated, so an Arabic address cannot reorder the line.
        lines.append(Msg(N_("📍 {place}"), {"place": isolate(appointment.location)}))
    if appointment.interpreter_language and appointment.interpreter_language in LANGUAGES:
        lines.append(
            Msg(
                N_("🗣️ An interpreter for {language} will be there."),
                {"language": LANGUAGES[appointment.interpreter_language].native_name},
            )
        )
    return lines


def appointment_list(ctx: ChatContext, appointments: list[AppointmentDTO]) -> Reply:
    if not appointments:
        return reply(Msg(N_("You have no upcoming appointments.")), buttons=(back_to_menu(),))
    singular, plural = Nn_(
        "You have {count} upcoming appointment:", "You have {count} upcoming appointments:"
    )
    body: list[Line] = [Msg(singular, plural=plural, count=len(appointments))]
    for appointment in appointments[:10]:
        body.append(Raw(""))
        body.extend(describe(appointment))
    # One "add to calendar" button per shown appointment (a handful: a keyboard is not a list).
    calendar = tuple((calendar_button_for(a),) for a in appointments[:CALENDAR_BUTTONS])
    return Reply(body=tuple(body), buttons=(*calendar, (route_button(),), back_to_menu()))


def not_linked(ctx: ChatContext) -> Reply:
    return reply(
        Msg(
            N_("I can only show appointments after you are linked with a code from your {case_manager}."),
            {"case_manager": ctx.municipality.contact.case_manager_title},
        ),
        buttons=(back_to_menu(),),
    )

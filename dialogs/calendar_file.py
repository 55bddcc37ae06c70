"""'Add to my calendar': an .ics file of one of the client's own appointments, sent by the bot.

Action: `ics:<appointment id>` (buttons in dialogs/keyboards.py), on "My appointments" and on each
reminder. The appointment is looked up for the tapping client only (`get_for_client`), so a
forwarded or replayed button never yields someone else's appointment. The file's title is the
kind of appointment in the client's language and in Dutch; it carries no name and no client number.
"""

from __future__ import annotations

import logging

from casestore.dto import AppointmentDTO
from casestore.ics import appointment_file
from casestore.uow import CaseStore
from dialogs import appointments, reminders
from dialogs.events import ChatContext, ChatState
from dialogs.keyboards import parse_number
from dialogs.render import render_line
from dialogs.reply import Msg, Reply, reply
from locales.markers import N_

log = logging.getLogger(__name__)

FILE_NAME = "afspraak.ics"


def parse_action(arg: str) -> int | None:
    """`<id>` → the appointment id, or None for anything malformed."""
    return parse_number(arg)


def summary(appointment: AppointmentDTO, lang: str) -> str:
    """The calendar entry's title: the kind in the client's language, then in Dutch."""
    native = render_line(appointments.kind_label(appointment.kind), lang)
    dutch = render_line(appointments.kind_label(appointment.kind), "nl")
    return native if native == dutch else f"{native} / {dutch}"


def ics_file(appointment: AppointmentDTO, lang: str) -> bytes:
    return appointment_file(appointment, summary(appointment, lang))


def calendar_reply(appointment: AppointmentDTO, lang: str) -> Reply:
    return reply(
        Msg(N_("📅 Open the file below to add this appointment to your calendar.")),
        attachment=(FILE_NAME, ics_file(appointment, lang)),
    )


class CalendarDialogs:
    """The `ics:` tap; holds only the case store."""

    def __init__(self, store: CaseStore) -> None:
        self.store = store

    async def calendar_file(self, ctx: ChatContext, state: ChatState, arg: str) -> list[Reply]:
        if ctx.client is None:
            return [appointments.not_linked(ctx)]
        appointment_id = parse_action(arg)
        if appointment_id is None:
            return [reminders.not_found()]
        async with self.store.uow() as uow:
            appointment = await uow.appointments.get_for_client(appointment_id, ctx.client.id)
        if appointment is None:
            log.info("calendar file refused", extra={"client_id": ctx.client.id})
            return [reminders.not_found()]
        if appointment.status == "cancelled":
            return [reminders.cancellation_reply(appointment)]
        log.info("calendar file sent", extra={"client_id": ctx.client.id, "appointment_id": appointment.id})
        return [calendar_reply(appointment, ctx.client.language)]

"""Answers on a reminder: I'm coming, I can't come (with an optional reason), I have a question.

The appointment is always looked up for the tapping client only, so a forwarded or replayed button can
never answer someone else's appointment; a repeated answer stores nothing new.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from casestore.types import utcnow
from casestore.uow import CaseStore
from dialogs import menu, reminders
from dialogs.events import ChatContext, ChatState
from dialogs.reply import Button, Msg, Reply, reply
from locales.markers import N_

log = logging.getLogger(__name__)

# A tap shortly after the start still counts (someone confirming from the waiting room).
LATE_TAP_GRACE = timedelta(hours=2)
MAX_REASON_LENGTH = 500  # the column's length (casestore.models.Response.reason)


def reason_too_long() -> Reply:
    """A longer reason is refused, not cut: the client writes it shorter, or skips it."""
    return reply(
        Msg(N_("Your message is very long. Please write it shorter, in a few sentences.")),
        buttons=((Button(Msg(N_("Skip")), reminders.SKIP_REASON),),),
    )


@dataclass(frozen=True)
class ReminderAnswerDialogs:
    store: CaseStore

    async def answer(self, ctx: ChatContext, state: ChatState, arg: str) -> list[Reply]:
        parsed = reminders.parse_answer(arg)
        if ctx.client is None or parsed is None:
            return [reminders.not_found()]
        appointment_id, answer = parsed
        async with self.store.uow() as uow:
            appointment = await uow.appointments.get_for_client(appointment_id, ctx.client.id)
            if appointment is None:
                return [reminders.not_found()]
            if appointment.status == "cancelled":
                return [reminders.already_cancelled()]
            if appointment.starts_at < utcnow() - LATE_TAP_GRACE:
                return [reminders.already_past()]
            if answer == "question":
                state.stage = "await_question"
                state.pending = {"appointment_id": appointment_id}
                return [reminders.ask_question_about(appointment_id)]
            response, created = await uow.responses.record(
                appointment_id=appointment_id, client_id=ctx.client.id, answer=answer, channel=ctx.channel
            )
        log.info(
            "reminder answered",
            extra={
                "client_id": ctx.client.id,
                "appointment_id": appointment_id,
                "answer": answer,
                "new": created,
            },
        )
        if answer == "coming":
            state.stage = "menu"
            return [reminders.thanks_coming(repeat=not created)]
        state.stage = "await_reason"
        state.pending = {"response_id": response.id}
        return [reminders.ask_reason(repeat=not created)]

    async def skip_reason(self, ctx: ChatContext, state: ChatState, _arg: str) -> list[Reply]:
        state.stage, state.pending = "menu", {}
        return [reminders.reason_skipped()]

    async def save_reason(self, ctx: ChatContext, state: ChatState, text: str) -> list[Reply]:
        response_id = int(state.pending.get("response_id", 0))
        reason = text.strip()
        if ctx.client is not None and response_id and len(reason) > MAX_REASON_LENGTH:
            return [reason_too_long()]  # still waiting for the reason: the next text is it
        state.stage, state.pending = "menu", {}
        if ctx.client is None or not response_id:
            return [menu.main_menu(ctx)]
        async with self.store.uow() as uow:
            await uow.responses.add_reason(response_id, ctx.client.id, reason)
        return [reminders.reason_saved()]

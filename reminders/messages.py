"""What a claimed outbox row says: the reminder, the cancellation notice or a broadcast, rendered.

Reminders and cancellation notices are dialogs (dialogs/reminders.py). A broadcast is the
regisseur's own text: in the client's language when the regisseur wrote a translation, otherwise
a translated intro that says the message follows in Dutch; the Dutch half always has the original.
"""

from __future__ import annotations

from datetime import datetime

from casestore.repositories.reminders import BroadcastContent, ClaimedReminder
from dialogs.reminders import cancellation_reply, reminder_reply
from dialogs.render import RenderedReply, render, render_text
from dialogs.reply import Msg, Raw, Reply, reply
from locales.bidi import isolate
from locales.languages import DUTCH
from locales.markers import N_
from municipalities.config import Municipality
from reminders.policy import BROADCAST_PURPOSE, CANCELLED_PURPOSE

MAX_BROADCAST_LENGTH = 1500


def _broadcast_halves(content: BroadcastContent, case_manager: str, lang: str) -> tuple[Reply, Reply]:
    intro = Msg(N_("📢 A message from your {case_manager}:"), {"case_manager": case_manager})
    # The regisseur's own text, isolated so it cannot run into the intro or the Dutch half.
    dutch = reply(intro, Raw(isolate(content.text_nl)))
    translation = content.translations.get(lang)
    if lang == DUTCH:
        return dutch, dutch
    if translation:
        return reply(intro, Raw(isolate(translation))), dutch
    only_dutch = Msg(
        N_("Your {case_manager} wrote this message in Dutch. You can read it below."),
        {"case_manager": case_manager},
    )
    return reply(intro, only_dutch), dutch


def render_broadcast(
    content: BroadcastContent, municipality: Municipality, lang: str, mode: str = "bilingual"
) -> RenderedReply:
    case_manager = municipality.contact.case_manager_title
    native, dutch = _broadcast_halves(content, case_manager, lang)
    if mode == "dutch" or lang == DUTCH:
        return RenderedReply(native=render_text(dutch, DUTCH), dutch=None, buttons=(), lang=DUTCH)
    if mode == "native" and content.translations.get(lang):
        return RenderedReply(native=render_text(native, lang), dutch=None, buttons=(), lang=lang)
    return RenderedReply(
        native=render_text(native, lang), dutch=render_text(dutch, DUTCH), buttons=(), lang=lang
    )


def render_claimed(item: ClaimedReminder, municipality: Municipality, now: datetime) -> RenderedReply | None:
    """The message for this row, or None when there is nothing left to say (e.g. a deleted broadcast)."""
    if item.purpose == BROADCAST_PURPOSE:
        if item.broadcast is None:
            return None
        return render_broadcast(item.broadcast, municipality, item.language, item.reply_mode)
    if item.appointment is None:
        return None
    if item.purpose == CANCELLED_PURPOSE:
        return render(cancellation_reply(item.appointment), item.language, item.reply_mode)
    return render(reminder_reply(item.appointment, now), item.language, item.reply_mode)

"""Hearing a message: the 🔊 Listen button, the "always send audio" setting, and "my route" as a picture.

Actions (all well under Telegram's 64 bytes):
- `listen:t:<topic>` / `listen:m:<topic>`: an explainer (its short or "more" part) as voice notes;
- `listen:a:<appointment id>`: a reminder as voice notes (looked up for the tapping client only);
- `audio:on` / `audio:off` / `audio`: the always-send-audio setting;
- `route`: the client's own trajectory timeline card.
The dialogs only say *what* to speak (`Speech`) or draw (`Picture`); media/ makes the sound and image.
"""

from __future__ import annotations

from dataclasses import replace

from casestore.types import utcnow
from casestore.uow import CaseStore
from dialogs import explainers, pictures, reminders
from dialogs.events import ChatContext, ChatState
from dialogs.keyboards import back_to_menu, parse_number
from dialogs.reply import Button, Msg, Reply, Speech, reply
from locales.languages import LANGUAGES
from locales.markers import N_

LISTEN = "listen"


def recording_key(key: str) -> str | None:
    """The recordings folder for a listen key: `pvt` for a topic, `pvt/more` for its second part.

    Reminders have none: their date and place change, so only the synthetic voice can say them.
    """
    kind, _, arg = key.partition(":")
    if kind == "t" and arg in explainers.TOPICS_BY_ID:
        return arg
    if kind == "m" and arg in explainers.TOPICS_BY_ID:
        return f"{arg}/more"
    return None


def _listen_key(answer: Reply) -> str | None:
    for row in answer.buttons:
        for button in row:
            if button.action.startswith(LISTEN + ":"):
                return button.action.partition(":")[2]
    return None


def with_audio(answer: Reply) -> Reply:
    """For a user who always wants audio: a reply that can be heard also brings its voice notes."""
    if not answer.voice or answer.speech is not None:
        return answer
    key = _listen_key(answer)
    return replace(answer, speech=Speech(answer.body, recording_key(key) if key else None))


def wants_audio(ctx: ChatContext, state: ChatState) -> bool:
    """The stored setting of a linked client, else this chat's own choice."""
    if ctx.client is not None:
        return ctx.client.always_audio
    return state.always_audio


# --- what the user sees ---------------------------------------------------------------------------


def spoken(speech: Speech) -> Reply:
    """A reply that is only voice notes: the text was already shown above the 🔊 button."""
    return Reply(body=(), speech=speech)


def no_voice_notice(lang: str) -> Reply:
    """Honest: there is no voice for this language (yet); the Dutch audio follows."""
    return reply(
        Msg(
            N_("There is no computer voice for {language} yet. Here is the audio in Dutch."),
            {"language": LANGUAGES[lang].native_name},
        ),
        bilingual=False,
    )


def audio_failed() -> Reply:
    return reply(Msg(N_("Sorry, I cannot make the audio right now. Please read the text above.")))


def audio_settings(on: bool) -> Reply:
    status = (
        Msg(N_("🔊 Audio is on: I send a voice message with every explanation and reminder."))
        if on
        else Msg(N_("🔇 Audio is off: tap “🔊 Listen” under a message to hear it."))
    )
    toggle = (
        Button(Msg(N_("🔇 Turn audio off")), "audio:off")
        if on
        else Button(Msg(N_("🔊 Always send audio")), "audio:on")
    )
    return reply(status, buttons=((toggle,), back_to_menu()))


def route_not_linked(ctx: ChatContext) -> Reply:
    return reply(
        Msg(
            N_("I can only show your route after you are linked with a code from your {case_manager}."),
            {"case_manager": ctx.municipality.contact.case_manager_title},
        ),
        buttons=(back_to_menu(),),
    )


# --- handlers ------------------------------------------------------------------------------------


class ListenDialogs:
    """The taps and commands of this module; registered on the Conversation, which owns the routing."""

    def __init__(self, store: CaseStore) -> None:
        self.store = store

    async def listen(self, ctx: ChatContext, state: ChatState, arg: str) -> list[Reply]:
        kind, _, value = arg.partition(":")
        if kind in ("t", "m") and value in explainers.TOPICS_BY_ID:
            topic = explainers.topic_reply(value, ctx.municipality, more=kind == "m")
            return [spoken(Speech(topic.body, recording_key(arg)))]
        appointment_id = parse_number(value)
        if kind == "a" and appointment_id is not None and ctx.client is not None:
            async with self.store.uow() as uow:
                appointment = await uow.appointments.get_for_client(appointment_id, ctx.client.id)
            if appointment is not None:
                return [spoken(Speech(reminders.reminder_reply(appointment, utcnow()).body))]
        return [reminders.not_found()] if kind == "a" else [explainers.topic_menu()]

    async def audio(self, ctx: ChatContext, state: ChatState, arg: str) -> list[Reply]:
        current = wants_audio(ctx, state)
        if arg not in ("on", "off"):
            return [audio_settings(current)]
        on = arg == "on"
        if ctx.client is not None:
            async with self.store.uow() as uow:
                await uow.clients.update_preferences(ctx.client.id, always_audio=on)
        else:
            state.always_audio = on
        return [audio_settings(on)]

    async def route(self, ctx: ChatContext, state: ChatState, _arg: str) -> list[Reply]:
        if ctx.client is None:
            return [route_not_linked(ctx)]
        async with self.store.uow() as uow:
            appointments = await uow.appointments.all_for_client(ctx.client.id)
        today = utcnow().astimezone(pictures.AMSTERDAM).date()
        return [
            reply(
                Msg(N_("🗺️ Your route: where you are now, and what comes next.")),
                buttons=(back_to_menu(),),
                picture=pictures.timeline_picture(ctx.client, appointments, today),
            )
        ]

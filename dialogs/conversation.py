"""The conversation: routes each event to the dialog that handles it and returns the replies.

The Telegram bot and the console chat both call `Conversation.handle`; they differ only in how
they read input and show a `Reply`. Features register here by action prefix and command name.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from casestore.uow import CaseStore
from dialogs import (
    appointments,
    calendar_file,
    display_mode,
    explainers,
    faq,
    language,
    linking,
    listen,
    menu,
    partner,
    privacy,
    questions,
    reminder_answers,
)
from dialogs.events import ChatContext, ChatState, Command, Event, Start, Tap, TextInput, Unsupported
from dialogs.keyboards import parse_number
from dialogs.reply import Msg, Reply, reply
from locales.languages import SUPPORTED, UnknownLanguageError, normalize_language
from locales.markers import N_
from municipalities.config import Municipality
from translation import TranslationService

log = logging.getLogger(__name__)

MAX_TEXT_LENGTH = 2000
# Telegram's limit for a button's callback data; we never build a longer one, so a longer tap is forged.
MAX_ACTION_BYTES = 64


@dataclass(frozen=True)
class Turn:
    replies: list[Reply]
    lang: str
    mode: str
    client_id: int | None


Handler = Callable[[ChatContext, ChatState, str], Awaitable[list[Reply]]]


@dataclass
class Conversation:
    """Built once with its dependencies; holds no per-user data itself."""

    store: CaseStore
    municipalities: dict[str, Municipality]
    default_municipality: str
    # Machine translation of forwarded questions into Dutch for the regisseur; None: none.
    translator: TranslationService | None = None

    def __post_init__(self) -> None:
        self._taps: dict[str, Handler] = {
            "lang": self._choose_language,
            "language": self._show_languages,
            "menu": self._show_menu,
            "help": self._show_help,
            "appointments": self._show_appointments,
            "topics": self._show_topics,
            "topic": self._show_topic,
            "more": self._show_topic_more,
            "fb": self._feedback,
        }
        self._commands: dict[str, Handler] = {
            "start": self._show_menu,
            "menu": self._show_menu,
            "help": self._show_help,
            "taal": self._show_languages,
            "language": self._show_languages,
            "afspraken": self._show_appointments,
            "rechten": self._show_topics,
            "uitleg": self._show_topics,
        }
        self._linking = linking.LinkingDialogs(self.store, self.context_for)  # consent, then the invite code
        self._taps.update({"code": self._linking.ask_code, "consent": self._linking.consent})
        self._commands["code"] = self._linking.ask_code
        self._questions = questions.QuestionDialogs(self.store, self.translator)  # free text, forwarding
        self._taps["forward"] = self._questions.forward
        self._commands["vraag"] = self._questions.ask
        self._answers = reminder_answers.ReminderAnswerDialogs(self.store)  # ✅ / ❌ + reason / ❓
        self._taps.update({"ra": self._answers.answer, "reason": self._answers.skip_reason})
        own_data = privacy.PrivacyDialogs(self.store)  # /privacy: see, download, delete
        self._taps["privacy"] = self._commands["privacy"] = own_data.show
        heard = listen.ListenDialogs(self.store)  # 🔊 Listen, the audio setting, and "my route"
        self._taps.update({"listen": heard.listen, "audio": heard.audio, "route": heard.route})
        self._commands.update({"audio": heard.audio, "route": heard.route})
        shown = display_mode.DisplayModeDialogs(self.store)  # my language + Dutch / only mine / only Dutch
        self._taps["mode"] = shown.choose
        self._commands["tekst"] = shown.choose
        self._taps["ics"] = calendar_file.CalendarDialogs(self.store).calendar_file  # 📅 Add to calendar
        # Partner chats (welfare partners forwarding a client's question) are routed before anything else.
        self._partner = partner.PartnerDialogs(
            self.store, self.municipalities, self.default_municipality, self.translator
        )

    def register_tap(self, prefix: str, handler: Handler) -> None:
        self._taps[prefix] = handler

    def register_command(self, name: str, handler: Handler) -> None:
        self._commands[name] = handler

    # --- context --------------------------------------------------------------------------

    async def context_for(self, user_id: int, chat_id: int, channel: str = "telegram") -> ChatContext:
        """Who this user is, from the chat link in the case store (never from the dialog state)."""
        async with self.store.uow() as uow:
            link = await uow.chat_links.for_telegram_user(user_id)
            client = await uow.clients.get(link.client_id) if link else None
        code = client.municipality_code if client else self.default_municipality
        municipality = self.municipalities.get(code) or self.municipalities[self.default_municipality]
        return ChatContext(
            user_id=user_id, chat_id=chat_id, client=client, municipality=municipality, channel=channel
        )

    @staticmethod
    def language_of(ctx: ChatContext, state: ChatState) -> str | None:
        """The stored choice wins: the client's language in the case store, else the dialog state."""
        if ctx.client is not None:
            return ctx.client.language
        return state.lang

    # --- entry point ----------------------------------------------------------------------

    async def turn(
        self, user_id: int, chat_id: int, state: ChatState, event: Event, channel: str = "telegram"
    ) -> Turn:
        """One user action: who they are, what the dialogs answer, and how to show it."""
        ctx = await self.context_for(user_id, chat_id, channel)
        if ctx.client is not None and ctx.client.unreachable:
            # They write to us again, so they unblocked the bot: reminders may reach them again.
            async with self.store.uow() as uow:
                await uow.clients.set_unreachable(ctx.client.id, False)
        replies = await self.handle(ctx, state, event)
        after = await self.context_for(user_id, chat_id, channel)  # language or link may have changed
        lang = self.language_of(after, state) or "nl"
        mode = after.client.reply_mode if after.client else state.reply_mode
        if listen.wants_audio(after, state):
            replies = [listen.with_audio(r) for r in replies]
        return Turn(
            replies=replies, lang=lang, mode=mode, client_id=after.client.id if after.client else None
        )

    async def handle(self, ctx: ChatContext, state: ChatState, event: Event) -> list[Reply]:
        if isinstance(event, Tap) and len(event.action.encode()) > MAX_ACTION_BYTES:
            return [self._unknown_action(ctx)]
        partner_replies = await self._partner.intercept(ctx, state, event)
        if partner_replies is not None:
            return partner_replies
        if isinstance(event, Start):
            return await self._start(ctx, state, event.payload)
        if self.language_of(ctx, state) is None:
            # Nothing else makes sense before we know which language the user reads.
            if isinstance(event, Tap) and event.action.startswith("lang:"):
                return await self._choose_language(ctx, state, event.action.partition(":")[2])
            return [language.language_menu()]
        if isinstance(event, Tap):
            prefix, _, arg = event.action.partition(":")
            handler = self._taps.get(prefix)
            if handler is None:
                return [self._unknown_action(ctx)]
            return await handler(ctx, state, arg)
        if isinstance(event, Command):
            command = self._commands.get(event.name.lower())
            if command is None:
                return [self._unknown_command(ctx)]
            return await command(ctx, state, event.args)
        if isinstance(event, TextInput):
            return await self._text(ctx, state, event.text)
        if isinstance(event, Unsupported):
            if event.kind == "voice" and ctx.linked and event.ref:
                state.pending = {"voice_ref": event.ref[:200]}
                return [faq.offer_voice_forward()]
            return [self._unsupported(ctx, event.kind)]
        return [menu.main_menu(ctx)]

    # --- start, language and consent -----------------------------------------------------

    async def _start(self, ctx: ChatContext, state: ChatState, payload: str | None) -> list[Reply]:
        if payload and not ctx.linked:
            linking.remember_code(state, payload)
        if self.language_of(ctx, state) is None:
            state.stage = "choose_language"
            return [language.language_menu()]
        if state.pending_code and not ctx.linked:
            state.stage = "consent"
            return [linking.consent_question()]
        state.stage = "menu"
        return [menu.greeting(ctx)]

    async def _show_languages(self, ctx: ChatContext, state: ChatState, _arg: str) -> list[Reply]:
        return [language.language_menu()]

    async def _choose_language(self, ctx: ChatContext, state: ChatState, arg: str) -> list[Reply]:
        try:
            lang = normalize_language(arg)
        except UnknownLanguageError:
            return [language.language_menu()]
        first_time = self.language_of(ctx, state) is None
        state.lang = lang
        if ctx.client is not None:
            async with self.store.uow() as uow:
                client = await uow.clients.update_preferences(ctx.client.id, language=lang)
            ctx = ChatContext(ctx.user_id, ctx.chat_id, client, ctx.municipality, ctx.channel)
        if state.pending_code and not ctx.linked:
            state.stage = "consent"
            return [linking.consent_question()]
        state.stage = "menu"
        if first_time:
            return [menu.greeting(ctx)]
        return [language.language_changed(lang), menu.main_menu(ctx)]

    # --- menu, help, appointments ---------------------------------------------------------

    async def _show_menu(self, ctx: ChatContext, state: ChatState, _arg: str) -> list[Reply]:
        state.stage = "menu"
        return [menu.main_menu(ctx)]

    async def _show_help(self, ctx: ChatContext, state: ChatState, _arg: str) -> list[Reply]:
        return [menu.help_reply(ctx)]

    async def _show_appointments(self, ctx: ChatContext, state: ChatState, _arg: str) -> list[Reply]:
        if ctx.client is None:
            return [appointments.not_linked(ctx)]
        async with self.store.uow() as uow:
            upcoming = await uow.appointments.upcoming_for_client(ctx.client.id)
        return [appointments.appointment_list(ctx, upcoming)]

    # --- rights and obligations ----------------------------------------------------------

    async def _show_topics(self, ctx: ChatContext, state: ChatState, arg: str) -> list[Reply]:
        return [explainers.topic_menu(parse_number(arg) or 0)]

    async def _show_topic(self, ctx: ChatContext, state: ChatState, arg: str) -> list[Reply]:
        return [explainers.topic_reply(arg, ctx.municipality)]

    async def _show_topic_more(self, ctx: ChatContext, state: ChatState, arg: str) -> list[Reply]:
        return [explainers.topic_reply(arg, ctx.municipality, more=True)]

    async def _feedback(self, ctx: ChatContext, state: ChatState, arg: str) -> list[Reply]:
        return await self._questions.vote(ctx, state, arg) or [self._unknown_action(ctx)]

    # --- free text and everything else ----------------------------------------------------

    async def _text(self, ctx: ChatContext, state: ChatState, text: str) -> list[Reply]:
        if len(text) > MAX_TEXT_LENGTH:
            return [reply(Msg(N_("Your message is very long. Please write it shorter, in a few sentences.")))]
        if state.stage == "await_reason":
            return await self._answers.save_reason(ctx, state, text)
        if state.stage == "await_question" and ctx.client is not None:
            return await self._questions.typed_question(ctx, state, text)
        if state.stage == "await_code" and not ctx.linked:
            return await self._linking.typed_code(ctx, state, text)
        choice = _language_word(text)
        if choice is not None:
            return await self._choose_language(ctx, state, choice)
        return await self._questions.free_question(ctx, state, text, self.language_of(ctx, state))

    def _not_understood(self, ctx: ChatContext) -> Reply:
        return reply(
            Msg(N_("Sorry, I did not understand that. Please choose one of the buttons below.")),
            buttons=menu.main_menu_buttons(ctx),
        )

    def _unknown_command(self, ctx: ChatContext) -> Reply:
        return reply(
            Msg(N_("I do not know that command. Tap a button below, or type /help.")),
            buttons=menu.main_menu_buttons(ctx),
        )

    def _unknown_action(self, ctx: ChatContext) -> Reply:
        return reply(
            Msg(N_("This button no longer works. Here is the menu again.")),
            buttons=menu.main_menu_buttons(ctx),
        )

    def _unsupported(self, ctx: ChatContext, kind: str) -> Reply:
        return reply(
            Msg(
                N_("I can only read text and button taps. Please type your question, or tap a button below.")
            ),
            buttons=menu.main_menu_buttons(ctx),
        )


def _language_word(text: str) -> str | None:
    """A bare language code typed as text ('ar', 'kmr') switches language."""
    word = text.strip().lower()
    if len(word) > 5:
        return None
    try:
        code = normalize_language(word)
    except UnknownLanguageError:
        return None
    return code if code in SUPPORTED else None

"""Partner mode: a welfare partner's own Telegram chat forwards a client's question.

A partner user links their chat with a one-time code from the web app (`/partner CODE`, or the deep
link `t.me/<bot>?start=partner-CODE`). From then on every update of that chat comes here first
(`PartnerDialogs.intercept`, called by the Conversation) and never reaches the client dialogs.

Forwarding asks three things: the language of the question, the client number (optional) and the
question. When the matcher is confident the answer comes at once, in the question's language and in
Dutch, for the partner to show the client; otherwise the question becomes a ticket for the client's
regisseur (`partner_org_id` set, so the partner page in the web app shows its status). The bot never
shows a partner anything about a client: a client number is matched silently, never confirmed.

Actions: `pq:menu`, `pq:new`, `pq:lang:<code>`, `pq:skip`, `pq:unlink`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from casestore.repositories.caseload import Scope
from casestore.repositories.partner_chats import PartnerIdentity, PartnerLinkOutcome
from casestore.uow import CaseStore
from dialogs import explainers, matcher
from dialogs.events import ChatContext, ChatState, Command, Event, Start, Tap, TextInput
from dialogs.reply import Button, Msg, Raw, Reply, reply
from locales.languages import LANGUAGES, SUPPORTED
from locales.markers import N_
from municipalities.config import Municipality
from translation import TranslationService, translate_to_dutch

log = logging.getLogger(__name__)

PREFIX = "pq"
COMMAND = "partner"
DEEP_LINK_PREFIX = "partner-"
MAX_QUESTION = 2000
MAX_CLIENT_REF = 80

# Dialog stages of a partner chat (kept in ChatState.stage).
AWAIT_CODE = "partner_await_code"
AWAIT_LANGUAGE = "partner_language"
AWAIT_REF = "partner_ref"
AWAIT_QUESTION = "partner_question"
IDLE = "partner_menu"


@dataclass(frozen=True)
class Forwarded:
    """What became of a forwarded question: answered by a topic at once, or a ticket."""

    question_id: int
    topic_id: str | None


async def forward_partner_question(
    store: CaseStore,
    translator: TranslationService | None,
    partner: PartnerIdentity,
    *,
    text: str,
    language: str,
    client_ref: str | None,
    channel: str,
) -> Forwarded:
    """Store a partner's question: closed at once when a topic answers it, else an open ticket.

    Shared by the web form (web/routes/partner.py) and the bot. The client, if the number matches one
    in the partner's municipality, is attached so the ticket reaches that client's regisseur.
    """
    found, _others = matcher.best(text)
    # Before the transaction: a translation can take seconds, a database transaction should not.
    text_nl = None if found else await translate_to_dutch(translator, text, language)
    scope = Scope(partner.municipality_code)
    async with store.uow() as uow:
        client = await uow.caseload.client_by_ref(scope, client_ref) if client_ref else None
        question = await uow.questions.add(
            municipality_code=partner.municipality_code,
            language=language,
            text=text,
            channel=channel,
            client_id=client.id if client else None,
            partner_org_id=partner.partner_org_id,
            topic_guess=found.topic_id if found else None,
            text_nl=text_nl,
            text_nl_machine=text_nl is not None,
        )
        if found is not None:
            # Answered by the bot from the explainers: closed at once, no ticket for the regisseur.
            await uow.inbox.close(scope, question.id)
        await uow.audit.record(
            actor_kind="partner",
            actor_id=partner.staff_user_id,
            action="question_forwarded",
            entity="question",
            entity_id=question.id,
            client_id=client.id if client else None,
            detail={"answered_by_bot": found is not None, "channel": channel},
        )
    log.info(
        "partner question forwarded",
        extra={"question_id": question.id, "partner_org_id": partner.partner_org_id},
    )
    return Forwarded(question_id=question.id, topic_id=found.topic_id if found else None)


# --- replies --------------------------------------------------------------------------------------


def partner_menu() -> Reply:
    return reply(
        Msg(
            N_(
                "Partner mode: you can forward a client's question. If I know the answer, you get it "
                "at once to show the client; otherwise the question goes to the client's case manager."
            )
        ),
        buttons=(
            (Button(Msg(N_("✉️ Forward a question")), f"{PREFIX}:new"),),
            (Button(Msg(N_("Stop partner mode")), f"{PREFIX}:unlink"),),
        ),
    )


def ask_partner_code() -> Reply:
    return reply(Msg(N_("Type the partner code from the web app.")))


def partner_linked() -> Reply:
    return replace(
        partner_menu(),
        body=(Msg(N_("✅ This chat is now linked as a partner chat.")), *partner_menu().body),
    )


def partner_code_refused(outcome: PartnerLinkOutcome) -> Reply:
    if outcome is PartnerLinkOutcome.CLIENT_CHAT:
        return reply(Msg(N_("This chat is linked to a client, so it cannot be used as a partner chat.")))
    if outcome is PartnerLinkOutcome.THROTTLED:
        return reply(Msg(N_("Too many wrong codes. Please try again tomorrow.")))
    return reply(
        Msg(N_("This partner code does not work (unknown, used or expired). Make a new one in the web app."))
    )


def ask_question_language() -> Reply:
    buttons = [Button(Raw(lang.native_name), f"{PREFIX}:lang:{code}") for code, lang in LANGUAGES.items()]
    rows = tuple(tuple(buttons[i : i + 3]) for i in range(0, len(buttons), 3))
    return reply(Msg(N_("In which language is the client's question?")), buttons=rows)


def ask_client_ref() -> Reply:
    return reply(
        Msg(N_("Type the client's number (klantnummer), or tap “Skip” if you do not know it.")),
        buttons=((Button(Msg(N_("Skip")), f"{PREFIX}:skip"),),),
    )


def ask_question_text() -> Reply:
    return reply(Msg(N_("Type the client's question.")))


def too_long() -> Reply:
    """Refused, not cut: the partner types it again, shorter, and the dialog stays where it was."""
    return reply(Msg(N_("Your message is very long. Please write it shorter, in a few sentences.")))


def answered_at_once() -> Reply:
    return reply(Msg(N_("I can answer this at once. Show the client the answer below.")))


def forwarded_to_case_manager() -> Reply:
    return reply(
        Msg(
            N_(
                "The question has been forwarded to the client's case manager. "
                "You can follow its status in the web app."
            )
        ),
        buttons=((Button(Msg(N_("✉️ Forward another question")), f"{PREFIX}:new"),),),
    )


def partner_unlinked() -> Reply:
    return reply(Msg(N_("Partner mode is off. This chat no longer forwards questions.")))


# --- the dialog -----------------------------------------------------------------------------------


@dataclass
class PartnerDialogs:
    """Built once by the Conversation; holds no per-user data."""

    store: CaseStore
    municipalities: dict[str, Municipality]
    default_municipality: str
    translator: TranslationService | None = None

    async def intercept(self, ctx: ChatContext, state: ChatState, event: Event) -> list[Reply] | None:
        """The replies when this update is partner business; None to leave it to the client dialogs."""
        if isinstance(event, Command) and event.name.lower() == COMMAND:
            return await self._link(ctx, state, event.args)
        if isinstance(event, Start) and (event.payload or "").lower().startswith(DEEP_LINK_PREFIX):
            return await self._link(ctx, state, (event.payload or "")[len(DEEP_LINK_PREFIX) :])
        if ctx.client is not None:
            return None
        if state.stage == AWAIT_CODE and isinstance(event, TextInput):
            return await self._link(ctx, state, event.text)
        async with self.store.uow() as uow:
            partner = await uow.partner_chats.for_telegram_user(ctx.user_id)
        if partner is None:
            if state.stage.startswith("partner_"):  # unlinked (or deactivated) in the meantime
                state.stage, state.pending = "menu", {}
            return None
        return await self._partner_event(ctx, state, partner, event)

    async def _link(self, ctx: ChatContext, state: ChatState, code: str) -> list[Reply]:
        if not code.strip():
            state.stage = AWAIT_CODE
            return [ask_partner_code()]
        async with self.store.uow() as uow:
            outcome = await uow.partner_chats.redeem(code.strip()[:64], ctx.user_id, ctx.chat_id)
        log.info("partner link", extra={"outcome": outcome.value})
        if outcome is not PartnerLinkOutcome.LINKED:
            state.stage = "menu" if state.stage == AWAIT_CODE else state.stage
            return [partner_code_refused(outcome)]
        state.lang = state.lang or "nl"
        state.stage, state.pending, state.pending_code = IDLE, {}, None
        return [partner_linked()]

    async def _partner_event(
        self, ctx: ChatContext, state: ChatState, partner: PartnerIdentity, event: Event
    ) -> list[Reply]:
        if state.lang is None:
            state.lang = "nl"
        if isinstance(event, Tap):
            prefix, _, arg = event.action.partition(":")
            if prefix == "lang" and arg in SUPPORTED:  # the partner's own reading language
                state.lang = arg
            if prefix != PREFIX:
                state.stage, state.pending = IDLE, {}
                return [partner_menu()]
            return await self._tap(ctx, state, arg)
        if isinstance(event, TextInput):
            return await self._text(ctx, state, partner, event.text)
        state.stage, state.pending = IDLE, {}
        return [partner_menu()]

    async def _tap(self, ctx: ChatContext, state: ChatState, arg: str) -> list[Reply]:
        what, _, value = arg.partition(":")
        if what == "new":
            state.stage, state.pending = AWAIT_LANGUAGE, {}
            return [ask_question_language()]
        if what == "lang" and value in SUPPORTED and state.stage == AWAIT_LANGUAGE:
            state.stage, state.pending = AWAIT_REF, {"lang": value}
            return [ask_client_ref()]
        if what == "skip" and state.stage == AWAIT_REF:
            state.stage = AWAIT_QUESTION
            return [ask_question_text()]
        if what == "unlink":
            async with self.store.uow() as uow:
                await uow.partner_chats.unlink(ctx.user_id)
            state.stage, state.pending = "menu", {}
            return [partner_unlinked()]
        state.stage, state.pending = IDLE, {}
        return [partner_menu()]

    async def _text(
        self, ctx: ChatContext, state: ChatState, partner: PartnerIdentity, text: str
    ) -> list[Reply]:
        if state.stage == AWAIT_REF:
            if len(text.strip()) > MAX_CLIENT_REF:  # no client number is this long
                return [too_long(), ask_client_ref()]
            state.pending["ref"] = text.strip()
            state.stage = AWAIT_QUESTION
            return [ask_question_text()]
        if state.stage == AWAIT_QUESTION and len(text.strip()) > MAX_QUESTION:
            return [too_long()]
        if state.stage == AWAIT_QUESTION and text.strip():
            language = str(state.pending.get("lang") or "nl")
            client_ref = state.pending.get("ref") or None
            state.stage, state.pending = IDLE, {}
            result = await forward_partner_question(
                self.store,
                self.translator,
                partner,
                text=text.strip(),
                language=language,
                client_ref=client_ref,
                channel=ctx.channel,
            )
            if result.topic_id is None:
                return [forwarded_to_case_manager()]
            municipality = (
                self.municipalities.get(partner.municipality_code)
                or self.municipalities[self.default_municipality]
            )
            answer = explainers.topic_reply(result.topic_id, municipality)
            # In the client's language (and Dutch), without buttons that act for a client.
            shown = replace(answer, lang=language, buttons=(), voice=False)
            return [answered_at_once(), shown, partner_menu()]
        state.stage, state.pending = IDLE, {}
        return [partner_menu()]

"""Free-text questions: answer from the explainers when the matcher is sure, otherwise offer to
forward the question to the case manager; and the 👍/👎 on an answer.

Order matters in `free_question`: a safety signal (danger, crisis) is answered with 112 and the case
manager before any FAQ matching (dialogs/safety.py). A question is stored only when the client
chose to forward it; until then it lives in the dialog state.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from casestore.uow import CaseStore
from dialogs import explainers, faq, feedback, language_detect, matcher, safety
from dialogs.events import ChatContext, ChatState
from dialogs.reply import Reply
from translation import TranslationService, translate_to_dutch

log = logging.getLogger(__name__)

# How much of an unforwarded question the dialog state keeps (texts are capped before this anyway).
PENDING_QUESTION_LENGTH = 4000


@dataclass(frozen=True)
class QuestionDialogs:
    store: CaseStore
    # Machine translation of forwarded questions into Dutch for the regisseur; None: none.
    translator: TranslationService | None = None

    async def ask(self, ctx: ChatContext, state: ChatState, _arg: str) -> list[Reply]:
        """/vraag: the next text the client types goes to the case manager."""
        if ctx.client is None:
            return [faq.dont_know(ctx)]
        state.stage, state.pending = "await_question", {}
        return [faq.ask_to_type_question()]

    async def forward(self, ctx: ChatContext, state: ChatState, arg: str) -> list[Reply]:
        """The answer to "Shall I send your question to your case manager?" (also for a voice message)."""
        if ctx.client is None:
            return [faq.dont_know(ctx)]
        if arg == "offer":
            if state.pending.get("question"):
                return [faq.dont_know(ctx)]
            return await self.ask(ctx, state, "")
        voice_ref = state.pending.pop("voice_ref", None)
        if voice_ref and arg == "yes":
            state.stage = "menu"
            await self.store_question(ctx, f"[voice message: {voice_ref}]", translate=False)
            return [faq.forwarded()]
        text = str(state.pending.pop("question", "") or "")
        state.stage = "menu"
        if arg != "yes" or not text:
            return [faq.not_forwarded()]
        await self.store_question(ctx, text, topic_guess=state.pending.pop("topic_guess", None))
        return [faq.forwarded()]

    async def typed_question(self, ctx: ChatContext, state: ChatState, text: str) -> list[Reply]:
        """The text typed after /vraag or "❓ I have a question" on a reminder: forwarded as it is."""
        appointment_id = state.pending.get("appointment_id")
        state.stage, state.pending = "menu", {}
        await self.store_question(ctx, text, appointment_id=appointment_id)
        return [faq.forwarded()]

    async def store_question(
        self,
        ctx: ChatContext,
        text: str,
        topic_guess: str | None = None,
        appointment_id: int | None = None,
        translate: bool = True,
    ) -> None:
        assert ctx.client is not None
        # Off the event loop (translation runs on its own thread), before the unit of work opens.
        text_nl = await translate_to_dutch(self.translator, text, ctx.client.language) if translate else None
        async with self.store.uow() as uow:
            question = await uow.questions.add(
                municipality_code=ctx.client.municipality_code,
                client_id=ctx.client.id,
                language=ctx.client.language,
                text=text,
                channel=ctx.channel,
                topic_guess=topic_guess,
                text_nl=text_nl,
                text_nl_machine=text_nl is not None,
            )
            if appointment_id is not None:
                await uow.responses.record(
                    appointment_id=appointment_id,
                    client_id=ctx.client.id,
                    answer="question",
                    channel=ctx.channel,
                    reason=f"question #{question.id}",
                )
        log.info("question forwarded", extra={"client_id": ctx.client.id, "question_id": question.id})

    async def free_question(
        self, ctx: ChatContext, state: ChatState, text: str, reads: str | None
    ) -> list[Reply]:
        """Any other text: `reads` is the user's language, if known."""
        # Written in another language than the user's? Answer in that one and offer to switch.
        written_in = language_detect.switch_to(text, reads)
        signal = safety.check(text)
        if signal is not None:
            state.pending = {}
            log.warning(
                "safety signal",
                extra={
                    "client_id": ctx.client.id if ctx.client else None,
                    "kinds": ",".join(sorted(signal.kinds)),
                },
            )
            found = safety.emergency_reply(ctx.municipality, signal)
            return [replace(found, lang=written_in) if written_in else found]
        replies = self._answer(ctx, state, text, written_in)
        return faq.in_language(replies, written_in) if written_in else replies

    def _answer(self, ctx: ChatContext, state: ChatState, text: str, written_in: str | None) -> list[Reply]:
        found, others = matcher.best(text)
        if found is not None:
            state.pending = {}
            return [
                explainers.topic_reply(found.topic_id, ctx.municipality),
                feedback.ask(found.topic_id, written_in),
            ]
        # Kept only until the user says whether to forward it; never stored otherwise.
        state.pending = {"question": text[:PENDING_QUESTION_LENGTH]}
        if others:
            state.pending["topic_guess"] = others[0].topic_id
            return [faq.did_you_mean(others, can_forward=ctx.linked)]
        return [faq.dont_know(ctx)]

    async def vote(self, ctx: ChatContext, state: ChatState, arg: str) -> list[Reply] | None:
        """A 👍/👎 on a free-text answer: counted per topic and language, the question is not kept.

        None when the button data does not parse (the router answers "this button no longer works").
        """
        vote = feedback.parse(arg)
        if vote is None:
            return None
        reads = ctx.client.language if ctx.client is not None else state.lang
        lang = vote.lang or reads or "nl"
        async with self.store.uow() as uow:
            await uow.feedback.record(
                municipality_code=ctx.municipality.code, topic_id=vote.topic_id, language=lang, vote=vote.vote
            )
        log.info("answer feedback", extra={"topic": vote.topic_id, "lang": lang, "vote": vote.vote})
        thanks = feedback.thanks(vote.vote, can_forward=ctx.linked)
        return [replace(thanks, lang=vote.lang) if vote.lang else thanks]

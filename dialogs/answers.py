"""A regisseur's answer to a client's question, and the hook that delivers pending answers.

The regisseur writes in Dutch (web app, question inbox). The question row is the outbox: a
dispatcher calls `deliver_answers` with its own `send` function; each answer is claimed with a
conditional update before it is sent, so two dispatchers never send one answer twice.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from casestore.repositories.inbox import PendingAnswer
from casestore.uow import CaseStore
from dialogs.reply import Localized, Msg, Raw, Reply, reply
from locales.bidi import isolate
from locales.languages import DUTCH
from locales.markers import N_
from translation.recipients import RecipientText, translate_for_recipient
from translation.results import TranslationService

log = logging.getLogger(__name__)

# `send(chat_id, reply, lang, mode)` returns True when the message was delivered.
Send = Callable[[int, Reply, str, str], Awaitable[bool]]


def answer_reply(answer_nl: str, translated: RecipientText | None = None) -> Reply:
    """The regisseur's answer for the client.

    With a machine translation: the client's language shows the translation with its machine label,
    the Dutch half the regisseur's own words. Without one: a translated introduction, then the Dutch
    words as written (not doubled: the answer itself is already Dutch).
    """
    # The regisseur's words (and their translation) inside FSI…PDI: they never reorder the frame.
    if translated is not None and translated.label is not None and translated.text != answer_nl:
        shown = translated._replace(text=isolate(translated.text)).message()

        def answer(lang: str) -> str:
            return isolate(answer_nl) if lang == DUTCH else shown

        return reply(
            Msg(
                N_("💬 Your case manager answered your question:\n\n{answer}"), {"answer": Localized(answer)}
            ),
        )
    return Reply(
        body=(
            Msg(N_("💬 Your case manager answered your question. The answer is in Dutch:")),
            Raw("“" + isolate(answer_nl) + "”"),
            Msg(N_("If something is not clear, you can ask a new question.")),
        ),
        bilingual=False,
    )


async def deliver_answers(
    store: CaseStore, send: Send, limit: int = 50, translator: TranslationService | None = None
) -> int:
    """Send every answered-but-undelivered question to its client; returns how many were sent.

    `translator` (the App's) adds a labelled machine translation into the client's language.
    """
    async with store.uow() as uow:
        pending: list[PendingAnswer] = await uow.inbox.pending_answers(limit)
    delivered = 0
    for item in pending:
        translated = None
        if translator is not None and item.language != DUTCH:
            translated = await translate_for_recipient(translator, item.answer_nl, item.language)
        async with store.uow() as uow:
            if not await uow.inbox.mark_answer_delivered(item.question_id):
                continue  # another dispatcher took it
        ok = False
        try:
            ok = await send(
                item.chat_id, answer_reply(item.answer_nl, translated), item.language, item.reply_mode
            )
        finally:
            if not ok:
                async with store.uow() as uow:
                    await uow.session.execute(_unclaim(item.question_id))
        if ok:
            delivered += 1
            log.info(
                "question answer delivered",
                extra={"question_id": item.question_id, "client_id": item.client_id},
            )
    return delivered


def _unclaim(question_id: int):  # type: ignore[no-untyped-def]
    from sqlalchemy import update

    from casestore.models import Question

    return update(Question).where(Question.id == question_id).values(answer_delivered_at=None)

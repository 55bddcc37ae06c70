"""Free-text questions: answer from the explainers when sure, offer choices when not, else forward."""

from __future__ import annotations

from dataclasses import replace

from dialogs import explainers
from dialogs.events import ChatContext
from dialogs.keyboards import back_to_menu
from dialogs.matcher import Match
from dialogs.reply import Button, Msg, Reply, reply
from locales.languages import LANGUAGES
from locales.markers import N_


def did_you_mean(candidates: list[Match], can_forward: bool) -> Reply:
    rows: list[tuple[Button, ...]] = [
        (Button(Msg(explainers.TOPICS_BY_ID[m.topic_id].label), f"topic:{m.topic_id}"),) for m in candidates
    ]
    if can_forward:
        rows.append((Button(Msg(N_("📨 Ask my case manager")), "forward:offer"),))
    rows.append(back_to_menu())
    return reply(Msg(N_("I am not sure what you mean. Is it one of these?")), buttons=tuple(rows))


def dont_know(ctx: ChatContext) -> Reply:
    if ctx.linked:
        return reply(
            Msg(
                N_(
                    "Sorry, I do not know the answer to that. Shall I send "
                    "your question to your case manager?"
                )
            ),
            buttons=(
                (
                    Button(Msg(N_("📨 Yes, send it")), "forward:yes"),
                    Button(Msg(N_("No, thanks")), "forward:no"),
                ),
                back_to_menu(),
            ),
        )
    return reply(
        Msg(
            N_("Sorry, I do not know the answer to that. Please ask your {case_manager}."),
            {"case_manager": ctx.municipality.contact.case_manager_title},
        ),
        buttons=(back_to_menu(),),
    )


def ask_to_type_question() -> Reply:
    return reply(Msg(N_("Type your question. I will send it to your case manager.")))


def forwarded() -> Reply:
    return reply(
        Msg(N_("✅ I sent your question to your case manager. You will get an answer here.")),
        close_previous=True,
    )


def not_forwarded() -> Reply:
    return reply(Msg(N_("OK, I did not send it.")), close_previous=True)


def offer_voice_forward() -> Reply:
    return reply(
        Msg(N_("I cannot listen to voice messages. Shall I send your voice message to your case manager?")),
        buttons=(
            (Button(Msg(N_("📨 Yes, send it")), "forward:yes"), Button(Msg(N_("No, thanks")), "forward:no")),
        ),
    )


def in_language(replies: list[Reply], lang: str) -> list[Reply]:
    """The answer shown in the language the question was written in, then an offer to keep it.

    The user's stored language does not change until they tap the button (`lang:<code>`), so a
    Dutch sentence typed for practice never switches anyone's language by itself.
    """
    return [*(replace(r, lang=lang) for r in replies), offer_language_switch(lang)]


def offer_language_switch(lang: str) -> Reply:
    name = LANGUAGES[lang].native_name
    return Reply(
        body=(Msg(N_("You wrote in {language}. Shall I use {language} from now on?"), {"language": name}),),
        buttons=((Button(Msg(N_("✅ Yes, use {language}"), {"language": name}), f"lang:{lang}"),),),
        lang=lang,
    )

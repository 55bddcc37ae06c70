"""The "Did this help? 👍 / 👎" question after an answer to a free-text question, and what the tap does.

The votes show staff which answers fail whom (per topic and language); the question itself is not
part of the vote and is never stored with it. The button action carries everything the vote needs
(`fb:<topic>:<up|down>[:<lang>]`, the language only when the answer was shown in another language
than the user's), so a tap on an old message still counts for the right answer.
"""

from __future__ import annotations

from dataclasses import dataclass

from dialogs.explainers import TOPICS_BY_ID
from dialogs.keyboards import back_to_menu
from dialogs.reply import Button, Msg, Raw, Reply, reply
from locales.languages import SUPPORTED
from locales.markers import N_

PREFIX = "fb"
UP, DOWN = "up", "down"


@dataclass(frozen=True)
class Vote:
    topic_id: str
    vote: str
    lang: str | None


def action(topic_id: str, vote: str, lang: str | None = None) -> str:
    """The callback data of a vote button (well under Telegram's 64 bytes: topic ids are ≤ 40)."""
    return f"{PREFIX}:{topic_id}:{vote}" + (f":{lang}" if lang else "")


def parse(arg: str) -> Vote | None:
    """The part after `fb:`; None for anything that is not a vote on a known topic."""
    parts = arg.split(":")
    if len(parts) not in (2, 3) or parts[0] not in TOPICS_BY_ID or parts[1] not in (UP, DOWN):
        return None
    lang = parts[2] if len(parts) == 3 else None
    if lang is not None and lang not in SUPPORTED:
        return None
    return Vote(parts[0], parts[1], lang)


def ask(topic_id: str, lang: str | None = None) -> Reply:
    """The question under an answer; `lang`: the language the answer was shown in, if not the user's."""
    return reply(
        Msg(N_("Did this help?")),
        buttons=(
            (Button(Raw("👍"), action(topic_id, UP, lang)), Button(Raw("👎"), action(topic_id, DOWN, lang))),
        ),
    )


def thanks(vote: str, can_forward: bool) -> Reply:
    """After a vote: the buttons go away; a 👎 gets the way to a person."""
    if vote == UP:
        return reply(Msg(N_("Thank you! I am glad it helped.")), close_previous=True)
    rows: list[tuple[Button, ...]] = []
    if can_forward:
        rows.append((Button(Msg(N_("📨 Ask my case manager")), "forward:offer"),))
    rows.append(back_to_menu())
    return reply(
        Msg(N_("Thank you for telling me. I am sorry it did not help. You can ask your case manager.")),
        buttons=tuple(rows),
        close_previous=True,
    )

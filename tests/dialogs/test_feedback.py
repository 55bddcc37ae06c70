"""👍/👎 after a free-text answer: the buttons, the stored vote (per topic and language, no text)."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, select

from casestore.models import AnswerFeedback
from casestore.repositories.feedback import FeedbackCount
from casestore.uow import CaseStore
from dialogs import feedback
from dialogs.conversation import Conversation
from dialogs.events import ChatContext, ChatState, Tap, TextInput
from dialogs.reply import Msg, Reply
from locales.languages import SUPPORTED
from locales.topics import TOPICS
from municipalities.config import load_municipalities


def _ctx() -> ChatContext:
    return ChatContext(user_id=31, chat_id=31, client=None, municipality=load_municipalities()["demo"])


def _actions(reply: Reply) -> list[str]:
    return [b.action for row in reply.buttons for b in row]


def _conversation(store: CaseStore) -> Conversation:
    return Conversation(store=store, municipalities=load_municipalities(), default_municipality="demo")


def test_every_vote_action_fits_telegrams_64_bytes_and_parses_back() -> None:
    for topic in TOPICS:
        for lang in (None, *SUPPORTED):
            for vote in ("up", "down"):
                action = feedback.action(topic.id, vote, lang)
                assert len(action.encode()) < 64
                prefix, _, arg = action.partition(":")
                assert prefix == "fb"
                assert feedback.parse(arg) == feedback.Vote(topic.id, vote, lang)


@pytest.mark.parametrize("arg", ["", "pip", "pip:maybe", "no_such_topic:up", "pip:up:xx", "pip:up:nl:1"])
def test_anything_but_a_vote_on_a_known_topic_is_refused(arg: str) -> None:
    assert feedback.parse(arg) is None


async def test_a_confident_answer_asks_whether_it_helped_in_the_language_it_was_shown_in(
    sqlite_store: CaseStore,
) -> None:
    conv = _conversation(sqlite_store)
    replies = await conv.handle(_ctx(), ChatState(lang="nl", stage="menu"), TextInput("ما هو PIP"))
    asked = [r for r in replies if any(a.startswith("fb:") for a in _actions(r))]
    assert len(asked) == 1 and asked[0].lang == "ar"
    assert _actions(asked[0]) == ["fb:pip:up:ar", "fb:pip:down:ar"]
    assert asked[0].body == (Msg("Did this help?"),)


async def test_no_feedback_question_when_the_bot_does_not_answer(sqlite_store: CaseStore) -> None:
    conv = _conversation(sqlite_store)
    replies = await conv.handle(_ctx(), ChatState(lang="nl", stage="menu"), TextInput("wie won het voetbal"))
    assert not any(a.startswith("fb:") for r in replies for a in _actions(r))


async def test_votes_are_counted_per_topic_language_and_vote_without_the_question(store: CaseStore) -> None:
    conv = _conversation(store)
    state = ChatState(lang="ti", stage="menu")
    await conv.handle(_ctx(), state, TextInput("ما هو PIP"))
    [up] = await conv.handle(_ctx(), state, Tap("fb:pip:up:ar"))
    assert up.close_previous and up.lang == "ar"
    [down] = await conv.handle(_ctx(), state, Tap("fb:pip:down"))  # no language: the user's (ti)
    assert down.close_previous and "menu" in _actions(down)
    await conv.handle(_ctx(), state, Tap("fb:boetes:down"))
    [refused] = await conv.handle(_ctx(), state, Tap("fb:pip:sideways"))
    assert refused.body[0] == Msg("This button no longer works. Here is the menu again.")

    async with store.uow() as uow:
        counts = await uow.feedback.counts("demo")
        assert await uow.feedback.counts("weert") == []
        assert await uow.feedback.counts() == counts
        rows = (await uow.session.scalars(select(AnswerFeedback))).all()
        columns = await uow.session.run_sync(
            lambda s: [c["name"] for c in inspect(s.connection()).get_columns("answer_feedback")]
        )
    assert counts == [
        FeedbackCount("boetes", "ti", "down", 1),
        FeedbackCount("pip", "ar", "up", 1),
        FeedbackCount("pip", "ti", "down", 1),
    ]
    assert len(rows) == 3
    assert set(columns) == {"id", "municipality_code", "topic_id", "language", "vote", "created_at"}


async def test_a_down_vote_offers_the_case_manager_only_to_linked_clients() -> None:
    assert "forward:offer" in _actions(feedback.thanks("down", can_forward=True))
    assert "forward:offer" not in _actions(feedback.thanks("down", can_forward=False))
    assert _actions(feedback.thanks("up", can_forward=True)) == []


async def test_the_repository_refuses_an_unknown_vote(sqlite_store: CaseStore) -> None:
    with pytest.raises(ValueError, match="vote"):
        async with sqlite_store.uow() as uow:
            await uow.feedback.record(municipality_code="demo", topic_id="pip", language="nl", vote="meh")

"""Callback data: what the dialogs build, they understand; what they did not build, they refuse kindly.

test_fuzz.py throws random events at the conversation; this file is about the button actions:
- every parser reads back exactly what its builder wrote, for any id, topic, vote and language, in at
  most Telegram's 64 bytes, and refuses every other text (no "²" or "١٢" read as a number);
- walking every button the bot shows a linked client (and an unlinked user), no tap ever meets
  "this button no longer works";
- mutated or garbage data of each prefix gets a renderable reply and stores nothing.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from casestore.models import AnswerFeedback, Response
from casestore.types import utcnow
from casestore.uow import CaseStore
from dialogs import calendar_file, display_mode, explainers, feedback, keyboards, listen, partner, reminders
from dialogs.conversation import Conversation
from dialogs.events import ChatState, Command, Start, Tap, TextInput
from dialogs.render import render
from dialogs.reply import Reply
from locales.languages import SUPPORTED, normalize_language
from municipalities.config import load_municipalities

TELEGRAM_LIMIT = 64  # bytes of callback_data
ids = st.integers(0, 10**12 - 1)
topics = st.sampled_from(sorted(explainers.TOPICS_BY_ID))
FAST = settings(max_examples=200, deadline=None)


def _actions(*replies: Reply) -> list[str]:
    return [button.action for r in replies for row in r.buttons for button in row]


def _fits(action: str) -> bool:
    return 0 < len(action.encode()) <= TELEGRAM_LIMIT


# --- builders and parsers, one to one --------------------------------------------------------------


@FAST
@given(ids)
def test_appointment_buttons_read_back_to_the_same_appointment(appointment_id: int) -> None:
    for action in _actions(Reply(body=(), buttons=reminders.answer_buttons(appointment_id))):
        prefix, _, arg = action.partition(":")
        assert prefix == "ra" and _fits(action)
        parsed = reminders.parse_answer(arg)
        assert parsed is not None and parsed[0] == appointment_id
        assert reminders.answer_action(*parsed[:1], arg.rpartition(":")[2]) == action
    assert {reminders.parse_answer(f"{appointment_id}:{c}") for c in "cnq"} == {
        (appointment_id, answer) for answer in reminders.ANSWER_CODES.values()
    }
    ics = keyboards.calendar_button(appointment_id).action
    assert _fits(ics) and calendar_file.parse_action(ics.removeprefix("ics:")) == appointment_id
    heard = keyboards.listen_button(f"a:{appointment_id}").action
    kind, _, value = heard.removeprefix(f"{listen.LISTEN}:").partition(":")
    assert _fits(heard) and kind == "a" and keyboards.parse_number(value) == appointment_id


@FAST
@given(
    topics, st.sampled_from([feedback.UP, feedback.DOWN]), st.one_of(st.none(), st.sampled_from(SUPPORTED))
)
def test_votes_read_back_to_the_same_topic_vote_and_language(topic: str, vote: str, lang: str | None) -> None:
    actions = _actions(feedback.ask(topic, lang))
    assert feedback.action(topic, vote, lang) in actions and all(_fits(a) for a in actions)
    action = feedback.action(topic, vote, lang)
    assert feedback.parse(action.removeprefix(f"{feedback.PREFIX}:")) == feedback.Vote(topic, vote, lang)


def test_topic_pages_topics_languages_modes_and_partner_buttons_read_back() -> None:
    page, pages_seen = 0, []
    while True:  # follow "More topics" from the first page to the last
        menu = explainers.topic_menu(page)
        pages_seen.append(page)
        for action in _actions(menu):
            assert _fits(action)
            prefix, _, arg = action.partition(":")
            if prefix == "topic":
                assert arg in explainers.TOPICS_BY_ID
        forward = [a for a in _actions(menu) if a == f"topics:{page + 1}"]
        if not forward:
            break
        page = keyboards.parse_number(forward[0].removeprefix("topics:")) or 0
    assert pages_seen == list(range(len(pages_seen))) and len(pages_seen) > 1
    for topic in explainers.TOPICS_BY_ID:
        for action in _actions(explainers.topic_reply(topic, load_municipalities()["demo"], more=False)):
            assert _fits(action)
            prefix, _, arg = action.partition(":")
            if prefix in ("more", "topic"):
                assert arg == topic
            if prefix == listen.LISTEN:
                assert listen.recording_key(arg) in (topic, f"{topic}/more")
    for action in _actions(Reply(body=(), buttons=keyboards.language_buttons())):
        assert _fits(action) and normalize_language(action.removeprefix("lang:")) == action.removeprefix(
            "lang:"
        )
    for current in display_mode.MODES:
        modes = [a for a in _actions(display_mode.mode_menu(current)) if a.startswith("mode:")]
        assert {a.removeprefix("mode:") for a in modes} == set(display_mode.MODES) - {current}
        assert all(_fits(a) for a in modes)
    built = _actions(partner.partner_menu(), partner.ask_question_language(), partner.ask_client_ref())
    for action in built:
        prefix, _, arg = action.partition(":")
        what, _, value = arg.partition(":")
        assert _fits(action) and prefix == partner.PREFIX and what in ("new", "unlink", "lang", "skip")
        assert what != "lang" or value in SUPPORTED


@FAST
@given(st.text(max_size=40))
@example("²")
@example("١٢")
@example("0" * 13)
@example("9" * 5000)
def test_numbers_in_callbacks_are_ascii_digits_only(text: str) -> None:
    number = keyboards.parse_number(text)
    assert number is None or str(number) == text.lstrip("0") or (number == 0 and set(text) == {"0"})
    assert calendar_file.parse_action(text) == number
    assert reminders.parse_answer(f"{text}:c") == (None if number is None else (number, "coming"))


@FAST
@given(st.text(max_size=60))
@example("boetes:up:xx")
@example("boetes:up:ar:extra")
def test_a_vote_that_parses_is_exactly_one_we_build(arg: str) -> None:
    vote = feedback.parse(arg)
    assert vote is None or feedback.action(vote.topic_id, vote.vote, vote.lang) == f"{feedback.PREFIX}:{arg}"


# --- through the conversation: every button understood -----------------------------------------------


@dataclass(frozen=True)
class Linked:
    store: CaseStore
    user: int
    appointment: int
    someone_elses: int


@pytest.fixture
async def linked(sqlite_store: CaseStore) -> AsyncIterator[Linked]:
    """A client linked to chat 7001 with an appointment next week, and another client's appointment."""
    async with sqlite_store.uow() as uow:
        client = await uow.clients.add(municipality_code="demo", language="en")
        other = await uow.clients.add(municipality_code="demo", language="en")
        mine = await uow.appointments.add(
            client_id=client.id,
            kind="pip_gesprek",
            starts_at=utcnow() + timedelta(days=7),
            location="Stadhuis",
        )
        theirs = await uow.appointments.add(
            client_id=other.id, kind="examen", starts_at=utcnow() + timedelta(days=7)
        )
        invite = await uow.invites.create(client.id, timedelta(days=1))
        await uow.invites.redeem(invite.code, 7001, 7001)
    yield Linked(sqlite_store, 7001, mine.id, theirs.id)


def _conversation(store: CaseStore) -> Conversation:
    return Conversation(store=store, municipalities=load_municipalities(), default_municipality="demo")


async def _tap(conv: Conversation, user: int, action: str) -> list[Reply]:
    ctx = await conv.context_for(user, user)
    replies = await conv.handle(ctx, ChatState(lang="en", stage="menu"), Tap(action))
    assert replies
    for item in replies:
        assert render(item, "en").native or item.attachment or item.speech
    return replies


# Taps that would end the walk (the data is gone) are checked as built, not tapped.
NOT_TAPPED = {"privacy:delete_yes"}


async def _walk(conv: Conversation, user: int, first: list[str]) -> set[str]:
    """Tap every button reachable from `first`; each must be understood and fit in 64 bytes."""
    unknown = (await _tap(conv, user, "no-such-button"))[0].body
    seen: set[str] = set()
    frontier = list(first)
    while frontier:
        action = frontier.pop()
        if action in seen:
            continue
        seen.add(action)
        assert _fits(action), action
        if action in NOT_TAPPED:
            continue
        for item in await _tap(conv, user, action):
            assert item.body != unknown, f"{action} is built but not understood"
            frontier.extend(_actions(item))
    return seen


async def test_every_button_a_linked_client_can_reach_is_understood(linked: Linked) -> None:
    conv = _conversation(linked.store)
    state = ChatState(lang="en", stage="menu")
    ctx = await conv.context_for(linked.user, linked.user)
    appointment = await _appointment(linked)
    first = _actions(
        *await conv.handle(ctx, state, Start()),
        *await conv.handle(ctx, ChatState(lang="en"), Command("privacy")),
        *await conv.handle(ctx, ChatState(lang="en"), TextInput("What is the fine if I am too late?")),
        reminders.reminder_reply(appointment, utcnow()),  # sent by the dispatcher, not by a tap
        *(feedback.ask(topic, lang) for topic in list(explainers.TOPICS_BY_ID)[:3] for lang in (None, "ar")),
    )
    seen = await _walk(conv, linked.user, first)
    prefixes = {action.partition(":")[0] for action in seen}
    expected = {"ra", "ics", "fb", "listen", "topics", "topic", "more", "audio", "mode", "privacy", "lang"}
    assert expected | {"language", "menu", "help", "appointments", "route", "reason"} <= prefixes
    async with linked.store.uow() as uow:
        answers = (await uow.session.execute(select(Response.appointment_id, Response.answer))).all()
    # ✅ and ❌ were each tapped once, so each changed the latest answer; 🔒 only the client's own.
    assert sorted(answers) == [(linked.appointment, "coming"), (linked.appointment, "not_coming")]


async def test_every_button_an_unlinked_user_can_reach_is_understood(sqlite_store: CaseStore) -> None:
    conv = _conversation(sqlite_store)
    ctx = await conv.context_for(7002, 7002)
    first = _actions(
        *await conv.handle(ctx, ChatState(), Start()),
        *await conv.handle(ctx, ChatState(lang="en"), Start(payload="ABCD-EFGH")),
        *await conv.handle(ctx, ChatState(lang="en", stage="menu"), Start()),
    )
    prefixes = {action.partition(":")[0] for action in await _walk(conv, 7002, first)}
    assert {"lang", "code", "consent", "topics", "topic", "language", "help", "audio", "mode"} <= prefixes


async def _appointment(linked: Linked):  # type: ignore[no-untyped-def]
    async with linked.store.uow() as uow:
        return await uow.appointments.get(linked.appointment)


# --- through the conversation: garbage refused, nothing stored ----------------------------------------

BUILT = [
    "ra:{mine}:c",
    "ra:{mine}:n",
    "ra:{theirs}:c",
    "ics:{mine}",
    "listen:a:{mine}",
    "listen:t:boetes",
    "listen:m:boetes",
    "fb:boetes:up",
    "fb:boetes:down:ar",
    "topics:1",
    "topic:boetes",
    "more:boetes",
    "lang:ar",
    "mode:native",
    "audio:on",
    "privacy:export",
    "consent:yes",
    "forward:yes",
    "reason:skip",
    "pq:lang:ar",
]


@st.composite
def mutated(draw: st.DrawFn) -> str:
    action = draw(st.sampled_from(BUILT))
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(action)))
        how = draw(st.sampled_from(["insert", "delete", "replace", "append", "digits", "cut", "huge"]))
        if how == "insert":
            action = action[:at] + draw(st.characters()) + action[at:]
        elif how == "delete":
            action = action[:at] + action[at + 1 :]
        elif how == "replace":
            action = action[:at] + draw(st.sampled_from(":²١0 -_x\u202e\x00")) + action[at + 1 :]
        elif how == "append":
            action += ":" + draw(st.text(max_size=10))
        elif how == "digits":
            action = action.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
        elif how == "cut":
            action = action[:at]
        else:
            action = action.replace("{mine}", "9" * draw(st.integers(12, 70)))
    return action


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mutated())
@example("ra:²:c")
@example("ics:١٢")
@example("listen:a:²")
@example("topics:²")
@example("topics:" + "9" * 5000)
def test_mutated_taps_get_a_kind_reply_and_store_nothing(linked: Linked, template: str) -> None:
    action = template.replace("{mine}", str(linked.appointment)).replace(
        "{theirs}", str(linked.someone_elses)
    )
    prefix, _, arg = action.partition(":")
    stores = (prefix == "ra" and reminders.parse_answer(arg) == (linked.appointment, "coming")) or (
        prefix == "ra" and reminders.parse_answer(arg) == (linked.appointment, "not_coming")
    )
    stores = stores or (prefix == "fb" and feedback.parse(arg) is not None)
    assume(action != "privacy:delete_yes")
    conv = _conversation(linked.store)

    async def play() -> tuple[int, int]:
        before = await _counts(linked.store)
        replies = await _tap(conv, linked.user, action)
        for item in replies:
            assert all(_fits(a) for a in _actions(item))
        after = await _counts(linked.store)
        return before, after

    before, after = asyncio.run(play())
    if not stores:
        assert before == after, action


async def _counts(store: CaseStore) -> tuple[int, int]:
    async with store.uow() as uow:
        answers = await uow.session.scalar(select(func.count()).select_from(Response))
        votes = await uow.session.scalar(select(func.count()).select_from(AnswerFeedback))
    return int(answers or 0), int(votes or 0)

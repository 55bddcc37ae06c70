"""Property tests: parsers and the conversation accept any input without raising."""

from __future__ import annotations

import asyncio

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casestore import invite_codes
from casestore.uow import CaseStore
from dialogs import reminders
from dialogs.conversation import Conversation
from dialogs.events import ChatState, Command, Start, Tap, TextInput
from dialogs.render import render
from municipalities.config import load_municipalities


@given(st.text(max_size=200))
def test_invite_code_normaliser_is_total_and_canonical(text: str) -> None:
    code = invite_codes.normalize(text)
    if code is not None:
        assert len(code) == invite_codes.CODE_LENGTH and set(code) <= set(invite_codes.ALPHABET)
        assert invite_codes.normalize(invite_codes.display(code)) == code


@given(st.text(max_size=100))
def test_reminder_answer_parser_rejects_or_returns_a_valid_answer(arg: str) -> None:
    parsed = reminders.parse_answer(arg)
    if parsed is not None:
        appointment_id, answer = parsed
        assert appointment_id >= 0 and answer in reminders.ANSWER_CODES.values()
        assert reminders.answer_action(appointment_id, arg.rpartition(":")[2]) == "ra:" + arg


events = st.one_of(
    st.builds(TextInput, st.text(max_size=3000)),
    st.builds(Tap, st.text(max_size=64)),
    st.builds(
        Tap,
        st.sampled_from(
            [
                "lang:ar",
                "topics:1",
                "topic:boetes",
                "more:pip",
                "privacy:export",
                "ra:1:c",
                "consent:yes",
                "forward:yes",
                "reason:skip",
                "code",
                # more prefixes, and numbers that only look like digits (tests/dialogs/test_callback_fuzz.py)
                "ics:1",
                "listen:a:1",
                "listen:t:boetes",
                "fb:boetes:up:ar",
                "mode:native",
                "audio:on",
                "ra:²:c",
                "topics:١",
            ]
        ),
    ),
    st.builds(Command, st.text(alphabet="abcdefghijklmnopqrstuvwxyz", max_size=12), st.text(max_size=50)),
    st.builds(Start, st.one_of(st.none(), st.text(max_size=80))),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(events, min_size=1, max_size=6))
def test_any_sequence_of_events_gets_renderable_replies(
    sqlite_store: CaseStore, sequence: list[object]
) -> None:
    conv = Conversation(store=sqlite_store, municipalities=load_municipalities(), default_municipality="demo")
    state = ChatState()

    async def play() -> None:
        for event in sequence:
            ctx = await conv.context_for(4242, 4242)
            replies = await conv.handle(ctx, state, event)  # type: ignore[arg-type]
            assert replies
            for item in replies:
                rendered = render(item, state.lang or "nl")
                if item.body:
                    assert rendered.native
                else:  # a 🔊 Listen answer is audio only: its speech has to say something
                    assert item.speech is not None and item.speech.lines
                assert all(len(action.encode()) <= 64 for row in rendered.buttons for _, action in row)

    asyncio.run(play())

"""Size limits on every input of the bot: an oversized value gets a kind reply and never overfills a column.

Each case feeds one input path an oversized value through `Conversation.turn` (the bot, the console
chat and the web's phone preview all go through it): free text, a reminder's reason, a question for
the case manager, the /start payload, command names and arguments, forged callback data, the partner
mode's client number, question and code, and a voice message's reference. Every case checks:
- the reply is the kind one the design promises, rendered in the user's language;
- across the oversized input the database changes only where the design allows (a refusal: nowhere,
  and the dialog still waits for the input, to be typed again shorter);
- every stored text fits its column (`String(n)`; questions: the repository's cap), which SQLite
  would not enforce and PostgreSQL would answer with an error.
The console chat is fed the same through `run_console`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import String, select

from casestore import invite_codes
from casestore.models import Base, Question, Response
from casestore.repositories.questions import MAX_QUESTION_LENGTH
from casestore.types import utcnow
from casestore.uow import CaseStore
from dialogs import linking
from dialogs.conversation import MAX_TEXT_LENGTH, Conversation
from dialogs.events import ChatState, Command, Event, Start, Tap, TextInput, Unsupported
from dialogs.partner import MAX_CLIENT_REF, MAX_QUESTION
from dialogs.reminder_answers import MAX_REASON_LENGTH
from dialogs.render import render
from inburgerbot.app import App
from inburgerbot.console_chat import run_console
from inburgerbot.settings import Settings
from locales.catalogs import gettext_for
from municipalities.config import load_municipalities

BIG = "x" * 100_000
CLIENT, NEWCOMER, PARTNER = 501, 502, 503  # Telegram user ids
APPOINTMENT = "{appointment}"  # filled in by the case

TOO_LONG = "Your message is very long. Please write it shorter, in a few sentences."
NO_LONGER_WORKS = "This button no longer works. Here is the menu again."
UNKNOWN_COMMAND = "I do not know that command. Tap a button below, or type /help."
CONSENT = "Is that OK?"
PARTNER_CODE_REFUSED = (
    "This partner code does not work (unknown, used or expired). Make a new one in the web app."
)
ASK_QUESTION = "Type your question. I will send it to your case manager."
ASK_CLIENT_REF = "Type the client's number (klantnummer), or tap “Skip” if you do not know it."
FORWARDED = "✅ I sent your question to your case manager. You will get an answer here."


@dataclass(frozen=True)
class Case:
    user: int
    steps: tuple[Event, ...]  # what leads up to the input
    oversized: Event
    says: tuple[str, ...]  # messages the answer holds, in the user's language
    stores: frozenset[str] = field(default_factory=frozenset)  # tables the input may change
    stage: str | None = None  # where the dialog is afterwards (a refusal: still waiting for the input)


CASES = {
    "free text": Case(CLIENT, (), TextInput(BIG), (TOO_LONG,)),
    "free text, not linked": Case(NEWCOMER, (), TextInput("x" * (MAX_TEXT_LENGTH + 1)), (TOO_LONG,)),
    "reminder reason over its column": Case(
        CLIENT,
        (Tap(f"ra:{APPOINTMENT}:n"),),
        TextInput("r" * (MAX_REASON_LENGTH + 1)),
        (TOO_LONG,),
        stage="await_reason",
    ),
    "reminder reason, huge": Case(
        CLIENT, (Tap(f"ra:{APPOINTMENT}:n"),), TextInput(BIG), (TOO_LONG,), stage="await_reason"
    ),
    "question after /vraag": Case(
        CLIENT, (Command("vraag"),), TextInput(BIG), (TOO_LONG,), stage="await_question"
    ),
    "question about a reminder": Case(
        CLIENT,
        (Tap(f"ra:{APPOINTMENT}:q"),),
        TextInput("q" * (MAX_TEXT_LENGTH + 1)),
        (TOO_LONG,),
        stage="await_question",
    ),
    "/start payload": Case(NEWCOMER, (), Start(BIG), (CONSENT,), stage="consent"),
    "/start partner payload": Case(
        NEWCOMER, (), Start("partner-" + BIG), (PARTNER_CODE_REFUSED,), frozenset({"invite_attempt"})
    ),
    "typed invite code": Case(NEWCOMER, (Tap("code"),), TextInput(BIG), (TOO_LONG,), stage="await_code"),
    "/code argument": Case(NEWCOMER, (), Command("code", BIG), (CONSENT,), stage="consent"),
    "/partner argument": Case(
        NEWCOMER, (), Command("partner", BIG), (PARTNER_CODE_REFUSED,), frozenset({"invite_attempt"})
    ),
    "typed partner code": Case(
        NEWCOMER,
        (Command("partner"),),
        TextInput(BIG),
        (PARTNER_CODE_REFUSED,),
        frozenset({"invite_attempt"}),
    ),
    "command name": Case(CLIENT, (), Command(BIG), (UNKNOWN_COMMAND,)),
    "/vraag argument": Case(CLIENT, (), Command("vraag", BIG), (ASK_QUESTION,), stage="await_question"),
    **{
        f"callback data {prefix}:…": Case(CLIENT, (), Tap(f"{prefix}:{BIG}"), (NO_LONGER_WORKS,))
        for prefix in ("ra", "lang", "code", "privacy")
    },
    "callback data, 65 bytes": Case(CLIENT, (), Tap("topic:" + "x" * 59), (NO_LONGER_WORKS,)),
    "callback data in a partner chat": Case(PARTNER, (), Tap(f"pq:lang:{BIG}"), (NO_LONGER_WORKS,)),
    "partner: client number": Case(
        PARTNER,
        (Tap("pq:new"), Tap("pq:lang:ar")),
        TextInput("k" * (MAX_CLIENT_REF + 1)),
        (TOO_LONG, ASK_CLIENT_REF),
        stage="partner_ref",
    ),
    "partner: question": Case(
        PARTNER,
        (Tap("pq:new"), Tap("pq:lang:ar"), Tap("pq:skip")),
        TextInput("q" * (MAX_QUESTION + 1)),
        (TOO_LONG,),
        stage="partner_question",
    ),
    "partner: question, huge": Case(
        PARTNER,
        (Tap("pq:new"), Tap("pq:lang:ar"), Tap("pq:skip")),
        TextInput(BIG),
        (TOO_LONG,),
        stage="partner_question",
    ),
    # Cut, by design: a voice message's file id is a transport reference, not something typed.
    "voice message reference": Case(
        CLIENT, (Unsupported("voice", ref=BIG),), Tap("forward:yes"), (FORWARDED,), frozenset({"question"})
    ),
}


def _conversation(store: CaseStore) -> Conversation:
    return Conversation(store=store, municipalities=load_municipalities(), default_municipality="demo")


async def _people(store: CaseStore, conv: Conversation) -> int:
    """A linked client (Arabic) with an appointment in two days and a linked partner chat; the appointment."""
    async with store.uow() as uow:
        org = await uow.partner_orgs.add("demo", "Vluchtelingenwerk Demo")
        partner = await uow.staff.add(
            municipality_code="demo",
            username="vwn",
            display_name="P",
            role="partner",
            password_hash="",
            partner_org_id=org.id,
        )
        client = await uow.clients.add(municipality_code="demo", language="ar", external_ref="K-7")
        invite = await uow.invites.create(client.id, timedelta(days=1))
        start = utcnow() + timedelta(days=2)
        appointment = await uow.appointments.add(
            client_id=client.id, kind="taalles", starts_at=start, ends_at=start + timedelta(hours=1)
        )
        code = await uow.partner_chats.create_code(partner.id)
    state = ChatState(lang="ar")
    await conv.turn(CLIENT, CLIENT, state, Start(invite_codes.display(invite.code)))
    await conv.turn(CLIENT, CLIENT, state, Tap("consent:yes"))
    await conv.turn(PARTNER, PARTNER, ChatState(), Command("partner", code.code))
    async with store.uow() as uow:
        assert await uow.chat_links.for_telegram_user(CLIENT) is not None
        assert await uow.partner_chats.for_telegram_user(PARTNER) is not None
    return appointment.id


def _filled(event: Event, appointment_id: int) -> Event:
    return Tap(event.action.replace(APPOINTMENT, str(appointment_id))) if isinstance(event, Tap) else event


async def _snapshot(store: CaseStore) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    async with store.uow() as uow:
        for table in Base.metadata.sorted_tables:
            rows = (await uow.session.execute(select(table))).mappings().all()
            found[table.name] = sorted(repr(dict(r)) for r in rows)
    return found


async def _overfilled(store: CaseStore) -> list[str]:
    """Every stored text longer than its column (or, for a question, the repository's cap)."""
    found = []
    async with store.uow() as uow:
        for table in Base.metadata.sorted_tables:
            for column in table.columns:
                limit = column.type.length if isinstance(column.type, String) else None
                if column is Question.__table__.c.text:
                    limit = MAX_QUESTION_LENGTH
                if limit is None:
                    continue
                for value in await uow.session.scalars(select(column)):
                    if isinstance(value, str) and len(value) > limit:
                        found.append(f"{table.name}.{column.name}: {len(value)} > {limit}")
    return found


async def _feed(store: CaseStore, conv: Conversation, appointment_id: int, name: str, user: int) -> None:
    """One case, as `user` when the case is a newcomer's (each its own, so code attempts never add up)."""
    case = CASES[name]
    user = user if case.user == NEWCOMER else case.user
    state = ChatState(lang="ar")
    for step in case.steps:
        await conv.turn(user, user, state, _filled(step, appointment_id))
    before = await _snapshot(store)
    turn = await conv.turn(user, user, state, _filled(case.oversized, appointment_id))
    shown = "\n".join(render(r, turn.lang, turn.mode).combined() for r in turn.replies)
    for message in case.says:
        assert gettext_for(turn.lang, message) in shown, (name, message, turn.lang, shown[:300])
    after = await _snapshot(store)
    changed = {table for table in before if before[table] != after[table]}
    assert changed <= case.stores, f"{name} wrote to {changed - case.stores}"
    assert not await _overfilled(store), name
    if case.stage is not None:
        assert state.stage == case.stage, name
    assert len(state.pending_code or "") <= linking.MAX_CODE_INPUT
    assert all(len(str(v)) <= MAX_TEXT_LENGTH for v in state.pending.values())


@pytest.mark.parametrize("name", list(CASES))
async def test_an_oversized_input_gets_a_kind_reply_and_fits_its_column(
    sqlite_store: CaseStore, name: str
) -> None:
    conv = _conversation(sqlite_store)
    await _feed(sqlite_store, conv, await _people(sqlite_store, conv), name, NEWCOMER)


@pytest.mark.postgres
async def test_every_oversized_input_on_postgresql(pg_store: tuple[CaseStore, str]) -> None:
    """The same cases one after another in one database, where a too-long column would be an error."""
    store, _url = pg_store
    conv = _conversation(store)
    appointment_id = await _people(store, conv)
    for number, name in enumerate(CASES):
        await _feed(store, conv, appointment_id, name, NEWCOMER + 1000 + number)


async def test_what_fits_is_stored_whole(sqlite_store: CaseStore) -> None:
    """The limits refuse only what is too long: a reason and a partner's question at the limit are kept."""
    conv = _conversation(sqlite_store)
    appointment_id = await _people(sqlite_store, conv)
    state = ChatState(lang="ar")
    await conv.turn(CLIENT, CLIENT, state, Tap(f"ra:{appointment_id}:n"))
    await conv.turn(CLIENT, CLIENT, state, TextInput("r" * (MAX_REASON_LENGTH + 1)))
    await conv.turn(CLIENT, CLIENT, state, TextInput("r" * MAX_REASON_LENGTH))  # typed again, shorter
    partner = ChatState()
    for event in (Tap("pq:new"), Tap("pq:lang:ar"), TextInput("k" * (MAX_CLIENT_REF + 1))):
        await conv.turn(PARTNER, PARTNER, partner, event)
    for event in (TextInput("K-7"), TextInput("q" * (MAX_QUESTION + 1)), TextInput("q" * MAX_QUESTION)):
        await conv.turn(PARTNER, PARTNER, partner, event)
    async with sqlite_store.uow() as uow:
        reasons = list(await uow.session.scalars(select(Response.reason)))
        questions = list(await uow.session.scalars(select(Question)))
    assert reasons == ["r" * MAX_REASON_LENGTH]
    assert [(len(q.text), q.client_id is not None) for q in questions] == [(MAX_QUESTION, True)]


async def test_the_console_chat_answers_oversized_input_kindly(
    sqlite_store: CaseStore, tmp_path: Path
) -> None:
    conv = _conversation(sqlite_store)
    settings = Settings(data_dir=tmp_path, database_url="sqlite+aiosqlite:///unused.db", _env_file=None)
    app = App(settings=settings, store=sqlite_store, municipalities=conv.municipalities, conversation=conv)
    lines = iter([BIG, "/code " + BIG, "/" + BIG, "/start " + BIG, "7" * 5000])
    written: list[str] = []

    def read(_prompt: str) -> str:
        try:
            return next(lines)
        except StopIteration:
            raise EOFError from None

    before = await _snapshot(sqlite_store)
    await run_console(app, "nl", read=read, write=written.append)
    out = "\n".join(written)
    assert gettext_for("nl", TOO_LONG) in out and gettext_for("nl", UNKNOWN_COMMAND) in out
    assert gettext_for("nl", CONSENT) in out
    assert await _snapshot(sqlite_store) == before

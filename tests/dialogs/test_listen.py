"""🔊 Listen, the always-send-audio setting and "my route", through the Conversation as a user meets them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from casestore.uow import CaseStore
from dialogs import explainers, listen, reminders
from dialogs.conversation import Conversation
from dialogs.events import ChatState, Command, Tap
from dialogs.pictures import Card, say
from dialogs.render import render
from dialogs.reply import Reply
from locales.catalogs import gettext_for
from municipalities.config import load_municipalities

MUNICIPALITIES = load_municipalities()


def _conversation(store: CaseStore) -> Conversation:
    return Conversation(store=store, municipalities=MUNICIPALITIES, default_municipality="demo")


def _actions(reply: Reply) -> list[str]:
    return [b.action for row in reply.buttons for b in row]


async def _linked(store: CaseStore, user: int, lang: str = "ar") -> tuple[int, int]:
    async with store.uow() as uow:
        client = await uow.clients.add(
            municipality_code="demo",
            language=lang,
            route="b1",
            termijn_start=date(2025, 6, 1),
            termijn_end=date(2028, 6, 1),
        )
        await uow.appointments.add(
            client_id=client.id, kind="brede_intake", starts_at=datetime(2025, 7, 1, 8, tzinfo=UTC)
        )
        upcoming = await uow.appointments.add(
            client_id=client.id,
            kind="pvt_sessie",
            starts_at=datetime.now(UTC) + timedelta(days=3),
            location="Bibliotheek",
        )
        invite = await uow.invites.create(client.id, timedelta(days=1))
        await uow.invites.redeem(invite.code, user, user)
    return client.id, upcoming.id


async def _turn(conv: Conversation, user: int, state: ChatState, event: object) -> list[Reply]:
    turn = await conv.turn(user, user, state, event)  # type: ignore[arg-type]
    return turn.replies


def test_explainers_and_reminders_offer_listen_and_carry_their_card() -> None:
    pvt = explainers.topic_reply("pvt", MUNICIPALITIES["demo"])
    assert "listen:t:pvt" in _actions(pvt) and pvt.voice and pvt.picture is not None
    more = explainers.topic_reply("pvt", MUNICIPALITIES["demo"], more=True)
    assert "listen:m:pvt" in _actions(more) and more.picture is None
    assert explainers.topic_reply("privacy", MUNICIPALITIES["demo"]).picture is None
    assert all(len(a.encode()) <= 64 for a in _actions(pvt))


async def test_listen_to_a_topic_gives_only_its_speech_with_the_recording_key(
    sqlite_store: CaseStore,
) -> None:
    conv = _conversation(sqlite_store)
    state = ChatState(lang="so")
    [heard] = await _turn(conv, 700, state, Tap("listen:t:boetes"))
    assert heard.body == () and heard.speech is not None
    assert heard.speech.recording == "boetes"
    expected = explainers.topic_reply("boetes", MUNICIPALITIES["demo"])
    assert render(Reply(body=heard.speech.lines), "so").native == render(expected, "so").native
    [more] = await _turn(conv, 700, state, Tap("listen:m:boetes"))
    assert more.speech is not None and more.speech.recording == "boetes/more"


async def test_listen_to_a_reminder_only_for_ones_own_appointment(store: CaseStore) -> None:
    conv = _conversation(store)
    _client, appointment_id = await _linked(store, 701)
    await _linked(store, 702)
    [heard] = await _turn(conv, 701, ChatState(), Tap(f"listen:a:{appointment_id}"))
    assert heard.speech is not None and heard.speech.recording is None
    spoken = render(Reply(body=heard.speech.lines), "nl").native
    assert "Bibliotheek" in spoken
    [refused] = await _turn(conv, 702, ChatState(), Tap(f"listen:a:{appointment_id}"))
    assert refused.speech is None
    assert render(refused, "ar").native == render(reminders.not_found(), "ar").native


async def test_always_audio_is_stored_for_a_client_and_adds_speech(store: CaseStore) -> None:
    conv = _conversation(store)
    client_id, _ = await _linked(store, 703)
    state = ChatState()
    [before] = await _turn(conv, 703, state, Tap("topic:pvt"))
    assert before.speech is None
    [settings] = await _turn(conv, 703, state, Tap("audio:on"))
    assert "audio:off" in _actions(settings)
    async with store.uow() as uow:
        assert (await uow.clients.get(client_id)).always_audio is True
    [after] = await _turn(conv, 703, state, Tap("topic:pvt"))
    assert after.speech is not None and after.speech.recording == "pvt"
    assert render(Reply(body=after.speech.lines), "ar").native == render(after, "ar").native
    [menu] = await _turn(conv, 703, state, Tap("menu"))
    assert menu.speech is None  # only replies that can be heard get audio
    await _turn(conv, 703, state, Tap("audio:off"))
    [off] = await _turn(conv, 703, state, Tap("topic:pvt"))
    assert off.speech is None


async def test_always_audio_for_a_chat_that_is_not_linked(sqlite_store: CaseStore) -> None:
    conv = _conversation(sqlite_store)
    state = ChatState(lang="fa")
    [shown] = await _turn(conv, 704, state, Command("audio"))
    assert "audio:on" in _actions(shown)
    await _turn(conv, 704, state, Tap("audio:on"))
    assert state.always_audio and ChatState.from_dict(state.to_dict()).always_audio
    [topic] = await _turn(conv, 704, state, Tap("topic:map"))
    assert topic.speech is not None


async def test_my_route_shows_the_timeline_card_with_my_dates(store: CaseStore) -> None:
    conv = _conversation(store)
    await _linked(store, 705)
    [route] = await _turn(conv, 705, ChatState(), Tap("route"))
    assert route.picture is not None and route.picture.kind == "timeline"
    card = route.picture.data["card"]
    assert isinstance(card, Card) and card.rows[0].detail is not None
    # The intake (July 2025) is behind the client, the PVT session in three days is ahead.
    assert [row.state for row in card.rows] == ["here", "todo", "todo", "todo", "todo"]
    assert say(card.rows[0].detail, "nl") == "1 juli 2025"
    [unlinked] = await _turn(conv, 706, ChatState(lang="uk"), Tap("route"))
    assert unlinked.picture is None
    assert (
        render(unlinked, "uk").native
        == render(listen.route_not_linked(await conv.context_for(706, 706)), "uk").native
    )


async def test_help_offers_audio_and_for_linked_clients_my_route(store: CaseStore) -> None:
    conv = _conversation(store)
    [unlinked] = await _turn(conv, 707, ChatState(lang="nl"), Tap("help"))
    assert "audio" in _actions(unlinked) and "route" not in _actions(unlinked)
    await _linked(store, 708)
    [linked] = await _turn(conv, 708, ChatState(), Tap("help"))
    assert {"audio", "route"} <= set(_actions(linked))
    [listing] = await _turn(conv, 708, ChatState(), Tap("appointments"))
    assert "route" in _actions(listing)


def test_the_no_voice_notice_names_the_language_in_the_users_own_words() -> None:
    notice = render(listen.no_voice_notice("so"), "so").native
    assert "Soomaali" in notice
    template = gettext_for("so", "There is no computer voice for {language} yet. Here is the audio in Dutch.")
    assert notice == template.format(language="Soomaali")

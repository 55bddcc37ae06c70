"""Reminders with their appointment card and, for always-audio clients, voice notes (fake Bot API)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from aiogram import Bot

from casestore.types import utcnow
from casestore.uow import CaseStore
from dialogs.render import SEPARATOR
from locales.catalogs import gettext_for
from media.outgoing import MediaService, build_media
from reminders.dispatcher import dispatch_due
from tests.reminders.conftest import awake_municipalities, fast_settings, linked_client
from tests.support.fake_bot_api import FakeBotApi

PLEASE = "Please let us know if you can come. Tap a button below."


@pytest.fixture
def media(tmp_path: Path) -> MediaService:
    return build_media(tmp_path / "data")


async def listening_client(store: CaseStore, chat_id: int, lang: str) -> int:
    """A linked client who turned on "always send audio"."""
    client_id = await linked_client(store, chat_id, lang)
    async with store.uow() as uow:
        await uow.clients.update_preferences(client_id, always_audio=True)
    return client_id


async def reminders_for(store: CaseStore, client_ids: list[int]) -> None:
    """One due reminder per client, all for an appointment at the same time and place (same card)."""
    now = utcnow()
    starts_at = (now + timedelta(days=1)).replace(second=0, microsecond=0)
    async with store.uow() as uow:
        for client_id in client_ids:
            appointment = await uow.appointments.add(
                client_id=client_id, kind="pip_gesprek", starts_at=starts_at, location="Gemeentehuis"
            )
            await uow.reminders.add(
                client_id=client_id,
                appointment_id=appointment.id,
                purpose="before_24h",
                due_at=now - timedelta(seconds=1),
                now=now,
            )


async def test_each_reminder_chat_gets_the_card_before_the_text_and_the_card_is_uploaded_once(
    store: CaseStore, fake_api: FakeBotApi, bot: Bot, media: MediaService
) -> None:
    chats = [701, 702, 703]
    clients = [await linked_client(store, chat, "ar") for chat in chats]
    await reminders_for(store, clients)

    report = await dispatch_due(
        store, bot, municipalities=awake_municipalities(), settings=fast_settings(), media=media
    )

    assert (report.sent, report.cards, report.voice_notes) == (3, 3, 0)
    assert fake_api.per_chat() == {701: 1, 702: 1, 703: 1}
    assert fake_api.media_per_chat("photo") == {701: 1, 702: 1, 703: 1}
    assert fake_api.media_per_chat("voice") == {}
    # Same appointment time, place and language: one upload, then Telegram's file_id is reused.
    assert [m.uploaded for m in fake_api.media] == [True, False, False]
    assert fake_api.media[0].size > 10_000
    assert len({m.file_id for m in fake_api.media}) == 1
    for chat in chats:
        [photo] = [m for m in fake_api.media if m.chat_id == chat]
        [text] = [d for d in fake_api.delivered if d.chat_id == chat]
        assert photo.message_id < text.message_id  # the buttons stay on the last message
        assert gettext_for("ar", PLEASE) in text.text.split(SEPARATOR)[0]


@pytest.mark.parametrize("status", [500, 400])
async def test_a_failing_send_photo_still_delivers_the_text_once(
    store: CaseStore, fake_api: FakeBotApi, bot: Bot, media: MediaService, status: int
) -> None:
    client_id = await linked_client(store, 711, "en")
    await reminders_for(store, [client_id])
    fake_api.fail_next_media("sendPhoto", 1, status)

    report = await dispatch_due(
        store, bot, municipalities=awake_municipalities(), settings=fast_settings(), media=media
    )
    again = await dispatch_due(
        store, bot, municipalities=awake_municipalities(), settings=fast_settings(), media=media
    )

    assert (report.sent, report.cards, report.retried, report.failed, again.claimed) == (1, 0, 0, 0, 0)
    assert fake_api.per_chat() == {711: 1}
    assert fake_api.media == []


async def test_a_429_on_the_card_pauses_then_sends_card_and_text_once(
    store: CaseStore, fake_api: FakeBotApi, bot: Bot, media: MediaService
) -> None:
    client_id = await linked_client(store, 721, "uk")
    await reminders_for(store, [client_id])
    fake_api.fail_next_media("sendPhoto", 1, 429, retry_after=1)

    report = await dispatch_due(
        store, bot, municipalities=awake_municipalities(), settings=fast_settings(), media=media
    )

    assert (report.sent, report.cards, report.rate_limited) == (1, 1, 1)
    assert fake_api.per_chat() == {721: 1}
    assert fake_api.media_per_chat("photo") == {721: 1}


async def test_a_429_on_the_text_after_the_card_does_not_send_the_card_again(
    store: CaseStore, fake_api: FakeBotApi, bot: Bot, media: MediaService
) -> None:
    client_id = await linked_client(store, 725, "tr")
    await reminders_for(store, [client_id])
    fake_api.fail_next(1, 429, retry_after=1)

    report = await dispatch_due(
        store, bot, municipalities=awake_municipalities(), settings=fast_settings(), media=media
    )

    assert (report.sent, report.cards, report.rate_limited) == (1, 1, 1)
    assert fake_api.per_chat() == {725: 1}
    assert fake_api.media_per_chat("photo") == {725: 1}


async def test_always_audio_clients_get_voice_notes_after_the_text_and_others_do_not(
    store: CaseStore, fake_api: FakeBotApi, bot: Bot, media: MediaService
) -> None:
    listening = [await listening_client(store, chat, "nl") for chat in (731, 732)]
    reading = await linked_client(store, 733, "nl")
    await reminders_for(store, [*listening, reading])

    report = await dispatch_due(
        store, bot, municipalities=awake_municipalities(), settings=fast_settings(), media=media
    )

    assert (report.sent, report.cards, report.voice_notes) == (3, 3, 2)
    assert fake_api.per_chat() == {731: 1, 732: 1, 733: 1}
    assert fake_api.media_per_chat("voice") == {731: 1, 732: 1}
    voices = [m for m in fake_api.media if m.kind == "voice"]
    assert [v.uploaded for v in voices] == [True, False]  # synthesised and uploaded once
    for voice in voices:
        [text] = [d for d in fake_api.delivered if d.chat_id == voice.chat_id]
        assert text.message_id < voice.message_id


async def test_media_off_in_the_settings_sends_text_only(
    store: CaseStore, fake_api: FakeBotApi, bot: Bot, media: MediaService
) -> None:
    client_id = await listening_client(store, 741, "ar")
    await reminders_for(store, [client_id])

    report = await dispatch_due(
        store,
        bot,
        municipalities=awake_municipalities(),
        settings=fast_settings(media=False),
        media=media,
    )

    assert (report.sent, report.cards, report.voice_notes) == (1, 0, 0)
    assert fake_api.per_chat() == {741: 1}
    assert fake_api.media == []

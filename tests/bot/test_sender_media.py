"""The sender with media: card before the text, voice notes after it, one upload per voice note.

The Bot talks to a session that records each request and answers like the Bot API (no network).
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from aiogram import Bot
from aiogram.client.session.base import BaseSession
from aiogram.exceptions import TelegramBadRequest, TelegramServerError
from aiogram.methods import SendAudio, SendMessage, SendPhoto, SendVoice, TelegramMethod
from aiogram.types import BufferedInputFile, Chat, Message, PhotoSize, Voice

from bot.sender import ReplySender
from dialogs import explainers, listen, reminders
from dialogs.reply import Speech
from media.outgoing import build_media
from municipalities.config import load_municipalities
from tests.media.conftest import appointment

TOKEN = "42:TEST"


class RecordingSession(BaseSession):
    def __init__(self, refuse_voice: bool = False) -> None:
        super().__init__()
        self.requests: list[TelegramMethod[Any]] = []
        self.refuse_voice = refuse_voice
        self.forgotten: set[str] = set()  # file ids Telegram no longer knows
        self.stumbling: set[str] = set()  # file ids whose sending fails with a server error

    async def make_request(
        self,
        bot: Bot,
        method: TelegramMethod[Any],
        timeout: int | None = None,  # noqa: ASYNC109 - aiogram's
    ) -> Any:
        self.requests.append(method)
        chat = Chat(id=int(getattr(method, "chat_id", 1)), type="private")
        voice = None
        if isinstance(method, SendVoice):
            if self.refuse_voice:
                raise TelegramBadRequest(method=method, message="Bad Request: VOICE_MESSAGES_FORBIDDEN")
            voice = Voice(file_id=f"voice-{len(self.requests)}", file_unique_id="u", duration=3)
        photo = None
        if isinstance(method, SendPhoto):
            if isinstance(method.photo, str) and method.photo in self.forgotten:
                raise TelegramBadRequest(method=method, message="Bad Request: wrong file identifier")
            if isinstance(method.photo, str) and method.photo in self.stumbling:
                raise TelegramServerError(method=method, message="Internal Server Error")
            file_id = method.photo if isinstance(method.photo, str) else f"photo-{len(self.requests)}"
            photo = [PhotoSize(file_id=file_id, file_unique_id="u", width=1080, height=1080)]
        return Message(
            message_id=len(self.requests), date=datetime.now(UTC), chat=chat, voice=voice, photo=photo
        )

    async def close(self) -> None:
        return None

    def stream_content(self, *args: Any, **kwargs: Any) -> AsyncGenerator[bytes, None]:
        raise NotImplementedError  # downloads are not part of sending


@pytest.fixture
def session() -> RecordingSession:
    return RecordingSession()


@pytest.fixture
def sender(session: RecordingSession, tmp_path: Path) -> ReplySender:
    return ReplySender(Bot(TOKEN, session=session), media=build_media(tmp_path / "data"))


def _kinds(session: RecordingSession) -> list[str]:
    return [type(m).__name__ for m in session.requests]


async def test_a_reminder_sends_its_card_first_and_keeps_the_buttons_on_the_text(
    sender: ReplySender, session: RecordingSession
) -> None:
    reply = reminders.reminder_reply(appointment(), datetime(2026, 12, 1, tzinfo=UTC))
    await sender.send(5, reply, "ar")
    assert _kinds(session) == ["SendPhoto", "SendMessage"]
    photo, text = session.requests
    assert isinstance(photo, SendPhoto) and isinstance(photo.photo, BufferedInputFile)
    assert photo.photo.data[:8] == b"\x89PNG\r\n\x1a\n"
    assert isinstance(text, SendMessage) and text.reply_markup is not None


async def test_listen_sends_voice_notes_only_and_uploads_each_once(
    sender: ReplySender, session: RecordingSession
) -> None:
    reminder = reminders.reminder_reply(appointment(), datetime(2026, 12, 1, tzinfo=UTC))
    heard = listen.spoken(Speech(reminder.body))
    await sender.send(5, heard, "uk")
    assert _kinds(session) == ["SendVoice", "SendVoice"]
    first = session.requests[:]
    assert all(isinstance(m, SendVoice) and isinstance(m.voice, BufferedInputFile) for m in first)
    assert all(isinstance(m, SendVoice) and m.duration and m.duration > 3 for m in first)
    # The same audio to another chat (a broadcast): Telegram's file_id, no second upload.
    await sender.send(6, heard, "uk")
    again = session.requests[2:]
    assert [m.voice for m in again if isinstance(m, SendVoice)] == ["voice-1", "voice-2"]


async def test_somali_gets_an_honest_notice_then_the_dutch_audio(
    sender: ReplySender, session: RecordingSession
) -> None:
    topic = explainers.topic_reply("map", load_municipalities()["demo"])
    await sender.send(7, listen.with_audio(topic), "so", "native")
    assert _kinds(session) == ["SendPhoto", "SendMessage", "SendMessage", "SendVoice"]
    notice = session.requests[2]
    assert isinstance(notice, SendMessage) and "Soomaali" in notice.text


async def test_users_who_refuse_voice_messages_get_an_audio_file(tmp_path: Path) -> None:
    session = RecordingSession(refuse_voice=True)
    sender = ReplySender(Bot(TOKEN, session=session), media=build_media(tmp_path / "data"))
    await sender.send(
        8,
        listen.spoken(
            Speech(reminders.reminder_reply(appointment(), datetime(2026, 12, 1, tzinfo=UTC)).body)
        ),
        "nl",
    )
    assert _kinds(session) == ["SendVoice", "SendAudio"]
    assert isinstance(session.requests[1], SendAudio)


async def test_without_media_replies_go_out_as_text(session: RecordingSession) -> None:
    sender = ReplySender(Bot(TOKEN, session=session))
    reply = listen.with_audio(reminders.reminder_reply(appointment(), datetime(2026, 12, 1, tzinfo=UTC)))
    await sender.send(9, reply, "ar")
    assert _kinds(session) == ["SendMessage"]


async def test_a_card_sent_before_goes_by_file_id_and_is_uploaded_again_when_telegram_forgot_it(
    sender: ReplySender, session: RecordingSession
) -> None:
    municipalities = load_municipalities()
    boetes_weert = explainers.topic_reply("boetes", municipalities["weert"])
    assert boetes_weert.picture is not None
    await sender.send(1, boetes_weert, "ar")
    await sender.send(2, explainers.topic_reply("boetes", municipalities["weert"]), "ar")
    await sender.send(3, boetes_weert, "tr")  # another language: another card
    await sender.send(4, explainers.topic_reply("boetes", municipalities["vught"]), "ar")  # other amounts
    photos = [m for m in session.requests if isinstance(m, SendPhoto)]
    assert [isinstance(p.photo, str) for p in photos] == [False, True, False, False]
    assert photos[1].photo == "photo-1"

    session.forgotten.add("photo-1")
    await sender.send(5, boetes_weert, "ar")
    retried = [m for m in session.requests if isinstance(m, SendPhoto)][-2:]
    assert retried[0].photo == "photo-1" and isinstance(retried[1].photo, BufferedInputFile)
    assert _kinds(session)[-1] == "SendMessage"  # the text still follows the card


async def test_a_card_by_file_id_that_fails_costs_the_card_never_the_text(
    sender: ReplySender, session: RecordingSession
) -> None:
    topic = explainers.topic_reply("boetes", load_municipalities()["weert"])
    await sender.send(1, topic, "ar")
    session.stumbling.add("photo-1")
    session.requests.clear()
    await sender.send(2, topic, "ar")
    assert _kinds(session) == ["SendPhoto", "SendMessage"]

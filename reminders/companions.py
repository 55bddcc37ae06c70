"""The companions of a reminder: its appointment card before the text, voice notes after it.

Why these rules (docs/reminders.md, "Cards and voice notes"):
- The card goes *before* the text, so the text with its answer buttons stays the last message (as in
  bot/sender.py). The voice notes go *after* the text has been recorded as sent, so the dispatcher's
  "record before the next send" rule, and with it the bound on repeats, is untouched.
- A companion is an extra: a card or voice note that fails (5xx, network, 400, a card that cannot be
  drawn, a synthesiser error) is logged with ids only and the reminder still goes out. Only the
  outcomes that concern the whole chat or bot are passed on: 429 (pause everyone, try again), 403
  (the user blocked the bot) and 401 (bad token).
- Telegram's file_id of each upload is kept per content, so a broadcast to a thousand chats uploads
  each card (per appointment time, place and language) and each voice note once per worker.
"""

from __future__ import annotations

import hashlib
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from datetime import datetime

from casestore.repositories.reminders import ClaimedReminder
from dialogs.listen import with_audio
from dialogs.pictures import Card, say
from dialogs.reminders import reminder_reply
from dialogs.render import RenderedReply
from dialogs.reply import Picture, Reply
from locales.languages import DUTCH
from media.outgoing import MediaService, NoticeOut
from reminders.policy import is_appointment_reminder
from reminders.sending import (
    BlockedError,
    MediaSender,
    PermanentSendError,
    RateLimitedError,
    SendError,
    SenderUnusableError,
    Upload,
)

log = logging.getLogger(__name__)

# Outcomes that are about the chat or the bot, not about the companion: the dispatcher handles them.
PASSED_ON = (RateLimitedError, BlockedError, SenderUnusableError)


def card_key(picture: Picture, lang: str) -> str:
    """A key for what the card shows in `lang` (and its Dutch key words): same words, same image."""
    card = picture.data.get("card")
    parts = [picture.kind, lang]
    if isinstance(card, Card):
        parts += [card.layout, card.icon, say(card.title, lang), say(card.title, DUTCH)]
        for row in card.rows:
            parts += [row.icon, row.state]
            for words in (row.text, row.detail, row.dutch):
                if words is not None:
                    parts += [say(words, lang), say(words, DUTCH)]
        for words in (card.marker, card.footer):
            if words is not None:
                parts += [say(words, lang), say(words, DUTCH)]
    else:  # not a card this module knows how to describe: never reuse
        parts.append(repr(picture))
    return "card:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


class FileIds:
    """Content key → Telegram file_id, bounded (oldest out first)."""

    def __init__(self, size: int = 4096) -> None:
        self.size = size
        self._ids: OrderedDict[str, str] = OrderedDict()

    def get(self, key: str) -> str | None:
        return self._ids.get(key)

    def put(self, key: str, file_id: str | None) -> None:
        if not file_id:
            return
        self._ids[key] = file_id
        self._ids.move_to_end(key)
        while len(self._ids) > self.size:
            self._ids.popitem(last=False)

    def drop(self, key: str) -> None:
        self._ids.pop(key, None)

    def __len__(self) -> int:
        return len(self._ids)


class ReminderCompanions:
    """Sends the card and voice notes of appointment reminders; one per dispatcher (its file_id cache)."""

    def __init__(self, media: MediaService, sender: MediaSender, cache_size: int = 4096) -> None:
        self.media = media
        self.sender = sender
        self.file_ids = FileIds(cache_size)
        self.uploads = 0  # how many cards and voice notes were uploaded (not reused): for tests and logs

    @staticmethod
    def reply_for(item: ClaimedReminder, now: datetime) -> Reply | None:
        """The reminder dialog for this row, or None for rows without companions (broadcasts, notices)."""
        if item.appointment is None or not is_appointment_reminder(item.purpose):
            return None
        return reminder_reply(item.appointment, now)

    async def send_card(self, item: ClaimedReminder, now: datetime) -> bool:
        """Send the appointment card; True when it went out. Raises only the `PASSED_ON` errors."""
        reply = self.reply_for(item, now)
        if reply is None or reply.picture is None or item.chat_id is None:
            return False
        picture = reply.picture
        shown = DUTCH if item.reply_mode == "dutch" else item.language
        try:
            key = card_key(picture, shown)
        except Exception as exc:  # a card that cannot be described must not stop the reminder
            log.error("card not described", extra={"reminder_id": item.id, "error": exc.__class__.__name__})
            return False

        async def upload() -> Upload | None:
            photo = await self.media.photo(picture, item.language, item.reply_mode)
            return None if photo is None else Upload(photo.png, photo.filename)

        return await self._send(item, key, upload, self.sender.send_photo, "card")

    async def send_voice_notes(self, item: ClaimedReminder, now: datetime) -> int:
        """For an always-audio client: the reminder as voice notes. Returns how many went out.

        Raises only the `PASSED_ON` errors; the rest is logged and the remaining notes are skipped.
        """
        reply = self.reply_for(item, now)
        if reply is None or not item.always_audio or item.chat_id is None:
            return 0
        speech = with_audio(reply).speech
        if speech is None:
            return 0
        chat_id = item.chat_id
        try:
            notes = await self.media.voice_notes(speech, item.language, item.reply_mode)
        except Exception as exc:  # the synthesiser must not cost the client the reminder
            log.error("voice notes not made", extra={"reminder_id": item.id, "error": exc.__class__.__name__})
            return 0
        sent = 0
        for note in notes:
            if isinstance(note, NoticeOut):
                # e.g. "no computer voice for Somali yet, here is the Dutch audio"
                notice = RenderedReply(native=note.text, dutch=None, buttons=(), lang=item.language)
                try:
                    await self.sender.send(chat_id, notice)
                except PASSED_ON:
                    raise
                except SendError as exc:
                    log.warning(
                        "voice notice not sent",
                        extra={"reminder_id": item.id, "error": exc.__class__.__name__},
                    )
                continue

            async def upload(data: bytes = note.audio, name: str = note.filename) -> Upload | None:
                return Upload(data, name)

            async def send_voice(
                target: int, voice: str | Upload, duration: int = note.duration
            ) -> str | None:
                return await self.sender.send_voice(target, voice, duration)

            if await self._send(item, "voice:" + note.key, upload, send_voice, "voice note"):
                sent += 1
        return sent

    async def _send(
        self,
        item: ClaimedReminder,
        key: str,
        upload: Callable[[], Awaitable[Upload | None]],
        send: Callable[[int, str | Upload], Awaitable[str | None]],
        what: str,
    ) -> bool:
        """Reuse the file_id for `key` if there is one (upload again if Telegram refuses it), else upload."""
        assert item.chat_id is not None
        try:
            known = self.file_ids.get(key)
            if known is not None:
                try:
                    await send(item.chat_id, known)
                    return True
                except PermanentSendError:
                    # An expired or foreign file_id: forget it and upload the content once more.
                    self.file_ids.drop(key)
            content = await upload()
            if content is None:
                return False
            file_id = await send(item.chat_id, content)
            self.uploads += 1
            self.file_ids.put(key, file_id)
            return True
        except PASSED_ON:
            raise
        except SendError as exc:
            log.warning(f"{what} not sent", extra={"reminder_id": item.id, "error": exc.__class__.__name__})
            return False

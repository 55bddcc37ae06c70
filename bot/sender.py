"""The one place that sends a Reply to Telegram: layout, keyboard, attachments, and send errors.

Messages are sent as plain text (no parse mode), so nothing a user or regisseur typed can ever be
read as HTML or Markdown by Telegram.
"""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest, TelegramForbiddenError
from aiogram.types import BufferedInputFile, InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot.callbacks import to_callback_data
from dialogs.render import RenderedReply, render
from dialogs.reply import Picture, Reply, Speech
from media.outgoing import MediaService, NoticeOut

log = logging.getLogger(__name__)
TELEGRAM_TEXT_LIMIT = 4096


def keyboard(rendered: RenderedReply) -> InlineKeyboardMarkup | None:
    if not rendered.buttons:
        return None
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                InlineKeyboardButton(text=label, callback_data=to_callback_data(action))
                for label, action in row
            ]
            for row in rendered.buttons
        ]
    )


def split_text(text: str, limit: int = TELEGRAM_TEXT_LIMIT) -> list[str]:
    """Split at paragraph or line breaks so no part exceeds Telegram's limit."""
    parts: list[str] = []
    while len(text) > limit:
        cut = text.rfind("\n", 0, limit)
        if cut <= 0:
            cut = limit
        parts.append(text[:cut])
        text = text[cut:].lstrip("\n")
    parts.append(text)
    return parts


class ReplySender:
    """Sends replies for one bot. Reminders and broadcasts use the paced sender in reminders/."""

    def __init__(self, bot: Bot, media: MediaService | None = None) -> None:
        self.bot = bot
        # Draws picture cards and makes voice notes; without it, replies go out as text only.
        self.media = media
        # Content key → Telegram file_id: a voice note sent to a thousand chats is uploaded once.
        self._uploads: dict[str, str] = {}

    async def send(self, chat_id: int, reply: Reply, lang: str, mode: str = "bilingual") -> Message | None:
        rendered = render(reply, lang, mode)
        parts = split_text(rendered.combined()) if reply.body else []  # a 🔊 Listen answer is audio only
        sent: Message | None = None
        try:
            if reply.picture is not None and self.media is not None:
                await self._send_picture(chat_id, reply.picture, lang, mode)
            for index, part in enumerate(parts):
                last = index == len(parts) - 1
                sent = await self.bot.send_message(
                    chat_id, part, reply_markup=keyboard(rendered) if last else None
                )
            if reply.attachment is not None:
                name, data = reply.attachment
                await self.bot.send_document(chat_id, BufferedInputFile(data, filename=name))
            if reply.speech is not None and self.media is not None:
                await self._send_speech(chat_id, reply.speech, lang, mode)
        except TelegramForbiddenError:
            log.warning("chat blocked the bot", extra={"chat_id": chat_id})
            return None
        return sent

    async def _send_picture(self, chat_id: int, picture: Picture, lang: str, mode: str) -> None:
        """The card goes first, so the text with its buttons stays the last message.

        A card sent before goes by its Telegram file_id: no drawing, no upload.
        """
        assert self.media is not None
        key = self.media.photo_key(picture, lang, mode)
        try:
            known = self._uploads.get(key)
            if known is not None:
                try:
                    await self.bot.send_photo(chat_id, known)
                    return
                except TelegramBadRequest:  # Telegram forgot the file: draw and upload it once more
                    self._uploads.pop(key, None)
            photo = await self.media.photo(picture, lang, mode)
            if photo is None:
                return
            upload = BufferedInputFile(photo.png, filename=photo.filename)
            message = await self.bot.send_photo(chat_id, upload)
        except TelegramForbiddenError:
            raise
        except TelegramAPIError as exc:  # the text still goes out; the card is an extra
            log.warning("picture not sent", extra={"chat_id": chat_id, "error": exc.__class__.__name__})
            return
        if message.photo:
            self._remember_upload(key, message.photo[-1].file_id)

    def _remember_upload(self, key: str, file_id: str) -> None:
        if len(self._uploads) >= 4096:
            self._uploads.pop(next(iter(self._uploads)))
        self._uploads[key] = file_id

    async def _send_speech(self, chat_id: int, speech: Speech, lang: str, mode: str) -> None:
        assert self.media is not None
        for item in await self.media.voice_notes(speech, lang, mode):
            if isinstance(item, NoticeOut):
                await self.bot.send_message(chat_id, item.text)
                continue
            upload = BufferedInputFile(item.audio, filename=item.filename)
            try:
                message = await self.bot.send_voice(
                    chat_id, self._uploads.get(item.key) or upload, duration=item.duration
                )
            except TelegramForbiddenError:
                raise
            except TelegramAPIError as exc:
                self._uploads.pop(item.key, None)
                if "VOICE_MESSAGES_FORBIDDEN" in str(exc):
                    # Users can refuse voice messages in their privacy settings: the same sound then
                    # goes as an audio file, which they can still play.
                    log.info("voice note refused, sending audio file", extra={"chat_id": chat_id})
                    await self.bot.send_audio(chat_id, upload, duration=item.duration)
                else:
                    log.warning(
                        "voice note not sent", extra={"chat_id": chat_id, "error": exc.__class__.__name__}
                    )
                continue
            if message.voice is not None:
                self._remember_upload(item.key, message.voice.file_id)

    async def close_keyboard(self, chat_id: int, message_id: int) -> None:
        """Remove the buttons of an answered message, so it cannot be tapped again by mistake."""
        try:
            await self.bot.edit_message_reply_markup(
                chat_id=chat_id, message_id=message_id, reply_markup=None
            )
        except TelegramBadRequest as exc:  # already edited, too old, or deleted: nothing to do
            log.info("keyboard not removed", extra={"reason": exc.__class__.__name__})

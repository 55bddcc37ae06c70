"""The one place that sends a Reply to Telegram: layout, keyboard, attachments, and send errors.

Messages are sent as plain text (no parse mode), so nothing a user or regisseur typed can ever be
read as HTML or Markdown by Telegram.
"""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError
from aiogram.types import BufferedInputFile, InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot.callbacks import to_callback_data
from dialogs.render import RenderedReply, render
from dialogs.reply import Reply

log = logging.getLogger(__name__)
TELEGRAM_TEXT_LIMIT = 4096


def keyboard(rendered: RenderedReply) -> InlineKeyboardMarkup | None:
    if not rendered.buttons:
        return None
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text=label, callback_data=to_callback_data(action)) for label, action in row]
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

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def send(self, chat_id: int, reply: Reply, lang: str, mode: str = "bilingual") -> Message | None:
        rendered = render(reply, lang, mode)
        parts = split_text(rendered.combined())
        sent: Message | None = None
        try:
            for index, part in enumerate(parts):
                last = index == len(parts) - 1
                sent = await self.bot.send_message(chat_id, part, reply_markup=keyboard(rendered) if last else None)
            if reply.attachment is not None:
                name, data = reply.attachment
                await self.bot.send_document(chat_id, BufferedInputFile(data, filename=name))
        except TelegramForbiddenError:
            log.warning("chat blocked the bot", extra={"chat_id": chat_id})
            return None
        return sent

    async def close_keyboard(self, chat_id: int, message_id: int) -> None:
        """Remove the buttons of an answered message, so it cannot be tapped again by mistake."""
        try:
            await self.bot.edit_message_reply_markup(chat_id=chat_id, message_id=message_id, reply_markup=None)
        except TelegramBadRequest as exc:  # already edited, too old, or deleted: nothing to do
            log.info("keyboard not removed", extra={"reason": exc.__class__.__name__})

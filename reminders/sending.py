"""Sending one rendered message through the Bot API, with Telegram's failures sorted into what to do.

The dispatcher only sees four outcomes besides success: `RateLimitedError` (429: pause everyone for
`retry_after`), `BlockedError` (403: the user blocked the bot; never retry), `TransientSendError`
(network, timeout, 5xx: retry later with backoff) and `PermanentSendError` (400 and the like: a
retry would fail the same way). `SenderUnusableError` (401) stops the worker: the token is wrong.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from aiogram import Bot
from aiogram.exceptions import (
    ClientDecodeError,
    RestartingTelegram,
    TelegramAPIError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramNotFound,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)
from aiogram.types import BufferedInputFile

from bot.sender import keyboard, split_text
from dialogs.render import RenderedReply

log = logging.getLogger(__name__)


class SendError(Exception):
    """Base of the outcomes a send can have besides success."""


class RateLimitedError(SendError):
    def __init__(self, retry_after: float) -> None:
        super().__init__(f"rate limited for {retry_after}s")
        self.retry_after = retry_after


class BlockedError(SendError):
    """The user blocked the bot or deleted their account (HTTP 403)."""


class TransientSendError(SendError):
    """Worth another try later: network trouble, a timeout or a Telegram server error."""


class PermanentSendError(SendError):
    """The request itself is wrong for this chat (e.g. chat not found); retrying cannot help."""


class SenderUnusableError(SendError):
    """The bot token is rejected: nothing can be sent until an operator fixes it."""


@runtime_checkable
class MessageSender(Protocol):
    async def send(self, chat_id: int, rendered: RenderedReply) -> int:
        """Send the message and return the Telegram message id (of the part carrying the buttons)."""
        ...


@runtime_checkable
class MediaSender(MessageSender, Protocol):
    """A sender that can also send the companions of a reminder: its picture card and voice notes.

    Each call takes a Telegram file_id (a reuse) or a fresh upload, and returns the file_id Telegram
    gave the content (None when it gave none), so a broadcast uploads each card or voice note once.
    Failures are the same `SendError`s as for text.
    """

    async def send_photo(self, chat_id: int, photo: str | Upload) -> str | None: ...

    async def send_voice(self, chat_id: int, voice: str | Upload, duration: int) -> str | None: ...


@dataclass(frozen=True)
class Upload:
    """Bytes to upload, with the file name Telegram shows."""

    data: bytes
    filename: str


def _classified(exc: TelegramAPIError) -> SendError:
    """Telegram's failure as the outcome the dispatcher acts on (see the module docstring)."""
    if isinstance(exc, TelegramRetryAfter):
        return RateLimitedError(float(exc.retry_after))
    if isinstance(exc, TelegramForbiddenError):
        return BlockedError(exc.message[:200])
    if isinstance(exc, TelegramUnauthorizedError):
        return SenderUnusableError(exc.message[:200])
    if isinstance(exc, (TelegramNetworkError, TelegramServerError, RestartingTelegram, ClientDecodeError)):
        return TransientSendError(f"{exc.__class__.__name__}: {str(exc)[:150]}")
    if isinstance(exc, (TelegramBadRequest, TelegramNotFound)):
        return PermanentSendError(f"{exc.__class__.__name__}: {exc.message[:150]}")
    return TransientSendError(f"{exc.__class__.__name__}: {exc.message[:150]}")


def _input(item: str | Upload) -> str | BufferedInputFile:
    return item if isinstance(item, str) else BufferedInputFile(item.data, filename=item.filename)


class TelegramSender:
    """Sends through an aiogram Bot. Messages are plain text, like every other message of the bot."""

    def __init__(self, bot: Bot, timeout: float = 10.0) -> None:
        self.bot = bot
        self.timeout = timeout

    async def send(self, chat_id: int, rendered: RenderedReply) -> int:
        parts = split_text(rendered.combined())
        message_id = 0
        try:
            for index, part in enumerate(parts):
                last = index == len(parts) - 1
                message = await self.bot.send_message(
                    chat_id,
                    part,
                    reply_markup=keyboard(rendered) if last else None,
                    request_timeout=self.timeout,  # type: ignore[arg-type]  # aiohttp takes seconds as float
                )
                message_id = message.message_id
        except TelegramAPIError as exc:
            raise _classified(exc) from exc
        return message_id

    async def send_photo(self, chat_id: int, photo: str | Upload) -> str | None:
        try:
            message = await self.bot.send_photo(
                chat_id,
                _input(photo),
                request_timeout=self.timeout,  # type: ignore[arg-type]
            )
        except TelegramAPIError as exc:
            raise _classified(exc) from exc
        return message.photo[-1].file_id if message.photo else None

    async def send_voice(self, chat_id: int, voice: str | Upload, duration: int) -> str | None:
        try:
            message = await self.bot.send_voice(
                chat_id,
                _input(voice),
                duration=duration,
                request_timeout=self.timeout,  # type: ignore[arg-type]
            )
        except TelegramBadRequest as exc:
            if "VOICE_MESSAGES_FORBIDDEN" not in str(exc) or isinstance(voice, str):
                raise _classified(exc) from exc
            # Users can refuse voice messages in their privacy settings: the same sound then goes as
            # an audio file, which they can still play (as bot/sender.py does).
            try:
                await self.bot.send_audio(
                    chat_id,
                    _input(voice),
                    duration=duration,
                    request_timeout=self.timeout,  # type: ignore[arg-type]
                )
            except TelegramAPIError as again:
                raise _classified(again) from again
            return None
        except TelegramAPIError as exc:
            raise _classified(exc) from exc
        return message.voice.file_id if message.voice else None


def as_sender(sender: MessageSender | Bot, timeout: float = 10.0) -> MessageSender:
    """Accept an aiogram Bot where a sender is expected."""
    if isinstance(sender, Bot):
        return TelegramSender(sender, timeout)
    return sender

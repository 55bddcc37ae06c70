"""Sending one rendered message through the Bot API, with Telegram's failures sorted into what to do.

The dispatcher only sees four outcomes besides success: `RateLimitedError` (429: pause everyone for
`retry_after`), `BlockedError` (403: the user blocked the bot; never retry), `TransientSendError`
(network, timeout, 5xx: retry later with backoff) and `PermanentSendError` (400 and the like: a
retry would fail the same way). `SenderUnusableError` (401) stops the worker: the token is wrong.
"""

from __future__ import annotations

import logging
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
        except TelegramRetryAfter as exc:
            raise RateLimitedError(float(exc.retry_after)) from exc
        except TelegramForbiddenError as exc:
            raise BlockedError(exc.message[:200]) from exc
        except TelegramUnauthorizedError as exc:
            raise SenderUnusableError(exc.message[:200]) from exc
        except (TelegramNetworkError, TelegramServerError, RestartingTelegram, ClientDecodeError) as exc:
            raise TransientSendError(f"{exc.__class__.__name__}: {str(exc)[:150]}") from exc
        except (TelegramBadRequest, TelegramNotFound) as exc:
            raise PermanentSendError(f"{exc.__class__.__name__}: {exc.message[:150]}") from exc
        except TelegramAPIError as exc:
            raise TransientSendError(f"{exc.__class__.__name__}: {exc.message[:150]}") from exc
        return message_id


def as_sender(sender: MessageSender | Bot, timeout: float = 10.0) -> MessageSender:
    """Accept an aiogram Bot where a sender is expected."""
    if isinstance(sender, Bot):
        return TelegramSender(sender, timeout)
    return sender

"""Builds the Bot and the Dispatcher from settings; nothing is created at import time."""

from __future__ import annotations

import logging
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.fsm.storage.base import BaseStorage
from aiogram.types import ErrorEvent

from bot import retry
from bot.routers import all_routers
from bot.sender import ReplySender
from bot.throttling import ThrottlingMiddleware, TokenBuckets
from dialogs.reply import Msg, reply
from inburgerbot.app import App
from locales.markers import N_

log = logging.getLogger(__name__)

# What a user sees when their update failed (database down, Telegram failing, a bug). Trying again is
# safe: an answer that was stored before the failure is recognised as a repeat, never stored twice.
ERROR_NOTICE = Msg(N_("Sorry, something went wrong on my side. Please try again in a moment."))


def create_bot(token: str, api_url: str, timeout: float | None = None) -> Bot:
    """`timeout`: seconds one Bot API call may take (aiogram's default, 60 s, when None)."""
    session = AiohttpSession(api=TelegramAPIServer.from_base(api_url.rstrip("/")))
    if timeout is not None:
        session.timeout = timeout
    return Bot(token=token, session=session)


def create_dispatcher(app: App, bot: Bot, storage: BaseStorage) -> Dispatcher:
    retry.install(bot)
    sender = ReplySender(bot, media=app.media)
    dispatcher = Dispatcher(storage=storage, conversation=app.conversation, sender=sender)
    dispatcher.include_routers(*all_routers())
    throttling = ThrottlingMiddleware(TokenBuckets())
    dispatcher.message.outer_middleware(throttling)
    dispatcher.callback_query.outer_middleware(throttling)

    @dispatcher.errors()
    async def on_error(event: ErrorEvent, **_: Any) -> bool:
        """Log the kind of failure and the update id only; tell the user kindly."""
        update = event.update
        log.error(
            "update failed",
            extra={"update_id": update.update_id, "error": event.exception.__class__.__name__},
        )
        chat = None
        if update.message is not None:
            chat = update.message.chat.id
        elif update.callback_query is not None and update.callback_query.message is not None:
            chat = update.callback_query.message.chat.id
        if chat is not None:
            try:
                await sender.send(
                    chat,
                    reply(ERROR_NOTICE),
                    "nl",
                )
            except Exception:
                log.error("could not send the error notice", extra={"update_id": update.update_id})
        return True

    return dispatcher

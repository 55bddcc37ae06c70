"""Webhook mode: Telegram posts each update to POST /telegram/webhook, and the dispatcher handles it.

Only calls that carry our secret in X-Telegram-Bot-Api-Secret-Token are fed to the dispatcher
(https://core.telegram.org/bots/api#setwebhook); anything else is refused before it is parsed.
The bot, its FSM storage and its dispatcher live as long as the web app (the router's lifespan).
The route is mounted only when both INBURGERBOT_BOT_TOKEN and INBURGERBOT_WEBHOOK_SECRET are set.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.types import Update
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from pydantic import ValidationError

from inburgerbot.app import App

log = logging.getLogger(__name__)

WEBHOOK_PATH = "/telegram/webhook"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class TelegramWebhook:
    """Checks the secret, parses the update and waits for the dispatcher to finish with it.

    Answering only after the update is handled means a crash mid-way is a non-2xx answer, which
    Telegram retries; an update that reached the dialogs is never dropped silently.
    """

    def __init__(self, bot: Bot, dispatcher: Dispatcher, secret: str) -> None:
        self.bot = bot
        self.dispatcher = dispatcher
        self._secret = secret.encode()

    async def handle(self, request: Request) -> Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, self._secret):
            log.warning("webhook call refused: wrong or missing secret token")
            return JSONResponse({"ok": False}, status_code=403)
        try:
            update = Update.model_validate(await request.json(), context={"bot": self.bot})
        except (ValueError, ValidationError):
            log.warning("webhook call refused: not a Telegram update")
            return JSONResponse({"ok": False}, status_code=400)
        try:
            await self.dispatcher.feed_update(self.bot, update)
        except Exception as exc:  # Telegram retries a non-2xx answer; the log names no content
            log.error(
                "webhook update failed",
                extra={"update_id": update.update_id, "error": exc.__class__.__name__},
            )
            return JSONResponse({"ok": False}, status_code=500)
        return JSONResponse({"ok": True})


def webhook_route(router: APIRouter, webhook: TelegramWebhook | dict[str, TelegramWebhook]) -> None:
    """POST WEBHOOK_PATH on `router`; `webhook` may be a holder filled later (by a lifespan)."""

    @router.post(WEBHOOK_PATH, include_in_schema=False)
    async def telegram_webhook(request: Request) -> Response:
        current = webhook.get("current") if isinstance(webhook, dict) else webhook
        if current is None:
            return JSONResponse({"ok": False}, status_code=503)
        return await current.handle(request)


def telegram_webhook_router(app: App) -> APIRouter:
    """The webhook route with a bot, storage and dispatcher built from `app.settings` at start-up."""
    from bot.factory import create_bot, create_dispatcher
    from bot.runner import bot_token, webhook_secret
    from bot.storage import create_storage

    holder: dict[str, TelegramWebhook] = {}

    @asynccontextmanager
    async def lifespan(_web: Any) -> AsyncIterator[None]:
        settings = app.settings
        bot = create_bot(bot_token(settings), settings.telegram_api_url, settings.telegram_timeout)
        storage = await create_storage(app.settings.redis_url)
        dispatcher = create_dispatcher(app, bot, storage)
        holder["current"] = TelegramWebhook(bot, dispatcher, webhook_secret(app.settings))
        try:
            yield
        finally:
            holder.clear()
            await storage.close()
            await bot.session.close()

    router = APIRouter(lifespan=lifespan)
    webhook_route(router, holder)
    return router


def webhook_enabled(app: App) -> bool:
    return app.settings.bot_token is not None and app.settings.webhook_secret is not None

"""`inburgerbot run bot`: long polling, or webhook mode, against the configured Bot API.

The Bot API is INBURGERBOT_TELEGRAM_API_URL: Telegram, a local Bot API server or an emulator.
In webhook mode Telegram posts updates to the web app (web/telegram_webhook.py); this module only
registers the webhook (setWebhook with the secret token) and then serves the web app, or stops
there with `register_only` when the web app runs as its own process.
"""

from __future__ import annotations

import asyncio
import logging
import re

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.fsm.storage.memory import MemoryStorage
from aiogram.utils.token import TokenValidationError, validate_token

from bot.commands import register_commands
from bot.factory import create_bot, create_dispatcher
from bot.storage import create_storage
from inburgerbot.app import App
from inburgerbot.settings import Settings

log = logging.getLogger(__name__)

# https://core.telegram.org/bots/api#setwebhook: secret_token, 1-256 characters A-Z, a-z, 0-9, _ and -.
SECRET_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,256}")


class BotSetupError(Exception):
    """A setting the bot cannot run without; the CLI prints it as one line."""


def bot_token(settings: Settings) -> str:
    if settings.bot_token is None or not settings.bot_token.get_secret_value():
        raise BotSetupError("INBURGERBOT_BOT_TOKEN is not set; get a token from @BotFather and set it")
    token = settings.bot_token.get_secret_value()
    try:
        validate_token(token)
    except TokenValidationError as exc:
        raise BotSetupError("INBURGERBOT_BOT_TOKEN is not a bot token (like 123456:ABC-xyz)") from exc
    return token


def webhook_secret(settings: Settings) -> str:
    if settings.webhook_secret is None or not settings.webhook_secret.get_secret_value():
        raise BotSetupError(
            "INBURGERBOT_WEBHOOK_SECRET is not set; Telegram's webhook calls are checked with it"
        )
    secret = settings.webhook_secret.get_secret_value()
    if not SECRET_TOKEN.fullmatch(secret):
        raise BotSetupError("INBURGERBOT_WEBHOOK_SECRET must be 1-256 characters of A-Z, a-z, 0-9, _ and -")
    return secret


def check_webhook_url(url: str) -> str:
    if not url.startswith(("https://", "http://")):
        raise BotSetupError(f"the webhook URL must start with https:// (got '{url[:60]}')")
    return url


async def run_polling(app: App, handle_signals: bool = False) -> None:
    """Poll until stopped. `handle_signals`: stop cleanly on SIGTERM/SIGINT (not when run beside uvicorn)."""
    settings = app.settings
    bot = create_bot(bot_token(settings), settings.telegram_api_url, settings.telegram_timeout)
    storage = await create_storage(settings.redis_url)
    dispatcher = create_dispatcher(app, bot, storage)
    try:
        await warm_up()
        await register_commands(bot)
        # A webhook left from webhook mode makes every getUpdates fail with 409 Conflict.
        await bot.delete_webhook(drop_pending_updates=False)
        log.info("bot polling")
        await dispatcher.start_polling(
            bot,
            handle_signals=handle_signals,
            polling_timeout=settings.telegram_poll_timeout,
            close_bot_session=False,
        )
    finally:
        await storage.close()
        await bot.session.close()


async def register_webhook(app: App, url: str) -> None:
    """setWebhook with the secret token and the update types the routers handle; also the command menu."""
    secret = webhook_secret(app.settings)
    bot: Bot = create_bot(bot_token(app.settings), app.settings.telegram_api_url)
    try:
        allowed = create_dispatcher(app, bot, MemoryStorage()).resolve_used_update_types()
        await register_commands(bot)
        await bot.set_webhook(check_webhook_url(url), secret_token=secret, allowed_updates=allowed)
    except TelegramAPIError as exc:
        raise BotSetupError(f"the Bot API refused the webhook: {exc.message}") from exc
    finally:
        await bot.session.close()
    log.info("webhook registered")


async def run_webhook(app: App, url: str, register_only: bool = False) -> None:
    """Register the webhook, then serve the web app that receives the updates (unless `register_only`)."""
    bot_token(app.settings)
    webhook_secret(app.settings)
    await register_webhook(app, url)
    if register_only:
        return
    from web.server import serve_web

    await serve_web(app)


async def run_bot(app: App, webhook: str | None = None, register_only: bool = False) -> None:
    """What `inburgerbot run bot [--webhook URL [--register-only]]` does."""
    if webhook is None:
        if register_only:
            raise BotSetupError("--register-only needs --webhook URL")
        await run_polling(app, handle_signals=True)
    else:
        await run_webhook(app, webhook, register_only)


async def warm_up() -> None:
    """Build the question matcher and language detector before the first user waits 2-5 s for them."""
    from dialogs.language_detect import default_detector
    from dialogs.matcher import default_matcher

    await asyncio.to_thread(default_matcher)
    await asyncio.to_thread(default_detector)

"""`inburgerbot run bot`: long polling against the configured Bot API (Telegram, a local server or an emulator)."""

from __future__ import annotations

import logging

from bot.commands import register_commands
from bot.factory import create_bot, create_dispatcher
from bot.storage import create_storage
from inburgerbot.app import App

log = logging.getLogger(__name__)


async def run_polling(app: App) -> None:
    token = app.settings.bot_token
    if token is None:
        raise RuntimeError("INBURGERBOT_BOT_TOKEN is not set")
    bot = create_bot(token.get_secret_value(), app.settings.telegram_api_url)
    storage = await create_storage(app.settings.redis_url)
    dispatcher = create_dispatcher(app, bot, storage)
    try:
        await register_commands(bot)
        log.info("bot polling")
        await dispatcher.start_polling(bot, handle_signals=False, polling_timeout=25)
    finally:
        await storage.close()
        await bot.session.close()

"""The command menu Telegram shows beside the text field, registered in every supported language."""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import BotCommand

from locales.catalogs import gettext_for
from locales.languages import LANGUAGES
from locales.markers import N_

log = logging.getLogger(__name__)

COMMANDS: tuple[tuple[str, str], ...] = (
    ("menu", N_("Main menu")),
    ("afspraken", N_("My appointments")),
    ("rechten", N_("Rights and duties")),
    ("vraag", N_("Ask my case manager a question")),
    ("taal", N_("Change language")),
    ("privacy", N_("My data and privacy")),
    ("help", N_("Help")),
)


def commands_for(lang: str) -> list[BotCommand]:
    return [BotCommand(command=name, description=gettext_for(lang, text)[:256]) for name, text in COMMANDS]


async def register_commands(bot: Bot) -> None:
    """Dutch is the default list; each language gets its own (Telegram picks by the app's language)."""
    try:
        await bot.set_my_commands(commands_for("nl"))
        for code in LANGUAGES:
            await bot.set_my_commands(commands_for(code), language_code=code)
    except TelegramAPIError as exc:
        log.warning("command menu not registered", extra={"error": exc.__class__.__name__})

"""My appointments (/afspraken) and their "add to calendar" files."""

from __future__ import annotations

from aiogram import Router

from bot.respond import forward_commands, forward_taps


def create_router() -> Router:
    router = Router(name=__name__)
    forward_commands(router, "afspraken")
    forward_taps(router, "appointments", "ics")  # ics: 📅 add to calendar
    return router

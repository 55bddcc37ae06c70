"""Main menu, help and the linking button (I have a code)."""

from __future__ import annotations

from aiogram import Router

from bot.respond import forward_commands, forward_taps


def create_router() -> Router:
    router = Router(name=__name__)
    forward_commands(router, "menu", "help", "code")
    forward_taps(router, "menu", "help", "code", "consent")
    return router

"""Choosing the language: /taal and the Language button."""

from __future__ import annotations

from aiogram import Router

from bot.respond import forward_commands, forward_taps


def create_router() -> Router:
    router = Router(name=__name__)
    forward_commands(router, "taal", "language")
    forward_taps(router, "lang", "language")
    return router

"""/privacy: what is stored, download it, delete it."""

from __future__ import annotations

from aiogram import Router

from bot.respond import forward_commands, forward_taps


def create_router() -> Router:
    router = Router(name=__name__)
    forward_commands(router, "privacy")
    forward_taps(router, "privacy")
    return router

"""Hearing and seeing: 🔊 Listen under a message, the always-send-audio setting, and "my route" card."""

from __future__ import annotations

from aiogram import Router

from bot.respond import forward_commands, forward_taps


def create_router() -> Router:
    router = Router(name=__name__)
    forward_commands(router, "audio", "route")
    forward_taps(router, "listen", "audio", "route")
    return router

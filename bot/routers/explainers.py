"""Rights and obligations: the topic menu and each topic."""

from __future__ import annotations

from aiogram import Router

from bot.respond import forward_commands, forward_taps


def create_router() -> Router:
    router = Router(name=__name__)
    forward_commands(router, "rechten", "uitleg")
    forward_taps(router, "topics", "topic", "more")
    return router

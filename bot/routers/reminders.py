"""Answers on reminders: I'm coming / I can't come (with a reason) / I have a question."""

from __future__ import annotations

from aiogram import Router

from bot.respond import forward_taps


def create_router() -> Router:
    router = Router(name=__name__)
    forward_taps(router, "ra", "reason")
    return router

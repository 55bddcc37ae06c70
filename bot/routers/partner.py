"""Partner mode: `/partner CODE` links a welfare partner's chat; `pq:` taps forward a client's question.

The dialog lives in dialogs/partner.py; the deep link `?start=partner-CODE` arrives through /start.
"""

from __future__ import annotations

from aiogram import Router

from bot.respond import forward_commands, forward_taps


def create_router() -> Router:
    router = Router(name=__name__)
    forward_commands(router, "partner")
    forward_taps(router, "pq")
    return router

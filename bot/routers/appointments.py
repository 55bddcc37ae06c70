"""My appointments (/afspraken)."""

from __future__ import annotations

from aiogram import Router

from bot.respond import forward_commands, forward_taps

router = Router(name=__name__)
forward_commands(router, "afspraken")
forward_taps(router, "appointments")

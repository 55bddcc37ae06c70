"""One router per feature, composed in `all_routers` (order matters: the fallback comes last)."""

from __future__ import annotations

from aiogram import Router

from bot.routers import appointments, explainers, fallback, faq, language, menu, privacy, reminders, start


def all_routers() -> list[Router]:
    return [
        start.router,
        language.router,
        menu.router,
        explainers.router,
        appointments.router,
        reminders.router,
        privacy.router,
        faq.router,
        fallback.router,
    ]

"""One router per feature, composed in `all_routers` (order matters: the fallback comes last).

Each feature module has `create_router()`; nothing is registered at import time.
"""

from __future__ import annotations

from aiogram import Router

from bot.routers import (
    appointments,
    explainers,
    fallback,
    faq,
    language,
    listen,
    menu,
    partner,
    privacy,
    reminders,
    start,
)


def all_routers() -> list[Router]:
    """Fresh routers on every call: aiogram attaches a router to one parent only, and the webhook
    app, the polling runner and the tests each build their own Dispatcher in one process."""
    features = (
        start,
        language,
        menu,
        explainers,
        appointments,
        reminders,
        privacy,
        listen,
        partner,
        faq,
        fallback,
    )
    return [feature.create_router() for feature in features]

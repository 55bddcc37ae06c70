"""`inburgerbot demo`: a working municipality on embedded defaults, to try everything locally."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select

from casestore import invite_codes
from casestore.models import Client
from inburgerbot.app import App, build_app, prepare_database
from inburgerbot.settings import Settings
from reminders.scheduling import sync_appointment_reminders

log = logging.getLogger(__name__)

# Fictional people: the demo must never look like real case data.
DEMO_CLIENTS = (
    ("DEMO-1", "Demo Amal", "ar", "b1", [("pip_gesprek", 2, "Gemeentehuis Demodorp, Marktplein 1", "ar")]),
    (
        "DEMO-2",
        "Demo Tesfay",
        "ti",
        "z",
        [("voortgangsgesprek", 5, "Gemeentehuis Demodorp, Marktplein 1", "ti")],
    ),
    ("DEMO-3", "Demo Olena", "uk", "onderwijs", [("taalles", 1, "Taalschool De Brug, Schoolstraat 4", None)]),
)


@dataclass(frozen=True)
class DemoInvite:
    external_ref: str
    language: str
    code: str
    link: str


async def seed_demo(app: App, now: datetime | None = None) -> list[DemoInvite]:
    """Create the demo clients once (found again by their external reference) with fresh invite codes."""
    now = now or datetime.now(UTC)
    invites: list[DemoInvite] = []
    async with app.store.uow() as uow:
        for ref, name, lang, route, appointments in DEMO_CLIENTS:
            existing = await uow.session.scalar(select(Client.id).where(Client.external_ref == ref))
            if existing is None:
                client = await uow.clients.add(
                    municipality_code="demo",
                    language=lang,
                    display_name=name,
                    route=route,
                    external_ref=ref,
                    termijn_start=(now - timedelta(days=120)).date(),
                    termijn_end=(now + timedelta(days=3 * 365 - 120)).date(),
                )
                client_id = client.id
                for kind, days, location, interpreter in appointments:
                    start = (now + timedelta(days=days)).replace(hour=9, minute=30, second=0, microsecond=0)
                    appointment = await uow.appointments.add(
                        client_id=client_id,
                        kind=kind,
                        starts_at=start,
                        ends_at=start + timedelta(hours=1),
                        location=location,
                        interpreter_language=interpreter,
                    )
                    await sync_appointment_reminders(uow, appointment.id, app.municipalities, now)
            else:
                client_id = existing
            if await uow.chat_links.for_client(client_id) is None:
                invite = await uow.invites.create(client_id, timedelta(days=app.settings.invite_ttl_days))
                invites.append(
                    DemoInvite(
                        ref,
                        lang,
                        invite_codes.display(invite.code),
                        invite_codes.deep_link(app.settings.bot_username, invite.code),
                    )
                )
    return invites


def describe(app: App, invites: list[DemoInvite]) -> str:
    lines = [
        "inburgerbot demo is ready (SQLite: " + app.settings.resolved_database_url() + ")",
        "",
        "Try the chat in another terminal:  .venv/bin/inburgerbot chat --lang ar",
        "Link the chat to a demo client: tap 'I have a code' and type one of these codes:",
    ]
    lines += [f"  {i.code}  ({i.external_ref}, language {i.language})" for i in invites]
    lines.append(f"Web app: http://{app.settings.web_host}:{app.settings.web_port}/")
    if app.settings.bot_token is None:
        lines.append("Telegram: set INBURGERBOT_BOT_TOKEN to also run the bot.")
    else:
        lines.append(f"Telegram: the bot polls {app.settings.telegram_api_url} (a bot token is set).")
    return "\n".join(lines)


async def _until_one_ends(*parts: Coroutine[Any, Any, None]) -> None:
    """Run the web server and the bot together; when one stops (Ctrl-C, an error), stop the other."""
    tasks = [asyncio.create_task(part) for part in parts]
    try:
        done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    for task in done:
        task.result()


async def run_demo(settings: Settings, serve: bool = True) -> None:
    app = build_app(settings)
    try:
        await prepare_database(app)
        invites = await seed_demo(app)
        print(describe(app, invites), flush=True)
        from web.demo_staff import describe_logins, seed_demo_staff

        print(describe_logins(app, await seed_demo_staff(app)), flush=True)
        if serve:
            from web.server import serve_web

            running = [serve_web(app, demo=True)]
            if settings.bot_token is not None:
                from bot.runner import BotSetupError, bot_token, run_polling
                from reminders.worker import run_worker

                try:
                    bot_token(settings)
                    running.append(run_polling(app))
                    running.append(run_worker(app, handle_signals=False))  # reminders and broadcasts
                except BotSetupError as exc:
                    print(f"Telegram: not started: {exc}", flush=True)
            await _until_one_ends(*running)
    finally:
        await app.store.dispose()

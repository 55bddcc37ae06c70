"""Our bot, running for real against the emulator: create_bot + create_dispatcher + start_polling.

The harness counts the updates the dispatcher has finished (it wraps `feed_update` on this one
dispatcher instance), so a test can wait until the bot has answered instead of sleeping.
"""

from __future__ import annotations

import asyncio
import secrets
from contextlib import suppress
from pathlib import Path
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.fsm.storage.base import BaseStorage
from aiogram.fsm.storage.memory import MemoryStorage
from aiogram.types import Update

from bot.commands import register_commands
from bot.factory import create_bot, create_dispatcher
from casestore.uow import CaseStore
from inburgerbot.app import App, build_app
from inburgerbot.settings import Settings
from tests.e2e.telegram_user import EmulatorClient

POLLING_TIMEOUT = 5
HANDLED_TIMEOUT = 15.0
START_TIMEOUT = 10.0


def new_token() -> str:
    """A token in Telegram's format with a random bot id, so bots of different tests never meet."""
    return f"{secrets.randbelow(9 * 10**9) + 10**9}:{secrets.token_urlsafe(24)}"


def database_url(store: CaseStore) -> str:
    return store.engine.url.render_as_string(hide_password=False)


def app_settings(store: CaseStore, emulator_url: str, token: str, data_dir: Path, **extra: Any) -> Settings:
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        data_dir=data_dir,
        database_url=database_url(store),
        bot_token=token,
        telegram_api_url=emulator_url,
        redis_url=None,
        **extra,
    )


class BotHarness:
    def __init__(
        self, emulator_url: str, store: CaseStore, data_dir: Path, storage: BaseStorage | None = None
    ) -> None:
        self.token = new_token()
        self.store = store
        self.app: App = build_app(app_settings(store, emulator_url, self.token, data_dir))
        self.client = EmulatorClient(emulator_url, self.token)
        self.bot: Bot = create_bot(self.token, emulator_url)
        self.dispatcher: Dispatcher = create_dispatcher(self.app, self.bot, storage or MemoryStorage())
        self.handled: set[int] = set()
        self._changed = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._track_handled_updates()

    def _track_handled_updates(self) -> None:
        feed_update = self.dispatcher.feed_update

        async def tracked(bot: Bot, update: Update, **kwargs: Any) -> Any:
            try:
                return await feed_update(bot, update, **kwargs)
            finally:
                self.handled.add(update.update_id)
                self._changed.set()

        self.dispatcher.feed_update = tracked  # type: ignore[method-assign]

    async def start(self) -> BotHarness:
        """Register the command menu, start polling, and return once a getUpdates call is waiting."""
        await register_commands(self.bot)
        self._task = asyncio.create_task(
            self.dispatcher.start_polling(
                self.bot, handle_signals=False, polling_timeout=POLLING_TIMEOUT, close_bot_session=False
            )
        )
        async with asyncio.timeout(START_TIMEOUT):
            while not (await self.client.status())["polling"]:
                if self._task.done():
                    self._task.result()
                await asyncio.sleep(0.02)
        return self

    async def wait_handled(self, update_id: int, within: float = HANDLED_TIMEOUT) -> None:
        async with asyncio.timeout(within):
            while update_id not in self.handled:
                self._changed.clear()
                if self._task is not None and self._task.done():
                    self._task.result()
                    raise AssertionError("polling stopped")
                await self._changed.wait()

    async def stop(self) -> None:
        if self._task is not None:
            await self.dispatcher.stop_polling()
            with suppress(asyncio.CancelledError):
                await self._task
        await self.bot.session.close()
        await self.client.close()
        await self.app.store.dispose()
        self.app.translator.close()

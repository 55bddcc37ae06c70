"""POST /telegram/webhook: only Telegram's calls (with our secret) reach the real dispatcher.

The web app runs in-process (httpx over ASGI, with its lifespan), the bot it builds answers through
the Bot API emulator, so a reply that arrives there proves the update went through the dialogs.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from casestore.uow import CaseStore
from dialogs import language
from dialogs.render import render
from inburgerbot.app import App, build_app
from tests.e2e.emulator_process import EmulatorProcess
from tests.e2e.harness import app_settings, new_token
from tests.e2e.telegram_user import EmulatorClient
from web.app import create_web_app
from web.telegram_webhook import SECRET_HEADER, WEBHOOK_PATH

SECRET = "s3cret_Token-for-tests"
USER = {"id": 810_001, "is_bot": False, "first_name": "Webhook"}
CHAT = {"id": 810_001, "type": "private", "first_name": "Webhook"}


@pytest.fixture(scope="module")
def emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmulatorProcess]:
    process = EmulatorProcess(tmp_path_factory.mktemp("emulator") / "emulator.log")
    yield process
    process.stop()


def _update(update_id: int, text: str) -> dict[str, Any]:
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": int(time.time()),
            "chat": CHAT,
            "from": USER,
            "text": text,
        },
    }


@asynccontextmanager
async def _running(app: App) -> AsyncIterator[httpx.AsyncClient]:
    web = create_web_app(app)
    async with web.router.lifespan_context(web):
        transport = httpx.ASGITransport(app=web)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            yield http


@pytest.fixture
async def webhook_app(
    sqlite_store: CaseStore, emulator: EmulatorProcess, tmp_path: Path
) -> AsyncIterator[App]:
    token = new_token()
    app = build_app(
        app_settings(sqlite_store, emulator.url, token, tmp_path, webhook_secret=SecretStr(SECRET))
    )
    yield app
    await app.store.dispose()
    app.translator.close()


@pytest.fixture
async def chat(webhook_app: App, emulator: EmulatorProcess) -> AsyncIterator[EmulatorClient]:
    """The user's side in the emulator (a user has to write first before a bot can answer)."""
    assert webhook_app.settings.bot_token is not None
    client = EmulatorClient(emulator.url, webhook_app.settings.bot_token.get_secret_value())
    await client.call("/sendMessage", **{"from": USER, "chat": CHAT, "text": "hallo"})
    yield client
    await client.close()


async def test_an_update_with_the_secret_is_handled_by_the_dispatcher(
    webhook_app: App, chat: EmulatorClient
) -> None:
    async with _running(webhook_app) as http:
        response = await http.post(WEBHOOK_PATH, json=_update(1, "/start"), headers={SECRET_HEADER: SECRET})
    assert response.status_code == 200
    [shown] = await chat.call("/getUpdates", chatId=CHAT["id"])
    assert shown["message"]["text"] == render(language.language_menu(), "nl").combined()


@pytest.mark.parametrize("headers", [{}, {SECRET_HEADER: "wrong"}, {SECRET_HEADER: SECRET + "x"}])
async def test_calls_without_the_secret_are_refused_unread(
    webhook_app: App, chat: EmulatorClient, headers: dict[str, str]
) -> None:
    async with _running(webhook_app) as http:
        response = await http.post(WEBHOOK_PATH, json=_update(2, "/start"), headers=headers)
    assert response.status_code == 403
    assert await chat.call("/getUpdates", chatId=CHAT["id"]) == []


async def test_a_body_that_is_no_update_is_refused(webhook_app: App, chat: EmulatorClient) -> None:
    async with _running(webhook_app) as http:
        garbage = await http.post(WEBHOOK_PATH, content=b"{not json", headers={SECRET_HEADER: SECRET})
        wrong_shape = await http.post(WEBHOOK_PATH, json={"message": "hi"}, headers={SECRET_HEADER: SECRET})
    assert (garbage.status_code, wrong_shape.status_code) == (400, 400)
    assert await chat.call("/getUpdates", chatId=CHAT["id"]) == []


async def test_no_route_without_a_webhook_secret(
    sqlite_store: CaseStore, emulator: EmulatorProcess, tmp_path: Path
) -> None:
    app = build_app(app_settings(sqlite_store, emulator.url, new_token(), tmp_path))
    try:
        async with _running(app) as http:
            response = await http.post(
                WEBHOOK_PATH, json=_update(3, "/start"), headers={SECRET_HEADER: SECRET}
            )
        assert response.status_code in (404, 405)
    finally:
        await app.store.dispose()
        app.translator.close()

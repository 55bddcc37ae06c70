"""`inburgerbot run bot` (polling and webhook mode) and `inburgerbot demo` as an operator runs them.

Real processes against the emulator: they register the command menu and the webhook, answer a
user, and stop cleanly on SIGTERM/SIGINT.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.commands import commands_for
from bot.factory import create_bot
from dialogs import language
from dialogs.render import render
from inburgerbot import cli
from tests.e2e.emulator_process import EmulatorProcess
from tests.e2e.harness import new_token
from tests.e2e.telegram_user import EmulatorClient

CLI = [sys.executable, "-m", "inburgerbot"]
START_TIMEOUT = 40.0
SECRET = "e2e_webhook-Secret"


def _env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("INBURGERBOT_")}
    return {**env, "INBURGERBOT_DATA_DIR": str(data_dir), **extra}


def _set_env(monkeypatch: pytest.MonkeyPatch, data_dir: Path, **values: str) -> None:
    """The environment an in-process `cli.run` reads its settings from."""
    for name in [n for n in os.environ if n.startswith("INBURGERBOT_")]:
        monkeypatch.delenv(name)
    monkeypatch.chdir(data_dir)  # no stray .env file
    for name, value in {"INBURGERBOT_DATA_DIR": str(data_dir), **values}.items():
        if name.startswith("INBURGERBOT_"):
            monkeypatch.setenv(name, value)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def _running(args: list[str], env: dict[str, str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    with log.open("wb") as out:
        process = subprocess.Popen([*CLI, *args], env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            yield process
        finally:
            if process.poll() is None:
                process.kill()
                process.wait(timeout=10)


async def _wait_for(check: Callable[[], Any], what: str, process: subprocess.Popen[bytes], log: Path) -> Any:
    async with asyncio.timeout(START_TIMEOUT):
        while True:
            if process.poll() is not None:
                output = await asyncio.to_thread(log.read_text)
                raise AssertionError(f"the process ended ({process.returncode}) before {what}:\n{output}")
            result = await check()
            if result:
                return result
            await asyncio.sleep(0.1)


async def _stop(process: subprocess.Popen[bytes], sig: int = signal.SIGTERM) -> int:
    process.send_signal(sig)
    return await asyncio.to_thread(process.wait, 20)


@asynccontextmanager
async def _user_side(emulator: EmulatorProcess, token: str) -> AsyncIterator[EmulatorClient]:
    client = EmulatorClient(emulator.url, token)
    try:
        yield client
    finally:
        await client.close()


async def _start_gets_the_language_menu(client: EmulatorClient, user_id: int) -> None:
    sender = {"id": user_id, "is_bot": False, "first_name": "Operator test"}
    await client.call("/sendCommand", **{"from": sender, "text": "/start"})
    entries = await client.call("/getUpdates", chatId=user_id, timeout=20)
    assert [e["message"]["text"] for e in entries] == [render(language.language_menu(), "nl").combined()]


def test_run_bot_without_a_token_says_so_in_one_line(tmp_path: Path) -> None:
    result = subprocess.run(
        [*CLI, "run", "bot"], env=_env(tmp_path), capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "inburgerbot: INBURGERBOT_BOT_TOKEN is not set; get a token from @BotFather and set it"
    ]
    assert "Traceback" not in result.stderr


def test_webhook_mode_without_a_secret_says_so_in_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _set_env(monkeypatch, tmp_path, INBURGERBOT_BOT_TOKEN=new_token())
    assert cli.run(["run", "bot", "--webhook", "https://bot.example.nl/telegram/webhook"]) == 1
    assert capsys.readouterr().err.strip().splitlines() == [
        "inburgerbot: INBURGERBOT_WEBHOOK_SECRET is not set; Telegram's webhook calls are checked with it"
    ]


async def test_run_bot_registers_commands_polls_answers_and_stops_on_sigterm(
    emulator: EmulatorProcess, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = new_token()
    env = _env(tmp_path, INBURGERBOT_BOT_TOKEN=token, INBURGERBOT_TELEGRAM_API_URL=emulator.url)
    async with _user_side(emulator, token) as client:
        # A webhook left over from webhook mode (registered in-process, the CLI on its own thread):
        # polling removes it first, or every getUpdates would conflict with it.
        _set_env(monkeypatch, tmp_path, **env, INBURGERBOT_WEBHOOK_SECRET=SECRET)
        register = ["run", "bot", "--webhook", "http://127.0.0.1:9/telegram/webhook", "--register-only"]
        assert await asyncio.to_thread(cli.run, register) == 0
        assert (await client.status())["webhook"] == {
            "url": "http://127.0.0.1:9/telegram/webhook",
            "has_secret_token": True,
        }

        log = tmp_path / "bot.log"
        with _running(["run", "bot"], env, log) as process:
            status = await _wait_for(
                lambda: _status_if(client, lambda s: s["polling"]), "polling", process, log
            )
            assert status["webhook"] is None
            await _start_gets_the_language_menu(client, 910_001)
            bot = create_bot(token, emulator.url)
            try:
                arabic = await bot.get_my_commands(language_code="ar")
                dutch = await bot.get_my_commands()
            finally:
                await bot.session.close()
            assert [(c.command, c.description) for c in arabic] == [
                (c.command, c.description) for c in commands_for("ar")
            ]
            assert [c.description for c in dutch] == [c.description for c in commands_for("nl")]
            assert await _stop(process, signal.SIGTERM) == 0


async def _status_if(
    client: EmulatorClient, wanted: Callable[[dict[str, Any]], bool]
) -> dict[str, Any] | None:
    status = await client.status()
    return status if wanted(status) else None


async def test_webhook_mode_gets_updates_from_telegram_through_the_web_app(
    emulator: EmulatorProcess, tmp_path: Path
) -> None:
    token = new_token()
    port = _free_port()
    url = f"http://127.0.0.1:{port}/telegram/webhook"
    env = _env(
        tmp_path,
        INBURGERBOT_BOT_TOKEN=token,
        INBURGERBOT_TELEGRAM_API_URL=emulator.url,
        INBURGERBOT_WEBHOOK_SECRET=SECRET,
        INBURGERBOT_WEB_PORT=str(port),
    )
    log = tmp_path / "webhook.log"
    async with _user_side(emulator, token) as client, httpx.AsyncClient(trust_env=False) as http:
        with _running(["run", "bot", "--webhook", url], env, log) as process:
            await _wait_for(
                lambda: _status_if(client, lambda s: s["webhook"] is not None), "setWebhook", process, log
            )

            async def web_is_up() -> bool:
                try:
                    return (await http.get(f"http://127.0.0.1:{port}/healthz")).status_code == 200
                except httpx.TransportError:
                    return False

            await _wait_for(web_is_up, "the web app", process, log)
            await _start_gets_the_language_menu(client, 920_001)
            status = await client.status()
            assert status["webhookError"] is None and status["requests"].get("getupdates") is None
            forged = await http.post(
                url, json={"update_id": 1}, headers={"X-Telegram-Bot-Api-Secret-Token": "x"}
            )
            assert forged.status_code == 403
            assert await _stop(process, signal.SIGINT) in (0, 130)


async def test_demo_runs_the_bot_beside_the_web_app_when_a_token_is_set(
    emulator: EmulatorProcess, tmp_path: Path
) -> None:
    token = new_token()
    port = _free_port()
    env = _env(
        tmp_path,
        INBURGERBOT_BOT_TOKEN=token,
        INBURGERBOT_TELEGRAM_API_URL=emulator.url,
        INBURGERBOT_WEB_PORT=str(port),
    )
    log = tmp_path / "demo.log"
    async with _user_side(emulator, token) as client, httpx.AsyncClient(trust_env=False) as http:
        with _running(["demo"], env, log) as process:
            await _wait_for(lambda: _status_if(client, lambda s: s["polling"]), "polling", process, log)
            await _start_gets_the_language_menu(client, 930_001)
            assert (await http.get(f"http://127.0.0.1:{port}/healthz")).status_code == 200
            assert await _stop(process, signal.SIGINT) in (0, 130)
    assert "Telegram: the bot polls" in log.read_text()

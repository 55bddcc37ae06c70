"""The `inburgerbot` command as a user runs it: real processes, real exit codes, one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from casestore.repositories.clients import RedeemOutcome
from casestore.uow import CaseStore

CLI = [sys.executable, "-m", "inburgerbot"]


def _run(args: list[str], data_dir: Path, stdin: str = "", **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "INBURGERBOT_DATA_DIR": str(data_dir), **env}
    environment.pop("INBURGERBOT_DATABASE_URL", None) if "INBURGERBOT_DATABASE_URL" not in env else None
    return subprocess.run(
        [*CLI, *args], input=stdin, capture_output=True, text=True, env=environment, timeout=120, check=False
    )


def _assert_one_line_error(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert "Traceback" not in result.stderr
    assert len(lines) >= 1 and all(w in result.stderr for w in words), result.stderr


async def test_client_add_prints_json_and_the_code_links_once(tmp_path: Path) -> None:
    result = _run(["client", "add", "--municipality", "demo", "--lang", "ti", "--json"], tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert {"id", "invite_code", "invite_link"} <= data.keys()
    assert data["invite_link"].endswith("start=" + data["invite_code"].replace("-", ""))
    store = CaseStore.from_url(f"sqlite+aiosqlite:///{(tmp_path / 'inburgerbot.sqlite3').resolve()}")
    try:
        async with store.uow() as uow:
            assert await uow.invites.redeem(data["invite_code"], 11, 11) == (RedeemOutcome.LINKED, data["id"])
        async with store.uow() as uow:
            assert (await uow.invites.redeem(data["invite_code"], 12, 12))[0] is RedeemOutcome.USED
            assert (await uow.clients.get(data["id"])).language == "ti"
    finally:
        await store.dispose()


def test_chat_greets_in_arabic_and_dutch_and_switches_language(tmp_path: Path) -> None:
    # Button 3 is "Language"; then button 8 is the eighth language (Ukrainian).
    result = _run(["chat", "--lang", "ar"], tmp_path, stdin="3\n8\n/quit\n")
    assert result.returncode == 0, result.stderr
    greeting, _, rest = result.stdout.partition("> ")
    assert any("\u0600" <= ch <= "\u06ff" for ch in greeting)
    assert "🇳🇱" in greeting and "Demodorp" in greeting
    assert "[1]" in greeting and "[4]" in greeting
    after_switch = rest.split("> ")[1]
    menu_line = next(line for line in after_switch.splitlines() if line.startswith("[1]"))
    assert any("\u0400" <= ch <= "\u04ff" for ch in after_switch.splitlines()[0])
    assert any("\u0400" <= ch <= "\u04ff" for ch in menu_line)


@pytest.mark.parametrize(
    ("args", "env", "words"),
    [
        (
            ["client", "add", "--municipality", "atlantis", "--lang", "ar"],
            {},
            ("unknown municipality", "atlantis"),
        ),
        (["client", "add", "--municipality", "demo", "--lang", "xx"], {}, ("unknown language code", "xx")),
        (["chat", "--lang", "klingon"], {}, ("unknown language code",)),
        (["explain", "no_such_topic"], {}, ("unknown topic",)),
        (
            ["db", "upgrade"],
            {"INBURGERBOT_DATABASE_URL": "postgresql+asyncpg://nobody@127.0.0.1:1/none"},
            ("cannot reach the database",),
        ),
    ],
)
def test_bad_input_gives_a_clear_one_line_error(
    tmp_path: Path, args: list[str], env: dict[str, str], words: tuple[str, ...]
) -> None:
    _assert_one_line_error(_run(args, tmp_path, **env), *words)


def test_malformed_municipality_file_is_named(tmp_path: Path) -> None:
    folder = tmp_path / "municipalities"
    folder.mkdir()
    (folder / "demo.yaml").write_text("code: demo\nname: [unclosed\n", encoding="utf-8")
    result = _run(["db", "upgrade"], tmp_path, INBURGERBOT_MUNICIPALITIES_DIR=str(folder))
    _assert_one_line_error(result, "demo.yaml", "not valid YAML")
    assert not (tmp_path / "inburgerbot.sqlite3").exists()  # nothing half-written


def test_db_upgrade_is_repeatable(tmp_path: Path) -> None:
    assert _run(["db", "upgrade"], tmp_path).returncode == 0
    second = _run(["db", "upgrade"], tmp_path)
    assert second.returncode == 0 and "up to date" in second.stdout


def test_demo_seeds_and_prints_codes(tmp_path: Path) -> None:
    result = _run(["demo", "--no-serve"], tmp_path)
    assert result.returncode == 0, result.stderr
    codes = [
        line.split()[0] for line in result.stdout.splitlines() if line.startswith("  ") and "DEMO-" in line
    ]
    assert len(codes) == 3
    again = _run(["demo", "--no-serve"], tmp_path)
    # Seeding twice makes no second set of clients: the same three, with fresh codes.
    assert len([ln for ln in again.stdout.splitlines() if "DEMO-" in ln]) == 3

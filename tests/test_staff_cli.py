"""`inburgerbot user add --role regisseur|admin|partner`."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from inburgerbot import cli
from web.passwords import verify_password


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("INBURGERBOT_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("INBURGERBOT_DATABASE_URL", raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_add_users_of_every_role(
    env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert (
        cli.run(
            [
                "user",
                "add",
                "--role",
                "regisseur",
                "--municipality",
                "demo",
                "--username",
                "anna",
                "--name",
                "Anna de Vries",
                "--json",
            ]
        )
        == 0
    )
    made = json.loads(capsys.readouterr().out)
    assert made["role"] == "regisseur" and len(made["password"]) >= 12
    monkeypatch.setattr("sys.stdin", io.StringIO("a long enough password\n"))
    assert (
        cli.run(
            [
                "user",
                "add",
                "--role",
                "partner",
                "--municipality",
                "demo",
                "--username",
                "vwn",
                "--partner-org",
                "VluchtelingenWerk",
                "--password-stdin",
            ]
        )
        == 0
    )
    assert "password" not in capsys.readouterr().out
    assert cli.run(["user", "add", "--role", "admin", "--municipality", "demo", "--username", "boss"]) == 0
    capsys.readouterr()

    import asyncio

    from casestore.uow import CaseStore

    async def check() -> None:
        store = CaseStore.from_url(f"sqlite+aiosqlite:///{env / 'inburgerbot.sqlite3'}")
        async with store.uow() as uow:
            anna = await uow.staff.credentials("anna")
            vwn = await uow.staff.credentials("vwn")
        await store.dispose()
        assert anna.password_hash.startswith("$argon2id$")
        assert verify_password(anna.password_hash, made["password"])
        assert vwn.user.partner_org_id is not None and verify_password(
            vwn.password_hash, "a long enough password"
        )

    asyncio.run(check())


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--role", "partner", "--municipality", "demo", "--username", "p"], "needs --partner-org"),
        (["--role", "regisseur", "--municipality", "nowhere", "--username", "r"], "unknown municipality"),
        (
            ["--role", "admin", "--municipality", "demo", "--username", "a", "--partner-org", "X"],
            "only for partner",
        ),
    ],
)
def test_mistakes_are_one_line_errors(
    env: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert cli.run(["user", "add", *args]) == 1
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_a_username_is_taken_once(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.run(["user", "add", "--role", "admin", "--municipality", "demo", "--username", "x"]) == 0
    assert cli.run(["user", "add", "--role", "admin", "--municipality", "demo", "--username", "x"]) == 1
    assert "taken" in capsys.readouterr().err


def test_short_passwords_are_refused(
    env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert (
        cli.run(
            [
                "user",
                "add",
                "--role",
                "admin",
                "--municipality",
                "demo",
                "--username",
                "y",
                "--password-stdin",
            ]
        )
        == 1
    )
    assert "at least 12" in capsys.readouterr().err

"""`inburgerbot appointment|broadcast|responses ... --json` as a user runs them (in-process, SQLite)."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from casestore.models import AuditLog
from casestore.uow import CaseStore
from inburgerbot.cli import run


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    for key in ("INBURGERBOT_DATABASE_URL", "INBURGERBOT_BOT_TOKEN", "INBURGERBOT_REDIS_URL"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("INBURGERBOT_DATA_DIR", str(tmp_path))

    def call(*args: str) -> tuple[int, object, str]:
        code = run(list(args))
        out, err = capsys.readouterr()
        return code, (json.loads(out) if code == 0 and "--json" in args else out), err

    return call


def test_appointment_add_cancel_and_broadcast_status(cli) -> None:  # type: ignore[no-untyped-def]
    code, client, _ = cli("client", "add", "--municipality", "demo", "--lang", "fa", "--json")
    assert code == 0
    code, added, _ = cli(
        "appointment",
        "add",
        "--client",
        str(client["id"]),
        "--kind",
        "pip_gesprek",
        "--at",
        "2030-04-01T09:30",
        "--location",
        "Stadhuis",
        "--json",
    )
    assert code == 0
    # Monday 1 April 2030, the day after the clocks went forward: 09:30 summer time in Amsterdam.
    assert added["starts_at"] == "2030-04-01T07:30:00+00:00"
    assert {r["purpose"]: r["due_at"] for r in added["reminders"]} == {
        "before_168h": "2030-03-25T08:30:00+00:00",  # 09:30 winter time, the Monday before
        "before_24h": "2030-03-31T07:30:00+00:00",  # 09:30 on the Sunday of the change
        "before_2h": "2030-03-31T18:30:00+00:00",  # out of the night: 20:30 the evening before
    }
    code, cancelled, _ = cli("appointment", "cancel", str(added["id"]), "--json")
    assert code == 0 and cancelled["status"] == "cancelled"
    assert {r["purpose"]: r["state"] for r in cancelled["reminders"]}["cancelled"] == "pending"

    code, sent, _ = cli(
        "broadcast", "send", "--municipality", "demo", "--text", "Morgen geen les.", "--lang", "fa", "--json"
    )
    assert code == 0 and (sent["recipients"], sent["not_linked"]) == (0, 1)
    code, status, _ = cli("broadcast", "status", str(sent["id"]), "--json")
    assert code == 0 and status["total"] == 0 and status["state"] == "done"
    code, responses, _ = cli("responses", "--pending", "--json")
    assert code == 0 and responses == []


def test_mistakes_give_one_line(cli) -> None:  # type: ignore[no-untyped-def]
    code, _, err = cli(
        "appointment", "add", "--client", "404", "--kind", "examen", "--at", "2030-01-01T10:00"
    )
    assert code == 1 and err.strip() == "inburgerbot: client 404 not found"
    code, _, err = cli("appointment", "add", "--client", "1", "--kind", "examen", "--at", "next tuesday")
    assert code == 1 and "ISO 8601" in err and len(err.strip().splitlines()) == 1


def test_impossible_dates_give_one_line_not_a_traceback(cli) -> None:  # type: ignore[no-untyped-def]
    code, client, _ = cli("client", "add", "--municipality", "demo", "--lang", "ar", "--json")
    assert code == 0
    for at in ("0001-01-01T00:00", "9999-12-31T23:59"):  # overflowed on the shift to UTC
        code, _, err = cli(
            "appointment", "add", "--client", str(client["id"]), "--kind", "examen", "--at", at
        )
        assert code == 1 and "between the years 2000 and 2100" in err and len(err.strip().splitlines()) == 1
    code, _, err = cli("broadcast", "send", "--municipality", "demo", "--text", "x", "--on", "2030-02-30")
    assert code == 1 and "YYYY-MM-DD" in err and len(err.strip().splitlines()) == 1


def test_an_operator_reading_client_data_leaves_an_audit_row(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, client, _ = cli("client", "add", "--municipality", "demo", "--lang", "ar", "--json")
    assert code == 0
    code, added, _ = cli(
        "appointment",
        "add",
        "--client",
        str(client["id"]),
        "--kind",
        "taalles",
        "--at",
        "2030-05-06T10:00",
        "--json",
    )
    assert code == 0

    async def answer_and_read_audit(answer: bool) -> list[tuple[str, int | None, str, dict[str, object]]]:
        store = CaseStore.from_url(f"sqlite+aiosqlite:///{tmp_path / 'inburgerbot.sqlite3'}")
        try:
            async with store.uow() as uow:
                if answer:
                    await uow.responses.record(
                        appointment_id=added["id"],
                        client_id=client["id"],
                        answer="coming",
                        channel="telegram",
                    )
                rows = (await uow.session.scalars(select(AuditLog).order_by(AuditLog.id))).all()
                return [(r.action, r.client_id, r.actor_kind, dict(r.detail or {})) for r in rows]
        finally:
            await store.dispose()

    asyncio.run(answer_and_read_audit(answer=True))
    assert cli("appointment", "show", str(added["id"]), "--json")[0] == 0
    code, responses, _ = cli("responses", "--client", str(client["id"]), "--json")
    assert code == 0 and len(responses) == 1
    audit = asyncio.run(answer_and_read_audit(answer=False))
    reads = [
        (action, client_id, kind, detail)
        for action, client_id, kind, detail in audit
        if "created" not in action
    ]
    assert reads == [
        ("appointment_viewed", client["id"], "cli", {}),
        ("responses_listed", client["id"], "cli", {"rows": 1}),
    ]

"""`inburgerbot card ...` and `inburgerbot voice ...` as an operator runs them.

One real process proves the installed command; the other cases call the same entry point in-process
(starting the whole CLI costs seconds of imports each time).
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from casestore.migrate import upgrade
from casestore.uow import CaseStore
from inburgerbot.cli import run
from media.cards import png_size
from media.ogg import read_ogg_opus
from municipalities.config import load_municipalities

CLI = [sys.executable, "-m", "inburgerbot"]


def _run(args: list[str], data_dir: Path) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "INBURGERBOT_DATA_DIR": str(data_dir)}
    environment.pop("INBURGERBOT_DATABASE_URL", None)
    return subprocess.run(
        [*CLI, *args], capture_output=True, text=True, env=environment, timeout=120, check=False
    )


Call = Callable[..., tuple[int, str, str]]


@pytest.fixture
def in_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Call:
    monkeypatch.setenv("INBURGERBOT_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("INBURGERBOT_DATABASE_URL", raising=False)

    def call(*args: str) -> tuple[int, str, str]:
        code = run(list(args))
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return call


def test_voice_writes_an_ogg_opus_file(tmp_path: Path) -> None:
    out = tmp_path / "pvt-ar.ogg"
    result = _run(["voice", "pvt", "--lang", "ar", "--out", str(out), "--json"], tmp_path)
    assert result.returncode == 0, result.stderr
    info = read_ogg_opus(out.read_bytes())
    reported = json.loads(result.stdout)
    assert reported["source"] == "synthesis" and reported["duration_s"] == round(info.duration_s, 2) > 10


def test_voice_refuses_somali_honestly(in_process: Call, tmp_path: Path) -> None:
    code, _out, err = in_process("voice", "pvt", "--lang", "so", "--out", str(tmp_path / "so.ogg"))
    assert code == 1 and "no voice for 'so'" in err and "Traceback" not in err
    assert not (tmp_path / "so.ogg").exists()


def test_card_topic_and_unknown_topic(in_process: Call, tmp_path: Path) -> None:
    out = tmp_path / "boetes-ti.png"
    code, _out, err = in_process("card", "topic", "boetes", "--lang", "ti", "--out", str(out))
    assert code == 0, err
    assert png_size(out.read_bytes())[0] == 1080
    code, _out, err = in_process("card", "topic", "privacy", "--out", str(tmp_path / "x.png"))
    assert code == 1 and "no card for topic 'privacy'" in err


async def _client_with_dates(data_dir: Path) -> tuple[int, int]:
    store = CaseStore.from_url(f"sqlite+aiosqlite:///{(data_dir / 'inburgerbot.sqlite3').resolve()}")
    try:
        await upgrade(store.engine)
        async with store.uow() as uow:
            await uow.municipalities.sync((m.code, m.name) for m in load_municipalities().values())
            client = await uow.clients.add(
                municipality_code="weert",
                language="fa",
                route="z",
                termijn_start=date(2025, 6, 1),
                termijn_end=date(2028, 6, 1),
            )
            await uow.appointments.add(
                client_id=client.id, kind="brede_intake", starts_at=datetime(2025, 7, 1, 8, tzinfo=UTC)
            )
            visit = await uow.appointments.add(
                client_id=client.id,
                kind="map_sessie",
                location="Werkplein",
                starts_at=datetime(2026, 2, 2, 9, tzinfo=UTC),
            )
        return client.id, visit.id
    finally:
        await store.dispose()


def test_card_timeline_and_appointment_from_the_case_store(in_process: Call, tmp_path: Path) -> None:
    client_id, appointment_id = asyncio.run(_client_with_dates(tmp_path))  # tmp_path exists already
    out = tmp_path / "timeline.png"
    code, printed, err = in_process(
        "card", "timeline", "--client", str(client_id), "--today", "2026-01-10", "--out", str(out)
    )
    assert code == 0, err
    assert printed.strip().endswith("fa") and png_size(out.read_bytes())[0] == 1080
    card = tmp_path / "appointment.png"
    code, _out, err = in_process(
        "card", "appointment", "--id", str(appointment_id), "--lang", "uk", "--out", str(card)
    )
    assert code == 0 and card.exists(), err
    code, _out, err = in_process("card", "timeline", "--client", "999", "--out", str(out))
    assert code == 1 and "client 999 not found" in err

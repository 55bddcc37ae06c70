"""Shared for the media tests: where card PNGs are kept for people to look at, and sample case data."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from casestore.dto import AppointmentDTO, ClientDTO

REPO = Path(__file__).resolve().parents[2]
# README "Voice notes and picture cards" points here; CI keeps the folder of the run.
ARTIFACTS = Path(os.environ.get("INBURGERBOT_TEST_ARTIFACTS", REPO / "build" / "test-artifacts"))


@pytest.fixture(scope="session")
def card_artifacts() -> Path:
    folder = ARTIFACTS / "cards"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def appointment(
    kind: str = "brede_intake",
    at: datetime = datetime(2026, 12, 3, 13, 30, tzinfo=UTC),
    *,
    ident: int = 1,
    location: str | None = "Gemeentehuis Weert, Wilhelminasingel 101",
    interpreter: str | None = "ar",
    status: str = "planned",
) -> AppointmentDTO:
    return AppointmentDTO(ident, 1, kind, at, None, "Europe/Amsterdam", location, interpreter, status, None)


def client(lang: str = "ar", route: str = "b1", termijn_end: date | None = date(2028, 6, 1)) -> ClientDTO:
    return ClientDTO(
        1,
        "weert",
        None,
        None,
        lang,
        "bilingual",
        False,
        route,
        "statushouder",
        date(2025, 6, 1),
        termijn_end,
        None,
        None,
        None,
        False,
        datetime(2025, 6, 1, tzinfo=UTC),
    )


def trajectory() -> list[AppointmentDTO]:
    """Intake and PIP done, lessons begun, PVT ahead."""
    return [
        appointment("brede_intake", datetime(2025, 7, 1, 8, tzinfo=UTC), ident=3, status="done"),
        appointment("pip_gesprek", datetime(2025, 9, 10, 8, tzinfo=UTC), ident=4, status="done"),
        appointment("taalles", datetime(2025, 10, 6, 8, tzinfo=UTC), ident=5),
        appointment("pvt_sessie", datetime(2026, 3, 12, 9, tzinfo=UTC), ident=6, interpreter=None),
    ]

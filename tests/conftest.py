"""Shared fixtures: a migrated case store on SQLite and on the real PostgreSQL server.

PostgreSQL tests fail (never skip) when the server is unreachable: CI starts it in .ci/run, and a
green run must mean the production database was really exercised.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest
from hypothesis import settings

from casestore.uow import CaseStore
from tests.support.databases import create_database, drop_database, prepare_store

PG_ADMIN_DSN = os.environ.get("INBURGERBOT_TEST_PG_DSN", "postgresql://postgres@127.0.0.1:5432/test")

# `pytest --hypothesis-profile=ci`: the same examples on every run and no example database, so a red
# CI run is reproducible; without it, property tests explore new inputs each run (and replay failures).
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):  # .ci/run sets it: CI runs are reproducible
    settings.load_profile("ci")


async def make_pg_database() -> tuple[str, str]:
    """Create a throw-away database; returns (name, SQLAlchemy URL). Fails the test if PG is down."""
    try:
        return await create_database(PG_ADMIN_DSN)
    except (OSError, asyncpg.PostgresError) as exc:
        pytest.fail(
            f"PostgreSQL at {PG_ADMIN_DSN} is not reachable ({exc}); start it, tests need it", pytrace=False
        )


async def drop_pg_database(name: str) -> None:
    await drop_database(PG_ADMIN_DSN, name)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[CaseStore]:
    """A migrated, empty case store with the packaged municipalities, on each backend."""
    if request.param == "sqlite":
        case_store = CaseStore.from_url(f"sqlite+aiosqlite:///{tmp_path / 'test.sqlite3'}")
        await prepare_store(case_store)
        yield case_store
        await case_store.dispose()
        return
    name, url = await make_pg_database()
    case_store = CaseStore.from_url(url)
    try:
        await prepare_store(case_store)
        yield case_store
    finally:
        await case_store.dispose()
        await drop_pg_database(name)


@pytest.fixture
async def sqlite_store(tmp_path: Path) -> AsyncIterator[CaseStore]:
    case_store = CaseStore.from_url(f"sqlite+aiosqlite:///{tmp_path / 'test.sqlite3'}")
    await prepare_store(case_store)
    yield case_store
    await case_store.dispose()


@pytest.fixture
async def pg_store() -> AsyncIterator[tuple[CaseStore, str]]:
    """A migrated store on its own PostgreSQL database, with its URL for processes the test starts."""
    name, url = await make_pg_database()
    case_store = CaseStore.from_url(url)
    try:
        await prepare_store(case_store)
        yield case_store, url
    finally:
        await case_store.dispose()
        await drop_pg_database(name)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say how many tests ran on the real PostgreSQL and Redis servers, so a green run shows it."""
    counts: dict[str, dict[str, int]] = {"postgres": {}, "redis": {}}
    for outcome in ("passed", "failed", "error"):
        for report in terminalreporter.stats.get(outcome, []):
            if getattr(report, "when", "call") != "call" and outcome == "passed":
                continue
            for marker in counts:
                if marker in getattr(report, "keywords", {}):
                    counts[marker][outcome] = counts[marker].get(outcome, 0) + 1
    for marker, by_outcome in counts.items():
        summary = ", ".join(f"{n} {o}" for o, n in sorted(by_outcome.items())) or "none"
        terminalreporter.write_line(f"tests on the real {marker} server: {summary}")

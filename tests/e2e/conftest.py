"""Fixtures for the end-to-end tests: the emulator (once per session) and our bot polling it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path

import pytest

from casestore.uow import CaseStore
from tests.e2e.emulator_process import EmulatorProcess
from tests.e2e.harness import BotHarness

StartBot = Callable[[CaseStore], Awaitable[BotHarness]]


@pytest.fixture(scope="session")
def emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmulatorProcess]:
    process = EmulatorProcess(tmp_path_factory.mktemp("emulator") / "emulator.log")
    yield process
    process.stop()


@pytest.fixture
async def start_bot(emulator: EmulatorProcess, tmp_path: Path) -> AsyncIterator[StartBot]:
    """`harness = await start_bot(store)`: our bot polling the emulator, stopped after the test."""
    started: list[BotHarness] = []

    async def start(store: CaseStore) -> BotHarness:
        harness = BotHarness(emulator.url, store, tmp_path)
        started.append(harness)
        return await harness.start()

    yield start
    for harness in started:
        await harness.stop()

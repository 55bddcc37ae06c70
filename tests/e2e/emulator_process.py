"""Installs (npm ci, once) and starts the Bot API emulator launcher on a free loopback port.

The launcher (tests/e2e/emulator/launcher.js) starts telegram-test-api with our corrections; its
package-lock.json pins telegram-test-api 4.2.1. node_modules is installed by the tests, never edited.
A missing Node or a failed install fails the tests: a green e2e run must mean the bot really talked
to the emulator.
"""

from __future__ import annotations

import json
import select
import shutil
import subprocess
from pathlib import Path

import pytest

EMULATOR_DIR = Path(__file__).parent / "emulator"
INSTALL_TIMEOUT = 300
START_TIMEOUT = 20


def ensure_installed() -> None:
    """`npm ci` into the emulator folder when its node_modules are missing."""
    if (EMULATOR_DIR / "node_modules" / "telegram-test-api" / "package.json").exists():
        return
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        pytest.fail(
            "Node.js and npm are needed for the end-to-end tests (the Bot API emulator)", pytrace=False
        )
    result = subprocess.run(
        [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
        cwd=EMULATOR_DIR,
        capture_output=True,
        text=True,
        timeout=INSTALL_TIMEOUT,
        check=False,
    )
    if result.returncode != 0:
        pytest.fail(f"npm ci in {EMULATOR_DIR} failed:\n{result.stderr[-2000:]}", pytrace=False)


class EmulatorProcess:
    """One running launcher; `url` is its base URL (Bot API at /bot<token>/..., client API at /...)."""

    def __init__(self, log_path: Path) -> None:
        ensure_installed()
        self._log = log_path.open("wb")
        # stdin stays open: when this test process dies, the pipe closes and the launcher exits.
        self.process = subprocess.Popen(
            ["node", str(EMULATOR_DIR / "launcher.js"), "--host", "127.0.0.1", "--port", "0"],
            cwd=EMULATOR_DIR,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._log,
        )
        self.url = self._read_url()

    def _read_url(self) -> str:
        assert self.process.stdout is not None
        ready, _, _ = select.select([self.process.stdout], [], [], START_TIMEOUT)
        line = self.process.stdout.readline() if ready else b""
        if not line:
            self.stop()
            pytest.fail(f"the emulator did not start; see {self._log.name}", pytrace=False)
        event = json.loads(line)
        assert event["event"] == "listening"
        return str(event["url"])

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                stream.close()
        self._log.close()

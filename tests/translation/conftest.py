"""Tiny real Argos packages, installed with argostranslate's own installer, and no network at all."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.translation.tiny_argos import build_package, train_sentencepiece
from translation.argos import ArgosTranslationService

# Every direction a test may install; seeds make each model translate differently.
PAIRS: dict[tuple[str, str], int] = {
    ("ar", "en"): 1,
    ("en", "nl"): 2,
    ("nl", "en"): 3,
    ("en", "ar"): 4,
    ("nl", "uk"): 5,
    ("ar", "nl"): 6,
}
# What most tests install: Arabic and Dutch only through English, Ukrainian direct, no Tigrinya.
STANDARD = [("ar", "en"), ("en", "nl"), ("nl", "en"), ("en", "ar"), ("nl", "uk")]


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Translation must never reach beyond this machine: any non-loopback connection fails the test."""
    real_connect = socket.socket.connect

    def guarded(sock: socket.socket, address: Any) -> Any:
        if sock.family in (socket.AF_INET, socket.AF_INET6):
            host = address[0]
            try:
                loopback = ipaddress.ip_address(host).is_loopback
            except ValueError:
                loopback = host == "localhost"
            if not loopback:
                raise AssertionError(f"network access attempted: {host}")
        return real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture(scope="session")
def argos_archives(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """One `.argosmodel` per direction, built once per test session (about a second)."""
    workdir = tmp_path_factory.mktemp("argos-build")
    sentencepiece_model = train_sentencepiece()
    return {pair: build_package(workdir, *pair, sentencepiece_model, seed) for pair, seed in PAIRS.items()}


@pytest.fixture
def install_argos(
    argos_archives: dict[tuple[str, str], Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Callable[..., Path]:
    """Install the given directions into a fresh packages directory, as `argospm install` does."""
    import argostranslate.package
    import argostranslate.settings

    def install(pairs: list[tuple[str, str]] = STANDARD, name: str = "argos-packages") -> Path:
        packages_dir = tmp_path / name
        packages_dir.mkdir()
        monkeypatch.setattr(argostranslate.settings, "package_data_dir", packages_dir)
        for pair in pairs:
            argostranslate.package.install_from_path(argos_archives[pair])
        return packages_dir

    return install


@pytest.fixture
def argos_dir(install_argos: Callable[..., Path]) -> Path:
    return install_argos()


@pytest.fixture
def service(argos_dir: Path) -> Iterator[ArgosTranslationService]:
    svc = ArgosTranslationService(argos_dir)
    yield svc
    svc.close()

"""Builds the translation service from settings, once, without importing argostranslate."""

from __future__ import annotations

from pathlib import Path

from inburgerbot.settings import Settings
from translation.argos import ArgosTranslationService, argos_installed
from translation.results import NullTranslationService, TranslationService


def argos_packages_dir(settings: Settings) -> Path:
    """`INBURGERBOT_ARGOS_PACKAGES_DIR`, else `argos-packages` in the data folder."""
    return settings.argos_packages_dir or settings.data_dir / "argos-packages"


def build_translation_service(settings: Settings) -> TranslationService:
    """The Argos backend when the `translate` extra is installed, else a service that translates nothing."""
    if not argos_installed():
        return NullTranslationService()
    return ArgosTranslationService(argos_packages_dir(settings))

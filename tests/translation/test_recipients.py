"""What features call: labelled text per recipient, Dutch for the regisseur, broadcast texts."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from locales.catalogs import gettext_for
from translation import (
    MACHINE_TRANSLATED,
    NOT_TRANSLATED,
    NullTranslationService,
    RecipientText,
    Translation,
    broadcast_translations,
    build_translation_service,
    machine_translation_note,
    no_translation_note,
    translate_for_recipient,
    translate_to_dutch,
)
from translation.argos import ArgosTranslationService
from translation.results import LanguagePair, NoTranslation, TranslationResult

DUTCH_TEXT = "De les begint morgen om negen uur."


def test_notes_are_catalog_messages_in_the_readers_language_and_dutch() -> None:
    assert machine_translation_note("ar") == (
        gettext_for("ar", MACHINE_TRANSLATED) + "\n" + gettext_for("nl", MACHINE_TRANSLATED)
    )
    assert machine_translation_note("uk") == (
        gettext_for("uk", MACHINE_TRANSLATED) + "\n" + gettext_for("nl", MACHINE_TRANSLATED)
    )
    assert machine_translation_note("nl") == gettext_for("nl", MACHINE_TRANSLATED)
    assert no_translation_note("ti") == gettext_for("ti", NOT_TRANSLATED) + "\n" + gettext_for(
        "nl", NOT_TRANSLATED
    )


async def test_each_reader_gets_a_labelled_translation_or_the_labelled_original(
    service: ArgosTranslationService,
) -> None:
    dutch = await translate_for_recipient(service, DUTCH_TEXT, "nl")
    assert dutch == RecipientText(DUTCH_TEXT, None) and not dutch.machine and dutch.message() == DUTCH_TEXT

    arabic = await translate_for_recipient(service, DUTCH_TEXT, "ar")  # nl → en → ar
    expected = await service.translate(DUTCH_TEXT, "nl", "ar")
    assert isinstance(expected, Translation) and expected.route == ("nl", "en", "ar")
    assert arabic == RecipientText(expected.text, machine_translation_note("ar")) and arabic.machine
    assert arabic.message() == f"{expected.text}\n\n{machine_translation_note('ar')}"

    tigrinya = await translate_for_recipient(service, DUTCH_TEXT, "ti")  # no model
    assert tigrinya == RecipientText(DUTCH_TEXT, no_translation_note("ti")) and not tigrinya.machine

    nothing = await translate_for_recipient(None, DUTCH_TEXT, "ar")
    assert nothing == RecipientText(DUTCH_TEXT, no_translation_note("ar"))
    assert await translate_for_recipient(NullTranslationService(), DUTCH_TEXT, "uk") == RecipientText(
        DUTCH_TEXT, no_translation_note("uk")
    )


async def test_dutch_for_the_regisseur(service: ArgosTranslationService) -> None:
    arabic = "لدي موعد في البلدية غدا."
    expected = await service.translate(arabic, "ar", "nl")
    assert isinstance(expected, Translation)
    assert await translate_to_dutch(service, arabic, "ar") == expected.text
    assert await translate_to_dutch(service, "ሰላም", "ti") is None  # no model
    assert await translate_to_dutch(service, DUTCH_TEXT, "nl") is None  # already Dutch
    assert await translate_to_dutch(None, arabic, "ar") is None


async def test_dutch_for_the_regisseur_gives_up_after_the_timeout() -> None:
    class Slow:
        async def available_pairs(self) -> list[LanguagePair]:
            return []

        async def translate(self, text: str, src: str, dst: str) -> TranslationResult:
            await asyncio.sleep(5)
            return NoTranslation(src, dst, "failed")

        def close(self) -> None:
            return None

    assert await translate_to_dutch(Slow(), "سؤال", "ar", within=0.05) is None


async def test_broadcast_texts_keep_curated_and_leave_out_languages_without_a_model(
    service: ArgosTranslationService,
) -> None:
    texts = await broadcast_translations(
        service, DUTCH_TEXT, ["nl", "ar", "uk", "ti", "fa"], curated={"fa": "متن ترجمه شده"}
    )
    uk = await translate_for_recipient(service, DUTCH_TEXT, "uk")
    ar = await translate_for_recipient(service, DUTCH_TEXT, "ar")
    assert texts == {"fa": "متن ترجمه شده", "uk": uk.message(), "ar": ar.message()}
    # Too long for the broadcast once labelled: left out, so the Dutch original goes with its note.
    limit = len(uk.message()) - 1
    short = await broadcast_translations(service, DUTCH_TEXT, ["ar", "uk"], max_length=limit)
    assert short == ({"ar": ar.message()} if len(ar.message()) <= limit else {})


def test_factory_picks_argos_when_installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from inburgerbot.settings import Settings

    monkeypatch.setenv("INBURGERBOT_ARGOS_PACKAGES_DIR", str(tmp_path / "models"))
    service = build_translation_service(Settings())
    try:
        assert isinstance(service, ArgosTranslationService) and service.packages_dir == tmp_path / "models"
    finally:
        service.close()
    monkeypatch.delenv("INBURGERBOT_ARGOS_PACKAGES_DIR")
    monkeypatch.setenv("INBURGERBOT_DATA_DIR", str(tmp_path / "data"))
    default = build_translation_service(Settings())
    try:
        assert isinstance(default, ArgosTranslationService)
        assert default.packages_dir == tmp_path / "data" / "argos-packages"
    finally:
        default.close()

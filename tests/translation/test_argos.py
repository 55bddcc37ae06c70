"""The Argos backend on tiny real packages: discovery, routes, cache, fallback, a loop that never blocks."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from translation.argos import MAX_TEXT_CHARS, ArgosTranslationService
from translation.results import LanguagePair, NoTranslation, Translation

ARABIC = "مرحبا، كيف حالك؟ لدي موعد في البلدية غدا."


async def test_lists_installed_pairs_and_pivots_through_english(service: ArgosTranslationService) -> None:
    assert await service.available_pairs() == [
        LanguagePair("ar", "en"),
        LanguagePair("ar", "nl", via="en"),
        LanguagePair("en", "ar"),
        LanguagePair("en", "nl"),
        LanguagePair("nl", "ar", via="en"),
        LanguagePair("nl", "en"),
        LanguagePair("nl", "uk"),
    ]


async def test_direct_pair_runs_the_argos_model(service: ArgosTranslationService, argos_dir: Path) -> None:
    result = await service.translate(ARABIC, "ar", "en")
    assert isinstance(result, Translation)
    assert (result.route, result.pivot, result.machine) == (("ar", "en"), None, True)
    assert result.text.strip() and result.text != ARABIC
    # argostranslate's own objects did the work: its PackageTranslation with a loaded CTranslate2 model.
    import ctranslate2
    from argostranslate.translate import PackageTranslation

    loaded = service._translations[("ar", "en")]
    assert isinstance(loaded, PackageTranslation) and isinstance(loaded.translator, ctranslate2.Translator)
    # Deterministic: a second service over the same packages says the same.
    other = ArgosTranslationService(argos_dir)
    try:
        assert (await other.translate(ARABIC, "ar", "en")) == result
    finally:
        other.close()


async def test_pivots_through_english_when_no_direct_pair(service: ArgosTranslationService) -> None:
    result = await service.translate(ARABIC, "ar", "nl")
    assert isinstance(result, Translation)
    assert (result.route, result.pivot, result.pair) == (("ar", "en", "nl"), "en", "ar→en→nl")
    english = await service.translate(ARABIC, "ar", "en")
    assert isinstance(english, Translation)
    dutch = await service.translate(english.text, "en", "nl")
    assert isinstance(dutch, Translation)
    assert result.text == dutch.text


async def test_direct_pair_wins_over_the_pivot(install_argos: Callable[..., Path]) -> None:
    pivot_only = ArgosTranslationService(install_argos([("ar", "en"), ("en", "nl")], name="pivot"))
    with_direct = ArgosTranslationService(
        install_argos([("ar", "en"), ("en", "nl"), ("ar", "nl")], name="direct")
    )
    try:
        via = await pivot_only.translate(ARABIC, "ar", "nl")
        direct = await with_direct.translate(ARABIC, "ar", "nl")
        assert isinstance(via, Translation) and isinstance(direct, Translation)
        assert via.route == ("ar", "en", "nl") and direct.route == ("ar", "nl")
        assert direct.text != via.text
        assert LanguagePair("ar", "nl") in await with_direct.available_pairs()
    finally:
        pivot_only.close()
        with_direct.close()


async def test_missing_pair_is_reported_never_faked(service: ArgosTranslationService) -> None:
    assert await service.translate("Hallo", "nl", "ti") == NoTranslation("nl", "ti", "no_model")
    assert await service.translate("ሰላም", "ti", "nl") == NoTranslation("ti", "nl", "no_model")
    # uk → nl is not installed (only nl → uk), and English is no pivot for it.
    assert await service.translate("Привіт", "uk", "nl") == NoTranslation("uk", "nl", "no_model")
    assert await service.translate("x" * (MAX_TEXT_CHARS + 1), "ar", "en") == NoTranslation(
        "ar", "en", "too_long"
    )
    same = await service.translate("Hallo", "nl", "nl")
    assert same == Translation("Hallo", "nl", "nl", ("nl",), machine=False)
    assert service.model_runs == 0


async def test_results_are_cached_and_a_burst_is_translated_once(service: ArgosTranslationService) -> None:
    first = await service.translate(ARABIC, "ar", "en")
    assert isinstance(first, Translation)
    again = await service.translate(ARABIC, "ar", "en")
    assert again == first and service.model_runs == 1
    assert service.cache_info().hits == 1
    # A broadcast asks for the same text many times at once: one model run.
    burst = await asyncio.gather(
        *(service.translate("De les begint om negen uur.", "nl", "uk") for _ in range(8))
    )
    assert len(set(burst)) == 1 and service.model_runs == 2
    # Same text, other direction: not served from the cache.
    other = await service.translate(ARABIC, "ar", "nl")
    assert isinstance(other, Translation) and other.text != first.text and service.model_runs == 3


async def test_paragraphs_and_blank_lines_keep_their_place(service: ArgosTranslationService) -> None:
    result = await service.translate("Hallo.\n\nDe les begint om negen uur.", "nl", "uk")
    assert isinstance(result, Translation)
    lines = result.text.split("\n")
    assert len(lines) == 3 and lines[1] == "" and lines[0] and lines[2]


async def test_event_loop_keeps_ticking_while_a_translation_runs(service: ArgosTranslationService) -> None:
    ticks: list[float] = []
    stop = asyncio.Event()

    async def ticker() -> None:
        for _ in range(20_000):  # bounded: ~100 s at most
            if stop.is_set():
                return
            ticks.append(time.perf_counter())
            await asyncio.sleep(0.005)

    task = asyncio.create_task(ticker())
    await asyncio.sleep(0.02)
    started = time.perf_counter()
    result = await service.translate(
        " ".join([ARABIC] * 12), "ar", "en"
    )  # first use: model load + 24 sentences
    finished = time.perf_counter()
    stop.set()
    await task
    assert isinstance(result, Translation)
    during = [t for t in ticks if started < t < finished]
    assert finished - started > 0.1  # long enough that a blocked loop could not tick
    assert len(during) >= 5, f"{len(during)} ticks in {finished - started:.2f}s"


async def test_unreadable_and_incomplete_packages_are_skipped(argos_dir: Path) -> None:
    (argos_dir / "broken").mkdir()
    (argos_dir / "broken" / "metadata.json").write_text("{not json")
    (argos_dir / "no-model").mkdir()
    (argos_dir / "no-model" / "metadata.json").write_text(
        json.dumps({"type": "translate", "from_code": "ti", "to_code": "nl"})
    )
    (argos_dir / "stray-file.txt").write_text("")
    svc = ArgosTranslationService(argos_dir)
    try:
        pairs = await svc.available_pairs()
        assert len(pairs) == 7 and all("ti" not in (p.src, p.dst) for p in pairs)
        assert isinstance(await svc.translate(ARABIC, "ar", "en"), Translation)
    finally:
        svc.close()


async def test_missing_directory_means_no_pairs(tmp_path: Path) -> None:
    svc = ArgosTranslationService(tmp_path / "nowhere")
    try:
        assert await svc.available_pairs() == []
        assert await svc.translate(ARABIC, "ar", "nl") == NoTranslation("ar", "nl", "no_model")
    finally:
        svc.close()


async def test_no_message_text_reaches_the_logs(service: ArgosTranslationService, caplog: Any) -> None:
    caplog.set_level(logging.DEBUG)
    result = await service.translate(ARABIC, "ar", "nl")
    assert isinstance(result, Translation)
    logged = "\n".join(f"{r.getMessage()} {r.__dict__}" for r in caplog.records)
    assert "موعد" not in logged and result.text[:20] not in logged

"""Voice notes with the real espeak-ng and opusenc: valid Opus, the right length, cached, recordings first."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import time
import wave
from pathlib import Path

import pytest

from media.ogg import read_ogg_opus
from media.voice import ESPEAK_VOICES, NoVoiceError, SynthesisError, VoiceMaker, installed_voices, speakable

REMINDER_NL = "Herinnering: je hebt binnenkort een afspraak. Brede intake, donderdag 3 december 2026, 14:30."
REMINDER_AR = "تذكير: لديك موعد قريبًا. مقابلة التعارف، الخميس 3 ديسمبر 2026، الساعة 14:30."


@pytest.fixture
def counted_espeak(tmp_path: Path) -> tuple[str, Path]:
    """espeak-ng behind a wrapper that appends a line to a log file per run: counts real syntheses."""
    log = tmp_path / "espeak-runs.log"
    wrapper = tmp_path / "espeak-counted"
    wrapper.write_text(f'#!/bin/sh\necho run >> "{log}"\nexec {shutil.which("espeak-ng")} "$@"\n')
    wrapper.chmod(0o755)
    return str(wrapper), log


def _runs(log: Path) -> int:
    return len(log.read_text().splitlines()) if log.exists() else 0


def _wav_seconds(text: str, voice: str, speed: int) -> float:
    """How long espeak-ng itself says the speech is (its WAV written to a file has a true header)."""
    out = subprocess.run(
        ["espeak-ng", "-v", voice, "-s", str(speed), "-b", "1", "--stdout", text],
        capture_output=True,
        check=True,
        timeout=60,
    ).stdout
    frames = (len(out) - 44) // 2  # 16-bit mono PCM after the 44-byte header
    return frames / 22_050


async def test_the_measured_voice_table_matches_this_machine() -> None:
    installed = await installed_voices()
    for lang, voice in ESPEAK_VOICES.items():
        assert voice in installed or lang in installed, (lang, voice)
    assert "so" not in installed and "ti" not in installed  # README: no Somali or Tigrinya voice


@pytest.mark.parametrize(("lang", "text"), [("nl", REMINDER_NL), ("ar", REMINDER_AR)], ids=["nl", "ar"])
async def test_a_reminder_becomes_an_opus_voice_note_of_the_spoken_length(
    tmp_path: Path, lang: str, text: str
) -> None:
    maker = VoiceMaker(tmp_path / "cache")
    note = await maker.speak(text, lang)
    info = read_ogg_opus(note.audio)
    assert note.audio[:4] == b"OggS" and b"OpusHead" in note.audio[:100]
    assert (info.channels, info.input_sample_rate) == (1, 22_050)
    expected = _wav_seconds(text, ESPEAK_VOICES[lang], maker.speed_wpm)
    assert expected > 2.0
    assert note.duration_s == pytest.approx(expected, abs=0.05)
    # It also plays: opusdec decodes the whole stream without error.
    decoded = await asyncio.to_thread(
        subprocess.run,
        ["opusdec", "--quiet", "-", str(tmp_path / "out.wav")],
        input=note.audio,
        capture_output=True,
        timeout=60,
    )
    assert decoded.returncode == 0, decoded.stderr
    with wave.open(str(tmp_path / "out.wav")) as played:
        assert played.getnframes() / played.getframerate() == pytest.approx(expected, abs=0.05)
    # Telegram-sized: 24 kbit/s speech, a few KB per second.
    assert len(note.audio) < 4_500 * note.duration_s


async def test_the_same_text_twice_runs_espeak_once(tmp_path: Path, counted_espeak: tuple[str, Path]) -> None:
    espeak, log = counted_espeak
    maker = VoiceMaker(tmp_path / "cache", espeak=espeak)
    first = await maker.speak(REMINDER_NL, "nl")
    second = await maker.speak(REMINDER_NL, "nl")
    assert _runs(log) == 1
    assert (first.cached, second.cached) == (False, True)
    assert second.audio == first.audio and second.key == first.key
    # A broadcast: many people at once, one synthesis per language.
    burst = await asyncio.gather(*(maker.speak(REMINDER_AR, "ar") for _ in range(20)))
    assert _runs(log) == 2
    assert len({n.audio for n in burst}) == 1
    # A restarted process finds the cache on disk.
    again = await VoiceMaker(tmp_path / "cache", espeak=espeak).speak(REMINDER_AR, "ar")
    assert again.cached and _runs(log) == 2
    # Emoji and direction marks do not make a different note.
    await maker.speak("⏰ \u200f" + REMINDER_NL, "nl")
    assert _runs(log) == 2
    await maker.speak(REMINDER_NL + " Tot dan!", "nl")
    assert _runs(log) == 3


async def test_somali_and_tigrinya_have_no_synthetic_voice(tmp_path: Path) -> None:
    maker = VoiceMaker(tmp_path / "cache", recordings_dir=tmp_path / "recordings")
    for lang in ("so", "ti"):
        assert not maker.can_speak(lang, "pvt")
        with pytest.raises(NoVoiceError):
            await maker.speak("Waxaad leedahay ballan.", lang, "pvt")


async def test_a_recording_wins_over_synthesis(tmp_path: Path, counted_espeak: tuple[str, Path]) -> None:
    espeak, log = counted_espeak
    recorded = await VoiceMaker(tmp_path / "other").speak("Dit is een opname van een tolk.", "nl")
    for lang in ("so", "nl"):
        target = tmp_path / "recordings" / "pvt" / f"{lang}.ogg"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(recorded.audio)
    maker = VoiceMaker(tmp_path / "cache", recordings_dir=tmp_path / "recordings", espeak=espeak)
    for lang in ("so", "nl"):
        note = await maker.speak("any text", lang, recording="pvt")
        assert (note.source, note.audio, note.lang) == ("recording", recorded.audio, lang)
    assert maker.can_speak("so", "pvt") and not maker.can_speak("so", "map")
    assert _runs(log) == 0
    # The "more" part of a topic has its own folder; keys cannot leave the recordings folder.
    assert maker.recording_path("pvt/more", "nl") is None
    assert maker.recording_path("../pvt", "nl") is None


async def test_a_broken_recording_falls_back_to_synthesis(tmp_path: Path) -> None:
    target = tmp_path / "recordings" / "map" / "nl.ogg"
    target.parent.mkdir(parents=True)
    target.write_bytes(b"not audio at all")
    maker = VoiceMaker(tmp_path / "cache", recordings_dir=tmp_path / "recordings")
    note = await maker.speak("De MAP gaat over werk.", "nl", recording="map")
    assert note.source == "synthesis" and read_ogg_opus(note.audio).duration_s > 0.5


async def test_a_missing_synthesiser_is_a_clear_error(tmp_path: Path) -> None:
    maker = VoiceMaker(tmp_path / "cache", espeak=str(tmp_path / "no-espeak"))
    with pytest.raises(SynthesisError, match="not installed"):
        await maker.speak("Hallo", "nl")
    assert not list(tmp_path.rglob("*.ogg"))  # noqa: ASYNC240 - a test's own temporary folder


def test_speakable_drops_emoji_marks_and_separators() -> None:
    assert speakable("⏰ Herinnering\n\n\u200f📌 Brede intake — — —\n🇳🇱 ") == "Herinnering\nBrede intake"
    assert speakable("برنامه\u200cهای من") == "برنامه\u200cهای من"  # Persian ZWNJ stays


async def test_notes_unused_for_two_weeks_are_pruned(tmp_path: Path) -> None:
    maker = VoiceMaker(tmp_path / "cache", keep_days=14)
    old = await maker.speak("Oude afspraak.", "nl")
    fresh = await maker.speak("Nieuwe afspraak.", "nl")
    day = 86_400
    os.utime(maker.cache_path(old.key), (time.time() - 20 * day, time.time() - 20 * day))
    assert maker.prune() == 1
    assert not maker.cache_path(old.key).exists() and maker.cache_path(fresh.key).exists()
    # Using a note counts as use: it is kept.
    os.utime(maker.cache_path(fresh.key), (time.time() - 20 * day, time.time() - 20 * day))
    await maker.speak("Nieuwe afspraak.", "nl")
    assert maker.prune() == 0

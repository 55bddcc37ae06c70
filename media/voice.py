"""Voice notes: a human recording when a municipality dropped one in, else espeak-ng → opusenc, cached.

Telegram plays OGG/Opus as a voice note. We make it offline: `espeak-ng --stdout` writes a WAV,
`opusenc` (Debian `opus-tools`) encodes it at 24 kbit/s, mono. The result is stored in the data folder
under the SHA-256 of everything that shapes the sound (voice, speed, bitrate, text), so a broadcast to a
thousand people synthesises each language once, and a restart keeps the cache. Concurrent requests for
the same text in one process share one synthesis; several processes at worst synthesise the same text
once each, and the atomic rename keeps the cache file whole either way. A note unused for 14 days is
deleted (checked at most once a day, after a synthesis): reminders name dates and places.

Recordings live in `<recordings dir>/<key>/<lang>.ogg` (e.g. `pvt/so.ogg`, `pvt/more/ti.ogg`) and win
over synthesis; that is how Somali and Tigrinya, which espeak-ng 1.51 cannot speak, get a voice.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import logging
import os
import re
import tempfile
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from media.ogg import NotOggOpusError, read_ogg_opus

log = logging.getLogger(__name__)

PACKAGED_RECORDINGS = Path(__file__).parent / "recordings"
# Bump when the synthesis pipeline changes in a way the key below does not capture.
CACHE_VERSION = 1
MAX_TEXT_CHARS = 6000
SUBPROCESS_TIMEOUT_S = 60

# The espeak-ng voice per language, measured on Debian 12's espeak-ng 1.51 (`espeak-ng --voices`;
# tests/media/test_voice.py checks this table against the machine). Somali and Tigrinya have no voice:
# the Amharic voice reads Ge'ez letters but with Amharic sounds and words, so it is not offered as Tigrinya.
ESPEAK_VOICES: dict[str, str] = {
    "nl": "nl",
    "en": "en-gb",
    "ar": "ar",
    "tr": "tr",
    "fa": "fa",
    "uk": "uk",
    "ku": "ku",
}

_KEY_PATTERN = re.compile(r"^[a-z0-9_]+(/[a-z0-9_]+)*$")
_DROP = {"\u200e", "\u200f", "\u200d", "\ufe0f", "\ufe0e", "\u2066", "\u2067", "\u2068", "\u2069"}


class NoVoiceError(LookupError):
    """Neither a recording nor an espeak-ng voice exists for this language."""

    def __init__(self, lang: str) -> None:
        super().__init__(f"no voice for language '{lang}'")
        self.lang = lang


class SynthesisError(RuntimeError):
    """espeak-ng or opusenc failed, is missing, or took too long."""


@dataclass(frozen=True)
class VoiceNote:
    """An OGG/Opus voice note. `key` names the content (cache hash or recording), e.g. to reuse an upload."""

    audio: bytes
    duration_s: float
    lang: str
    source: Literal["recording", "synthesis"]
    key: str
    cached: bool = False


@dataclass
class VoiceStats:
    syntheses: int = 0
    cache_hits: int = 0
    recordings: int = 0


def speakable(text: str) -> str:
    """The text as it should be read aloud: no emoji, direction marks or separators, tidy spaces."""
    kept = []
    for char in text:
        if char in _DROP:
            continue
        category = unicodedata.category(char)
        if category == "So" or (category == "Cn" and ord(char) > 0xFFFF):
            continue  # emoji and pictographs: espeak-ng would spell out their names
        kept.append(char)
    lines = [" ".join(line.replace("— — —", " ").split()) for line in "".join(kept).splitlines()]
    return "\n".join(line for line in lines if line)


def valid_recording_key(key: str) -> bool:
    return bool(_KEY_PATTERN.match(key)) and len(key) <= 80


class VoiceMaker:
    """Makes voice notes; built once from settings and shared (it holds only the cache location)."""

    def __init__(
        self,
        cache_dir: Path,
        recordings_dir: Path | None = None,
        *,
        espeak: str = "espeak-ng",
        opusenc: str = "opusenc",
        speed_wpm: int = 150,
        bitrate_kbps: int = 24,
        max_parallel: int = 2,
        keep_days: int = 14,
    ) -> None:
        self.cache_dir = cache_dir
        self.recordings_dir = recordings_dir if recordings_dir is not None else PACKAGED_RECORDINGS
        self.espeak = espeak
        self.opusenc = opusenc
        self.speed_wpm = speed_wpm
        self.bitrate_kbps = bitrate_kbps
        self.stats = VoiceStats()
        self._parallel = asyncio.Semaphore(max_parallel)
        self._inflight: dict[str, asyncio.Future[VoiceNote]] = {}
        self.keep_days = keep_days
        self._last_prune = 0.0

    # --- what can be spoken ------------------------------------------------------------------

    @staticmethod
    def can_synthesise(lang: str) -> bool:
        return lang in ESPEAK_VOICES

    def recording_path(self, key: str | None, lang: str) -> Path | None:
        """The human recording for this content and language, when one was dropped in."""
        if not key or not valid_recording_key(key) or not re.fullmatch(r"[a-z]{2,3}", lang):
            return None
        path = self.recordings_dir / key / f"{lang}.ogg"
        return path if path.is_file() else None

    def can_speak(self, lang: str, recording: str | None = None) -> bool:
        return self.recording_path(recording, lang) is not None or self.can_synthesise(lang)

    # --- making a note -------------------------------------------------------------------------

    async def speak(self, text: str, lang: str, recording: str | None = None) -> VoiceNote:
        """A recording of `recording` in `lang` if there is one, else `text` synthesised in `lang`."""
        path = self.recording_path(recording, lang)
        if path is not None:
            note = self._recording(path, lang)
            if note is not None:
                return note
        if not self.can_synthesise(lang):
            raise NoVoiceError(lang)
        return await self.synthesise(text, lang)

    def _recording(self, path: Path, lang: str) -> VoiceNote | None:
        data = path.read_bytes()
        try:
            info = read_ogg_opus(data)
        except NotOggOpusError as exc:
            # A broken file must not silence the topic: fall back to synthesis and tell the operator.
            log.warning("recording ignored: not Ogg Opus", extra={"path": str(path), "reason": str(exc)})
            return None
        self.stats.recordings += 1
        key = "rec:" + hashlib.sha256(data).hexdigest()
        return VoiceNote(data, info.duration_s, lang, "recording", key, cached=True)

    def cache_key(self, text: str, lang: str) -> str:
        material = json.dumps(
            [CACHE_VERSION, ESPEAK_VOICES[lang], self.speed_wpm, self.bitrate_kbps, speakable(text)],
            ensure_ascii=False,
        )
        return hashlib.sha256(material.encode("utf-8")).hexdigest()

    def cache_path(self, key: str) -> Path:
        return self.cache_dir / key[:2] / f"{key}.ogg"

    async def synthesise(self, text: str, lang: str) -> VoiceNote:
        """espeak-ng + opusenc, or the cached result of an earlier identical request."""
        if not self.can_synthesise(lang):
            raise NoVoiceError(lang)
        spoken = speakable(text)
        if not spoken:
            raise ValueError("nothing to say: the text is empty once emoji and marks are removed")
        if len(spoken) > MAX_TEXT_CHARS:
            raise ValueError(f"text too long for a voice note ({len(spoken)} > {MAX_TEXT_CHARS} characters)")
        key = self.cache_key(text, lang)
        cached = self._from_cache(key, lang)
        if cached is not None:
            return cached
        pending = self._inflight.get(key)
        if pending is None:
            pending = asyncio.ensure_future(self._make(key, spoken, lang))
            self._inflight[key] = pending
            pending.add_done_callback(lambda _done: self._inflight.pop(key, None))
            return await asyncio.shield(pending)
        self.stats.cache_hits += 1
        note = await asyncio.shield(pending)
        return VoiceNote(note.audio, note.duration_s, lang, "synthesis", key, cached=True)

    def _from_cache(self, key: str, lang: str) -> VoiceNote | None:
        path = self.cache_path(key)
        try:
            data = path.read_bytes()
            info = read_ogg_opus(data)
        except FileNotFoundError:
            return None
        except NotOggOpusError:
            log.warning("damaged voice cache file replaced", extra={"key": key})
            return None
        self.stats.cache_hits += 1
        with contextlib.suppress(OSError):
            os.utime(path)  # "last used", for `prune`
        return VoiceNote(data, info.duration_s, lang, "synthesis", key, cached=True)

    def prune(self, now: float | None = None) -> int:
        """Delete cached notes not used for `keep_days`; returns how many. A reminder's note names a date
        and a place, so it is not kept for ever (and the folder does not grow without end)."""
        cutoff = (now if now is not None else time.time()) - self.keep_days * 86_400
        removed = 0
        for path in self.cache_dir.glob("*/*.ogg"):
            with contextlib.suppress(OSError):
                if path.stat().st_mtime < cutoff:
                    path.unlink()
                    removed += 1
        return removed

    async def _prune_now_and_then(self) -> None:
        """At most once a day per process, after a synthesis, in a thread."""
        if time.monotonic() - self._last_prune < 86_400 and self._last_prune:
            return
        self._last_prune = time.monotonic()
        removed = await asyncio.to_thread(self.prune)
        if removed:
            log.info("voice cache pruned", extra={"removed": removed})

    async def _make(self, key: str, spoken: str, lang: str) -> VoiceNote:
        async with self._parallel:
            wav = await self._run(
                [self.espeak, "-v", ESPEAK_VOICES[lang], "-s", str(self.speed_wpm), "-b", "1", "--stdout"],
                spoken.encode("utf-8"),
            )
            # espeak-ng cannot seek on a pipe, so its WAV header has no true length: --ignorelength.
            audio = await self._run(
                [
                    self.opusenc,
                    "--quiet",
                    "--ignorelength",
                    "--speech",
                    "--bitrate",
                    str(self.bitrate_kbps),
                    "-",
                    "-",
                ],
                wav,
            )
        try:
            info = read_ogg_opus(audio)
        except NotOggOpusError as exc:
            raise SynthesisError(f"opusenc gave no valid Ogg Opus: {exc}") from exc
        self.stats.syntheses += 1
        self._store(key, audio)
        await self._prune_now_and_then()
        log.info("voice note synthesised", extra={"lang": lang, "key": key[:12], "bytes": len(audio)})
        return VoiceNote(audio, info.duration_s, lang, "synthesis", key, cached=False)

    def _store(self, key: str, audio: bytes) -> None:
        path = self.cache_path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".ogg")
        try:
            with os.fdopen(handle, "wb") as fh:
                fh.write(audio)
            os.replace(tmp, path)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            log.warning("voice cache not written", extra={"key": key[:12]})

    async def _run(self, argv: list[str], stdin: bytes) -> bytes:
        try:
            process = await asyncio.create_subprocess_exec(
                *argv,
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
            )
        except FileNotFoundError as exc:
            raise SynthesisError(f"{argv[0]} is not installed (Debian: espeak-ng, opus-tools)") from exc
        try:
            out, err = await asyncio.wait_for(process.communicate(stdin), SUBPROCESS_TIMEOUT_S)
        except TimeoutError as exc:
            process.kill()
            await process.wait()
            raise SynthesisError(f"{Path(argv[0]).name} took longer than {SUBPROCESS_TIMEOUT_S} s") from exc
        if process.returncode != 0 or not out:
            raise SynthesisError(
                f"{Path(argv[0]).name} failed (exit {process.returncode}): "
                f"{err.decode(errors='replace')[:200]}"
            )
        return out


async def installed_voices(espeak: str = "espeak-ng") -> set[str]:
    """Language codes espeak-ng on this machine has a voice for (first column of `--voices`)."""
    process = await asyncio.create_subprocess_exec(
        espeak, "--voices", stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL
    )
    out, _ = await process.communicate()
    codes: set[str] = set()
    for line in out.decode(errors="replace").splitlines()[1:]:
        fields = line.split()
        if len(fields) >= 2:
            codes.add(fields[1])
    return codes

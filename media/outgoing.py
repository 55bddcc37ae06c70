"""What a transport sends besides the text of a Reply: its picture card and its voice notes, as bytes.

The sender (bot/sender.py) asks this service and only moves the bytes. Decisions live here: which
languages to speak (the user's and Dutch, as the reply mode says), what to do when a language has no
voice (say so honestly in the user's language, then give the Dutch audio), and that a failing
synthesiser or a missing font costs the user the extra, never the message itself.
"""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import json
import logging
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from dialogs import listen
from dialogs.render import render, render_line
from dialogs.reply import Localized, Msg, Picture, Raw, Speech
from locales.languages import DUTCH
from media.cards import CardImage, CardPainter
from media.voice import NoVoiceError, SynthesisError, VoiceMaker, VoiceNote

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PhotoOut:
    png: bytes
    filename: str
    width: int
    height: int
    # Same key, same picture: the sender reuses Telegram's file_id instead of uploading it again.
    key: str = ""


@dataclass(frozen=True)
class VoiceOut:
    """`key` identifies the content, so a transport can reuse an upload (Telegram's file_id) for it."""

    audio: bytes
    duration: int
    key: str
    lang: str
    filename: str


@dataclass(frozen=True)
class NoticeOut:
    """A short text to show with the audio, e.g. that a language has no voice yet."""

    text: str


Outgoing = VoiceOut | NoticeOut


def spoken_languages(lang: str, mode: str) -> list[str]:
    """Whose audio to send: like the text, the user's language and Dutch unless the mode says one."""
    if mode == "dutch" or lang == DUTCH:
        return [DUTCH]
    if mode == "native":
        return [lang]
    return [lang, DUTCH]


class MediaService:
    """Built once from settings (see `build_media`), shared by every transport and worker."""

    def __init__(
        self, voice: VoiceMaker, cards: CardPainter | None = None, card_cache_size: int = 64
    ) -> None:
        self.voice = voice
        self._cards = cards
        # Drawing and PNG-encoding a card takes 50-100 ms of CPU; many users get the same topic card.
        self._card_cache: OrderedDict[str, CardImage] = OrderedDict()
        self._card_cache_size = card_cache_size
        self._painting: dict[str, asyncio.Future[CardImage]] = {}

    @property
    def cards(self) -> CardPainter:
        # Loaded on first use: the fonts and libraqm are needed only when a card is drawn.
        if self._cards is None:
            self._cards = CardPainter()
        return self._cards

    async def card(self, picture: Picture, lang: str, mode: str = "bilingual") -> CardImage:
        """The card in the language the text is shown in (Dutch-only mode: Dutch).

        Cards are kept in a small in-memory cache (the picture's data is their whole input), and a card
        that is being drawn for one user is awaited by the others instead of being drawn again.
        """
        shown = DUTCH if mode == "dutch" else lang
        key = self.photo_key(picture, lang, mode)
        cached = self._card_cache.get(key)
        if cached is not None:
            self._card_cache.move_to_end(key)
            return cached
        task = self._painting.get(key)
        if task is None:
            # Drawn in its own task, so a user who goes away (their update cancelled) does not take
            # the card away from the others waiting for it.
            task = asyncio.ensure_future(asyncio.to_thread(self.cards.paint, picture, shown))
            self._painting[key] = task
            task.add_done_callback(lambda done: self._painted(key, done))
        return await asyncio.shield(task)

    def _painted(self, key: str, task: asyncio.Future[CardImage]) -> None:
        self._painting.pop(key, None)
        if task.cancelled() or task.exception() is not None:  # retrieved here; callers get it too
            return
        self._card_cache[key] = task.result()
        while len(self._card_cache) > self._card_cache_size:
            self._card_cache.popitem(last=False)

    def photo_key(self, picture: Picture, lang: str, mode: str = "bilingual") -> str:
        """The key of the photo `photo()` would make, known before drawing it (for file_id reuse)."""
        return card_key(picture, DUTCH if mode == "dutch" else lang)

    async def photo(self, picture: Picture, lang: str, mode: str = "bilingual") -> PhotoOut | None:
        try:
            image = await self.card(picture, lang, mode)
        except Exception as exc:  # a card that cannot be drawn must not stop the message
            log.error("card not drawn", extra={"kind": picture.kind, "error": exc.__class__.__name__})
            return None
        key = self.photo_key(picture, lang, mode)
        return PhotoOut(image.png, f"{picture.kind}-{image.lang}.png", image.width, image.height, key)

    async def voice_notes(self, speech: Speech, lang: str, mode: str = "bilingual") -> list[Outgoing]:
        """Voice notes in the user's language and/or Dutch; a notice where a language has no voice."""
        out: list[Outgoing] = []
        languages = spoken_languages(lang, mode)
        if lang != DUTCH and lang in languages and not self.voice.can_speak(lang, speech.recording):
            # No recording and no espeak-ng voice (Somali, Tigrinya): say so, and give the Dutch audio.
            out.append(NoticeOut(render(listen.no_voice_notice(lang), lang, mode).combined()))
            languages = [DUTCH]
        for spoken_lang in languages:
            text = "\n".join(render_line(line, spoken_lang) for line in speech.lines)
            try:
                note = await self.voice.speak(text, spoken_lang, speech.recording)
            except NoVoiceError:
                continue
            except (SynthesisError, ValueError, OSError) as exc:
                log.error("voice note not made", extra={"lang": spoken_lang, "error": exc.__class__.__name__})
                out.append(NoticeOut(render(listen.audio_failed(), lang, mode).combined()))
                break
            out.append(_voice_out(note))
        return out


def card_key(picture: Picture, shown_lang: str) -> str:
    """A digest of everything a card is drawn from: its kind and its data as read in the language shown
    and in Dutch (the Dutch key words). Functions inside `Localized` values have no stable identity, so
    the key is made from the words they produce, never from the objects."""
    data = json.dumps(_fingerprint(picture.data, shown_lang), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(f"{picture.kind}|{shown_lang}|{data}".encode()).hexdigest()[:32]


def _fingerprint(value: object, lang: str) -> object:
    if isinstance(value, Localized):
        return [value.render(lang), value.render(DUTCH)]
    if isinstance(value, Msg | Raw):
        return [render_line(value, lang), render_line(value, DUTCH)]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = dataclasses.fields(value)
        return [type(value).__name__, *(_fingerprint(getattr(value, f.name), lang) for f in fields)]
    if isinstance(value, Mapping):
        return {str(k): _fingerprint(v, lang) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_fingerprint(v, lang) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)  # dates and times print the same for the same value


def _voice_out(note: VoiceNote) -> VoiceOut:
    return VoiceOut(note.audio, max(1, round(note.duration_s)), note.key, note.lang, f"{note.lang}.ogg")


def build_media(data_dir: Path, recordings_dir: Path | None = None) -> MediaService:
    """The voice cache lives in the data folder (`<data>/voice-cache`), beside the SQLite file."""
    return MediaService(VoiceMaker(data_dir / "voice-cache", recordings_dir))

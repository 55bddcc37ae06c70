"""What a transport sends besides the text of a Reply: its picture card and its voice notes, as bytes.

The sender (bot/sender.py) asks this service and only moves the bytes. Decisions live here: which
languages to speak (the user's and Dutch, as the reply mode says), what to do when a language has no
voice (say so honestly in the user's language, then give the Dutch audio), and that a failing
synthesiser or a missing font costs the user the extra, never the message itself.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from pathlib import Path

from dialogs import listen
from dialogs.render import render, render_line
from dialogs.reply import Picture, Speech
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

    def __init__(self, voice: VoiceMaker, cards: CardPainter | None = None) -> None:
        self.voice = voice
        self._cards = cards

    @property
    def cards(self) -> CardPainter:
        # Loaded on first use: the fonts and libraqm are needed only when a card is drawn.
        if self._cards is None:
            self._cards = CardPainter()
        return self._cards

    async def card(self, picture: Picture, lang: str, mode: str = "bilingual") -> CardImage:
        """The card in the language the text is shown in (Dutch-only mode: Dutch)."""
        shown = DUTCH if mode == "dutch" else lang
        return await asyncio.to_thread(self.cards.paint, picture, shown)

    async def photo(self, picture: Picture, lang: str, mode: str = "bilingual") -> PhotoOut | None:
        try:
            image = await self.card(picture, lang, mode)
        except Exception as exc:  # a card that cannot be drawn must not stop the message
            log.error("card not drawn", extra={"kind": picture.kind, "error": exc.__class__.__name__})
            return None
        return PhotoOut(image.png, f"{picture.kind}-{image.lang}.png", image.width, image.height)

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


def _voice_out(note: VoiceNote) -> VoiceOut:
    return VoiceOut(note.audio, max(1, round(note.duration_s)), note.key, note.lang, f"{note.lang}.ogg")


def build_media(data_dir: Path, recordings_dir: Path | None = None) -> MediaService:
    """The voice cache lives in the data folder (`<data>/voice-cache`), beside the SQLite file."""
    return MediaService(VoiceMaker(data_dir / "voice-cache", recordings_dir))

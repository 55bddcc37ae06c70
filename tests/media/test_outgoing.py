"""Which voice notes and cards a reply brings, per language and reply mode, with the real espeak-ng."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from dialogs import listen
from dialogs.pictures import appointment_picture, topic_picture
from dialogs.render import render
from dialogs.reply import Msg, Picture, Raw, Speech
from media.cards import CardImage, CardPainter, png_size
from media.ogg import read_ogg_opus
from media.outgoing import MediaService, NoticeOut, VoiceOut, build_media, card_key, spoken_languages
from media.voice import VoiceMaker
from municipalities.config import load_municipalities
from tests.media.conftest import appointment

SPEECH = Speech((Msg("⏰ Reminder: you have an appointment."), Raw("Bibliotheek Weert")))


@pytest.fixture
def media(tmp_path: Path) -> MediaService:
    return build_media(tmp_path / "data", tmp_path / "recordings")


def test_languages_follow_the_reply_mode() -> None:
    assert spoken_languages("ar", "bilingual") == ["ar", "nl"]
    assert spoken_languages("ar", "native") == ["ar"]
    assert spoken_languages("ar", "dutch") == ["nl"]
    assert spoken_languages("nl", "bilingual") == ["nl"]


async def test_arabic_user_gets_arabic_then_dutch_voice_notes(media: MediaService) -> None:
    notes = await media.voice_notes(SPEECH, "ar")
    assert [type(n) for n in notes] == [VoiceOut, VoiceOut]
    assert [n.lang for n in notes if isinstance(n, VoiceOut)] == ["ar", "nl"]
    for note in notes:
        assert isinstance(note, VoiceOut)
        assert note.duration >= 1 and read_ogg_opus(note.audio).duration_s > 1
    only_native = await media.voice_notes(SPEECH, "ar", "native")
    assert [n.lang for n in only_native if isinstance(n, VoiceOut)] == ["ar"]


@pytest.mark.parametrize("lang", ["so", "ti"])
async def test_no_voice_is_said_honestly_and_dutch_audio_follows(media: MediaService, lang: str) -> None:
    for mode in ("bilingual", "native"):
        notes = await media.voice_notes(SPEECH, lang, mode)
        assert isinstance(notes[0], NoticeOut)
        assert notes[0].text == render(listen.no_voice_notice(lang), lang, mode).combined()
        assert [n.lang for n in notes[1:] if isinstance(n, VoiceOut)] == ["nl"]


async def test_a_somali_recording_is_used_without_any_notice(media: MediaService, tmp_path: Path) -> None:
    recorded = await VoiceMaker(tmp_path / "x").speak("Opname door een tolk.", "nl")
    (tmp_path / "recordings" / "pvt").mkdir(parents=True)
    (tmp_path / "recordings" / "pvt" / "so.ogg").write_bytes(recorded.audio)
    notes = await media.voice_notes(Speech(SPEECH.lines, recording="pvt"), "so")
    assert [(type(n), n.lang) for n in notes if isinstance(n, VoiceOut)] == [
        (VoiceOut, "so"),
        (VoiceOut, "nl"),
    ]
    assert isinstance(notes[0], VoiceOut) and notes[0].audio == recorded.audio
    assert not [n for n in notes if isinstance(n, NoticeOut)]


async def test_a_broken_synthesiser_costs_the_audio_not_the_message(tmp_path: Path) -> None:
    media = MediaService(VoiceMaker(tmp_path / "cache", espeak=str(tmp_path / "missing")))
    notes = await media.voice_notes(SPEECH, "uk")
    assert notes == [NoticeOut(render(listen.audio_failed(), "uk", "bilingual").combined())]


async def test_a_picture_becomes_a_png_in_the_shown_language(media: MediaService) -> None:
    picture = appointment_picture(appointment())
    photo = await media.photo(picture, "fa")
    assert photo is not None and photo.filename == "appointment-fa.png"
    assert png_size(photo.png) == (photo.width, photo.height) and photo.width >= 1080
    dutch = await media.photo(picture, "fa", "dutch")
    assert dutch is not None and dutch.filename == "appointment-nl.png"


class CountingPainter(CardPainter):
    def __init__(self) -> None:
        super().__init__()
        self.painted = 0

    def paint(self, picture: Picture, lang: str) -> CardImage:
        self.painted += 1
        return super().paint(picture, lang)


async def test_a_card_is_drawn_once_for_many_users_and_never_mixed_up(tmp_path: Path) -> None:
    painter = CountingPainter()
    media = MediaService(VoiceMaker(tmp_path / "voice"), painter)
    weert, vught = load_municipalities()["weert"], load_municipalities()["vught"]
    pictures = [topic_picture("boetes", weert) for _ in range(12)]  # twelve users at once
    drawn = await asyncio.gather(*(media.card(p, "ar") for p in pictures if p is not None))
    assert painter.painted == 1 and len({d.png for d in drawn}) == 1
    # Different words make a different card: another municipality's amounts, another language.
    other_amounts = topic_picture("boetes", vught)
    assert other_amounts is not None and pictures[0] is not None
    assert card_key(other_amounts, "ar") != card_key(pictures[0], "ar") != card_key(pictures[0], "tr")
    assert (await media.card(other_amounts, "ar")).png != drawn[0].png
    assert painter.painted == 2
    assert (await media.card(pictures[0], "ar", mode="dutch")).lang == "nl"
    assert painter.painted == 3


async def test_a_user_who_goes_away_does_not_take_the_card_from_the_others(tmp_path: Path) -> None:
    painter = CountingPainter()
    media = MediaService(VoiceMaker(tmp_path / "voice"), painter)
    picture = topic_picture("pvt", load_municipalities()["weert"])
    assert picture is not None
    first = asyncio.create_task(media.card(picture, "fa"))
    second = asyncio.create_task(media.card(picture, "fa"))
    await asyncio.sleep(0)  # both are waiting for the one drawing
    first.cancel()
    image = await second
    assert first.cancelled() and image.png[:8] == b"\x89PNG\r\n\x1a\n"
    assert (await media.card(picture, "fa")) is image and painter.painted == 1  # kept for the next user

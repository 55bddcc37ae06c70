"""The picture cards, drawn for real in ar, fa, ti, uk and nl and kept in build/test-artifacts/cards/.

Checks: a phone-sized PNG, text actually drawn in the header band and in the body, the reader's script
in it, Arabic and Persian laid out right to left (text and pictograms mirrored) with joined letters —
compared against shaping (joined run narrower than its isolated letters), not against stored pixels.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from dialogs.pictures import appointment_picture, timeline_picture, topic_picture
from dialogs.reply import Picture
from locales.bidi import EXPLICIT_CONTROLS
from locales.catalogs import gettext_for
from media.cards import MARGIN, WIDTH, CardImage, CardPainter, UnknownCardError
from media.typeset import FontBook, Typesetter
from municipalities.config import load_municipalities
from tests.media.conftest import appointment, client, trajectory
from tests.media.test_typeset import isolated_forms

LANGS = ("ar", "fa", "ti", "uk", "nl")
SCRIPTS = {"ar": (0x0600, 0x06FF), "fa": (0x0600, 0x06FF), "ti": (0x1200, 0x137F), "uk": (0x0400, 0x04FF)}
WEERT = load_municipalities()["weert"]


def _cards() -> dict[str, Picture]:
    return {
        "appointment": appointment_picture(appointment()),
        "timeline": timeline_picture(client(), trajectory(), date(2026, 1, 15)),
        "topic-boetes": topic_picture("boetes", WEERT),  # type: ignore[dict-item]
        "topic-pvt": topic_picture("pvt", WEERT),  # type: ignore[dict-item]
        "topic-map": topic_picture("map", WEERT),  # type: ignore[dict-item]
    }


@pytest.fixture(scope="module")
def painter() -> CardPainter:
    return CardPainter()


@pytest.fixture(scope="module")
def painted(painter: CardPainter, card_artifacts: Path) -> dict[tuple[str, str], CardImage]:
    cards = {}
    for lang in LANGS:
        for name, picture in _cards().items():
            image = painter.paint(picture, lang)
            (card_artifacts / f"{name}-{lang}.png").write_bytes(image.png)
            cards[(name, lang)] = image
    return cards


def _ink(image: Image.Image, box: tuple[int, int, int, int], background: tuple[int, int, int]) -> int:
    """Pixels in `box` that differ clearly from the background colour."""
    region = image.crop(box).convert("RGB")
    difference = ImageChops.difference(region, Image.new("RGB", region.size, background)).convert("L")
    return difference.point(lambda v: 255 if v > 40 else 0).histogram()[255]


@pytest.mark.parametrize("lang", LANGS)
def test_cards_are_phone_sized_pngs_with_text_in_header_and_body(
    painted: dict[tuple[str, str], CardImage], lang: str
) -> None:
    for name in _cards():
        card = painted[(name, lang)]
        image = Image.open(io.BytesIO(card.png))
        assert image.format == "PNG" and image.size == (card.width, card.height)
        assert card.width >= 1080 and 700 <= card.height <= 2600, (name, card.height)
        band_end = card.header[1]
        header_bg = image.getpixel((WIDTH // 2, 4))
        assert _ink(image, (MARGIN, 0, WIDTH - MARGIN, band_end), header_bg) > 3000, name  # type: ignore[arg-type]
        assert _ink(image, (0, band_end + 10, WIDTH, card.height), (255, 255, 255)) > 20_000, name
        assert any(run.role == "title" for run in card.runs)
        assert (
            min(run.left for run in card.runs) >= MARGIN - 30 and max(run.right for run in card.runs) <= WIDTH
        )


@pytest.mark.parametrize("lang", ["ar", "fa", "ti", "uk"])
def test_cards_are_in_the_readers_script_with_dutch_words(
    painted: dict[tuple[str, str], CardImage], lang: str
) -> None:
    low, high = SCRIPTS[lang]
    for name in ("appointment", "timeline"):
        runs = painted[(name, lang)].runs
        assert any(low <= ord(ch) <= high for run in runs for ch in run.text), name
        assert any(run.role == "dutch" for run in runs), name


def test_dutch_cards_have_no_doubled_dutch_words(painted: dict[tuple[str, str], CardImage]) -> None:
    for name in _cards():
        assert not [run for run in painted[(name, "nl")].runs if run.role == "dutch"]


@pytest.mark.parametrize("lang", ["ar", "fa"])
def test_arabic_script_cards_are_right_to_left_and_joined(
    painted: dict[tuple[str, str], CardImage], painter: CardPainter, lang: str
) -> None:
    card = painted[("appointment", lang)]
    setter = Typesetter(painter.book, lang)
    arabic_runs = [run for run in card.runs if sum("\u0621" <= c <= "\u06ff" for c in run.text) > 3]
    assert arabic_runs
    for run in arabic_runs:
        assert run.rtl
        # Joined: the drawn run is narrower than the same letters unjoined would be.
        isolated = setter.shape(isolated_forms(run.text), 50, bold=True, rtl=True).width
        alone = setter.shape(run.text, 50, bold=True, rtl=True).width
        assert alone < 0.9 * isolated, run.text
    # Text hangs from the right edge of its column; the pictograms stand on the right.
    title = [run for run in card.runs if run.role == "title"]
    assert max(run.right for run in title) == pytest.approx(WIDTH - MARGIN - 170 - 40, abs=2)
    image = Image.open(io.BytesIO(card.png)).convert("RGB")
    band = card.header[1]
    assert image.getpixel((WIDTH - MARGIN - 85, band // 2)) == (255, 255, 255)  # the white pictogram disc
    assert image.getpixel((MARGIN + 85, band // 2)) != (255, 255, 255)
    # A line mixing Dutch words and Arabic: the Dutch words stay left of the Arabic.
    for line_runs in _lines(card):
        latin = [r for r in line_runs if r.face == "latin" and r.text.strip(" ()")]
        arabic = [r for r in line_runs if r.face == "arabic" and r.text.strip()]
        if latin and arabic and line_runs[0].role == "title":
            assert max(r.right for r in latin) <= min(r.left for r in arabic) + 1


def _lines(card: CardImage) -> list[list]:  # type: ignore[type-arg]
    lines: dict[float, list] = {}  # type: ignore[type-arg]
    for run in card.runs:
        lines.setdefault(run.baseline, []).append(run)
    return list(lines.values())


def test_left_to_right_cards_keep_pictograms_on_the_left(painted: dict[tuple[str, str], CardImage]) -> None:
    card = painted[("appointment", "uk")]
    image = Image.open(io.BytesIO(card.png)).convert("RGB")
    assert image.getpixel((MARGIN + 85, card.header[1] // 2)) == (255, 255, 255)
    assert min(run.left for run in card.runs if run.role == "title") == pytest.approx(
        MARGIN + 170 + 40, abs=2
    )


def test_the_appointment_card_says_when_in_the_readers_locale(
    painted: dict[tuple[str, str], CardImage],
) -> None:
    def text(lang: str) -> str:
        return " ".join(run.text for run in painted[("appointment", lang)].runs)

    assert "ديسمبر" in text("ar") and "donderdag 3 december 2026" in text(
        "ar"
    )  # Arabic, then the Dutch words
    assert "грудня" in text("uk") and "14:30" in text("uk")
    assert "ታሕሳስ" in text("ti")
    assert "Wilhelminasingel 101" in text("fa")


def test_the_timeline_marks_where_the_reader_is(painted: dict[tuple[str, str], CardImage]) -> None:
    card = painted[("timeline", "uk")]
    [marker] = [run for run in card.runs if run.role == "marker"]
    assert marker.text == gettext_for("uk", "You are here")
    # The marker sits just above the step that has begun last: the leerroute (B1-route), dated 6 October.
    after = sorted((run for run in card.runs if run.baseline > marker.baseline), key=lambda r: r.baseline)
    assert after[0].text == "B1-route"
    assert "жовтня" in " ".join(run.text for run in after[:3])


def test_an_unknown_card_kind_is_refused(painter: CardPainter) -> None:
    with pytest.raises(UnknownCardError):
        painter.paint(Picture(kind="poster"), "nl")


def test_fonts_are_the_debian_noto_fonts() -> None:
    book = FontBook()
    assert str(book.font_dir) == "/usr/share/fonts/truetype/noto"


@pytest.mark.parametrize("lang", ["ar", "nl"])
def test_bidi_controls_in_a_typed_address_never_reach_the_card(painter: CardPainter, lang: str) -> None:
    # Rows stored before neutralising (or written around the case store) may still hold overrides.
    hostile = appointment(location="\u202egnp.exe \u202bشارع 12\u2069 \u2066Markt 1")
    card = painter.paint(appointment_picture(hostile), lang)
    drawn = " ".join(run.text for run in card.runs)
    assert not any(char in EXPLICIT_CONTROLS for char in drawn)
    assert "gnp.exe" in drawn and "شارع" in drawn and "Markt 1" in drawn

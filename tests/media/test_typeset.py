"""Complex text layout, checked against what shaping must do rather than against stored pixels.

- Arabic letters join: a word shaped by libraqm is much narrower than the same letters in their
  isolated forms (U+FExx presentation forms), while Pillow's basic layout would draw them isolated.
- Right to left: the first letter of an Arabic line lands at the right end.
- Ge'ez: Tigrinya syllables get real glyphs from the Ethiopic face, not empty boxes.
"""

from __future__ import annotations

import unicodedata

import pytest
from PIL import Image, ImageDraw, ImageFont, features

from media.typeset import ARABIC, FontBook, Typesetter


@pytest.fixture(scope="module")
def book() -> FontBook:
    return FontBook()


def isolated_forms(text: str) -> str:
    """Each Arabic letter replaced by its isolated presentation form: what no shaping looks like."""
    isolated: dict[str, str] = {}
    for code in range(0xFE70, 0xFF00):
        decomposition = unicodedata.decomposition(chr(code))
        if decomposition.startswith("<isolated>"):
            isolated.setdefault(chr(int(decomposition.split()[1], 16)), chr(code))
    return "".join(isolated.get(c, c) for c in text)


def test_pillow_has_libraqm_and_the_fonts_use_it(book: FontBook) -> None:
    assert features.check("raqm") and features.check("fribidi") and features.check("harfbuzz")
    assert book.font(ARABIC, 48, False).layout_engine == ImageFont.Layout.RAQM


@pytest.mark.parametrize("word", ["مقابلة", "ببببب", "الخميس", "برنامه"])
def test_arabic_letters_are_joined(book: FontBook, word: str) -> None:
    setter = Typesetter(book, "ar")
    joined = setter.shape(word, 64, rtl=True).width
    apart = setter.shape(isolated_forms(word), 64, rtl=True).width
    assert isolated_forms(word) != word
    assert joined < 0.85 * apart, (joined, apart)
    # Pillow without shaping (basic layout) would draw the letters apart: as wide as the isolated forms.
    basic = ImageFont.truetype(
        str(book.font_dir / ARABIC.regular), round(64 * ARABIC.scale), layout_engine=ImageFont.Layout.BASIC
    )
    assert basic.getlength(word) > joined


def _ink_columns(image: Image.Image) -> list[int]:
    """For each pixel column, how many dark pixels it has."""
    width, height = image.size
    data = image.convert("L").tobytes()
    return [sum(1 for y in range(height) if data[y * width + x] < 128) for x in range(width)]


def test_arabic_runs_right_to_left(book: FontBook) -> None:
    """Alef (a tall stroke) first, then a long kashida (a low flat line): alef must be on the right."""
    setter = Typesetter(book, "ar")
    line = setter.shape("ا ـــــــــ", 80, rtl=True)
    assert [run.rtl for run in line.runs] == [True]

    def tall_on_the_right(image: Image.Image) -> bool:
        columns = _ink_columns(image)
        inked = [x for x, n in enumerate(columns) if n]
        left_part, right_part = inked[: len(inked) // 4], inked[-len(inked) // 10 :]
        return max(columns[x] for x in right_part) > 3 * max(columns[x] for x in left_part)

    shaped = Image.new("L", (round(line.width) + 40, 200), 255)
    setter.draw(ImageDraw.Draw(shaped), line, 20, 140, 0)
    assert tall_on_the_right(shaped)
    # The same check on Pillow's basic layout (no bidi) sees the alef on the left: the check can fail.
    basic = ImageFont.truetype(str(book.font_dir / ARABIC.regular), 90, layout_engine=ImageFont.Layout.BASIC)
    unshaped = Image.new("L", (round(line.width) + 40, 200), 255)
    ImageDraw.Draw(unshaped).text((20, 140), "ا ـــــــــ", font=basic, fill=0, anchor="ls")
    assert not tall_on_the_right(unshaped)


def test_latin_words_in_an_arabic_line_sit_left_of_the_arabic(book: FontBook) -> None:
    line = Typesetter(book, "ar").shape("مقابلة التعارف (brede intake)", 48, rtl=True)
    faces = [(run.face, run.rtl, run.text) for run in line.runs]
    latin = next(run for run in line.runs if run.text == "brede intake")
    arabic = next(run for run in line.runs if run.face == "arabic")
    assert not latin.rtl and arabic.rtl, faces
    assert latin.x + latin.width <= arabic.x
    assert line.width == pytest.approx(sum(run.width for run in line.runs))


def test_geez_syllables_get_glyphs(book: FontBook) -> None:
    setter = Typesetter(book, "ti")
    line = setter.shape("ሰላም ትግርኛ", 64)
    assert {run.face for run in line.runs} == {"ethiopic"}

    def mask(text: str) -> bytes:
        image = Image.new("L", (400, 120), 255)
        setter.draw(ImageDraw.Draw(image), setter.shape(text, 64), 10, 90, 0)
        return image.tobytes()

    # Different syllables look different (missing glyphs would all be the same empty box).
    assert len({mask("ሰ"), mask("ላ"), mask("ም"), mask("ት")}) == 4
    assert mask("ሰ") != mask("\ue000")


def test_wrapping_keeps_a_bracketed_dutch_word_together(book: FontBook) -> None:
    setter = Typesetter(book, "ar")
    width = setter.shape("مقابلة التعارف (brede", 62, bold=True, rtl=True).width + 5
    lines = setter.wrap("مقابلة التعارف (brede intake)", 62, width, bold=True, rtl=True)
    assert [line.text for line in lines] == ["مقابلة التعارف", "(brede intake)"]
    assert all(line.width <= width for line in lines)

"""Embedding levels and visual order (UAX #9) for the kinds of lines our cards hold."""

from __future__ import annotations

from media.bidi import embedding_levels, visual_order


def _visual(text: str, rtl: bool) -> str:
    """The characters left to right on screen (mirroring of brackets left aside)."""
    levels = embedding_levels(text, rtl)
    return "".join(text[i] for i in visual_order(levels))


def test_latin_stays_in_order() -> None:
    assert embedding_levels("Brede intake", rtl=False) == [0] * 12
    assert _visual("B1-route 2026", rtl=False) == "B1-route 2026"


def test_arabic_is_reversed_and_numbers_keep_their_order() -> None:
    text = "موعد 14:30"
    assert embedding_levels(text, rtl=True) == [1, 1, 1, 1, 1, 2, 2, 2, 2, 2]
    assert _visual(text, rtl=True) == "14:30 دعوم"


def test_dutch_words_in_an_arabic_line_read_left_to_right_on_the_left() -> None:
    text = "مقابلة (brede intake)"
    levels = embedding_levels(text, rtl=True)
    assert levels[text.index("b") : text.index("e)") + 1] == [2] * len("brede intake")
    assert _visual(text, rtl=True) == ")brede intake( ةلباقم"


def test_a_date_in_arabic_keeps_day_month_year_order_from_the_right() -> None:
    # Babel's Arabic date: weekday, day, month, year, time; read from the right.
    visual = _visual("الخميس 3 ديسمبر 2026, 14:30", rtl=True)
    assert visual == "14:30 ,2026 ربمسيد 3 سيمخلا"


def test_persian_zero_width_non_joiner_stays_inside_the_word() -> None:
    text = "برنامه\u200cهای"
    assert set(embedding_levels(text, rtl=True)) == {1}


def test_trailing_spaces_return_to_the_paragraph_level() -> None:
    assert embedding_levels("abc  ", rtl=True)[-2:] == [1, 1]
    assert embedding_levels("موعد ", rtl=False)[-1] == 0

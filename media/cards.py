"""Draws the picture cards of dialogs/pictures.py as PNG: 1080 px wide, large type, high contrast.

Each card is in the reader's language, with the Dutch words under each line beside a small Dutch flag,
so the card can also be shown at a counter. Arabic and Persian cards are mirrored (pictograms on the
right, text aligned right) and their text is shaped right-to-left by libraqm (media/typeset.py).
The painter measures everything first and then draws, so a card is exactly as tall as its content.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from PIL import Image, ImageDraw

from dialogs.pictures import Card, CardRow, Words, say
from dialogs.reply import Picture
from locales.bidi import EXPLICIT_CONTROLS
from locales.languages import DUTCH, LANGUAGES
from media.pictograms import Color, pictogram
from media.typeset import FontBook, TextLine, Typesetter, has_rtl

WIDTH = 1080
MARGIN = 60
INK: Color = (17, 24, 39)
MUTED: Color = (55, 65, 81)
PAPER: Color = (255, 255, 255)
HEADER: Color = (30, 58, 138)
HEADER_SOFT: Color = (219, 234, 254)
RULE: Color = (209, 213, 219)
DONE: Color = (4, 120, 87)
DONE_SOFT: Color = (209, 250, 229)
HERE: Color = (194, 65, 12)
HERE_SOFT: Color = (255, 237, 213)
TODO: Color = (75, 85, 99)
TODO_SOFT: Color = (243, 244, 246)
FLAG = ((174, 28, 40), (255, 255, 255), (33, 70, 139))

TITLE_SIZE = 62
TEXT_SIZE = 50
DETAIL_SIZE = 44
DUTCH_SIZE = 38
TIME_SIZE = 92
# Marks, joiners, variation selectors, and every explicit bidi control: an override in a typed address
# would otherwise reach libraqm and reverse its run on the card (locales/bidi.py).
_DROP = {"\u200e", "\u200f", "\u061c", "\u200d", "\ufe0f", "\ufe0e", *EXPLICIT_CONTROLS}


class UnknownCardError(ValueError):
    """A Picture whose kind this painter does not draw."""


def drawable(text: str) -> str:
    """Text without emoji and direction marks: pictograms replace emoji, and bidi is resolved by layout."""
    kept = [c for c in text if c not in _DROP and unicodedata.category(c) != "So"]
    return " ".join("".join(kept).split())


@dataclass(frozen=True)
class DrawnRun:
    """Where a run of text went: for tests that check order and direction without comparing pixels."""

    text: str
    face: str
    rtl: bool
    left: float
    right: float
    baseline: float
    role: str


@dataclass
class CardImage:
    png: bytes
    width: int
    height: int
    lang: str
    runs: list[DrawnRun] = field(default_factory=list)
    # Vertical extent of the header band and the body, for checks that text landed in them.
    header: tuple[int, int] = (0, 0)


class _Canvas:
    """A measuring pass (no image) or a drawing pass over the same layout code."""

    def __init__(self, painter: CardPainter, lang: str, image: Image.Image | None) -> None:
        self.p = painter
        self.lang = lang
        self.rtl = LANGUAGES[lang].rtl
        self.ts = Typesetter(painter.book, lang)
        self.nl = Typesetter(painter.book, DUTCH)
        self.image = image
        self.draw = ImageDraw.Draw(image) if image is not None else None
        self.runs: list[DrawnRun] = []

    # positions are given for a left-to-right layout and mirrored for Arabic and Persian
    def mx(self, left: float, width: float) -> float:
        return WIDTH - left - width if self.rtl else left

    def box(
        self, left: float, top: float, width: float, height: float, color: Color, radius: int = 0
    ) -> None:
        if self.draw is not None:
            x = self.mx(left, width)
            self.draw.rounded_rectangle((x, top, x + width, top + height), radius=radius, fill=color)

    def icon(
        self,
        name: str,
        left: float,
        top: float,
        size: int,
        color: Color,
        disc: Color | None,
        paper: Color = PAPER,
    ) -> None:
        if self.image is not None:
            tile = pictogram(name, size, color, paper, disc)
            self.image.alpha_composite(tile, (round(self.mx(left, size)), round(top)))

    def flag(self, left: float, top: float) -> None:
        if self.draw is None:
            return
        w, h = 42, 28
        x = self.mx(left, w)
        for i, color in enumerate(FLAG):
            self.draw.rectangle((x, top + i * h / 3, x + w, top + (i + 1) * h / 3), fill=color)
        self.draw.rectangle((x, top, x + w, top + h), outline=RULE, width=2)

    def text(
        self,
        text: str,
        left: float,
        top: float,
        width: float,
        size: int,
        color: Color,
        *,
        bold: bool = False,
        dutch: bool = False,
        role: str = "text",
    ) -> float:
        """Wrapped text in the column [left, left+width] (mirrored for RTL); returns its height."""
        setter = self.nl if dutch else self.ts
        # An address or a name in Latin letters keeps left-to-right order even on an Arabic card.
        rtl = self.rtl and not dutch and has_rtl(text)
        lines: list[TextLine] = setter.wrap(drawable(text), size, width, bold=bold, rtl=rtl)
        y = top
        for line in lines:
            baseline = y + line.ascent
            x0 = self.mx(left, width)
            # The Dutch words line up with the text above them: right in an RTL card, left otherwise.
            x = x0 + width - line.width if self.rtl else x0
            if self.draw is not None:
                setter.draw(self.draw, line, x, baseline, color)
                for run in line.runs:
                    self.runs.append(
                        DrawnRun(
                            run.text, run.face, run.rtl, x + run.x, x + run.x + run.width, baseline, role
                        )
                    )
            y += line.height + size * 0.12
        return y - top

    def dutch_words(
        self,
        line: Words | None,
        fallback: Words,
        left: float,
        top: float,
        width: float,
        color: Color,
        size: int = DUTCH_SIZE,
    ) -> float:
        """The Dutch key words beside a flag, unless the card is in Dutch or they add nothing."""
        if self.lang == DUTCH:
            return 0
        source = line if line is not None else fallback
        words = drawable(say(source, DUTCH))
        if not words or words == drawable(say(fallback, self.lang)):
            return 0
        flag_w = 56
        self.flag(left, top + size * 0.35)
        return self.text(words, left + flag_w, top, width - flag_w, size, color, dutch=True, role="dutch")

    def say(self, words: Words) -> str:
        return say(words, self.lang)


class CardPainter:
    """Turns a card Picture into PNG bytes. Built once; the fonts stay loaded."""

    def __init__(self, book: FontBook | None = None) -> None:
        self.book = book or FontBook()
        self._layouts: dict[str, Callable[[_Canvas, Card], float]] = {
            "appointment": self._appointment,
            "timeline": self._timeline,
            "steps": self._steps,
        }

    def paint(self, picture: Picture, lang: str) -> CardImage:
        card = picture.data.get("card")
        layout = self._layouts.get(picture.kind)
        if layout is None or not isinstance(card, Card):
            raise UnknownCardError(f"no card painter for picture kind '{picture.kind}'")
        height = round(layout(_Canvas(self, lang, None), card))
        image = Image.new("RGBA", (WIDTH, height), (*PAPER, 255))
        canvas = _Canvas(self, lang, image)
        layout(canvas, card)
        buffer = io.BytesIO()
        image.convert("RGB").save(buffer, "PNG", compress_level=6)  # optimize=True triples the time
        header = round(self._header(_Canvas(self, lang, None), card))
        return CardImage(buffer.getvalue(), WIDTH, height, lang, canvas.runs, header=(0, header))

    # --- shared parts ----------------------------------------------------------------------------

    def _header(self, c: _Canvas, card: Card) -> float:
        """The coloured band: the big pictogram, the title, and the title's Dutch words."""
        icon = 170
        text_left = MARGIN + icon + 40
        text_w = WIDTH - text_left - MARGIN
        title = c.say(card.title)
        size = self._fit(c, title, text_w, (62, 56, 50))

        def texts(canvas: _Canvas, top: float) -> float:
            h = canvas.text(title, text_left, top, text_w, size, PAPER, bold=True, role="title")
            return h + canvas.dutch_words(
                None, card.title, text_left, top + h + 6, text_w, HEADER_SOFT, size=40
            )

        text_h = texts(_Canvas(self, c.lang, None), 0)
        height = max(icon, text_h) + 2 * MARGIN
        c.box(0, 0, WIDTH, height, HEADER)
        texts(c, (height - text_h) / 2)
        c.icon(card.icon, MARGIN, (height - icon) / 2, icon, HEADER, PAPER)
        return height

    def _fit(self, c: _Canvas, text: str, width: float, sizes: tuple[int, ...]) -> int:
        """The largest of `sizes` that needs the fewest lines: long titles shrink a little, never a lot."""
        rtl = c.rtl and has_rtl(text)
        counts = [len(c.ts.wrap(drawable(text), size, width, bold=True, rtl=rtl)) for size in sizes]
        return sizes[counts.index(min(counts))]

    def _row(
        self,
        c: _Canvas,
        row: CardRow,
        top: float,
        *,
        icon_color: Color = HEADER,
        disc: Color = HEADER_SOFT,
        text_size: int = TEXT_SIZE,
        bold: bool = True,
        number: int | None = None,
        indent: float = 0,
    ) -> float:
        icon = 120
        left = MARGIN + indent
        if number is not None:
            self._number(c, number, left, top + (icon - 64) / 2)
            left += 84
        text_left = left + icon + 36
        text_w = WIDTH - text_left - MARGIN

        def texts(canvas: _Canvas, y: float) -> float:
            h = canvas.text(canvas.say(row.text), text_left, y, text_w, text_size, INK, bold=bold)
            if row.detail is not None:
                h += canvas.text(
                    canvas.say(row.detail), text_left, y + h, text_w, DETAIL_SIZE, MUTED, role="detail"
                )
            return h + canvas.dutch_words(row.dutch, row.text, text_left, y + h + 4, text_w, MUTED)

        height = texts(_Canvas(self, c.lang, None), 0)
        # A short text sits level with the middle of its pictogram; a long one starts at its top.
        texts(c, top + max(0.0, (icon - height) / 2))
        c.icon(row.icon, left, top, icon, icon_color, disc)
        return max(icon, height)

    def _number(self, c: _Canvas, number: int, left: float, top: float) -> None:
        size = 64
        if c.draw is None:
            return
        x = c.mx(left, size)
        c.draw.ellipse((x, top, x + size, top + size), fill=HEADER)
        font = c.p.book.font(c.p.book.face("latin"), 44, True)
        c.draw.text((x + size / 2, top + size / 2), str(number), font=font, fill=PAPER, anchor="mm")

    def _rule(self, c: _Canvas, top: float) -> None:
        c.box(MARGIN, top, WIDTH - 2 * MARGIN, 3, RULE)

    # --- layouts ------------------------------------------------------------------------------------

    def _appointment(self, c: _Canvas, card: Card) -> float:
        y = self._header(c, card) + 44
        for index, row in enumerate(card.rows):
            if index:
                self._rule(c, y - 22)
            is_time = row.icon == "clock"
            h = self._row(c, row, y, text_size=TIME_SIZE if is_time else TEXT_SIZE)
            y += h + 44
        return y + 16

    def _steps(self, c: _Canvas, card: Card) -> float:
        y = self._header(c, card) + 48
        for index, row in enumerate(card.rows):
            h = self._row(c, row, y, number=index + 1 if card.numbered else None)
            y += h + 40
            if card.numbered and index < len(card.rows) - 1:
                self._down_arrow(c, MARGIN + 32, y - 36)
        return y + 16

    def _down_arrow(self, c: _Canvas, left: float, top: float) -> None:
        if c.draw is None:
            return
        x = c.mx(left, 0)
        c.draw.polygon((x - 14, top, x + 14, top, x, top + 22), fill=RULE)

    def _timeline(self, c: _Canvas, card: Card) -> float:
        y = self._header(c, card) + 40
        node = 120
        tops: list[float] = []
        heights: list[float] = []
        for row in card.rows:
            tops.append(y)
            here = row.state == "here"
            pad = 20 if here else 0
            if here:
                h = self._here_height(c, card, row, node)
                c.box(MARGIN - 24, y - pad, WIDTH - 2 * MARGIN + 48, h + 2 * pad, HERE_SOFT, radius=28)
            h = self._timeline_row(c, card, row, y, node)
            heights.append(h)
            y += h + 2 * pad + 44
        # The path between the steps: solid where done, pale where still to come.
        if c.draw is not None:
            for i in range(len(card.rows) - 1):
                color = DONE if card.rows[i + 1].state in ("done", "here") else RULE
                x = MARGIN + node / 2 - 6
                c.box(x, tops[i] + node + 6, 12, tops[i + 1] - tops[i] - node - 12, color, radius=6)
        if card.footer is not None:
            self._rule(c, y - 10)
            y += 24
            y += c.text(c.say(card.footer), MARGIN, y, WIDTH - 2 * MARGIN, DETAIL_SIZE, MUTED, role="footer")
        return y + MARGIN

    def _here_height(self, c: _Canvas, card: Card, row: CardRow, node: int) -> float:
        probe = _Canvas(self, c.lang, None)
        return self._timeline_row(probe, card, row, 0, node)

    def _timeline_row(self, c: _Canvas, card: Card, row: CardRow, top: float, node: int) -> float:
        colors = {"done": (PAPER, DONE), "here": (PAPER, HERE), "todo": (TODO, TODO_SOFT)}
        fg, disc = colors.get(row.state, (HEADER, HEADER_SOFT))
        c.icon(row.icon, MARGIN, top, node, fg, disc)
        if row.state == "done":
            c.icon("check", MARGIN + node - 46, top + node - 50, 60, DONE, PAPER)
        text_left = MARGIN + node + 36
        text_w = WIDTH - text_left - MARGIN
        h = 0.0
        if row.state == "here" and card.marker is not None:
            h += self._pill(c, c.say(card.marker), text_left, top, text_w) + 10
        h += c.text(c.say(row.text), text_left, top + h, text_w, TEXT_SIZE, INK, bold=True)
        h += c.dutch_words(row.dutch, row.text, text_left, top + h + 2, text_w, MUTED)
        if row.detail is not None:
            color = HERE if row.state == "here" else DONE if row.state == "done" else MUTED
            h += (
                c.text(
                    c.say(row.detail),
                    text_left,
                    top + h + 4,
                    text_w,
                    DETAIL_SIZE,
                    color,
                    bold=True,
                    role="detail",
                )
                + 4
            )
        return max(node, h)

    def _pill(self, c: _Canvas, text: str, left: float, top: float, max_w: float) -> float:
        """'You are here': white on orange, with a pin, so it stands out without reading."""
        probe = _Canvas(self, c.lang, None)
        text_h = probe.text(text, 0, 0, max_w - 120, 42, PAPER, bold=True)
        width = min(max_w, self._text_width(c, text, 42) + 130)
        height = text_h + 24
        c.box(left, top, width, height, HERE, radius=round(height / 2))
        c.icon("pin", left + 22, top + (height - 46) / 2, 46, PAPER, None, paper=HERE)
        c.text(text, left + 84, top + 10, width - 110, 42, PAPER, bold=True, role="marker")
        return height

    def _text_width(self, c: _Canvas, text: str, size: int) -> float:
        line = c.ts.shape(drawable(text), size, bold=True, rtl=c.rtl)
        return line.width


def png_size(data: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(data)) as image:
        return image.size

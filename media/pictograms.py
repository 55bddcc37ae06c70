"""Pictograms drawn by us with Pillow shapes: one per appointment kind, step and key word on the cards.

No emoji font or image files: each pictogram is a few thick, flat shapes on a 100×100 grid, drawn four
times larger and scaled down for smooth edges. They carry meaning for people who read little, so they
stay simple: a person, a book, a briefcase, a pen, a clock, a pin.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from PIL import Image, ImageDraw

SUPERSAMPLE = 4
Color = tuple[int, int, int]
WHITE: Color = (255, 255, 255)


class Pen:
    """Draws on a 100×100 grid scaled to the tile."""

    def __init__(self, draw: ImageDraw.ImageDraw, scale: float, color: Color, paper: Color) -> None:
        self.d = draw
        self.k = scale
        self.color = color
        self.paper = paper

    def _p(self, *xy: float) -> list[float]:
        return [v * self.k for v in xy]

    def circle(
        self, cx: float, cy: float, r: float, fill: bool = True, width: float = 6, color: Color | None = None
    ) -> None:
        box = self._p(cx - r, cy - r, cx + r, cy + r)
        c = color or self.color
        if fill:
            self.d.ellipse(box, fill=c)
        else:
            self.d.ellipse(box, outline=c, width=round(width * self.k))

    def rect(
        self,
        x0: float,
        y0: float,
        x1: float,
        y1: float,
        radius: float = 0,
        fill: bool = True,
        width: float = 6,
        color: Color | None = None,
    ) -> None:
        c = color or self.color
        if fill:
            self.d.rounded_rectangle(self._p(x0, y0, x1, y1), radius=radius * self.k, fill=c)
        else:
            self.d.rounded_rectangle(
                self._p(x0, y0, x1, y1), radius=radius * self.k, outline=c, width=round(width * self.k)
            )

    def line(self, *points: float, width: float = 6, color: Color | None = None) -> None:
        self.d.line(self._p(*points), fill=color or self.color, width=round(width * self.k), joint="curve")
        r = width / 2  # round caps
        for x, y in ((points[0], points[1]), (points[-2], points[-1])):
            self.circle(x, y, r, color=color)

    def poly(self, *points: float, color: Color | None = None) -> None:
        self.d.polygon(self._p(*points), fill=color or self.color)

    def pie(
        self, cx: float, cy: float, r: float, start: float, end: float, color: Color | None = None
    ) -> None:
        self.d.pieslice(self._p(cx - r, cy - r, cx + r, cy + r), start, end, fill=color or self.color)

    def arc(
        self,
        cx: float,
        cy: float,
        r: float,
        start: float,
        end: float,
        width: float = 6,
        color: Color | None = None,
    ) -> None:
        self.d.arc(
            self._p(cx - r, cy - r, cx + r, cy + r),
            start,
            end,
            fill=color or self.color,
            width=round(width * self.k),
        )

    def person(self, cx: float, top: float, h: float, color: Color | None = None) -> None:
        """Head and shoulders: the figure used for people, talks and groups."""
        head = h * 0.22
        self.circle(cx, top + head, head, color=color)
        self.pie(cx, top + h, h * 0.42, 180, 360, color=color)


def _talk(p: Pen) -> None:
    p.person(30, 22, 58)
    p.person(72, 30, 50)
    p.rect(50, 6, 94, 28, radius=8)
    p.poly(58, 26, 66, 26, 56, 36)
    for x in (60, 72, 84):
        p.circle(x, 17, 3.2, color=p.paper)


def _people(p: Pen) -> None:
    p.person(22, 34, 44)
    p.person(78, 34, 44)
    p.person(50, 20, 62)


def _plan(p: Pen) -> None:
    p.rect(18, 12, 82, 94, radius=8, fill=False, width=7)
    p.rect(36, 5, 64, 20, radius=5)
    for y in (40, 60, 80):
        p.line(28, y, 36, y + 7, 46, y - 6, width=6)
        p.line(54, y, 72, y, width=6)


def _book(p: Pen) -> None:
    p.poly(50, 24, 8, 12, 8, 80, 50, 92)
    p.poly(50, 24, 92, 12, 92, 80, 50, 92)
    p.line(50, 26, 50, 90, width=4, color=p.paper)
    for y in (34, 48, 62):
        p.line(17, y, 40, y + 6, width=4, color=p.paper)
        p.line(60, y + 6, 83, y, width=4, color=p.paper)


def _exam(p: Pen) -> None:
    p.rect(14, 6, 70, 94, radius=6, fill=False, width=7)
    for y in (26, 42, 58):
        p.line(26, y, 58, y, width=6)
    p.circle(72, 74, 22)
    p.line(61, 74, 69, 82, 83, 66, width=7, color=p.paper)


def _sign(p: Pen) -> None:
    p.line(10, 88, 90, 88, width=6)
    p.poly(62, 12, 80, 30, 38, 72, 20, 54)
    p.poly(20, 54, 38, 72, 16, 78)
    p.line(14, 70, 22, 62, 30, 70, 38, 80, width=4)


def _work(p: Pen) -> None:
    p.rect(34, 14, 66, 34, radius=6, fill=False, width=7)
    p.rect(8, 30, 92, 86, radius=10)
    p.line(8, 54, 92, 54, width=5, color=p.paper)
    p.rect(44, 48, 56, 62, radius=3, color=p.paper)


def _flag(p: Pen) -> None:
    p.line(20, 8, 20, 94, width=8)
    p.poly(24, 10, 86, 10, 70, 32, 86, 54, 24, 54)
    for col in range(3):
        for row in range(2):
            if (col + row) % 2 == 0:
                x, y = 28 + col * 16, 14 + row * 18
                p.rect(x, y, x + 14, y + 16, color=p.paper)


def _heart(p: Pen) -> None:
    p.circle(33, 36, 22)
    p.circle(67, 36, 22)
    p.poly(12, 44, 88, 44, 50, 88)


def _money(p: Pen) -> None:
    for y in (76, 64, 52):
        p.rect(10, y, 52, y + 14, radius=7)
        p.line(16, y + 7, 46, y + 7, width=2, color=p.paper)
    p.circle(68, 40, 26)
    p.arc(71, 40, 13, 50, 310, width=6, color=p.paper)
    p.line(54, 36, 70, 36, width=4, color=p.paper)
    p.line(54, 45, 68, 45, width=4, color=p.paper)


def _interpreter(p: Pen) -> None:
    p.rect(4, 10, 56, 52, radius=12)
    p.poly(16, 50, 30, 50, 12, 66)
    p.rect(44, 40, 96, 82, radius=12, fill=False, width=6)
    p.poly(84, 80, 72, 80, 88, 94)
    p.line(16, 26, 44, 26, width=5, color=p.paper)
    p.line(16, 37, 36, 37, width=5, color=p.paper)
    p.line(56, 56, 84, 56, width=5)
    p.line(64, 67, 84, 67, width=5)


def _no_interpreter(p: Pen) -> None:
    p.rect(14, 20, 86, 72, radius=14, fill=False, width=7)
    p.poly(30, 70, 44, 70, 26, 88)
    p.line(12, 90, 88, 10, width=8)


def _calendar(p: Pen) -> None:
    p.rect(8, 16, 92, 92, radius=10, fill=False, width=7)
    p.rect(8, 16, 92, 36, radius=10)
    p.rect(8, 28, 92, 36)
    p.line(28, 8, 28, 22, width=7)
    p.line(72, 8, 72, 22, width=7)
    for row in range(2):
        for col in range(3):
            x, y = 22 + col * 22, 46 + row * 20
            p.rect(x, y, x + 13, y + 12, radius=2)


def _clock(p: Pen) -> None:
    p.circle(50, 50, 42, fill=False, width=8)
    p.line(50, 50, 50, 24, width=7)
    p.line(50, 50, 68, 60, width=7)
    p.circle(50, 50, 5)


def _pin(p: Pen) -> None:
    p.circle(50, 38, 30)
    p.poly(24, 52, 76, 52, 50, 94)
    p.circle(50, 38, 12, color=p.paper)


def _progress(p: Pen) -> None:
    p.line(10, 90, 92, 90, width=6)
    for i, h in enumerate((24, 42, 62)):
        x = 16 + i * 26
        p.rect(x, 86 - h, x + 18, 86, radius=3)
    p.line(14, 46, 40, 30, 60, 36, 86, 10, width=6)
    p.poly(92, 4, 76, 8, 88, 20)


def _check(p: Pen) -> None:
    p.line(18, 52, 40, 74, 84, 28, width=14)


def _hourglass(p: Pen) -> None:
    p.line(20, 8, 80, 8, width=8)
    p.line(20, 92, 80, 92, width=8)
    p.poly(26, 12, 74, 12, 54, 50, 74, 88, 26, 88, 46, 50)
    p.poly(36, 22, 64, 22, 50, 44, color=p.paper)
    p.poly(50, 62, 66, 84, 34, 84, color=p.paper)
    p.poly(50, 70, 60, 82, 40, 82)


def _euro(p: Pen) -> None:
    p.circle(50, 50, 44)
    p.arc(56, 50, 24, 45, 315, width=9, color=p.paper)
    p.line(22, 42, 52, 42, width=7, color=p.paper)
    p.line(22, 58, 50, 58, width=7, color=p.paper)


def _magnifier(p: Pen) -> None:
    p.circle(40, 40, 28, fill=False, width=9)
    p.line(60, 60, 88, 88, width=13)


def _phone(p: Pen) -> None:
    p.rect(26, 4, 74, 96, radius=10)
    p.rect(32, 16, 68, 78, radius=3, color=p.paper)
    p.circle(50, 87, 5, color=p.paper)


def _ear(p: Pen) -> None:
    """Listening: a speaker with sound waves."""
    p.poly(10, 38, 28, 38, 50, 16, 50, 84, 28, 62, 10, 62)
    p.arc(50, 50, 18, -50, 50, width=7)
    p.arc(50, 50, 32, -50, 50, width=7)
    p.arc(50, 50, 46, -50, 50, width=7)


def _route(p: Pen) -> None:
    p.line(16, 84, 16, 60, 50, 60, 50, 36, 84, 36, 84, 14, width=8)
    p.circle(16, 84, 10)
    p.circle(50, 48, 8)
    p.line(80, 4, 80, 30, width=5)
    p.poly(82, 4, 98, 10, 82, 16)


PICTOGRAMS: dict[str, Callable[[Pen], None]] = {
    "talk": _talk,
    "people": _people,
    "plan": _plan,
    "book": _book,
    "exam": _exam,
    "sign": _sign,
    "work": _work,
    "flag": _flag,
    "heart": _heart,
    "money": _money,
    "interpreter": _interpreter,
    "no_interpreter": _no_interpreter,
    "calendar": _calendar,
    "clock": _clock,
    "pin": _pin,
    "progress": _progress,
    "check": _check,
    "hourglass": _hourglass,
    "euro": _euro,
    "magnifier": _magnifier,
    "phone": _phone,
    "listen": _ear,
    "route": _route,
}


@lru_cache(maxsize=256)
def pictogram(
    name: str, size: int, color: Color, paper: Color = WHITE, disc: Color | None = None
) -> Image.Image:
    """An RGBA tile `size` px square; `disc` draws a round background of that colour behind it.

    `paper` is the colour of cut-outs (the background the pictogram sits on).
    """
    draw_it = PICTOGRAMS.get(name, _calendar)
    big = size * SUPERSAMPLE
    tile = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(tile)
    if disc is not None:
        draw.ellipse((0, 0, big - 1, big - 1), fill=disc)
        inset = big * 0.2
        inner = Image.new("RGBA", (round(big - 2 * inset),) * 2, (0, 0, 0, 0))
        draw_it(Pen(ImageDraw.Draw(inner), inner.width / 100, color, disc))
        tile.alpha_composite(inner, (round(inset), round(inset)))
    else:
        draw_it(Pen(draw, big / 100, color, paper))
    return tile.resize((size, size), Image.Resampling.LANCZOS)

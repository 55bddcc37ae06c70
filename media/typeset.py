"""Lines of text on a card: Noto font per script, libraqm shaping, bidi order, word wrap.

Pillow draws one font per call and has no font fallback, so each line is cut into runs of one font and
one direction (media/bidi.py orders them). Each run is shaped by libraqm (HarfBuzz + FriBiDi): Arabic and
Persian letters join, Ge'ez syllables and marks compose. Without libraqm Arabic would come out as isolated
letters in the wrong order, so we refuse to draw rather than draw that (`ShapingUnavailableError`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from PIL import ImageDraw, ImageFont, features

from media.bidi import bidi_class, embedding_levels, visual_order

NOTO_DIR = Path("/usr/share/fonts/truetype/noto")


_WORDS = re.compile(r"\S*\([^()\s][^()]{0,40}\)\S*|\S+")


def has_rtl(text: str) -> bool:
    """Whether the text has Arabic-script (or other right-to-left) letters."""
    return any(bidi_class(c) in ("R", "AL") for c in text)


class ShapingUnavailableError(RuntimeError):
    """Pillow was built without libraqm, or FriBiDi is missing: complex scripts cannot be shaped."""


class FontsMissingError(RuntimeError):
    """The Noto fonts are not installed (Debian package fonts-noto-core)."""


@dataclass(frozen=True)
class Face:
    """A font family for one script. `scale` evens out how large scripts look at the same pixel size."""

    name: str
    regular: str
    bold: str
    scale: float = 1.0
    language: str | None = None


LATIN = Face("latin", "NotoSans-Regular.ttf", "NotoSans-Bold.ttf")  # also Cyrillic and Greek
ARABIC = Face("arabic", "NotoNaskhArabic-Regular.ttf", "NotoNaskhArabic-Bold.ttf", scale=1.12, language="ar")
ETHIOPIC = Face(
    "ethiopic", "NotoSansEthiopic-Regular.ttf", "NotoSansEthiopic-Bold.ttf", scale=1.06, language="ti"
)
FACES = (LATIN, ARABIC, ETHIOPIC)


def require_raqm() -> None:
    if not features.check("raqm"):
        raise ShapingUnavailableError(
            "Pillow has no libraqm layout (PIL.features.check('raqm') is False); install Debian libraqm0 "
            "and libfribidi0"
        )


@lru_cache(maxsize=8)
def _coverage(path: str) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    font = TTFont(path, lazy=True)
    try:
        return frozenset(font.getBestCmap())
    finally:
        font.close()


@dataclass(frozen=True)
class Run:
    """A piece of one line in one font and one direction, placed at `x` from the line's left edge."""

    text: str
    face: str
    rtl: bool
    width: float
    x: float = 0.0


@dataclass
class TextLine:
    text: str
    rtl: bool
    size: int
    bold: bool
    runs: list[Run] = field(default_factory=list)
    width: float = 0.0
    ascent: int = 0
    descent: int = 0

    @property
    def height(self) -> int:
        return self.ascent + self.descent


class FontBook:
    """The Noto faces on this machine, loaded once per size."""

    def __init__(self, font_dir: Path = NOTO_DIR) -> None:
        require_raqm()
        missing = [f for face in FACES for f in (face.regular, face.bold) if not (font_dir / f).is_file()]
        if missing:
            raise FontsMissingError(
                f"fonts missing in {font_dir}: {', '.join(missing)} (Debian fonts-noto-core)"
            )
        self.font_dir = font_dir
        self._faces = {face.name: face for face in FACES}
        self._coverage = {face.name: _coverage(str(font_dir / face.regular)) for face in FACES}
        self._paths = {
            (face.name, bold): str(font_dir / (face.bold if bold else face.regular))
            for face in FACES
            for bold in (False, True)
        }

    def face(self, name: str) -> Face:
        return self._faces[name]

    def covers(self, face: Face, char: str) -> bool:
        return ord(char) in self._coverage[face.name]

    def font(self, face: Face, size: int, bold: bool) -> ImageFont.FreeTypeFont:
        return _load(self._paths[(face.name, bold)], round(size * face.scale))

    def face_for(self, char: str, previous: Face | None) -> Face:
        """Letters go to their script's face; spaces, digits and punctuation stay with their neighbour."""
        cls = bidi_class(char)
        if cls in ("R", "AL", "AN"):
            return ARABIC if self.covers(ARABIC, char) else LATIN
        if cls == "L":
            for face in (LATIN, ETHIOPIC, ARABIC):
                if self.covers(face, char):
                    return face
            return LATIN
        if unicodedata.category(char).startswith("M") and previous is not None:
            return previous
        if previous is not None and self.covers(previous, char):
            return previous
        for face in (LATIN, ARABIC, ETHIOPIC):
            if self.covers(face, char):
                return face
        return previous or LATIN


@lru_cache(maxsize=64)
def _load(path: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size, layout_engine=ImageFont.Layout.RAQM)


class Typesetter:
    """Shapes, wraps and draws lines for one language (its script decides the faces' shaping language)."""

    def __init__(self, book: FontBook, lang: str) -> None:
        self.book = book
        self.lang = lang

    def _language(self, face: Face) -> str | None:
        if face is ARABIC and self.lang in ("ar", "fa"):
            return self.lang
        return face.language

    def measure(self, face: Face, text: str, size: int, bold: bool, rtl: bool) -> float:
        font = self.book.font(face, size, bold)
        return float(font.getlength(text, direction="rtl" if rtl else "ltr", language=self._language(face)))

    def shape(self, text: str, size: int, bold: bool = False, rtl: bool = False) -> TextLine:
        """One line: split into runs of one font and direction, in visual order, with widths and x."""
        line = TextLine(text=text, rtl=rtl, size=size, bold=bold)
        if not text:
            return line
        levels = embedding_levels(text, rtl)
        pieces: list[tuple[str, Face, int]] = []
        previous: Face | None = None
        start = 0
        for i, char in enumerate(text):
            face = self.book.face_for(char, previous)
            if i > start and (face is not previous or levels[i] != levels[i - 1]):
                assert previous is not None
                pieces.append((text[start:i], previous, levels[i - 1]))
                start = i
            previous = face
        assert previous is not None
        pieces.append((text[start:], previous, levels[-1]))
        x = 0.0
        for index in visual_order([level for _t, _f, level in pieces]):
            piece, face, level = pieces[index]
            width = self.measure(face, piece, size, bold, rtl=level % 2 == 1)
            line.runs.append(Run(piece, face.name, level % 2 == 1, width, x))
            x += width
            ascent, descent = self.book.font(face, size, bold).getmetrics()
            line.ascent, line.descent = max(line.ascent, ascent), max(line.descent, descent)
        line.width = x
        return line

    def wrap(
        self, text: str, size: int, max_width: float, bold: bool = False, rtl: bool = False
    ) -> list[TextLine]:
        """Greedy word wrap; a word wider than the line is cut between characters."""
        lines: list[TextLine] = []
        for paragraph in text.split("\n"):
            # A short bracketed group, e.g. the Dutch "(brede intake)" in an Arabic line, stays on one line.
            words = _WORDS.findall(paragraph)
            current: list[str] = []
            for word in words:
                candidate = " ".join([*current, word])
                if not current or self.shape(candidate, size, bold, rtl).width <= max_width:
                    current.append(word)
                    if len(current) == 1 and self.shape(word, size, bold, rtl).width > max_width:
                        pieces = self._cut(word, size, max_width, bold, rtl)
                        lines.extend(self.shape(p, size, bold, rtl) for p in pieces[:-1])
                        current = [pieces[-1]]
                    continue
                lines.append(self.shape(" ".join(current), size, bold, rtl))
                current = [word]
            if current:
                lines.append(self.shape(" ".join(current), size, bold, rtl))
        return lines

    def _cut(self, word: str, size: int, max_width: float, bold: bool, rtl: bool) -> list[str]:
        pieces: list[str] = []
        rest = word
        while rest:
            cut = len(rest)
            while cut > 1 and self.shape(rest[:cut], size, bold, rtl).width > max_width:
                cut -= 1
            pieces.append(rest[:cut])
            rest = rest[cut:]
        return pieces

    def draw(
        self,
        draw: ImageDraw.ImageDraw,
        line: TextLine,
        left: float,
        baseline: float,
        fill: str | int | tuple[int, ...],
    ) -> None:
        for run in line.runs:
            face = self.book.face(run.face)
            draw.text(
                (left + run.x, baseline),
                run.text,
                font=self.book.font(face, line.size, line.bold),
                fill=fill,
                anchor="ls",
                direction="rtl" if run.rtl else "ltr",
                language=self._language(face),
            )

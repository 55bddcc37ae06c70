"""The transport-agnostic reply: message ids with parameters, buttons, and optional media.

A `Reply` is not yet text. It is rendered twice, in the user's language and in Dutch, by
dialogs/render.py; the Telegram bot, the console chat and the web preview all use that renderer.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Union

# A parameter is plain (a name, a number), a nested message, or something that depends on the
# language (a date formatted with Babel, an amount of money).
Param = Union[str, int, "Msg", "Localized"]


@dataclass(frozen=True)
class Localized:
    """A value computed per language, e.g. `Localized(lambda lang: format_date(d, locale=lang))`."""

    render: Callable[[str], str]


@dataclass(frozen=True)
class Msg:
    """A catalog message id with its parameters; `plural`/`count` select a plural form."""

    msgid: str
    params: Mapping[str, Param] = field(default_factory=dict)
    plural: str | None = None
    count: int | None = None


@dataclass(frozen=True)
class Raw:
    """Text shown as is in every language: a proper name, a code, or the user's own words."""

    text: str


Line = Msg | Raw


@dataclass(frozen=True)
class Button:
    """`action` is an opaque id the dialogs understand (e.g. `lang:ar`); it stays under 64 bytes."""

    label: Line
    action: str


@dataclass(frozen=True)
class Picture:
    """A picture card to be drawn by the transport: `kind` names the card, `data` feeds it."""

    kind: str
    data: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Speech:
    """Lines to be heard as voice notes, in the user's language and in Dutch (media/ makes the audio).

    `recording` names a content folder (e.g. "pvt" or "pvt/more") where a municipality may have put a
    human recording per language; it is played instead of the synthetic voice.
    """

    lines: tuple[Line, ...]
    recording: str | None = None


@dataclass(frozen=True)
class Reply:
    body: tuple[Line, ...]
    buttons: tuple[tuple[Button, ...], ...] = ()
    picture: Picture | None = None
    # `voice`: this reply can be heard (it gets a 🔊 Listen button); `speech`: send these voice notes now.
    voice: bool = False
    speech: Speech | None = None
    # A reply that is the same in all languages (e.g. the language list) is not doubled in Dutch.
    bilingual: bool = True
    # Remove the buttons of the message this reply answers (e.g. after a one-tap answer).
    close_previous: bool = False
    # A file to send with the reply: (file name, bytes), e.g. the privacy export.
    attachment: tuple[str, bytes] | None = None
    # Show this reply in this language instead of the user's: the answer to a question written in
    # another language (dialogs/language_detect.py). None: the user's language, as always.
    lang: str | None = None


def reply(*body: Line, buttons: tuple[tuple[Button, ...], ...] = (), **kwargs: object) -> Reply:
    """Shorthand used by the dialogs."""
    return Reply(body=tuple(body), buttons=buttons, **kwargs)  # type: ignore[arg-type]

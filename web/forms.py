"""Reading HTML forms with Dutch error messages next to the field, instead of a JSON 422."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time

from starlette.datastructures import FormData

from locales.bidi import neutralise

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# 9:30, 09:30, 09.30 or 09:30:00 (a browser's time field sends the last form when it has seconds).
# Never with a zone: every time in the app is Dutch time, and time.fromisoformat("09:30+05:00") would
# be accepted only for the offset to be dropped when the day is combined with it.
_CLOCK = re.compile(r"([01]?[0-9]|2[0-3])[:.]([0-5][0-9])(?:[:.]([0-5][0-9]))?", re.ASCII)
# Dates outside these years are typing mistakes, and year 1 or 9999 overflows when shifted to UTC.
FIRST_YEAR, LAST_YEAR = 2000, 2099


def clean_text(value: str) -> str:
    """Strip control characters (PostgreSQL rejects NUL) and bidi overrides (locales/bidi.py); NFC."""
    return unicodedata.normalize("NFC", neutralise(_CONTROL.sub("", value))).strip()


@dataclass
class Form:
    data: FormData
    errors: dict[str, str] = field(default_factory=dict)

    def text(
        self, name: str, *, max_length: int, required: bool = False, label: str = "Dit veld"
    ) -> str | None:
        raw = self.data.get(name)
        value = clean_text(raw) if isinstance(raw, str) else ""
        if not value:
            if required:
                self.errors[name] = f"{label} is verplicht."
            return None
        if len(value) > max_length:
            self.errors[name] = f"{label} mag hoogstens {max_length} tekens lang zijn."
            return None
        return value

    def choice(
        self,
        name: str,
        options: tuple[str, ...] | list[str],
        *,
        required: bool = True,
        label: str = "Deze keuze",
    ) -> str | None:
        raw = self.data.get(name)
        value = raw.strip() if isinstance(raw, str) else ""
        if not value:
            if required:
                self.errors[name] = f"{label} is verplicht."
            return None
        if value not in options:
            self.errors[name] = f"{label} is geen geldige keuze."
            return None
        return value

    def day(self, name: str, *, required: bool = False, label: str = "De datum") -> date | None:
        raw = self.text(name, max_length=10, required=required, label=label)
        if raw is None:
            return None
        try:
            parsed = date.fromisoformat(raw)
        except ValueError:
            self.errors[name] = f"{label} is geen geldige datum (jjjj-mm-dd)."
            return None
        if not FIRST_YEAR <= parsed.year <= LAST_YEAR:
            self.errors[name] = f"{label} ligt te ver weg (kies {FIRST_YEAR} tot en met {LAST_YEAR})."
            return None
        return parsed

    def clock(self, name: str, *, required: bool = False, label: str = "De tijd") -> time | None:
        raw = self.text(name, max_length=8, required=required, label=label)
        if raw is None:
            return None
        parsed = parse_clock(raw)
        if parsed is None:
            self.errors[name] = f"{label} is geen geldige tijd (uu:mm)."
        return parsed

    def integer(
        self, name: str, *, minimum: int, maximum: int, default: int | None = None, label: str = "Dit getal"
    ) -> int | None:
        raw = self.text(name, max_length=6, label=label)
        if raw is None:  # empty: the default; too long: the error, not the default as if all was well
            return None if name in self.errors else default
        # isascii: "²".isdigit() is true, and int() refuses it (a 500 instead of this message).
        if not (raw.isascii() and raw.isdigit()) or not minimum <= int(raw) <= maximum:
            self.errors[name] = f"{label} moet een getal van {minimum} tot {maximum} zijn."
            return None
        return int(raw)

    def values(self) -> dict[str, str]:
        """What was typed, to show the form again after an error."""
        return {k: v for k, v in self.data.items() if isinstance(v, str) and k != "csrf_token"}


def parse_clock(value: str) -> time | None:
    """A wall-clock time as staff write it (9:30, 09:30, 09.30, 09:30:00), or None."""
    found = _CLOCK.fullmatch(value.strip())
    if found is None:
        return None
    hour, minute, second = found.groups()
    return time(int(hour), int(minute), int(second or 0))


def parse_optional_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def parse_day_start(value: str | None, default: datetime) -> datetime:
    """A yyyy-mm-dd filter value as the start of that day in Amsterdam, or the default."""
    from web.planning import local_moment

    parsed = parse_optional_date(value)
    if parsed is None or not 2000 <= parsed.year < 2100:
        return default
    return local_moment(parsed, time(0, 0))

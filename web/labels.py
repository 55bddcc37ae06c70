"""Dutch words for stored codes, for the staff interface (which is Dutch only, like its users)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime

from dialogs.appointments import KIND_LABELS
from locales.bidi import isolate
from locales.catalogs import gettext_for
from locales.languages import LANGUAGES

TZ = "Europe/Amsterdam"

LANGUAGE_NAMES_NL = {
    "nl": "Nederlands",
    "en": "Engels",
    "ar": "Arabisch",
    "ti": "Tigrinya",
    "fa": "Perzisch/Dari",
    "tr": "Turks",
    "so": "Somalisch",
    "uk": "Oekraïens",
    "ku": "Koerdisch (Kurmanji)",
}
ROUTE_NAMES = {"unknown": "nog niet bekend", "b1": "B1-route", "onderwijs": "Onderwijsroute", "z": "Z-route"}
STATUS_NAMES = {"statushouder": "statushouder", "gezinsmigrant": "gezinsmigrant", "overig": "overig"}
ANSWER_NAMES = {"coming": "komt", "not_coming": "komt niet", "question": "heeft een vraag"}
APPOINTMENT_STATUS_NAMES = {"planned": "gepland", "cancelled": "afgezegd", "done": "afgerond"}
QUESTION_STATE_NAMES = {"open": "open", "answered": "beantwoord", "closed": "gesloten"}
CHANNEL_NAMES = {"telegram": "Telegram", "console": "terminal", "web": "web", "api": "API"}
ROLE_NAMES = {"regisseur": "regisseur", "admin": "beheerder", "partner": "partner"}


def kind_name(kind: str) -> str:
    """The Dutch catalog text of the appointment kind, the same words the client sees in Dutch."""
    return gettext_for("nl", KIND_LABELS.get(kind, KIND_LABELS["overig"]))


def language_name(code: str | None) -> str:
    if not code:
        return "—"
    return f"{LANGUAGE_NAMES_NL.get(code, code)} ({code})"


def native_language_name(code: str) -> str:
    return LANGUAGES[code].native_name if code in LANGUAGES else code


def moment(value: datetime | None, pattern: str = "EEE d MMM y, HH:mm") -> str:
    if value is None:
        return "—"
    return format_datetime(value, pattern, tzinfo=ZoneInfo(TZ), locale="nl_NL")


def day(value: date | datetime | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, datetime):
        return format_datetime(value, "d MMM y", tzinfo=ZoneInfo(TZ), locale="nl_NL")
    return format_date(value, "d MMM y", locale="nl_NL")


def iso_local(value: datetime | None, part: str) -> str:
    """The date or time part of `value` in Amsterdam time, for <input type=date|time>."""
    if value is None:
        return ""
    local = value.astimezone(ZoneInfo(TZ))
    return local.strftime("%Y-%m-%d") if part == "date" else local.strftime("%H:%M")


FILTERS = {
    "kind_name": kind_name,
    "language_name": language_name,
    "native_language_name": native_language_name,
    "moment": moment,
    "day": day,
    "route_name": lambda v: ROUTE_NAMES.get(v, v),
    "status_name": lambda v: STATUS_NAMES.get(v, v),
    "answer_name": lambda v: ANSWER_NAMES.get(v, v) if v else "geen antwoord",
    "appointment_status_name": lambda v: APPOINTMENT_STATUS_NAMES.get(v, v),
    "question_state_name": lambda v: QUESTION_STATE_NAMES.get(v, v),
    "channel_name": lambda v: CHANNEL_NAMES.get(v, v),
    "role_name": lambda v: ROLE_NAMES.get(v, v),
    "iso_local": iso_local,
    # FSI…PDI around typed text where no <bdi> can go (a <title>): locales/bidi.py.
    "isolate": isolate,
}

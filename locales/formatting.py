"""Dates, times and amounts per locale (Babel), always shown in the appointment's own time zone."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_datetime, format_time
from babel.numbers import format_currency

from dialogs.reply import Localized
from locales.languages import LANGUAGES


def _locale(lang: str) -> str:
    return LANGUAGES[lang].babel_locale


def when(moment: datetime, tz: str = "Europe/Amsterdam") -> Localized:
    """Weekday, date and time, e.g. 'donderdag 3 december 2026, 14:30'."""
    return Localized(
        lambda lang: format_datetime(moment, "EEEE d MMMM y, HH:mm", tzinfo=_zone(tz), locale=_locale(lang))
    )


def day(moment: datetime, tz: str = "Europe/Amsterdam") -> Localized:
    return Localized(
        lambda lang: format_date(moment.astimezone(_zone(tz)), "EEEE d MMMM y", locale=_locale(lang))
    )


def clock(moment: datetime, tz: str = "Europe/Amsterdam") -> Localized:
    return Localized(lambda lang: format_time(moment, "HH:mm", tzinfo=_zone(tz), locale=_locale(lang)))


def euro(amount: int) -> Localized:
    """Whole euros without cents: '€ 250' in Dutch, '250 €' where the locale writes it so."""
    return Localized(
        lambda lang: format_currency(
            amount, "EUR", format=_whole_pattern(lang), locale=_locale(lang), currency_digits=False
        )
    )


def _whole_pattern(lang: str) -> str:
    """The locale's currency pattern without the fraction digits (fines are whole euros)."""
    pattern = str(Locale.parse(_locale(lang)).currency_formats["standard"].pattern)
    return pattern.replace(".00", "").replace(".##", "")


def _zone(tz: str) -> ZoneInfo:
    return ZoneInfo(tz)

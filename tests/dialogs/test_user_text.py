"""Typed text inside a bot message sits in FSI…PDI, so it cannot reorder the bot's own words.

Staff and imports type locations, regisseurs type answers and broadcasts; the bot puts them into its
sentences. Each case here renders the reply in Arabic, Persian and Dutch and checks that the typed
words are found only inside an isolate, that every isolate is closed on its line, and that no
override survives (also for a row stored before neutralising existed).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from casestore.dto import AppointmentDTO
from casestore.repositories.reminders import BroadcastContent
from dialogs.answers import answer_reply
from dialogs.appointments import describe
from dialogs.reminders import quote, reminder_reply
from dialogs.render import render, render_line
from dialogs.reply import reply
from locales.bidi import FSI, PDI, RLE, RLO
from municipalities.config import load_municipalities
from reminders.messages import render_broadcast
from tests.support.bidi import has_embedding_or_override, isolates_balanced, outside_isolates
from translation.labels import machine_translation_note
from translation.recipients import RecipientText

FILENAME = f"{RLO}gnp.exe"
STRAY_PDI = f"Marktplein 1{PDI} kamer 2"
ARABIC_DIGITS = "مركز المدينة، شارع 12 رقم 4"
LANGS = ("ar", "fa", "nl")


def _appointment(location: str) -> AppointmentDTO:
    at = datetime(2026, 12, 3, 13, 30, tzinfo=UTC)
    return AppointmentDTO(1, 1, "taalles", at, None, "Europe/Amsterdam", location, None, "planned", None)


def _assert_isolated(text: str, *typed: str) -> None:
    """Each typed word is shown, but never outside an isolate; isolates pair up, no override is left."""
    outside = outside_isolates(text)
    for words in typed:
        assert words in text
        assert words not in outside
    assert isolates_balanced(text) and not has_embedding_or_override(text)


@pytest.mark.parametrize("lang", LANGS)
def test_a_location_is_isolated_in_the_appointment_lines(lang: str) -> None:
    cases = {FILENAME: "gnp.exe", STRAY_PDI: "Marktplein 1 kamer 2", ARABIC_DIGITS: ARABIC_DIGITS}
    for location, place in cases.items():
        shown = render(reply(*describe(_appointment(location))), lang)
        _assert_isolated(shown.combined(), place)
        assert f"📍 {FSI}{place}{PDI}" in shown.native


def test_the_reminder_isolates_the_location_and_nothing_else() -> None:
    now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    shown = render(reminder_reply(_appointment(ARABIC_DIGITS), now), "nl").native
    _assert_isolated(shown, ARABIC_DIGITS)
    assert shown.count(FSI) == 1 and f"{FSI}{ARABIC_DIGITS}{PDI}" in shown


@pytest.mark.parametrize("lang", LANGS)
def test_a_regisseurs_answer_is_isolated_with_and_without_a_translation(lang: str) -> None:
    answer = f"Kom om {RLO}10:30{PDI} met je paspoort."
    _assert_isolated(render(answer_reply(answer), lang).combined(), "paspoort", "10:30")
    if lang == "nl":
        return  # a Dutch reader gets the Dutch words, never a translation
    translated = RecipientText(f"تعال الساعة 10:30 {RLE}مع جواز السفر", machine_translation_note(lang))
    shown = render(answer_reply(answer, translated), lang).combined()
    _assert_isolated(shown, "paspoort", "جواز السفر")
    assert machine_translation_note(lang).splitlines()[0] in outside_isolates(shown)  # our label: not theirs


def test_the_users_own_words_are_quoted_inside_an_isolate() -> None:
    assert render_line(quote(FILENAME), "ar") == f"“{FSI}gnp.exe{PDI}”"


@pytest.mark.parametrize("lang", LANGS)
def test_a_broadcast_text_and_its_translation_are_isolated(lang: str) -> None:
    content = BroadcastContent(
        id=1,
        municipality_code="weert",
        text_nl=f"Morgen is het kantoor dicht.\n{RLO}Bel 112{PDI} bij nood.",
        translations={"ar": f"المكتب مغلق غدا {RLE}اتصل 112", "fa": "دفتر فردا بسته است"},
        state="sending",
    )
    shown = render_broadcast(content, load_municipalities()["weert"], lang).native
    typed = {"ar": "المكتب مغلق", "fa": "دفتر فردا", "nl": "kantoor dicht"}[lang]
    _assert_isolated(shown, typed)
    if lang == "nl":
        _assert_isolated(shown, "Bel 112")

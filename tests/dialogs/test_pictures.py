"""What the cards say: the appointment card's rows, the timeline's steps and 'you are here'."""

from __future__ import annotations

from datetime import UTC, date, datetime

from dialogs.pictures import (
    CARD_TOPICS,
    Card,
    appointment_card,
    current_step,
    say,
    timeline_card,
    topic_card,
    topic_picture,
)
from locales.catalogs import gettext_for
from municipalities.config import load_municipalities
from tests.media.conftest import appointment, client, trajectory

WEERT = load_municipalities()["weert"]


def _texts(card: Card, lang: str) -> list[str]:
    return [say(row.text, lang) for row in card.rows]


def test_appointment_card_has_what_when_where_and_interpreter() -> None:
    card = appointment_card(appointment())
    assert card.icon == "talk" and say(card.title, "nl") == gettext_for(
        "nl", "Intake conversation (brede intake)"
    )
    assert [row.icon for row in card.rows] == ["calendar", "clock", "pin", "interpreter"]
    assert _texts(card, "nl")[:3] == [
        "donderdag 3 december 2026",
        "14:30",
        "Gemeentehuis Weert, Wilhelminasingel 101",
    ]
    assert "Arabisch" in _texts(card, "nl")[3] and "العربية" in _texts(card, "ar")[3]


def test_appointment_card_without_interpreter_or_place_says_so() -> None:
    card = appointment_card(appointment("examen", location=None, interpreter=None))
    assert card.icon == "exam"
    assert [row.icon for row in card.rows] == ["calendar", "clock", "no_interpreter"]


def test_current_step_follows_the_dates() -> None:
    steps = trajectory()
    assert current_step(client(), [], date(2026, 1, 1)) == 0
    assert current_step(client(), steps, date(2025, 7, 1)) == 0  # intake day
    assert current_step(client(), steps, date(2025, 9, 11)) == 1  # after the PIP talk
    assert current_step(client(), steps, date(2026, 1, 15)) == 2  # lessons began
    assert current_step(client(), steps, date(2026, 3, 12)) == 3  # first PVT session
    assert current_step(client(), steps, date(2028, 6, 1)) == 4  # end of the termijn


def test_cancelled_appointments_do_not_move_the_marker() -> None:
    cancelled = [appointment("pip_gesprek", datetime(2025, 8, 1, tzinfo=UTC), status="cancelled")]
    assert current_step(client(), cancelled, date(2026, 1, 1)) == 0


def test_timeline_card_shows_real_dates_route_and_states() -> None:
    card = timeline_card(client(route="b1"), trajectory(), date(2026, 1, 15))
    assert [row.state for row in card.rows] == ["done", "done", "here", "todo", "todo"]
    assert _texts(card, "nl")[2] == "B1-route"
    details = [say(row.detail, "nl") for row in card.rows if row.detail is not None]
    assert details[:4] == ["1 juli 2025", "10 september 2025", "6 oktober 2025", "12 maart 2026"]
    assert "1 juni 2028" in details[4]


def test_timeline_card_for_a_new_client_says_what_is_not_planned() -> None:
    card = timeline_card(client(route="unknown", termijn_end=None), [], date(2026, 1, 15))
    not_planned = gettext_for("nl", "Not planned yet")
    assert [say(row.detail, "nl") for row in card.rows if row.detail is not None][:4] == [not_planned] * 4
    assert _texts(card, "nl")[2] == gettext_for("nl", "Learning routes")


def test_key_topics_have_cards_and_other_topics_none() -> None:
    for topic in CARD_TOPICS:
        assert topic_card(topic, WEERT) is not None
    assert topic_picture("privacy", WEERT) is None
    boetes = topic_card("boetes", WEERT)
    assert boetes is not None and boetes.numbered
    assert WEERT.contact.case_manager_title in _texts(boetes, "nl")[0]
    pvt = topic_card("pvt", WEERT)
    assert pvt is not None and str(WEERT.pvt_map_deadline_months) in _texts(pvt, "nl")[-1]

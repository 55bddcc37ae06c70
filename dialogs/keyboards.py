"""Buttons that several dialogs share (kept here so each is defined once)."""

from __future__ import annotations

from casestore.dto import AppointmentDTO
from dialogs.reply import Button, Msg, Raw
from locales.formatting import day
from locales.languages import LANGUAGES
from locales.markers import N_


def parse_number(text: str) -> int | None:
    """The number a button carries (an appointment id, a page), or None for anything else.

    ASCII digits only, at most 12: str.isdigit() also accepts "²" (int() then raises) and "١٢"
    (read as 12, which no button of ours says), and int() refuses more than 4300 digits.
    """
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 12 else None


def language_buttons() -> tuple[tuple[Button, ...], ...]:
    """Every language in its own name, three per row."""
    buttons = [Button(Raw(lang.native_name), f"lang:{code}") for code, lang in LANGUAGES.items()]
    return tuple(tuple(buttons[i : i + 3]) for i in range(0, len(buttons), 3))


def back_to_menu() -> tuple[Button, ...]:
    return (Button(Msg(N_("⬅️ Menu")), "menu"),)


def listen_button(key: str) -> Button:
    """Hear this message as a voice note; `key` is `t:<topic>`, `m:<topic>` or `a:<appointment id>`."""
    return Button(Msg(N_("🔊 Listen")), f"listen:{key}")


def route_button() -> Button:
    """The client's own trajectory as a picture card (brede intake → ... → end of the termijn)."""
    return Button(Msg(N_("🗺️ My route")), "route")


def calendar_button(appointment_id: int) -> Button:
    """'Add to my calendar' on a reminder (dialogs/calendar_file.py answers `ics:<id>`)."""
    return Button(Msg(N_("📅 Add to calendar")), f"ics:{appointment_id}")


def calendar_button_for(appointment: AppointmentDTO) -> Button:
    """The same in a list of appointments, where the day says which one the button is for."""
    return Button(
        Msg(N_("📅 Add to calendar: {day}"), {"day": day(appointment.starts_at, appointment.timezone)}),
        f"ics:{appointment.id}",
    )

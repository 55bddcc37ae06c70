"""What the picture cards say: the appointment card, the trajectory timeline and the key-topic cards.

A card is described here as lines (catalog messages) plus pictogram names; media/cards.py draws it in the
user's language with the Dutch words beside it. Keeping the words here means one place for all user-facing
text, and the web preview or any other transport can draw the same card.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date

from casestore.dto import AppointmentDTO, ClientDTO
from dialogs.appointments import kind_label
from dialogs.render import render_line
from dialogs.reply import Line, Localized, Msg, Picture, Raw
from locales.formatting import clock, day
from locales.languages import LANGUAGES
from locales.markers import N_
from municipalities.config import Municipality

AMSTERDAM = ZoneInfo("Europe/Amsterdam")

# The pictogram (media/pictograms.py) for each appointment kind.
KIND_PICTOGRAMS: dict[str, str] = {
    "brede_intake": "talk",
    "leerbaarheidstoets": "exam",
    "pip_gesprek": "plan",
    "voortgangsgesprek": "progress",
    "taalles": "book",
    "pvt_sessie": "people",
    "pvt_ondertekening": "sign",
    "map_sessie": "work",
    "examen": "exam",
    "eindgesprek": "flag",
    "mb_afspraak": "heart",
    "financiele_training": "money",
    "werkgesprek": "work",
    "tolk_gesprek": "interpreter",
    "overig": "calendar",
}

ROUTE_LABELS: dict[str, str] = {
    "b1": N_("B1-route"),
    "onderwijs": N_("Onderwijsroute"),
    "z": N_("Z-route"),
}
STEP_STATES = ("done", "here", "todo")

# Card text: a catalog line, or a value formatted per language (a date, a time).
Words = Line | Localized


@dataclass(frozen=True)
class CardRow:
    """One line of a card: a pictogram, the words in the user's language, and an optional detail line.

    The Dutch key words under it are `dutch` rendered in Dutch (by default the same message as `text`).
    """

    icon: str
    text: Words
    detail: Words | None = None
    dutch: Words | None = None
    state: str = ""


@dataclass(frozen=True)
class Card:
    """`layout` is "appointment", "timeline" or "steps"; `marker` labels the timeline's current step."""

    layout: str
    icon: str
    title: Words
    rows: tuple[CardRow, ...]
    marker: Words | None = None
    footer: Words | None = None
    numbered: bool = False


def say(words: Words, lang: str) -> str:
    """The words in one language."""
    if isinstance(words, Localized):
        return words.render(lang)
    return render_line(words, lang)


def language_name(code: str) -> Localized:
    """A language's name in the reader's language ('Arabisch' in Dutch), its own name as a fallback."""

    def name(lang: str) -> str:
        names = Locale.parse(LANGUAGES[lang].babel_locale).languages
        return str(names.get(code) or LANGUAGES[code].native_name)

    return Localized(name)


def as_picture(card: Card) -> Picture:
    return Picture(kind=card.layout, data={"card": card})


def short_date(moment: date | datetime) -> Localized:
    """'3 december 2026' in the reader's locale (no weekday: the timeline has little room)."""
    if isinstance(moment, datetime):
        moment = moment.astimezone(AMSTERDAM).date()
    return Localized(lambda lang: format_date(moment, "d MMMM y", locale=LANGUAGES[lang].babel_locale))


# --- the appointment card -------------------------------------------------------------------------


def appointment_card(appointment: AppointmentDTO) -> Card:
    """What, when (date and time in the reader's locale), where, and whether an interpreter is there."""
    rows = [
        CardRow("calendar", day(appointment.starts_at, appointment.timezone)),
        CardRow("clock", clock(appointment.starts_at, appointment.timezone)),
    ]
    if appointment.location:
        rows.append(CardRow("pin", Raw(appointment.location)))
    language = appointment.interpreter_language
    if language and language in LANGUAGES:
        rows.append(
            CardRow(
                "interpreter",
                Msg(
                    N_("🗣️ An interpreter for {language} will be there."),
                    {"language": language_name(language)},
                ),
            )
        )
    else:
        rows.append(CardRow("no_interpreter", Msg(N_("No interpreter booked"))))
    return Card(
        layout="appointment",
        icon=KIND_PICTOGRAMS.get(appointment.kind, "calendar"),
        title=kind_label(appointment.kind),
        rows=tuple(rows),
    )


def appointment_picture(appointment: AppointmentDTO) -> Picture:
    return as_picture(appointment_card(appointment))


# --- the trajectory timeline ------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    icon: str
    label: Words
    kinds: tuple[str, ...]


STEPS: tuple[Step, ...] = (
    Step("talk", Msg(N_("Brede intake")), ("brede_intake",)),
    Step("plan", Msg(N_("My plan (PIP)")), ("pip_gesprek",)),
    Step("book", Msg(N_("Learning routes")), ("taalles", "leerbaarheidstoets")),
    Step("exam", Msg(N_("Exams, PVT and MAP")), ("examen", "pvt_sessie", "pvt_ondertekening", "map_sessie")),
    Step("flag", Msg(N_("Time limit")), ()),
)


def _step_date(step: Step, appointments: Sequence[AppointmentDTO], today: date) -> date | None:
    """The step's date: its next planned appointment, else its last one; the termijn end for the last step."""
    days = sorted(
        a.starts_at.astimezone(AMSTERDAM).date()
        for a in appointments
        if a.kind in step.kinds and a.status != "cancelled"
    )
    if not days:
        return None
    upcoming = [d for d in days if d >= today]
    return upcoming[0] if upcoming else days[-1]


def _step_start(step: Step, appointments: Sequence[AppointmentDTO]) -> date | None:
    days = [
        a.starts_at.astimezone(AMSTERDAM).date()
        for a in appointments
        if a.kind in step.kinds and a.status != "cancelled"
    ]
    return min(days) if days else None


def current_step(client: ClientDTO, appointments: Sequence[AppointmentDTO], today: date) -> int:
    """The last step that has begun (its first appointment is today or earlier); 0 before anything began."""
    here = 0
    for index, step in enumerate(STEPS[:-1]):
        start = _step_start(step, appointments)
        if start is not None and start <= today:
            here = index
    if client.termijn_end is not None and client.termijn_end <= today:
        here = len(STEPS) - 1
    return here


def timeline_card(client: ClientDTO, appointments: Sequence[AppointmentDTO], today: date) -> Card:
    """brede intake → PIP → leerroute → exams/PVT/MAP → end of the termijn, with dates and 'you are here'."""
    here = current_step(client, appointments, today)
    rows: list[CardRow] = []
    for index, step in enumerate(STEPS):
        label: Words = step.label
        if step.icon == "book" and client.route in ROUTE_LABELS:
            label = Msg(ROUTE_LABELS[client.route])
        when: date | None
        if index == len(STEPS) - 1:
            when = client.termijn_end
            detail: Words = (
                Msg(N_("Ends on {date}"), {"date": short_date(when)})
                if when
                else Msg(N_("Date not known yet"))
            )
        else:
            when = _step_date(step, appointments, today)
            detail = short_date(when) if when else Msg(N_("Not planned yet"))
        state = "done" if index < here else "here" if index == here else "todo"
        rows.append(CardRow(step.icon, label, detail=detail, state=state))
    return Card(
        layout="timeline",
        icon="route",
        title=Msg(N_("Your inburgering, step by step")),
        rows=tuple(rows),
        marker=Msg(N_("You are here")),
        footer=Msg(N_("Today: {date}"), {"date": short_date(today)}),
    )


def timeline_picture(client: ClientDTO, appointments: Sequence[AppointmentDTO], today: date) -> Picture:
    return as_picture(timeline_card(client, appointments, today))


# --- key topics ---------------------------------------------------------------------------------------


def _months(municipality: Municipality) -> Words:
    return Msg(N_("Finish within {months} months"), {"months": municipality.pvt_map_deadline_months})


def topic_card(topic_id: str, municipality: Municipality) -> Card | None:
    """Pictograms and few words for the topics people most need to remember; None for other topics."""
    if topic_id == "pvt":
        return Card(
            layout="steps",
            icon="people",
            title=Msg(N_("PVT (Dutch values)")),
            rows=(
                CardRow("people", Msg(N_("Workshops and an outing about Dutch values"))),
                CardRow("clock", Msg(N_("At least 12 hours"))),
                CardRow("sign", Msg(N_("At the end you sign the participatieverklaring"))),
                CardRow("hourglass", _months(municipality)),
            ),
        )
    if topic_id == "map":
        return Card(
            layout="steps",
            icon="work",
            title=Msg(N_("MAP (work module)")),
            rows=(
                CardRow("magnifier", Msg(N_("Look at your skills and your chances"))),
                CardRow("work", Msg(N_("Practice: volunteering, an internship or a job"))),
                CardRow("hourglass", _months(municipality)),
            ),
        )
    if topic_id in ("boetes", "missed_appointment"):
        return Card(
            layout="steps",
            icon="euro",
            title=Msg(N_("Before a boete (fine)")),
            rows=(
                CardRow(
                    "phone",
                    Msg(
                        N_("Something is hard? Tell your {case_manager} early."),
                        {"case_manager": municipality.contact.case_manager_title},
                    ),
                ),
                CardRow("talk", Msg(N_("The municipality first talks with you."))),
                CardRow("magnifier", Msg(N_("It looks at your situation."))),
                CardRow("euro", Msg(N_("A boete is the last step."))),
            ),
            numbered=True,
        )
    return None


CARD_TOPICS = ("pvt", "map", "boetes", "missed_appointment")


def topic_picture(topic_id: str, municipality: Municipality) -> Picture | None:
    card = topic_card(topic_id, municipality)
    return as_picture(card) if card is not None else None

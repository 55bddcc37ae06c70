"""Rights and obligations: the topic menu and each topic, filled with the municipality's values."""

from __future__ import annotations

from dialogs.keyboards import back_to_menu, listen_button
from dialogs.pictures import topic_picture
from dialogs.reply import Button, Line, Msg, Param, Raw, Reply
from locales.formatting import euro
from locales.markers import N_
from locales.topic_model import Section, Topic
from locales.topics import TOPICS
from municipalities.config import LearnabilityTestBy, Municipality, ProgressTalkFrequency

TOPICS_BY_ID: dict[str, Topic] = {t.id: t for t in TOPICS}
PAGE_SIZE = 8

PROGRESS_TALK_PHRASES: dict[ProgressTalkFrequency, str] = {
    ProgressTalkFrequency.MONTHLY: N_("about once a month"),
    ProgressTalkFrequency.MONTHLY_FIRST_YEAR: N_("once a month in the first year"),
    ProgressTalkFrequency.EVERY_3_MONTHS: N_("every 3 months"),
    ProgressTalkFrequency.TAILORED_MIN_2_FIRST_YEAR: N_(
        "as often as fits you, and at least two times in the first year"
    ),
    ProgressTalkFrequency.INTENSIVE_THEN_PERIODIC: N_("often in the first months, later less often"),
}
LEARNABILITY_PHRASES: dict[LearnabilityTestBy, str] = {
    LearnabilityTestBy.MUNICIPALITY: N_("the municipality"),
    LearnabilityTestBy.DUO: N_("DUO"),
}


class UnknownTopicError(KeyError):
    """A topic id that does not exist."""


def _names(names: list[str]) -> Raw | None:
    return Raw(", ".join(names)) if names else None


def placeholder_values(municipality: Municipality) -> dict[str, Param | None]:
    """Every placeholder a topic may use; None where this municipality has not set the value."""
    m = municipality
    contact_lines = [
        value
        for value in (m.contact.phone, m.contact.email, m.contact.office_address, m.contact.walk_in_hours)
        if value
    ]
    fines = m.fines
    values: dict[str, Param | Raw | None] = {
        "municipality": m.name,
        "case_manager": m.contact.case_manager_title,
        "contact": Raw("\n".join(contact_lines)).text
        if contact_lines
        else Msg(
            N_("Ask at the town hall (gemeentehuis) for your {case_manager}."),
            {"case_manager": m.contact.case_manager_title},
        ),
        "progress_talks": Msg(PROGRESS_TALK_PHRASES[m.progress_talk_frequency])
        if m.progress_talk_frequency in PROGRESS_TALK_PHRASES
        else None,
        "pip_deadline_weeks": m.pip_deadline_weeks,
        "fine_intake": euro(fines.municipal_intake) if fines.municipal_intake is not None else None,
        "fine_pip": euro(fines.municipal_pip) if fines.municipal_pip is not None else None,
        "fine_duo_route": euro(fines.duo_route),
        "fine_duo_pvt": euro(fines.duo_pvt),
        "fine_duo_map": euro(fines.duo_map),
        "ontzorging_months": m.ontzorging_months,
        "pvt_map_deadline_months": m.pvt_map_deadline_months,
        "route_change_months": m.route_change_window_months,
        "learnability_test_by": Msg(LEARNABILITY_PHRASES[m.learnability_test_by])
        if m.learnability_test_by in LEARNABILITY_PHRASES
        else None,
        "mb_provider": _names(m.partners.maatschappelijke_begeleiding),
        "pvt_provider": _names(m.partners.pvt),
        "map_provider": _names(m.partners.map),
        "language_providers": _names(m.partners.language_providers),
        "work_partners": _names(m.partners.work),
        "wellbeing_partners": _names(m.partners.wellbeing),
        "buddy_partners": _names(m.partners.buddies),
    }
    return {k: (v.text if isinstance(v, Raw) else v) for k, v in values.items()}


def section_lines(sections: tuple[Section, ...], municipality: Municipality) -> list[Line]:
    """Choose each section's text (or its fallback) and attach the values it uses."""
    values = placeholder_values(municipality)
    lines: list[Line] = []
    for section in sections:
        text = section.text
        if any(values.get(name) is None for name in section.requires):
            if section.otherwise is None:
                continue
            text = section.otherwise
        params = {k: v for k, v in values.items() if v is not None and "{" + k + "}" in text}
        lines.append(Msg(text, params))
    return lines


def topic_lines(topic_id: str, municipality: Municipality, more: bool = False) -> list[Line]:
    topic = TOPICS_BY_ID.get(topic_id)
    if topic is None:
        raise UnknownTopicError(topic_id)
    return section_lines(topic.more if more else topic.short, municipality)


def topic_menu(page: int = 0) -> Reply:
    pages = max(1, -(-len(TOPICS) // PAGE_SIZE))
    page = min(max(page, 0), pages - 1)
    chosen = TOPICS[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
    buttons = [Button(Msg(t.label), f"topic:{t.id}") for t in chosen]
    rows: list[tuple[Button, ...]] = [tuple(buttons[i : i + 2]) for i in range(0, len(buttons), 2)]
    nav: list[Button] = []
    if page > 0:
        nav.append(Button(Msg(N_("◀️ Back")), f"topics:{page - 1}"))
    if page < pages - 1:
        nav.append(Button(Msg(N_("More topics ▶️")), f"topics:{page + 1}"))
    if nav:
        rows.append(tuple(nav))
    rows.append(back_to_menu())
    return Reply(
        body=(
            Msg(
                N_("Rights and duties: choose a topic ({page} of {pages})."),
                {"page": page + 1, "pages": pages},
            ),
        ),
        buttons=tuple(rows),
    )


def topic_reply(topic_id: str, municipality: Municipality, more: bool = False) -> Reply:
    topic = TOPICS_BY_ID.get(topic_id)
    if topic is None:
        return topic_menu()
    heading = Msg(N_("ℹ️ {title}"), {"title": Msg(topic.label)})
    lines = [heading, *topic_lines(topic_id, municipality, more)]
    row: list[Button] = []
    if not more and topic.more:
        row.append(Button(Msg(N_("📖 Tell me more")), f"more:{topic_id}"))
    row.append(Button(Msg(N_("⬅️ Topics")), "topics"))
    listen = (listen_button(f"{'m' if more else 't'}:{topic_id}"),)
    picture = None if more else topic_picture(topic_id, municipality)
    return Reply(body=tuple(lines), buttons=(listen, tuple(row), back_to_menu()), voice=True, picture=picture)

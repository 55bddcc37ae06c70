"""Dutch words for the audit log's codes (actions, entities, actors), for the admin's audit viewer.

The log stores codes only; an action without a label here is shown as its code, so a new action
never breaks the viewer (but deserves a label).
"""

from __future__ import annotations

from collections.abc import Mapping

ACTION_LABELS: dict[str, str] = {
    # Staff in the web app: reads
    "caseload_viewed": "caseload bekeken",
    "client_viewed": "cliëntpagina bekeken",
    "client_form_viewed": "cliëntgegevens geopend om te wijzigen",
    "appointment_form_viewed": "afsprakenformulier geopend",
    "reminder_previewed": "herinnering bekeken",
    "responses_viewed": "reacties bekeken",
    "responses_listed": "reacties opgevraagd (opdrachtregel)",
    "appointment_viewed": "afspraak bekeken (opdrachtregel)",
    "responses_exported": "reacties gedownload (CSV)",
    "questions_listed": "vragenlijst bekeken",
    "question_viewed": "vraag bekeken",
    "broadcast_previewed": "voorbeeld groepsbericht bekeken",
    "audit_viewed": "auditlog bekeken",
    "audit_exported": "auditlog gedownload (CSV)",
    # Staff in the web app: changes
    "client_created": "cliënt aangemaakt",
    "client_updated": "cliëntgegevens gewijzigd",
    "client_closed": "traject afgesloten",
    "client_reopened": "traject heropend",
    "invite_created": "koppelcode voor de cliënt gemaakt",
    "appointment_created": "afspraak gemaakt",
    "appointment_updated": "afspraak gewijzigd",
    "appointment_cancelled": "afspraak afgezegd",
    "appointment_rescheduled": "afspraak verzet",
    "appointments_imported": "afspraken geïmporteerd",
    "question_answered": "vraag beantwoord",
    "question_closed": "vraag gesloten",
    "broadcast_created": "groepsbericht verstuurd of ingepland",
    "broadcast_cancelled": "groepsbericht gestopt",
    "calendar_feed_created": "agendalink gemaakt",
    "calendar_feed_revoked": "agendalink ingetrokken",
    "calendar_feed_read": "agenda opgehaald via de agendalink",
    # Accounts and integrations
    "login": "ingelogd",
    "login_failed": "inloggen mislukt",
    "logout": "uitgelogd",
    "staff_user_created": "gebruiker aangemaakt",
    "api_key_created": "API-sleutel gemaakt",
    "api_key_revoked": "API-sleutel ingetrokken",
    "webhook_configured": "webhook ingesteld",
    "webhook_disabled": "webhook uitgezet",
    "webhook_retried": "webhookaflevering opnieuw geprobeerd",
    # The case system through the REST API
    "appointment_unchanged": "afspraak ongewijzigd aangeleverd",
    "appointment_read": "afspraak opgevraagd",
    "link_status_listed": "koppelstatus van cliënten opgevraagd",
    "link_status_read": "koppelstatus van de cliënt opgevraagd",
    "responses_read": "reacties opgehaald",
    # Partners
    "partner_questions_listed": "doorgestuurde vragen bekeken",
    "partner_code_created": "Telegram-koppelcode voor partner gemaakt",
    "question_forwarded": "vraag doorgestuurd",
    # The client in the bot, and the system
    "chat_linked": "Telegram gekoppeld",
    "privacy_viewed": "eigen gegevens bekeken",
    "privacy_exported": "eigen gegevens gedownload",
    "client_erased_own_data": "eigen gegevens gewist",
    "client_unreachable": "cliënt onbereikbaar (bot geblokkeerd)",
}

ENTITY_LABELS: dict[str, str] = {
    "client": "cliënt",
    "caseload": "caseload",
    "appointment": "afspraak",
    "response": "reactie",
    "question": "vraag",
    "broadcast": "groepsbericht",
    "calendar_feed": "agendalink",
    "staff_user": "gebruiker",
    "api_key": "API-sleutel",
    "webhook_endpoint": "webhook",
    "webhook_delivery": "webhookaflevering",
    "audit_log": "auditlog",
}

DETAIL_LABELS: dict[str, str] = {
    "rows": "regels",
    "clients": "cliënten",
    "recipients": "ontvangers",
    "events": "afspraken",
    "created": "nieuw",
    "updated": "bijgewerkt",
    "unchanged": "ongewijzigd",
    "rejected": "geweigerd",
    "channel": "kanaal",
    "answered_by_bot": "door de bot beantwoord",
    "reminder_id": "herinnering",
    "staff_user_id": "gebruiker",
    "action": "actie",
    "from": "van",
    "to": "tot en met",
}


def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)


def entity_label(entity: str, entity_id: int | None) -> str:
    name = ENTITY_LABELS.get(entity, entity)
    return name if entity_id is None else f"{name} {entity_id}"


def detail_text(detail: Mapping[str, object]) -> str:
    """`{"rows": 3}` as "regels: 3"; the detail holds counts and codes only, never names or texts."""
    return ", ".join(f"{DETAIL_LABELS.get(key, key)}: {_value(value)}" for key, value in detail.items())


def _value(value: object) -> str:
    if value is True:
        return "ja"
    if value is False:
        return "nee"
    return str(value)


def actor_label(
    actor_kind: str, actor_id: int | None, usernames: Mapping[int, str], key_names: Mapping[int, str]
) -> str:
    """Who acted, as an admin knows them: a username, an API key's name, the bot or the system."""
    if actor_kind in ("staff", "partner"):
        if actor_id is None:
            return "onbekende gebruiker"
        return usernames.get(actor_id, f"gebruiker {actor_id}")
    if actor_kind == "feed":
        owner = usernames.get(actor_id, f"gebruiker {actor_id}") if actor_id is not None else "?"
        return f"agendalink van {owner}"
    if actor_kind == "api":
        name = key_names.get(actor_id) if actor_id is not None else None
        return f"API-sleutel {name}" if name else f"API-sleutel {actor_id}"
    if actor_kind == "client":
        return "bot (cliënt)"
    if actor_kind == "cli":
        return "systeem (opdrachtregel)"
    if actor_kind == "system":
        return "systeem"
    return actor_kind

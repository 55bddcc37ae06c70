"""Closed sets of values stored in the case store (kept as short strings for readable SQL)."""

from __future__ import annotations

from enum import StrEnum


class StaffRole(StrEnum):
    REGISSEUR = "regisseur"
    ADMIN = "admin"
    PARTNER = "partner"


class ClientStatus(StrEnum):
    STATUSHOUDER = "statushouder"
    GEZINSMIGRANT = "gezinsmigrant"
    OVERIG = "overig"


class Route(StrEnum):
    UNKNOWN = "unknown"
    B1 = "b1"
    ONDERWIJS = "onderwijs"
    Z = "z"


class ReplyMode(StrEnum):
    """How replies are shown: both languages, or only one (practising Dutch is part of integration)."""

    BILINGUAL = "bilingual"
    NATIVE_ONLY = "native"
    DUTCH_ONLY = "dutch"


class AppointmentKind(StrEnum):
    BREDE_INTAKE = "brede_intake"
    LEERBAARHEIDSTOETS = "leerbaarheidstoets"
    PIP_GESPREK = "pip_gesprek"
    VOORTGANGSGESPREK = "voortgangsgesprek"
    TAALLES = "taalles"
    PVT_SESSIE = "pvt_sessie"
    PVT_ONDERTEKENING = "pvt_ondertekening"
    MAP_SESSIE = "map_sessie"
    EXAMEN = "examen"
    EINDGESPREK = "eindgesprek"
    MB_AFSPRAAK = "mb_afspraak"
    FINANCIELE_TRAINING = "financiele_training"
    WERKGESPREK = "werkgesprek"
    TOLK_GESPREK = "tolk_gesprek"
    OVERIG = "overig"


class AppointmentStatus(StrEnum):
    PLANNED = "planned"
    CANCELLED = "cancelled"
    DONE = "done"


class ReminderState(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    CANCELLED = "cancelled"


class Answer(StrEnum):
    COMING = "coming"
    NOT_COMING = "not_coming"
    QUESTION = "question"


class Channel(StrEnum):
    TELEGRAM = "telegram"
    CONSOLE = "console"
    WEB = "web"
    API = "api"


class ExportState(StrEnum):
    PENDING = "pending"
    EXPORTED = "exported"
    FAILED = "failed"


class TicketState(StrEnum):
    OPEN = "open"
    ANSWERED = "answered"
    CLOSED = "closed"


class BroadcastState(StrEnum):
    DRAFT = "draft"
    SCHEDULED = "scheduled"
    SENDING = "sending"
    DONE = "done"
    CANCELLED = "cancelled"

"""iCalendar files for the web app; the builders live in casestore.ics, shared with the bot's dialogs."""

from __future__ import annotations

from casestore.ics import appointment_file, regisseur_feed

__all__ = ["appointment_file", "regisseur_feed"]

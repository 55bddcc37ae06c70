"""Cells for the CSV downloads (responses, audit log) that a spreadsheet opens safely.

A cell that starts with = + - @ (or a tab or carriage return) is read as a formula by Excel and
LibreOffice; typed text such as a reason can start that way, so it gets a leading quote. Bidi
overrides are removed first and leading direction marks looked past, so neither can hide the '='.
"""

from __future__ import annotations

from locales.bidi import ALM, LRM, RLM, neutralise

FORMULA_STARTS = "=+-@\t\r"


def spreadsheet_cell(value: object) -> str:
    text = neutralise(str(value))
    start = text.lstrip(LRM + RLM + ALM)
    if start and start[0] in FORMULA_STARTS:
        return "'" + text
    return text

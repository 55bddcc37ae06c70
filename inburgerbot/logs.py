"""Logging set-up: one line per event with its ids as key=value pairs.

Code logs ids and outcomes through `extra={...}`, never names, phone numbers or message texts;
this formatter prints those fields so the ids are actually visible to an operator.
"""

from __future__ import annotations

import logging

_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


class KeyValueFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        base = super().format(record)
        extras = {k: v for k, v in vars(record).items() if k not in _STANDARD and not k.startswith("_")}
        if not extras:
            return base
        return base + " " + " ".join(f"{k}={v}" for k, v in sorted(extras.items()))


def configure(verbose: bool = False) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(KeyValueFormatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO if verbose else logging.WARNING)
    # aiogram logs every handled update at INFO with the update id only; keep that, quiet the rest.
    logging.getLogger("aiogram.event").setLevel(logging.WARNING if not verbose else logging.INFO)

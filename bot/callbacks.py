"""Callback data on inline buttons: the dialog's action id, checked against Telegram's 64-byte limit."""

from __future__ import annotations

MAX_CALLBACK_BYTES = 64


def to_callback_data(action: str) -> str:
    encoded = action.encode("utf-8")
    if len(encoded) > MAX_CALLBACK_BYTES:
        raise ValueError(f"button action is {len(encoded)} bytes; Telegram allows {MAX_CALLBACK_BYTES}")
    return action

"""Invite code format: 8 characters from an alphabet without look-alikes, shown as XXXX-XXXX.

31 symbols ** 8 is about 8.5e11 codes; with a 30-day expiry and throttled guessing (see
InviteRepository) a guesser gets a few dozen tries a day, so a hit is practically impossible.
"""

from __future__ import annotations

import hashlib
import re
import secrets

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
CODE_LENGTH = 8
_NOT_CODE = re.compile(r"[\s\-_.]")


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalize(text: str) -> str | None:
    """The canonical code in `text` (spaces, dashes and case ignored), or None if it cannot be one."""
    candidate = _NOT_CODE.sub("", text.strip()).upper()
    if len(candidate) != CODE_LENGTH or any(ch not in ALPHABET for ch in candidate):
        return None
    return candidate


def display(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def code_hash(code: str) -> str:
    return hashlib.sha256(code.encode("ascii")).hexdigest()


def deep_link(bot_username: str, code: str) -> str:
    """Telegram deep link; the start parameter allows only A-Z, a-z, 0-9, _ and -."""
    return f"https://t.me/{bot_username}?start={code}"

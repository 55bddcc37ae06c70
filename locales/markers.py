"""Marks strings for extraction without translating them on the spot.

Replies are bilingual, so a message is translated twice (the user's language and Dutch) at render
time, never when it is defined. `N_` only tells Babel's extractor that the string is a message id.
"""

from __future__ import annotations


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "no-op" markers
    """Return `message` unchanged; Babel extracts it into the catalog."""
    return message


def Nn_(singular: str, plural: str) -> tuple[str, str]:  # noqa: N802
    """Mark a message with plural forms; render it with `Msg(singular, plural=plural, count=n)`."""
    return singular, plural

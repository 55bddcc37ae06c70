"""The languages the bot speaks, with what the renderers need to know about each."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    code: str
    native_name: str
    babel_locale: str
    rtl: bool = False
    script: str = "Latn"


LANGUAGES: dict[str, Language] = {
    lang.code: lang
    for lang in (
        Language("nl", "Nederlands", "nl_NL"),
        Language("en", "English", "en_GB"),
        Language("ar", "العربية", "ar", rtl=True, script="Arab"),
        Language("ti", "ትግርኛ", "ti", script="Ethi"),
        Language("fa", "فارسی / دری", "fa", rtl=True, script="Arab"),
        Language("tr", "Türkçe", "tr"),
        Language("so", "Soomaali", "so"),
        Language("uk", "Українська", "uk", script="Cyrl"),
        Language("ku", "Kurmancî", "ku"),
    )
}
SUPPORTED: tuple[str, ...] = tuple(LANGUAGES)
DUTCH = "nl"
_ALIASES = {"kmr": "ku", "prs": "fa", "fa-af": "fa", "nl-nl": "nl", "en-gb": "en", "en-us": "en"}


class UnknownLanguageError(ValueError):
    """A language code that the bot does not support."""


def normalize_language(code: str) -> str:
    """Map a user- or operator-given code to a supported one, or raise UnknownLanguageError."""
    key = code.strip().lower().replace("_", "-")
    key = _ALIASES.get(key, key)
    if key not in LANGUAGES:
        raise UnknownLanguageError(
            f"unknown language code '{code}'; supported: {', '.join(SUPPORTED)} (kmr is accepted for ku)"
        )
    return key

"""Choosing the language: at the start, with /taal, or from the menu."""

from __future__ import annotations

from dialogs.keyboards import language_buttons
from dialogs.reply import Msg, Raw, Reply, reply
from locales.catalogs import gettext_for
from locales.languages import LANGUAGES
from locales.markers import N_

CHOOSE_LANGUAGE = N_("Choose your language")


def language_menu() -> Reply:
    """Asked in every language at once, since we do not know which one the user reads."""
    prompt = "\n".join(gettext_for(code, CHOOSE_LANGUAGE) for code in LANGUAGES)
    return Reply(body=(Raw("🌐 " + prompt),), buttons=language_buttons(), bilingual=False)


def language_changed(lang: str) -> Reply:
    return reply(
        Msg(N_("Your language is now {language}."), {"language": LANGUAGES[lang].native_name}),
    )

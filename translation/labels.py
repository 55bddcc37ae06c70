"""The notes that go with free text: machine-translated, or not translated at all.

Every note is a catalog message, shown in the reader's language and in Dutch (the regisseur's
language), so that neither side can mistake a machine translation for the writer's own words.
"""

from __future__ import annotations

from locales.catalogs import gettext_for
from locales.languages import DUTCH, LANGUAGES
from locales.markers import N_

# i18n: shown with a text that software translated automatically (machine translation).
MACHINE_TRANSLATED = N_("Translated by a computer. The translation may contain mistakes.")
# i18n: shown with a Dutch message that could not be translated automatically into the reader's language.
NOT_TRANSLATED = N_("There is no translation into your language for this message, so it is shown in Dutch.")


def bilingual_note(msgid: str, lang: str) -> str:
    """`msgid` in `lang`, then in Dutch on the next line (once when `lang` is Dutch).

    Plain text: right-to-left marks are added where the message is rendered (dialogs/render.py).
    """
    if lang == DUTCH or lang not in LANGUAGES:
        return gettext_for(DUTCH, msgid)
    return f"{gettext_for(lang, msgid)}\n{gettext_for(DUTCH, msgid)}"


def machine_translation_note(lang: str) -> str:
    """Goes with every machine-translated text, in the reader's language and in Dutch."""
    return bilingual_note(MACHINE_TRANSLATED, lang)


def no_translation_note(lang: str) -> str:
    """Goes with a Dutch original shown to a reader of `lang` because no model covers it."""
    return bilingual_note(NOT_TRANSLATED, lang)

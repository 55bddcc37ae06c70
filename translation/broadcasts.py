"""Machine translations for a broadcast, made once per language when the broadcast is created.

`reminders.broadcasts.create_broadcast(..., translations=...)` stores one text per language and the
dispatcher sends it; a language without a text gets the Dutch original with the catalog note "your
case manager wrote this message in Dutch" (reminders/messages.py). This fills that mapping:
translating when the broadcast is made (not per recipient at send time) means the regisseur's
preview is what is sent, and each language is translated once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from locales.languages import DUTCH
from translation.recipients import translate_for_recipient
from translation.results import TranslationService


async def broadcast_translations(
    service: TranslationService | None,
    text_nl: str,
    languages: Iterable[str],
    curated: Mapping[str, str] | None = None,
    *,
    max_length: int | None = None,
) -> dict[str, str]:
    """Curated texts as given, plus a labelled machine translation for each other recipient language.

    A language no model covers is left out, so its recipients get the Dutch original with a note in
    their language. So is one whose labelled translation would exceed `max_length`.
    """
    texts = dict(curated or {})
    for lang in sorted(set(languages) - set(texts) - {DUTCH}):
        recipient = await translate_for_recipient(service, text_nl, lang)
        message = recipient.message()
        if recipient.machine and (max_length is None or len(message) <= max_length):
            texts[lang] = message
    return texts

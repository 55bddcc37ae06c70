"""What the features call: a Dutch text for one recipient, a client's text for the regisseur."""

from __future__ import annotations

import asyncio
import logging
from typing import NamedTuple

from locales.languages import DUTCH
from translation.labels import machine_translation_note, no_translation_note
from translation.results import Translation, TranslationService

log = logging.getLogger(__name__)

# A forwarded question waits at most this long for its Dutch translation; the translation goes on
# in the background (and lands in the cache), the question is stored without it.
DUTCH_FOR_STAFF_TIMEOUT = 30.0


class RecipientText(NamedTuple):
    """The text to send and the note that must go with it (None: nothing to explain)."""

    text: str
    label: str | None

    def message(self) -> str:
        """Text and note as one message, the note last."""
        return self.text if self.label is None else f"{self.text}\n\n{self.label}"

    @property
    def machine(self) -> bool:
        """Whether `text` is a machine translation (its label says so; the Dutch line comes last)."""
        return self.label is not None and self.label.endswith(machine_translation_note(DUTCH))


async def translate_for_recipient(
    service: TranslationService | None, text_nl: str, lang: str
) -> RecipientText:
    """A Dutch free text for a recipient who reads `lang`.

    Dutch readers get the text as is. Others get the machine translation with a note saying so
    (their language and Dutch), or, when no model covers `lang`, the Dutch original with a note
    saying it could not be translated. Never an unlabelled machine translation.
    """
    if lang == DUTCH:
        return RecipientText(text_nl, None)
    result = await service.translate(text_nl, DUTCH, lang) if service is not None else None
    if isinstance(result, Translation) and result.machine:
        return RecipientText(result.text, machine_translation_note(lang))
    return RecipientText(text_nl, no_translation_note(lang))


async def translate_to_dutch(
    service: TranslationService | None, text: str, lang: str, *, within: float = DUTCH_FOR_STAFF_TIMEOUT
) -> str | None:
    """A client's or partner's text in Dutch for the regisseur, machine-made; None when none is available.

    Dutch texts need none (None). Waits at most `within` seconds.
    """
    if service is None or lang == DUTCH or not text.strip():
        return None
    try:
        result = await asyncio.wait_for(service.translate(text, lang, DUTCH), within)
    except TimeoutError:
        log.warning("translation to Dutch timed out", extra={"lang": lang})
        return None
    if isinstance(result, Translation) and result.machine:
        return result.text
    return None

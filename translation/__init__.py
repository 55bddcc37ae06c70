"""Offline machine translation of free text, always labelled as machine-made.

Fixed content comes from the curated gettext catalogs; this package is only for free text: a
regisseur's broadcast or answer in Dutch, a client's or partner's question in their language.
It never pretends: the answer is a `Translation` (with the route it took, e.g. ar→en→nl) or a
`NoTranslation` with a reason, and the caller shows the original with a note.

Build the service once from settings and pass it down (it owns a worker thread)::

    service = build_translation_service(settings)   # app.translator in inburgerbot/app.py
    ...
    service.close()

What features call (all coroutines; none blocks the event loop):

- ``translate_for_recipient(service, text_nl, lang) -> RecipientText(text, label)``
  Broadcast previews and sending, regisseur answers to tickets: a Dutch free text for a reader of
  `lang`. Dutch readers get ``(text_nl, None)``; others the machine translation with
  ``machine_translation_note(lang)``; when no model covers `lang`, the Dutch original with
  ``no_translation_note(lang)`` (both notes in the reader's language and in Dutch, from the
  catalog). Send ``RecipientText.message()`` or lay out text and label yourself — never drop the
  label. Use it only when no curated text exists for that language.
- ``broadcast_translations(service, text_nl, languages, curated, max_length=...) -> dict[str, str]``
  The ``translations`` for ``reminders.broadcasts.create_broadcast``: curated texts as given, a
  labelled machine translation (``RecipientText.message()``) for each other recipient language a
  model covers. Languages left out get the Dutch original with the dispatcher's catalog note.
- ``translate_to_dutch(service, text, lang) -> str | None``
  A client's or partner's text in Dutch for the regisseur; store it as ``text_nl`` with
  ``text_nl_machine=True`` and show ``machine_translation_note("nl")`` with it.
- ``service.translate(text, src, dst)`` and ``service.available_pairs()`` for anything else.

With the default, light install (no ``inburgerbot[translate]`` extra) the service is a
`NullTranslationService`: every translation is ``NoTranslation("not_installed")``.
Models come from ``INBURGERBOT_ARGOS_PACKAGES_DIR``; nothing is ever downloaded (README,
"Machine translation").
"""

from __future__ import annotations

from translation.broadcasts import broadcast_translations
from translation.factory import argos_packages_dir, build_translation_service
from translation.labels import (
    MACHINE_TRANSLATED,
    NOT_TRANSLATED,
    machine_translation_note,
    no_translation_note,
)
from translation.recipients import RecipientText, translate_for_recipient, translate_to_dutch
from translation.results import (
    LanguagePair,
    NoTranslation,
    NullTranslationService,
    Translation,
    TranslationResult,
    TranslationService,
)

__all__ = [
    "MACHINE_TRANSLATED",
    "NOT_TRANSLATED",
    "LanguagePair",
    "NoTranslation",
    "NullTranslationService",
    "RecipientText",
    "Translation",
    "TranslationResult",
    "TranslationService",
    "argos_packages_dir",
    "broadcast_translations",
    "build_translation_service",
    "machine_translation_note",
    "no_translation_note",
    "translate_for_recipient",
    "translate_to_dutch",
]

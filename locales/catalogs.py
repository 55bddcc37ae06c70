"""Loads the gettext catalogs and translates message ids into any supported language.

The `.mo` files are built from the `.po` files by `make catalogs` (pybabel compile). When a `.mo`
is missing or older than its `.po` (a fresh checkout before the build), the `.po` is compiled in
memory instead, so a developer never sees stale text.
"""

from __future__ import annotations

import gettext
from functools import lru_cache
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from locales.languages import SUPPORTED

LOCALES_DIR = Path(__file__).parent
DOMAIN = "messages"


def po_path(lang: str) -> Path:
    return LOCALES_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@lru_cache(maxsize=len(SUPPORTED))
def translations(lang: str) -> gettext.NullTranslations:
    """The catalog for `lang`; English ids pass through untranslated when a catalog is absent."""
    po = po_path(lang)
    mo = po.with_suffix(".mo")
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as fh:
            return Translations(fh, domain=DOMAIN)
    if po.exists():
        with po.open("rb") as fh:
            catalog = read_po(fh, locale=None if lang == "ku" else lang)
        buffer = BytesIO()
        write_mo(buffer, catalog)
        buffer.seek(0)
        return Translations(buffer, domain=DOMAIN)
    return gettext.NullTranslations()


def gettext_for(lang: str, message: str) -> str:
    return translations(lang).gettext(message)


def ngettext_for(lang: str, singular: str, plural: str, n: int) -> str:
    return translations(lang).ngettext(singular, plural, n)

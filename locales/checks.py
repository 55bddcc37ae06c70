"""Catalog checks: complete, placeholders intact, no untranslated copies, valid plural forms.

Run by the test suite on every catalog, and usable on a single catalog file while translating.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from locales.catalogs import LOCALES_DIR, po_path

PLACEHOLDER = re.compile(r"(?<!\{)\{([a-z_][a-z0-9_]*)\}(?!\})")
SOURCE_LANG = "en"
# Message ids that may stay as they are: Dutch names of routes and bodies that users meet in letters,
# and lines that are only an emoji and a value.
SAME_IN_EVERY_LANGUAGE = frozenset(
    {
        "DUO",
        "Brede intake",
        "B1-route",
        "Onderwijsroute",
        "Z-route",
        "ℹ️ {title}",
        "📌 {what}",
        "🕒 {when}",
        "📍 {place}",
    }
)
# Words that are simply the same in English and the language.
SAME_IN = {"nl": frozenset({"⬅️ Menu", "Privacy", "🔊 Audio"})}


@dataclass(frozen=True)
class Problem:
    lang: str
    msgid: str
    issue: str

    def __str__(self) -> str:
        return f"[{self.lang}] {self.issue}: {self.msgid[:70]!r}"


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def read_catalog(path: Path, lang: str) -> Catalog:
    with path.open("rb") as fh:
        return read_po(fh, locale=None if lang == "ku" else lang)


def template_ids(pot: Path | None = None) -> set[str]:
    with (pot or LOCALES_DIR / "messages.pot").open("rb") as fh:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(fh) if m.id}


def check_catalog(lang: str, path: Path | None = None, expected_ids: set[str] | None = None) -> list[Problem]:
    catalog = read_catalog(path or po_path(lang), lang)
    problems: list[Problem] = []
    seen: set[str] = set()
    for message in catalog:
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        key = ids[0]
        seen.add(key)
        strings = [message.string] if isinstance(message.string, str) else list(message.string or ())
        if message.fuzzy:
            problems.append(Problem(lang, key, "fuzzy (needs a translator)"))
        if message.pluralizable and len(strings) != catalog.num_plurals:
            problems.append(
                Problem(lang, key, f"has {len(strings)} plural forms, needs {catalog.num_plurals}")
            )
        if not strings or not all(s.strip() for s in strings):
            problems.append(Problem(lang, key, "missing translation"))
            continue
        wanted = placeholders(ids[0]) | (placeholders(ids[1]) if len(ids) > 1 else set())
        for text in strings:
            # A plural form may leave out {count} (e.g. Arabic "one" forms say the number in words).
            got = placeholders(text)
            allowed_missing = {"count"} if message.pluralizable else set()
            if got - wanted or (wanted - got) - allowed_missing:
                problems.append(
                    Problem(lang, key, f"placeholders {sorted(got)} differ from {sorted(wanted)}")
                )
        allowed_same = SAME_IN_EVERY_LANGUAGE | SAME_IN.get(lang, frozenset())
        if lang != SOURCE_LANG and key not in allowed_same and strings[0] == key:
            problems.append(Problem(lang, key, "untranslated (same as the English source)"))
    if expected_ids is not None:
        problems += [Problem(lang, missing, "not in the catalog") for missing in sorted(expected_ids - seen)]
    return problems

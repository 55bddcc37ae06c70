"""Catalog maintenance beside pybabel: list what is untranslated, apply translations, mark them.

    python scripts/catalogs.py todo LANG            # untranslated/fuzzy entries as JSON
    python scripts/catalogs.py apply LANG FILE.json # set translations from {"msgid": "text" | [plural forms]}
    python scripts/catalogs.py fill-en              # English catalog: msgstr = msgid (the source)

Applied translations are marked "machine-translated, unreviewed" so a human translator can find
them; a reviewer removes that comment line after checking the entry.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ROOT / "locales"
MT_MARK = "machine-translated, unreviewed"


def _po(lang: str) -> Path:
    return LOCALES / lang / "LC_MESSAGES" / "messages.po"


def _load(lang: str):  # type: ignore[no-untyped-def]
    with _po(lang).open("rb") as fh:
        return read_po(fh, locale=None if lang == "ku" else lang)


def _save(lang: str, catalog) -> None:  # type: ignore[no-untyped-def]
    with _po(lang).open("wb") as fh:
        write_po(fh, catalog, width=100, sort_output=False)


def todo(lang: str) -> None:
    catalog = _load(lang)
    out = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
        if message.fuzzy or not all(strings):
            entry = {"msgid": message.id if isinstance(message.id, str) else list(message.id)}
            if message.auto_comments:
                entry["hint"] = " ".join(message.auto_comments)
            if message.pluralizable:
                entry["plural_forms"] = catalog.num_plurals
            out.append(entry)
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
    print()


def apply(lang: str, path: str) -> None:
    catalog = _load(lang)
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    done = 0
    for message in catalog:
        if not message.id:
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        if key not in data:
            continue
        value = data[key]
        message.string = tuple(value) if isinstance(value, list) else value
        message.flags.discard("fuzzy")
        if MT_MARK not in message.user_comments:
            message.user_comments.append(MT_MARK)
        done += 1
    _save(lang, catalog)
    print(f"{lang}: {done} entries set")


def fill_en() -> None:
    catalog = _load("en")
    for message in catalog:
        if not message.id:
            continue
        message.string = message.id if isinstance(message.id, str) else tuple(message.id)
        message.flags.discard("fuzzy")
    _save("en", catalog)


if __name__ == "__main__":
    command, *rest = sys.argv[1:]
    {"todo": lambda: todo(*rest), "apply": lambda: apply(*rest), "fill-en": fill_en}[command]()

"""Every message in every language: present, translated, placeholders intact, plurals valid."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po

from locales.catalogs import po_path
from locales.checks import check_catalog, template_ids
from locales.languages import SUPPORTED


@pytest.mark.parametrize("lang", SUPPORTED)
def test_catalog_is_complete_and_consistent(lang: str) -> None:
    problems = check_catalog(lang, expected_ids=template_ids())
    assert not problems, "\n".join(map(str, problems[:20])) + f"\n({len(problems)} problems)"


def test_template_matches_the_code() -> None:
    """The .pot must hold every id the code marks; `make catalogs` refreshes it."""
    from dialogs import explainers
    from locales.topics import TOPICS

    ids = template_ids()
    for topic in TOPICS:
        for section in (*topic.short, *topic.more):
            assert section.text in ids
            assert section.otherwise is None or section.otherwise in ids
        assert topic.label in ids
    assert set(explainers.PROGRESS_TALK_PHRASES.values()) <= ids


def _copy_catalog(lang: str, tmp_path: Path) -> Path:
    target = tmp_path / "messages.po"
    shutil.copy(po_path(lang), target)
    return target


def _edit(path: Path, lang: str, index: int, new_string: str) -> str:
    with path.open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    sentences = [m for m in catalog if m.id and isinstance(m.id, str) and "{" in m.id and len(m.id) > 30]
    message = sentences[index]
    message.string = new_string(message) if callable(new_string) else new_string
    with path.open("wb") as fh:
        write_po(fh, catalog)
    return str(message.id)


def test_the_check_fails_on_a_missing_translation(tmp_path: Path) -> None:
    path = _copy_catalog("ar", tmp_path)
    msgid = _edit(path, "ar", 0, "")
    problems = check_catalog("ar", path)
    assert [(p.msgid, p.issue) for p in problems] == [(msgid, "missing translation")]


def test_the_check_fails_on_a_broken_placeholder(tmp_path: Path) -> None:
    path = _copy_catalog("tr", tmp_path)
    msgid = _edit(path, "tr", 1, lambda m: m.string.replace("{", "{x"))  # type: ignore[arg-type]
    problems = check_catalog("tr", path)
    assert len(problems) == 1 and problems[0].msgid == msgid and "placeholders" in problems[0].issue


def test_the_check_fails_on_an_untranslated_copy(tmp_path: Path) -> None:
    path = _copy_catalog("so", tmp_path)
    msgid = _edit(path, "so", 2, lambda m: m.id)  # type: ignore[arg-type]
    problems = check_catalog("so", path)
    assert [(p.msgid, p.issue) for p in problems] == [(msgid, "untranslated (same as the English source)")]


def test_machine_translations_are_marked_for_review() -> None:
    """Each entry says either that a machine made it or who reviewed it, so translators find the work."""
    for lang in SUPPORTED:
        if lang == "en":
            continue
        with po_path(lang).open("rb") as fh:
            catalog = read_po(fh)
        unmarked = [
            m.id
            for m in catalog
            if m.id
            and "machine-translated, unreviewed" not in m.user_comments
            and not any(c.startswith("reviewed by ") for c in m.user_comments)
        ]
        assert not unmarked, f"{lang}: {len(unmarked)} entries are neither marked machine-made nor reviewed"

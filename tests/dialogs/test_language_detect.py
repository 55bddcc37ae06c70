"""Language detection: script, Arabic vs Persian, the five Latin-script languages (Kurmanji vs
Turkish above all), Dutch terms inside other languages, and the dialog that answers in the
language a question was written in and offers to switch."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from casestore.uow import CaseStore
from dialogs import language_detect
from dialogs.conversation import Conversation
from dialogs.events import ChatContext, ChatState, Tap, TextInput
from dialogs.language_detect import detect, switch_to
from dialogs.render import render
from dialogs.reply import Msg, Reply
from locales.catalogs import gettext_for
from locales.languages import SUPPORTED
from municipalities.config import load_municipalities

LANG_DEV = Path(__file__).parent / "data" / "lang_dev.yaml"
ARABIC = range(0x0600, 0x0700)


def _sure(text: str) -> str | None:
    found = detect(text)
    return found.lang if found.confidence >= language_detect.SURE else None


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("ፈተና መዓስ እዩ", "ti"),
        ("коли іспит", "uk"),
        ("когда экзамен", "uk"),  # Russian is answered in Ukrainian, the nearest language we speak
        ("متى الامتحان", "ar"),
        ("امتحان کی است", "fa"),
        ("wanneer is het examen", "nl"),
        ("when is the exam", "en"),
        ("sınav ne zaman", "tr"),
        ("imtixaanku goorma", "so"),
        ("ezmûn kengê ye", "ku"),
    ],
)
def test_each_language_is_recognised(text: str, lang: str) -> None:
    assert _sure(text) == lang


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("ez dixwazim bizanim ceza ciqas e", "ku"),  # Kurmanji typed without ê î û ç ş
        ("min randevu ji bir kir", "ku"),
        ("ez nexweş im nikarim werim", "ku"),
        ("cocugum hasta gelemiyorum", "tr"),  # Turkish typed without ı ğ ü ş ç
        ("çocuğum hasta, gelemiyorum", "tr"),
        ("ne yapmaliyim simdi", "tr"),
    ],
)
def test_kurmanji_is_not_taken_for_turkish_nor_the_reverse(text: str, lang: str) -> None:
    assert _sure(text) == lang


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("ما هو PIP", "ar"),
        ("شو يعني boete بالضبط", "ar"),
        ("وين مكتب الgemeente", "ar"),
        ("PIP چیه", "fa"),
        ("با regisseur حرف بزنم", "fa"),
        ("مي‌خواهم كار كنم", "fa"),  # Persian typed on an Arabic keyboard (ي, ك)
        ("PIP እንታይ እዩ", "ti"),
        ("ኣብ ርክብ ምስ gemeente ተርጓሚ የድልየኒ", "ti"),
        ("що таке PIP", "uk"),
        ("PIP waa maxay", "so"),
        ("boete ne kadar", "tr"),
        ("PIP a min kengê amade dibe", "ku"),
        ("how much is the boete from DUO", "en"),
        ("hoe hoog is mijn boete??", "nl"),
    ],
)
def test_dutch_terms_inside_another_language_do_not_make_it_dutch(text: str, lang: str) -> None:
    assert _sure(text) == lang


@pytest.mark.parametrize("text", ["PIP?", "boete", "DUO KNM", "ok", "👍", "123", "", "ceza??"])
def test_no_language_is_claimed_without_evidence(text: str) -> None:
    # "ceza" is Turkish and Kurmanji alike; Dutch terms and emoji belong to no language.
    assert _sure(text) is None


def test_short_and_mixed_messages_of_the_development_set() -> None:
    data = yaml.safe_load(LANG_DEV.read_text(encoding="utf-8"))
    assert set(data) == set(SUPPORTED)
    for lang, texts in data.items():
        found = [_sure(str(t)) for t in texts]
        assert found.count(lang) >= len(texts) - 1, (lang, found)
        assert all(f in (lang, None) for f in found), (lang, found)  # unsure is allowed, wrong is not


def test_switch_only_when_clearly_another_language() -> None:
    assert switch_to("wat is een pip", "ar") == "nl"
    assert switch_to("ما هو PIP", "nl") == "ar"
    assert switch_to("ما هو PIP", "ar") is None  # already the user's language
    assert switch_to("PIP?", "ar") is None  # no evidence
    assert switch_to("ceza??", "ku") is None  # as much Kurmanji as Turkish: keep Kurmanji
    assert switch_to("ceza??", "tr") is None
    assert switch_to("ما هو PIP", None) == "ar"


def test_scores_are_probabilities_over_the_scripts_languages() -> None:
    found = detect("ez dixwazim bizanim")
    assert found.lang == "ku"
    assert set(found.scores) == {"nl", "en", "tr", "so", "ku"}
    assert 0.99 <= sum(found.scores.values()) <= 1.01


def test_a_detector_learns_only_from_its_texts() -> None:
    tiny = language_detect.LanguageDetector(
        {"nl": ["ik wil graag weten wanneer de les is"], "en": ["i would like to know when the class is"]},
        domain_words={"pip"},
    )
    assert tiny.detect("wanneer is de les pip").lang == "nl"
    assert tiny.detect("when is the class").lang == "en"
    assert tiny.detect("pip").lang is None


# --- the dialog: answer in the language written, offer to switch ------------------------------------


def _ctx() -> ChatContext:
    return ChatContext(user_id=9, chat_id=9, client=None, municipality=load_municipalities()["demo"])


def _conversation(store: CaseStore) -> Conversation:
    return Conversation(store=store, municipalities=load_municipalities(), default_municipality="demo")


def _has_arabic(text: str) -> bool:
    return any(ord(ch) in ARABIC for ch in text)


async def test_question_in_another_language_is_answered_in_it_with_an_offer_to_switch(
    sqlite_store: CaseStore,
) -> None:
    conv = _conversation(sqlite_store)
    state = ChatState(lang="nl", stage="menu")
    replies = await conv.handle(_ctx(), state, TextInput("ما هو PIP"))
    answer, offer = replies[0], replies[-1]
    assert answer.lang == "ar" and offer.lang == "ar"
    shown = render(answer, state.lang or "nl")
    assert shown.lang == "ar" and _has_arabic(shown.native)
    assert shown.dutch is not None and not _has_arabic(shown.dutch)  # still bilingual, Dutch second
    assert [b.action for row in offer.buttons for b in row] == ["lang:ar"]
    assert isinstance(offer.body[0], Msg)
    expected = gettext_for("ar", offer.body[0].msgid).format(language="العربية")
    assert render(offer, "nl").native.replace("\u200f", "") == expected
    assert state.lang == "nl"  # nothing changes until the user taps

    await conv.handle(_ctx(), state, Tap("lang:ar"))
    assert state.lang == "ar"


async def test_question_in_the_users_language_gets_no_offer(sqlite_store: CaseStore) -> None:
    conv = _conversation(sqlite_store)
    replies = await conv.handle(_ctx(), ChatState(lang="ar", stage="menu"), TextInput("ما هو PIP"))
    assert all(r.lang is None for r in replies)
    assert not any(b.action.startswith("lang:") for r in replies for row in r.buttons for b in row)


async def test_unknown_question_in_another_language_says_so_in_that_language(sqlite_store: CaseStore) -> None:
    conv = _conversation(sqlite_store)
    state = ChatState(lang="nl", stage="menu")
    replies = await conv.handle(_ctx(), state, TextInput("hava durumu yarın nasıl"))
    assert replies[0].lang == "tr"
    assert isinstance(replies[0].body[0], Msg) and replies[0].body[0].msgid.startswith("Sorry, I do not know")
    assert replies[-1].buttons[0][0].action == "lang:tr"


async def test_only_dutch_terms_keep_the_users_language(sqlite_store: CaseStore) -> None:
    conv = _conversation(sqlite_store)
    replies: list[Reply] = await conv.handle(_ctx(), ChatState(lang="ti", stage="menu"), TextInput("PIP?"))
    assert all(r.lang is None for r in replies)

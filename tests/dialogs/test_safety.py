"""The emergency path: danger in any language gets 112 and the case manager, never a FAQ answer."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from casestore.uow import CaseStore
from dialogs import safety
from dialogs.conversation import Conversation
from dialogs.events import ChatContext, ChatState, TextInput
from dialogs.matcher import catalog_examples, load_examples
from dialogs.render import render
from dialogs.reply import Msg, Reply
from dialogs.safety import SafetyCheck
from locales.catalogs import gettext_for
from locales.languages import SUPPORTED
from municipalities.config import load_municipalities

DATA = Path(__file__).parent / "data"

# What people write when something is wrong, per language: (message, kind expected among the signals).
DANGER: dict[str, list[tuple[str, str]]] = {
    "nl": [
        ("help er is brand in mijn huis", "emergency"),
        ("mijn man zegt dat hij me gaat vermoorden", "threat"),
        ("ik wil niet meer leven", "self_harm"),
        ("ik denk aan zelfmoord", "self_harm"),
    ],
    "en": [
        ("my husband said he will kill me tonight", "threat"),
        ("i want to kill myself", "self_harm"),
        ("there's a fire in our building!!", "emergency"),
        ("my neighbour threatened me with a knife", "threat"),
    ],
    "ar": [
        ("زوجي يضربني كل يوم", "threat"),
        ("بدي انتحر ما عاد فيني", "self_harm"),
        ("يوجد حريق في الشقة", "emergency"),
        ("أُرِيدُ أَنْ أَمُوتَ", "self_harm"),  # with harakat
    ],
    "ti": [
        ("ሰብኣየይ ክቐትለኒ እዩ ኢሉኒ", "threat"),
        ("ክሞት ደልየ", "self_harm"),
        ("ሓዊ ተላዒሉ ኣብ ገዛ", "emergency"),
    ],
    "fa": [
        ("شوهرم مرا میزند", "threat"),
        ("میخوام خودمو بکشم", "self_harm"),
        ("مي‌خواهم بميرم", "self_harm"),  # Arabic ye and a ZWNJ
        ("آتش سوزی در خانه", "emergency"),
    ],
    "tr": [
        ("kocam beni öldüreceğini söyledi", "threat"),
        ("INTIHAR etmek istiyorum", "self_harm"),
        ("yangin var yardim edin", "emergency"),  # typed without Turkish letters
    ],
    "so": [
        ("ninkayga wuu i garaacay", "threat"),
        ("waan is dilayaa", "self_harm"),
        ("dab ayaa ka kacay guriga", "emergency"),
    ],
    "uk": [
        ("чоловік мене б'є", "threat"),
        ("я хочу померти", "self_harm"),
        ("у нас пожежа", "emergency"),
        ("я думаю про самогубство", "self_harm"),
    ],
    "ku": [
        ("mêrê min dibêje ew ê min bikuje", "threat"),
        ("ez dixwazim xwe bikujim", "self_harm"),
        ("agir ket malê", "emergency"),
    ],
}

# Everyday messages with the same words in a harmless sense: they must reach the FAQ matcher.
HARMLESS = [
    "fire safety course",
    "I kill time by reading",
    "how do I kill the engine of a scooter",
    "help with my pip please",
    "brandveiligheid cursus",
    "ik wil niet meer naar de taalschool",
    "wat is de boete als ik te laat ben",
    "acil soru: PIP ne zaman",
    "they threatened with a fine from DUO",
    "ሓገዝ ይደሊ ብዛዕባ PIP",
    "هل يوجد دورة اسعافات اولية",
]


def _ctx() -> ChatContext:
    return ChatContext(user_id=9, chat_id=9, client=None, municipality=load_municipalities()["demo"])


def _actions(reply: Reply) -> list[str]:
    return [b.action for row in reply.buttons for b in row]


@pytest.mark.parametrize(
    ("lang", "text", "kind"), [(lang, text, kind) for lang, items in DANGER.items() for text, kind in items]
)
def test_danger_is_recognised_in_every_language(lang: str, text: str, kind: str) -> None:
    signal = safety.check(text)
    assert signal is not None, text
    assert kind in signal.kinds


@pytest.mark.parametrize("text", HARMLESS)
def test_everyday_words_in_a_harmless_sense_do_not_trigger(text: str) -> None:
    assert safety.check(text) is None


def test_no_example_question_or_held_out_question_triggers() -> None:
    """The safety check runs before the matcher: it must not swallow a single real FAQ question."""
    texts = [ex.text for ex in load_examples() + catalog_examples()]
    for folder in ("faq_dev", "faq_test", "faq_blind2"):
        for path in sorted((DATA / folder).glob("*.yaml")):
            texts += [str(q) for qs in yaml.safe_load(path.read_text(encoding="utf-8")).values() for q in qs]
    assert len(texts) > 5000
    assert [t for t in texts if safety.check(t)] == []


def test_the_phrase_file_covers_every_language_and_kind() -> None:
    data = yaml.safe_load(safety.SAFETY_FILE.read_text(encoding="utf-8"))
    for lang in SUPPORTED:
        assert set(data[lang]) == set(safety.KINDS), lang
        assert all(len(data[lang][kind]) >= 3 for kind in safety.KINDS), lang


def test_phrases_match_whole_words_in_order_and_prefixes_only_where_marked(tmp_path: Path) -> None:
    path = tmp_path / "safety.yaml"
    path.write_text("en:\n  threat: ['kill me', 'murder*']\n", encoding="utf-8")
    check = SafetyCheck.from_file(path)
    assert check.check("he wants to KILL me") is not None
    assert check.check("me kill") is None  # order matters
    assert check.check("skill meter") is None  # whole words only
    assert check.check("he was murdering") is not None  # prefix where marked
    path.write_text("en:\n  danger: ['x y']\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown kind"):
        SafetyCheck.from_file(path)


@pytest.mark.parametrize("lang", sorted(DANGER))
async def test_the_bot_answers_danger_with_112_and_the_case_manager_never_a_faq_answer(
    sqlite_store: CaseStore, lang: str
) -> None:
    conv = Conversation(store=sqlite_store, municipalities=load_municipalities(), default_municipality="demo")
    for text, kind in DANGER[lang]:
        state = ChatState(lang=lang, stage="menu", pending={"question": "earlier"})
        replies = await conv.handle(_ctx(), state, TextInput(text))
        assert len(replies) == 1, text
        [answer] = replies
        actions = _actions(answer)
        # Never a FAQ answer: no topic, no "tell me more", no feedback, no did-you-mean, no forward offer.
        assert actions == ["menu"], (text, actions)
        assert not answer.voice and answer.picture is None
        assert state.pending == {}  # nothing of the message is kept
        ids = [line.msgid for line in answer.body if isinstance(line, Msg)]
        assert ids[0].startswith("🆘") and ids[-1].startswith("You can also contact your")
        signal = safety.check(text)
        assert signal is not None and kind in signal.kinds
        assert (len(ids) == 3) == ("self_harm" in signal.kinds)  # the 113 line for self-harm only
        shown = render(answer, answer.lang or lang)
        assert "112" in shown.native and "0123 456 789" in shown.native, text
        assert "inburgering@demodorp.example" in shown.native
        if shown.lang != "nl":
            assert shown.dutch is not None and "112" in shown.dutch  # in Dutch too
        expected = gettext_for(shown.lang, ids[0]).format(number="112")
        assert expected in shown.native.replace("\u200f", "")


async def test_danger_in_another_language_is_answered_in_that_language(sqlite_store: CaseStore) -> None:
    conv = Conversation(store=sqlite_store, municipalities=load_municipalities(), default_municipality="demo")
    [answer] = await conv.handle(_ctx(), ChatState(lang="nl", stage="menu"), TextInput("زوجي يضربني كل يوم"))
    assert answer.lang == "ar"
    assert not any(a.startswith("lang:") for a in _actions(answer))  # no language offer in an emergency


async def test_a_municipality_without_contact_details_still_says_who_to_ask(sqlite_store: CaseStore) -> None:
    demo = load_municipalities()["demo"]
    bare = demo.model_copy(
        update={
            "contact": demo.contact.model_copy(
                update={"phone": None, "email": None, "office_address": None, "walk_in_hours": None}
            )
        }
    )
    answer = safety.emergency_reply(bare, safety.Signal(frozenset({"threat"}), frozenset({"en"})))
    shown = render(answer, "en")
    assert "112" in shown.native
    assert (
        gettext_for("en", "Ask at the town hall (gemeentehuis) for your {case_manager}.").format(
            case_manager=demo.contact.case_manager_title
        )
        in shown.native
    )

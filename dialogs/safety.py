"""Messages that signal an emergency, a threat or self-harm: 112 and the case manager, never a FAQ answer.

Why phrases and not the matcher: the matcher answers with the nearest topic, and a person who
writes "he will kill me" must never get the explainer about fines because "boete" was nearby.
So every free-text message is checked here first, against the phrases of every language in
locales/safety.yaml (people mix languages), normalised exactly like the matcher's input. Phrases
are multi-word on purpose ("kill myself", not "kill"), so "I kill time by reading" or "fire safety
course" do not trigger; a needless 112 line is still far better than a missed emergency.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from dialogs.explainers import placeholder_values
from dialogs.keyboards import back_to_menu
from dialogs.reply import Line, Msg, Reply
from dialogs.text_normalise import words
from locales.catalogs import LOCALES_DIR
from locales.markers import N_
from municipalities.config import Municipality

SAFETY_FILE = LOCALES_DIR / "safety.yaml"
KINDS = ("emergency", "threat", "self_harm")
EMERGENCY_NUMBER = "112"


@dataclass(frozen=True)
class Phrase:
    """Normalised words; a word in `prefixes` (by position) matches any word starting with it."""

    words: tuple[str, ...]
    prefixes: frozenset[int]
    kind: str
    lang: str

    def matches_at(self, tokens: list[str], start: int) -> bool:
        if start + len(self.words) > len(tokens):
            return False
        for i, word in enumerate(self.words):
            token = tokens[start + i]
            if not (token.startswith(word) if i in self.prefixes else token == word):
                return False
        return True


@dataclass(frozen=True)
class Signal:
    """What was found: the kinds (emergency, threat, self_harm) and the languages of the phrases."""

    kinds: frozenset[str]
    langs: frozenset[str]


def _phrase(text: str, kind: str, lang: str) -> Phrase:
    raw = text.split()
    prefixes = frozenset(i for i, w in enumerate(raw) if w.endswith("*"))
    normalised: list[str] = []
    for word in raw:
        parts = words(word.rstrip("*"))
        if not parts:
            raise ValueError(f"safety phrase {text!r} ({lang}) has an empty word")
        normalised.extend(parts)
    if len(normalised) != len(raw):
        # "b'є" stays one word after normalising; a word that splits would shift the prefix positions.
        raise ValueError(f"safety phrase {text!r} ({lang}): a word splits when normalised")
    return Phrase(tuple(normalised), prefixes, kind, lang)


class SafetyCheck:
    """Built once from the phrase file; `check` is read-only."""

    def __init__(self, phrases: list[Phrase]) -> None:
        self.phrases = phrases
        self._exact: dict[str, list[Phrase]] = {}
        # Phrases that start with a word prefix ("vermoord*"), by the prefix's first two letters.
        self._prefixed: dict[str, list[Phrase]] = {}
        for phrase in phrases:
            if 0 in phrase.prefixes:
                self._prefixed.setdefault(phrase.words[0][:2], []).append(phrase)
            else:
                self._exact.setdefault(phrase.words[0], []).append(phrase)

    @classmethod
    def from_file(cls, path: Path = SAFETY_FILE) -> SafetyCheck:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        phrases: list[Phrase] = []
        for lang, by_kind in data.items():
            for kind, texts in (by_kind or {}).items():
                if kind not in KINDS:
                    raise ValueError(f"{path.name}: unknown kind {kind!r} under {lang}")
                phrases.extend(_phrase(str(t), kind, lang) for t in texts or ())
        return cls(phrases)

    def check(self, text: str) -> Signal | None:
        """The signal in `text`, or None when nothing in it points to danger."""
        tokens = words(text)
        found: list[Phrase] = []
        for start, token in enumerate(tokens):
            found.extend(p for p in self._exact.get(token, ()) if p.matches_at(tokens, start))
            found.extend(p for p in self._prefixed.get(token[:2], ()) if p.matches_at(tokens, start))
        if not found:
            return None
        return Signal(frozenset(p.kind for p in found), frozenset(p.lang for p in found))


@lru_cache(maxsize=1)
def default_check() -> SafetyCheck:
    return SafetyCheck.from_file()


def check(text: str) -> Signal | None:
    """Whether a free-text message signals an emergency, a threat or self-harm."""
    return default_check().check(text)


def emergency_reply(municipality: Municipality, signal: Signal) -> Reply:
    """112 first, the suicide line for self-harm, then how to reach the case manager. No FAQ, no topic."""
    contact = placeholder_values(municipality)["contact"]
    lines: list[Line] = [
        Msg(
            N_(
                "🆘 Are you or someone else in danger now? Call {number} (police, ambulance, fire "
                "brigade). The call is free, day and night, and they can get an interpreter."
            ),
            {"number": EMERGENCY_NUMBER},
        )
    ]
    if "self_harm" in signal.kinds:
        lines.append(
            Msg(
                N_(
                    "Are you thinking about suicide? Talk to someone at 113 Suicide Prevention: "
                    "call {phone}, free, day and night."
                ),
                {"phone": "0800-0113"},
            )
        )
    lines.append(
        Msg(
            N_("You can also contact your {case_manager}:\n{contact}"),
            {"case_manager": municipality.contact.case_manager_title, "contact": contact or ""},
        )
    )
    return Reply(body=tuple(lines), buttons=(back_to_menu(),))

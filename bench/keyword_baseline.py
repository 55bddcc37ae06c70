"""Baseline for bench/matcher.py: the first keyword matcher of dialogs/matcher.py, kept verbatim.

It is only measured, never used by the bot. A first, deliberately simple matcher: normalised
words against each topic's keywords and its button label in every language. Dutch domain words
(PIP, PVT, MAP, DUO, boete...) work across languages because people use them inside sentences in
their own language.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from locales.catalogs import gettext_for
from locales.languages import SUPPORTED
from locales.topics import TOPICS

_WORD = re.compile(r"\w+", re.UNICODE)
_ARABIC_VARIANTS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ة": "ه", "ى": "ي", "ي": "ی", "ك": "ک"})


def normalise(text: str) -> str:
    """Lower case, no diacritics or tatweel, Arabic/Persian letter variants unified, Turkish i folded."""
    text = text.replace("İ", "i").lower().replace("ı", "i")
    text = text.replace("\u0640", "").translate(_ARABIC_VARIANTS)
    decomposed = unicodedata.normalize("NFKD", text)
    # Drop combining marks (Latin accents, Arabic harakat) but keep Ge'ez and other base letters.
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    return _WORD.findall(normalise(text))


@dataclass(frozen=True)
class Match:
    topic_id: str
    score: float


@lru_cache(maxsize=1)
def _index() -> dict[str, frozenset[str]]:
    """Per topic: the phrases that point to it (keywords plus its label in every language)."""
    index: dict[str, frozenset[str]] = {}
    for topic in TOPICS:
        phrases = {normalise(k) for k in topic.keywords}
        phrases.add(normalise(topic.id.replace("_", " ")))
        for lang in SUPPORTED:
            label = gettext_for(lang, topic.label)
            phrases.update(w for w in words(label) if len(w) > 3)
        index[topic.id] = frozenset(p for p in phrases if p)
    return index


@lru_cache(maxsize=1)
def _weights() -> dict[str, float]:
    """A phrase that points to many topics ('my', 'mijn') says little: weight 1 / topics sharing it."""
    counts: dict[str, int] = {}
    for phrases in _index().values():
        for phrase in phrases:
            counts[phrase] = counts.get(phrase, 0) + 1
    return {phrase: 1.0 / n for phrase, n in counts.items()}


def rank(text: str) -> list[Match]:
    """Topics with a positive score, best first. Multi-word phrases count more than single words."""
    tokens = words(text)
    joined = " " + " ".join(tokens) + " "
    weights = _weights()
    scores: list[Match] = []
    for topic_id, phrases in _index().items():
        score = 0.0
        for phrase in phrases:
            if " " in phrase:
                score += 2.0 * weights[phrase] if f" {phrase} " in joined else 0.0
            elif phrase in tokens:
                score += weights[phrase]
            elif len(phrase) >= 5 and any(t.startswith(phrase) for t in tokens):
                score += 0.5 * weights[phrase]
        if score > 0:
            scores.append(Match(topic_id, score))
    return sorted(scores, key=lambda m: (-m.score, m.topic_id))


def best(text: str) -> tuple[Match | None, list[Match]]:
    """The confident match (if any) and the runners-up to offer as 'Do you mean…?'."""
    ranked = rank(text)
    if not ranked:
        return None, []
    if ranked[0].score >= 0.9 and (len(ranked) == 1 or ranked[0].score >= 2 * ranked[1].score):
        return ranked[0], ranked[1:3]
    return None, ranked[:3]

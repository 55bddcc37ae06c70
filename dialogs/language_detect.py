"""Which of the bot's languages a message is written in, so the bot can answer in it.

Why not a general detector: lingua-language-detector (measured in docs/matcher.md) needs 288 MB
for the seven languages it knows, has no Tigrinya or Kurmanji, and calls Kurmanji Turkish. Our
nine languages split cleanly by script first: Ge'ez is Tigrinya, Cyrillic is Ukrainian, and only
Arabic/Persian and the five Latin-script languages need a statistical decision. For those a small
naive-Bayes model over character 1-3-grams and words, trained on our own catalogs and example
questions, is enough; it knows Kurmanji's ê/î/û and Turkish ı/ğ/ö/ü because they are in that data.

Dutch domain words (PIP, boete, gemeente, DUO...) appear inside sentences in every language, so
they are taken out before deciding: "ما هو PIP" is Arabic, "mijn boete??" is Dutch because of
"mijn", and "PIP?" alone is no evidence for any language.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from dialogs.matcher import NONE, catalog_examples, load_examples
from dialogs.text_normalise import script_of

SCRIPT_LANGUAGES: dict[str, tuple[str, ...]] = {
    "Ethi": ("ti",),
    "Cyrl": ("uk",),
    "Arab": ("ar", "fa"),
    "Latn": ("nl", "en", "tr", "so", "ku"),
}
# Below this the message is too short or too mixed to act on; the dialog keeps the user's language.
SURE = 0.8
_SCALE = 6.0  # sharpens per-n-gram log-likelihood differences into probabilities
_LATIN_LETTERS = 6  # letters of evidence needed for full confidence in Latin script...
_OTHER_LETTERS = 3  # ...and in Arabic, Ge'ez or Cyrillic script
_ALPHA = 0.5  # add-alpha smoothing
_WORD_WEIGHT = 2.0
_TOKEN = re.compile(r"[^\W\d_]+", re.UNICODE)
_APOSTROPHE = re.compile("['’ʼ`´‘]")
# Ye and kaf depend on the keyboard more than on the language (Afghan phones often type Arabic ي/ك),
# so they are folded; letters only Persian has (پ چ ژ گ) and the words themselves decide.
_KEYBOARD_LETTERS = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "\u200c": None, "\u0640": None})


@dataclass(frozen=True)
class Detection:
    """`lang` is None when the text gives no clear evidence (e.g. only "PIP?" or "ok")."""

    lang: str | None
    confidence: float
    scores: Mapping[str, float]


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("İ", "i").lower().translate(_KEYBOARD_LETTERS)
    return _APOSTROPHE.sub("", text)


def _grams(word: str) -> Iterable[str]:
    padded = f" {word} "
    for n in (1, 2, 3):
        for i in range(len(padded) - n + 1):
            gram = padded[i : i + n]
            if gram != " ":
                yield gram


class _Profile:
    """Character n-gram and word frequencies of one language, with smoothed log probabilities."""

    def __init__(self, texts: Iterable[str]) -> None:
        grams: Counter[str] = Counter()
        words: Counter[str] = Counter()
        for text in texts:
            for word in _TOKEN.findall(_clean(text)):
                words[word] += 1
                grams.update(_grams(word))
        self._grams, self._words = grams, words
        self._gram_total = sum(grams.values())
        self._word_total = sum(words.values())

    def gram_logp(self, gram: str, vocabulary: int) -> float:
        return math.log((self._grams.get(gram, 0) + _ALPHA) / (self._gram_total + _ALPHA * vocabulary))

    def word_logp(self, word: str, vocabulary: int) -> float:
        return math.log((self._words.get(word, 0) + _ALPHA) / (self._word_total + _ALPHA * vocabulary))


class LanguageDetector:
    """Built once from texts per language; `detect` is read-only."""

    def __init__(self, texts: Mapping[str, list[str]], domain_words: Iterable[str]) -> None:
        self.domain_words = frozenset(domain_words)
        self._profiles = {lang: _Profile(lines) for lang, lines in texts.items()}
        self._gram_vocab = len(set().union(*(p._grams for p in self._profiles.values())))
        self._word_vocab = len(set().union(*(p._words for p in self._profiles.values())))

    def _evidence(self, text: str) -> tuple[str | None, list[str], float]:
        """The script the message is written in, its words, and how much of the message they are.

        Words are counted, not letters, and a non-Latin script wins over Latin once it has a third
        of the words: people put Dutch words into Arabic or Tigrinya sentences, not the reverse.
        """
        words = [w for w in _TOKEN.findall(_clean(text)) if w not in self.domain_words]
        per_script: dict[str, list[str]] = defaultdict(list)
        for word in words:
            script = script_of(word[0])
            if script in SCRIPT_LANGUAGES:
                per_script[script].append(word)
        if not per_script:
            return None, [], 0.0
        total = sum(len(v) for v in per_script.values())
        script = max(per_script, key=lambda s: (len(per_script[s]) * (1 if s == "Latn" else 2), s))
        share = len(per_script[script]) / total
        if script != "Latn":
            share = min(1.0, 2 * share)
        return script, per_script[script], share

    def detect(self, text: str) -> Detection:
        script, words, share = self._evidence(text)
        candidates = [lang for lang in SCRIPT_LANGUAGES.get(script or "", ()) if lang in self._profiles]
        if not candidates:
            return Detection(None, 0.0, {})
        # Few letters are weak evidence, above all in the Latin alphabet that five languages share:
        # "ok" or "ceza" must not switch anyone's language.
        letters = sum(len(w) for w in words)
        amount = share * min(1.0, letters / (_LATIN_LETTERS if script == "Latn" else _OTHER_LETTERS))
        if len(candidates) == 1:
            lang = candidates[0]
            return Detection(lang if amount >= 0.5 else None, amount, {lang: amount})
        loglik: dict[str, float] = {}
        n_grams = 1
        for lang in candidates:
            profile = self._profiles[lang]
            total = 0.0
            n_grams = 0
            for word in words:
                total += _WORD_WEIGHT * profile.word_logp(word, self._word_vocab)
                for gram in _grams(word):
                    total += profile.gram_logp(gram, self._gram_vocab)
                    n_grams += 1
            loglik[lang] = total
        # Naive Bayes is overconfident on long texts: scale the log-likelihood gap per sqrt(n-grams).
        top = max(loglik.values())
        sharpness = _SCALE / math.sqrt(max(n_grams, 1))
        weights = {lang: math.exp(sharpness * (ll - top)) for lang, ll in loglik.items()}
        total_weight = sum(weights.values())
        probs = {lang: amount * w / total_weight for lang, w in weights.items()}
        best = max(probs, key=lambda k: probs[k])
        return Detection(best if probs[best] >= 0.5 else None, probs[best], probs)


def training_texts() -> dict[str, list[str]]:
    """Per language: the example questions and the translated topic texts."""
    texts: dict[str, list[str]] = defaultdict(list)
    for ex in load_examples() + catalog_examples():
        texts[ex.lang].append(ex.text)
    return dict(texts)


def embedded_words() -> set[str]:
    """Latin-script words used inside Arabic, Persian, Tigrinya and Ukrainian examples.

    Those are the Dutch (and a few English) terms people carry into every language: they say
    nothing about which language a sentence is in.
    """
    found: dict[str, set[str]] = defaultdict(set)
    for ex in load_examples():
        if ex.lang in ("ar", "fa", "ti", "uk") and ex.topic_id != NONE:
            for word in _TOKEN.findall(_clean(ex.text)):
                if script_of(word[0]) == "Latn":
                    found[word].add(ex.lang)
    return {word for word, langs in found.items() if len(langs) >= 2}


@lru_cache(maxsize=1)
def default_detector() -> LanguageDetector:
    return LanguageDetector(training_texts(), embedded_words())


def detect(text: str) -> Detection:
    """The language of `text` among the bot's languages, or None when the text does not say."""
    return default_detector().detect(text)


def switch_to(text: str, current: str | None) -> str | None:
    """The language to answer in instead of `current`, only when the text is clearly in another."""
    found = detect(text)
    if found.lang is None or found.lang == current or found.confidence < SURE:
        return None
    if current is not None and found.scores.get(current, 0.0) >= 0.2:
        return None  # close enough to the user's own language: never switch on a hunch
    return found.lang

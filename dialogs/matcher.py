"""Maps a free-text question, in any supported language, to an explainer topic or to `none`.

Why this design: the bot must run without network or downloaded models, answer within a few
milliseconds on every message, and cope with typos, dialect and Dutch words inside Arabic,
Tigrinya or Somali sentences. A character n-gram TF-IDF model does all of that in plain Python:
n-grams survive typos and inflection, and Dutch domain words (PIP, PVT, boete, regisseur) are the
same n-grams in every language, so they connect a sentence to its topic across scripts.

It learns from example questions per topic and language (locales/faq/<lang>.yaml, including
`none` examples of questions the bot cannot answer) plus the translated topic texts in the
catalogs. A question is scored against each topic twice: its nearest example questions (kNN) and
the topic's centroid; a softmax over those scores gives the confidence. Below the threshold the
dialog offers the two or three best topics; when `none` wins, it says it does not know.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import yaml

from dialogs.text_normalise import geez_skeleton, normalise
from locales.catalogs import LOCALES_DIR, gettext_for
from locales.languages import SUPPORTED
from locales.topics import TOPICS

NONE = "none"
FAQ_DIR = LOCALES_DIR / "faq"

# Tuned on tests/dialogs/data/faq_dev (bench/matcher.py; docs/matcher.md has the measurements).
CONFIDENT = 0.9  # probability of the best topic needed to answer without asking "Do you mean…?"
TEMPERATURE = 0.1  # softmax temperature, relative to the best similarity (see `understand`)
MIN_SIMILARITY = 0.08  # below this best similarity nothing in the data resembles the question
KNN_WEIGHTS = (1.0, 0.7, 0.5, 0.3)  # the best four examples of a topic, the best counts most
CENTROID_SHARE = 0.7  # the rest of the score comes from the topic's nearest examples
CANDIDATE_SHARE = 0.05  # a third "Do you mean…?" button needs at least this probability
WORD_WEIGHT = 1.5  # a whole-word hit counts more than one of its n-grams
CATALOG_WEIGHT = 0.6  # translated topic texts are formal prose, not questions: they count less
ANCHOR_MIN_LANGUAGES = 4  # a word used for one topic in this many languages' examples is an anchor
ANCHOR_WEIGHT = 2.0  # ...and its whole-word feature counts this many times more

_TOKEN = re.compile(r"\w+", re.UNICODE)
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: 5x faster
Vector = dict[str, float]


@dataclass(frozen=True)
class Match:
    topic_id: str
    score: float


@dataclass(frozen=True)
class Understanding:
    """What the matcher made of a question. `topic_id` is None for `none`."""

    topic_id: str | None
    confidence: float
    confident: bool
    candidates: tuple[Match, ...]


def features(text: str, anchors: Mapping[str, float] | None = None) -> dict[str, float]:
    """Raw term counts: whole words, character 3-5-grams of each word, Ge'ez consonant skeletons.

    `anchors` are words that point to one topic in many languages (PIP, boete, DUO...): their
    whole-word feature counts that many times more.
    """
    counts: dict[str, float] = defaultdict(float)
    tokens = _TOKEN.findall(normalise(text))
    for tok in tokens:
        counts["w:" + tok] += WORD_WEIGHT * (anchors.get(tok, 1.0) if anchors else 1.0)
        padded = f"<{tok}>"
        for n in (3, 4, 5):
            for i in range(len(padded) - n + 1):
                counts[padded[i : i + n]] += 1.0
        if "\u1200" <= tok[0] <= "\u137f":
            skeleton = f"<{geez_skeleton(tok)}>"
            for i in range(len(skeleton) - 2):
                counts["s:" + skeleton[i : i + 3]] += 0.5
    return counts


def _normalised(vec: Mapping[str, float]) -> Vector:
    norm = math.sqrt(sum(v * v for v in vec.values()))
    return {k: v / norm for k, v in vec.items()} if norm else {}


@dataclass(frozen=True)
class Example:
    topic_id: str
    text: str
    lang: str
    weight: float = 1.0


@lru_cache(maxsize=4)
def load_examples(faq_dir: Path = FAQ_DIR) -> tuple[Example, ...]:
    """The example questions of every language file: `{topic_id: [question, ...]}`."""
    known = {t.id for t in TOPICS} | {NONE}
    examples: list[Example] = []
    for path in sorted(faq_dir.glob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER) or {}
        for topic_id, questions in data.items():
            if topic_id not in known:
                raise ValueError(f"{path.name}: unknown topic id {topic_id!r}")
            examples.extend(Example(topic_id, str(q), path.stem) for q in questions or ())
    return tuple(examples)


_PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


@lru_cache(maxsize=1)
def catalog_examples() -> tuple[Example, ...]:
    """Each topic's label and texts in every language, from the gettext catalogs."""
    out: list[Example] = []
    for topic in TOPICS:
        for lang in SUPPORTED:
            out.append(Example(topic.id, gettext_for(lang, topic.label), lang, CATALOG_WEIGHT))
            for section in topic.short + topic.more:
                text = _PLACEHOLDER.sub(" ", gettext_for(lang, section.text))
                out.append(Example(topic.id, text, lang, CATALOG_WEIGHT))
    return tuple(out)


def find_anchors(examples: Iterable[Example]) -> dict[str, float]:
    """Words used for one topic in the examples of many languages: the cross-language signals.

    Found in the data rather than listed by hand, so a new Dutch term that people of four or more
    languages use for a topic (PIP, boete, DUO, KNM, regisseur...) becomes an anchor by itself.
    """
    seen: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for ex in examples:
        if ex.weight < 1.0:
            continue  # catalogs translate every text, so they would make everything look shared
        for tok in set(_TOKEN.findall(normalise(ex.text))):
            seen[tok][ex.topic_id].add(ex.lang)
    anchors: dict[str, float] = {}
    for tok, per_topic in seen.items():
        if len(tok) < 2 or tok.isdigit():
            continue
        topic, langs = max(per_topic.items(), key=lambda item: len(item[1]))
        total = sum(len(v) for v in per_topic.values())
        if topic != NONE and len(langs) >= ANCHOR_MIN_LANGUAGES and len(langs) >= 0.6 * total:
            anchors[tok] = ANCHOR_WEIGHT
    return anchors


@dataclass(frozen=True)
class Params:
    """The matcher's knobs, tuned on tests/dialogs/data/faq_dev (see bench/matcher.py)."""

    confident: float = CONFIDENT
    min_similarity: float = MIN_SIMILARITY
    temperature: float = TEMPERATURE
    knn_weights: tuple[float, ...] = KNN_WEIGHTS
    centroid_share: float = CENTROID_SHARE


class Matcher:
    """Built once from examples; `understand` is then read-only and safe to share.

    The index lives in a few numpy arrays: per feature the examples that have it (compressed
    sparse rows), and a dense topic-by-feature matrix of centroids. A question then costs one
    gather, one bincount and one small matrix product, well under a millisecond.
    """

    def __init__(self, examples: Iterable[Example], params: Params | None = None) -> None:
        self.params = params or Params()
        examples = list(examples)
        self.anchors = find_anchors(examples)
        docs = [(ex, feats) for ex in examples if (feats := features(ex.text, self.anchors))]
        # Examples grouped by topic, so each topic's similarities are one contiguous slice.
        docs.sort(key=lambda d: d[0].topic_id)
        df: dict[str, int] = defaultdict(int)
        for _, feats in docs:
            for key in feats:
                df[key] += 1
        n = len(docs)
        # Feature -> (id, idf), one dict lookup per feature of a question.
        self._ids = {key: (i, math.log((n + 1) / (c + 1)) + 1.0) for i, (key, c) in enumerate(df.items())}
        self._unknown_idf = math.log(n + 1) + 1.0
        self.topics: tuple[str, ...] = tuple(sorted({ex.topic_id for ex, _ in docs}))
        topic_of = {t: i for i, t in enumerate(self.topics)}
        doc_topic = np.array([topic_of[ex.topic_id] for ex, _ in docs], dtype=np.int32)
        self._topic_start = np.searchsorted(doc_topic, np.arange(len(self.topics)))
        self._topic_size = np.bincount(doc_topic, minlength=len(self.topics))
        self._doc_weight = np.array([ex.weight for ex, _ in docs], dtype=np.float32)
        feature_ids: list[int] = []
        doc_ids: list[int] = []
        values: list[float] = []
        for doc_id, (_, feats) in enumerate(docs):
            fids, vals = self._weigh(feats)
            feature_ids.extend(fids)
            doc_ids.extend([doc_id] * len(fids))
            values.extend(vals)
        f = np.array(feature_ids, dtype=np.int32)
        d = np.array(doc_ids, dtype=np.int32)
        v = np.array(values, dtype=np.float32)
        order = np.argsort(f, kind="stable")
        self._offsets = np.concatenate(([0], np.cumsum(np.bincount(f, minlength=len(df))))).astype(np.int64)
        self._post_doc = d[order]
        self._post_value = v[order]
        centroids = np.zeros((len(self.topics), len(df)), dtype=np.float32)
        np.add.at(centroids, (doc_topic[d], f), v * self._doc_weight[d])
        norms = np.linalg.norm(centroids, axis=1, keepdims=True)
        self._centroids = centroids / np.where(norms > 0, norms, 1.0)

    def _weigh(self, counts: Mapping[str, float]) -> tuple[list[int], list[float]]:
        """Sublinear tf times idf, L2-normalised, as feature ids and weights. Features never seen
        in the examples count in the norm (a question full of unknown words resembles no topic
        much) but cannot match anything, so they are dropped.
        """
        fids: list[int] = []
        weights: list[float] = []
        norm = 0.0
        unknown = (-1, self._unknown_idf)
        for key, count in counts.items():
            fid, idf = self._ids.get(key, unknown)
            w = (1.0 + math.log(count)) * idf if count != 1.0 else idf
            norm += w * w
            if fid >= 0:
                fids.append(fid)
                weights.append(w)
        norm = math.sqrt(norm) or 1.0
        return fids, [w / norm for w in weights]

    def scores(self, text: str) -> list[Match]:
        """Every topic (and `none`) with its combined similarity, best first."""
        p = self.params
        fid_list, weight_list = self._weigh(features(text, self.anchors))
        if not fid_list:
            return [Match(t, 0.0) for t in self.topics]
        fids = np.array(fid_list, dtype=np.int64)
        q = np.array(weight_list, dtype=np.float32)
        starts, ends = self._offsets[fids], self._offsets[fids + 1]
        lengths = ends - starts
        # Positions of every posting of every query feature, without a Python loop.
        positions = np.repeat(starts - np.cumsum(lengths) + lengths, lengths) + np.arange(lengths.sum())
        contributions = self._post_value[positions] * np.repeat(q, lengths)
        sims = self._doc_weight * np.bincount(
            self._post_doc[positions], weights=contributions, minlength=len(self._doc_weight)
        )
        # The k best examples of each topic: take each topic's maximum, blank it, repeat.
        knn = np.zeros(len(self.topics))
        remaining = sims.copy()
        for weight in p.knn_weights:
            best = np.maximum.reduceat(remaining, self._topic_start)
            knn += weight * np.maximum(best, 0.0)
            remaining[remaining >= np.repeat(best, self._topic_size)] = -1.0
        knn /= sum(p.knn_weights)
        centroid = self._centroids[:, fids] @ q
        combined = (1 - p.centroid_share) * knn + p.centroid_share * centroid
        return sorted(
            (Match(t, float(s)) for t, s in zip(self.topics, combined, strict=True)),
            key=lambda m: (-m.score, m.topic_id),
        )

    def understand(self, text: str) -> Understanding:
        """The best topic with a confidence, and the likely topics to offer when unsure."""
        p = self.params
        ranked = self.scores(text)
        if not ranked or ranked[0].score < p.min_similarity:
            return Understanding(None, 1.0 - (ranked[0].score if ranked else 0.0), False, ())
        top = ranked[0].score
        # Relative differences: a one-word question has high similarities and a long story low
        # ones, but "twice as close to A as to B" should mean the same confidence for both.
        weights = [math.exp((m.score - top) / (p.temperature * top)) for m in ranked]
        total = sum(weights)
        probs = [Match(m.topic_id, w / total) for m, w in zip(ranked, weights, strict=True)]
        best = probs[0]
        if best.topic_id == NONE:
            return Understanding(None, best.score, False, ())
        topics_only = [m for m in probs if m.topic_id != NONE]
        # Two likely topics always, a third when it is not far-fetched.
        candidates = tuple(m for i, m in enumerate(topics_only[:3]) if i < 2 or m.score >= CANDIDATE_SHARE)
        return Understanding(best.topic_id, best.score, best.score >= p.confident, candidates)


@lru_cache(maxsize=1)
def default_matcher() -> Matcher:
    """The matcher over the shipped example questions and catalogs, built on first use (~1 s)."""
    return Matcher(load_examples() + catalog_examples())


def understand(text: str) -> Understanding:
    return default_matcher().understand(text)


def best(text: str) -> tuple[Match | None, list[Match]]:
    """The confident match (if any) and the topics to offer as 'Do you mean…?' (empty for none)."""
    result = understand(text)
    if result.topic_id is None:
        return None, []
    if result.confident:
        return Match(result.topic_id, result.confidence), list(result.candidates[1:3])
    return None, list(result.candidates[:3])

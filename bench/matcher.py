"""Benchmark of the free-text matcher and the language detector, with baselines in the same run.

What it prints, all measured now on this machine:
  1. per language, on held-out questions that share no sentence with the training examples: top-1
     accuracy (a topic or `none`), `none` precision and recall, and how often the bot would answer
     straight away (confident) — for the matcher, the old keyword matcher and a word TF-IDF
     baseline trained on the same examples. Three sets (tests/dialogs/data/): faq_dev, the
     development set the parameters were tuned on; faq_test, a first blind set whose errors were
     then used to add examples; faq_blind2, written last and never used for any change — the
     honest estimate for questions written independently of this repository;
  2. latency: the matcher alone, and a whole bot turn (conversation + case store on SQLite +
     rendering), p50/p95/max per question; and 1,000 questions in one process including start-up,
     as `answer --jsonl` would run them;
  3. language detection accuracy per language on the FAQ questions and on short/mixed messages
     (tests/dialogs/data/lang_dev.yaml), with lingua-language-detector beside it when its package
     directory is given (`--lingua DIR`; it is not a dependency of the bot).

Run: .venv/bin/python bench/matcher.py [--lingua /path/to/site-packages]
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import re
import resource
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from bench import keyword_baseline  # noqa: E402
from dialogs import language_detect, matcher  # noqa: E402
from dialogs.matcher import NONE, Example  # noqa: E402
from dialogs.text_normalise import normalise  # noqa: E402

DEV_DIR = ROOT / "tests" / "dialogs" / "data" / "faq_dev"
DIAGNOSTIC_DIR = ROOT / "tests" / "dialogs" / "data" / "faq_test"  # first blind set, then used to find gaps
BLIND_DIR = ROOT / "tests" / "dialogs" / "data" / "faq_blind2"  # written last, never used for changes
LANG_DEV = ROOT / "tests" / "dialogs" / "data" / "lang_dev.yaml"
LANGS = ("nl", "en", "ar", "ti", "fa", "tr", "so", "uk", "ku")


def load_dev(folder: Path = DEV_DIR) -> dict[str, list[tuple[str, str]]]:
    """Per language: (expected topic or `none`, question)."""
    dev: dict[str, list[tuple[str, str]]] = {}
    for lang in LANGS:
        data = yaml.safe_load((folder / f"{lang}.yaml").read_text(encoding="utf-8"))
        dev[lang] = [(topic, str(q)) for topic, questions in data.items() for q in questions]
    return dev


@dataclass
class Tally:
    n: int = 0
    correct: int = 0
    none_tp: int = 0
    none_fp: int = 0
    none_fn: int = 0
    confident: int = 0
    errors: list[tuple[str, str, str]] = field(default_factory=list)

    def add(self, expected: str, predicted: str, confident: bool, text: str) -> None:
        self.n += 1
        self.correct += expected == predicted
        self.confident += confident
        if predicted == NONE and expected == NONE:
            self.none_tp += 1
        elif predicted == NONE:
            self.none_fp += 1
        elif expected == NONE:
            self.none_fn += 1
        if expected != predicted:
            self.errors.append((expected, predicted, text))

    @property
    def accuracy(self) -> float:
        return self.correct / self.n if self.n else 0.0

    @property
    def none_precision(self) -> float:
        found = self.none_tp + self.none_fp
        return self.none_tp / found if found else 1.0

    @property
    def none_recall(self) -> float:
        actual = self.none_tp + self.none_fn
        return self.none_tp / actual if actual else 1.0


Predictor = Callable[[str], tuple[str, bool]]


def evaluate(predict: Predictor, dev: dict[str, list[tuple[str, str]]]) -> dict[str, Tally]:
    tallies: dict[str, Tally] = {}
    for lang, items in dev.items():
        tally = tallies[lang] = Tally()
        for expected, text in items:
            predicted, confident = predict(text)
            tally.add(expected, predicted, confident, text)
    total = Tally()
    for t in tallies.values():
        for name in ("n", "correct", "none_tp", "none_fp", "none_fn", "confident"):
            setattr(total, name, getattr(total, name) + getattr(t, name))
    tallies["all"] = total
    return tallies


def predict_matcher(text: str) -> tuple[str, bool]:
    result = matcher.understand(text)
    return result.topic_id or NONE, result.confident


def predict_keywords(text: str) -> tuple[str, bool]:
    """The old dialog: a confident match, else the first 'did you mean', else none."""
    found, others = keyword_baseline.best(text)
    if found is not None:
        return found.topic_id, True
    return (others[0].topic_id if others else NONE), False


class WordTfidf:
    """Baseline: whole words, TF-IDF, nearest topic centroid, `none` as one more class."""

    MIN_COSINE = 0.1

    def __init__(self, examples: tuple[Example, ...]) -> None:
        docs = [(ex.topic_id, self.tokens(ex.text)) for ex in examples]
        df: dict[str, int] = defaultdict(int)
        for _, toks in docs:
            for tok in set(toks):
                df[tok] += 1
        self.idf = {t: math.log((len(docs) + 1) / (c + 1)) + 1 for t, c in df.items()}
        sums: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        for topic, toks in docs:
            for tok, w in self.vector(toks).items():
                sums[topic][tok] += w
        self.centroids = {t: self.unit(v) for t, v in sums.items()}

    @staticmethod
    def tokens(text: str) -> list[str]:
        return re.findall(r"\w+", normalise(text))

    @staticmethod
    def unit(vec: dict[str, float]) -> dict[str, float]:
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        return {k: v / norm for k, v in vec.items()}

    def vector(self, toks: list[str]) -> dict[str, float]:
        counts: dict[str, int] = defaultdict(int)
        for tok in toks:
            counts[tok] += 1
        return self.unit({t: (1 + math.log(c)) * self.idf.get(t, 0.0) for t, c in counts.items()})

    def predict(self, text: str) -> tuple[str, bool]:
        q = self.vector(self.tokens(text))
        best, score = NONE, 0.0
        for topic, centroid in self.centroids.items():
            s = sum(w * centroid.get(t, 0.0) for t, w in q.items())
            if s > score:
                best, score = topic, s
        return (best if score >= self.MIN_COSINE else NONE), score >= 0.3


def print_accuracy(results: dict[str, dict[str, Tally]], title: str) -> None:
    names = list(results)
    print(f"\n== FAQ matching: {title} (top-1 = topic or none; conf = answered without asking) ==")
    header = f"{'lang':<5}{'n':>4} " + "".join(f"| {name:<29}" for name in names)
    print(header)
    print(f"{'':<10}" + "".join(f"| {'top-1':>7} {'noneP':>6} {'noneR':>6} {'conf':>6} " for _ in names))
    for lang in (*LANGS, "all"):
        row = f"{lang:<5}{results[names[0]][lang].n:>4} "
        for name in names:
            t = results[name][lang]
            row += (
                f"| {t.accuracy:>7.1%} {t.none_precision:>6.0%} {t.none_recall:>6.0%} "
                f"{t.confident / t.n:>6.0%} "
            )
        print(row)
    worst = min(results[names[0]][lang].accuracy for lang in LANGS)
    print(
        f"lowest per-language top-1 of {names[0]}: {worst:.1%}; none recall overall: "
        f"{results[names[0]]['all'].none_recall:.1%}"
    )


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def print_latency(label: str, seconds: list[float]) -> None:
    ms = [s * 1000 for s in seconds]
    print(
        f"{label:<44} n={len(ms):<5} p50 {statistics.median(ms):6.2f} ms   "
        f"p95 {percentile(ms, 0.95):6.2f} ms   max {max(ms):6.2f} ms"
    )


async def bot_turn_latencies(questions: list[str]) -> list[float]:
    """A whole turn as the Telegram bot runs it: context from the case store, dialogs, rendering."""
    from casestore.migrate import upgrade
    from casestore.uow import CaseStore
    from dialogs.conversation import Conversation
    from dialogs.events import ChatState, TextInput
    from dialogs.render import render
    from municipalities.config import load_municipalities

    with tempfile.TemporaryDirectory() as tmp:
        store = CaseStore.from_url(f"sqlite+aiosqlite:///{tmp}/bench.sqlite3")
        await upgrade(store.engine)
        municipalities = load_municipalities()
        conv = Conversation(
            store=store, municipalities=municipalities, default_municipality=next(iter(municipalities))
        )
        times: list[float] = []
        for i, text in enumerate(questions):
            state = ChatState(lang=LANGS[i % len(LANGS)], stage="menu")
            start = time.perf_counter()
            turn = await conv.turn(1000 + i % 50, 1000 + i % 50, state, TextInput(text))
            for item in turn.replies:
                render(item, turn.lang, turn.mode)
            times.append(time.perf_counter() - start)
        await store.dispose()
    return times


def language_tables(dev: dict[str, list[tuple[str, str]]], lingua_dir: str | None) -> None:
    short = yaml.safe_load(LANG_DEV.read_text(encoding="utf-8"))
    sets = {
        "FAQ questions": {lang: [t for _, t in items] for lang, items in dev.items()},
        "short/mixed": {lang: [str(t) for t in short[lang]] for lang in LANGS},
    }
    detectors: dict[str, Callable[[str], str | None]] = {}

    def ours(text: str) -> str | None:
        found = language_detect.detect(text)
        return found.lang if found.confidence >= language_detect.SURE else None

    detectors["ours (sure)"] = ours
    lingua_note = "lingua: not measured (pass --lingua DIR with lingua-language-detector installed there)"
    if lingua_dir:
        sys.path.insert(0, lingua_dir)
        from lingua import Language, LanguageDetectorBuilder

        codes = {
            Language.DUTCH: "nl",
            Language.ENGLISH: "en",
            Language.ARABIC: "ar",
            Language.TURKISH: "tr",
            Language.PERSIAN: "fa",
            Language.UKRAINIAN: "uk",
            Language.SOMALI: "so",
        }
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        start = time.perf_counter()
        lingua = LanguageDetectorBuilder.from_languages(*codes).with_preloaded_language_models().build()
        load = time.perf_counter() - start
        rss = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024
        lingua_note = (
            f"lingua-language-detector restricted to nl en ar tr fa uk so: loaded in "
            f"{load:.1f} s, +{rss:.0f} MB peak memory; it has no Tigrinya or Kurmanji"
        )

        def by_lingua(text: str) -> str | None:
            found = lingua.detect_language_of(text)
            return codes.get(found) if found is not None else None

        detectors["lingua"] = by_lingua
    for set_name, texts in sets.items():
        print(f"\n== Language detection: {set_name} (correct / wrong / no answer) ==")
        print(f"{'lang':<5}{'n':>4} " + "".join(f"| {name:<20}" for name in detectors))
        latencies: dict[str, list[float]] = defaultdict(list)
        for lang in LANGS:
            row = f"{lang:<5}{len(texts[lang]):>4} "
            for name, detect in detectors.items():
                right = wrong = unsure = 0
                for text in texts[lang]:
                    start = time.perf_counter()
                    found = detect(text)
                    latencies[name].append(time.perf_counter() - start)
                    right += found == lang
                    unsure += found is None
                    wrong += found is not None and found != lang
                row += f"| {right:>3} / {wrong:>2} / {unsure:>2}{'':<9}"
            print(row)
        for name, values in latencies.items():
            print_latency(f"  {name} per message", values)
    print(lingua_note)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--lingua", help="a directory where lingua-language-detector is installed (optional)")
    parser.add_argument("--errors", action="store_true", help="list the matcher's wrong answers")
    args = parser.parse_args()

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    matcher.default_matcher()
    build_matcher = time.perf_counter() - start
    start = time.perf_counter()
    language_detect.default_detector()
    build_detector = time.perf_counter() - start
    rss = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024
    print(
        f"start-up: matcher {build_matcher:.2f} s, language detector {build_detector:.2f} s, "
        f"+{rss:.0f} MB peak memory (both, with the catalogs)"
    )

    dev = load_dev()
    tfidf = WordTfidf(matcher.load_examples() + matcher.catalog_examples())
    for title, questions_by_lang in (
        ("development set (tuned on)", dev),
        ("first blind set, since used to find gaps", load_dev(DIAGNOSTIC_DIR)),
        ("second blind set (never used for changes)", load_dev(BLIND_DIR)),
    ):
        results = {
            "matcher (char n-gram kNN)": evaluate(predict_matcher, questions_by_lang),
            "baseline: old keywords": evaluate(predict_keywords, questions_by_lang),
            "baseline: word TF-IDF": evaluate(tfidf.predict, questions_by_lang),
        }
        print_accuracy(results, title)
        wrong_confident = sum(
            1
            for lang, items in questions_by_lang.items()
            for expected, text in items
            if (r := matcher.understand(text)).confident and r.topic_id != expected
        )
        confident = results["matcher (char n-gram kNN)"]["all"].confident
        print(f"matcher answered {confident} questions without asking; {wrong_confident} of those were wrong")
        if args.errors:
            for lang in LANGS:
                for expected, predicted, text in results["matcher (char n-gram kNN)"][lang].errors:
                    print(f"  {lang} expected {expected:<28} got {predicted:<28} {text}")

    questions = [text for items in dev.values() for _, text in items]
    print("\n== Latency ==")
    for name, predict in (
        ("matcher", predict_matcher),
        ("old keywords", predict_keywords),
        ("word TF-IDF", tfidf.predict),
    ):
        times = []
        for _ in range(3):
            for text in questions:
                t0 = time.perf_counter()
                predict(text)
                times.append(time.perf_counter() - t0)
        print_latency(f"{name}: one question", times)
    times = asyncio.run(bot_turn_latencies(questions))
    print_latency("whole bot turn (store + dialogs + render)", times)
    batch = [questions[i % len(questions)] for i in range(1000)]
    start = time.perf_counter()
    for text in batch:
        matcher.understand(text)
        language_detect.detect(text)
    run = time.perf_counter() - start
    print(
        f"1,000 questions (matcher + language detection): {run:.2f} s, plus start-up "
        f"{build_matcher + build_detector:.2f} s = {run + build_matcher + build_detector:.2f} s"
    )

    language_tables(dev, args.lingua)
    print(
        f"\nload average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs "
        "(other processes on the machine slow every timing above)"
    )


if __name__ == "__main__":
    main()

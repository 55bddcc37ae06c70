"""The FAQ accuracy benchmark of issue 5: what the bot gets right, beside a word TF-IDF baseline.

Prints, all measured in this run on this machine:
  1. per language, top-1 accuracy (a topic or `none`), `none` precision and recall and how often
     the bot answers without asking, for the matcher and the baselines (word TF-IDF, the old
     keyword matcher), on the development set (tests/dialogs/data/faq_dev, tuned on) and on the
     second blind set (faq_blind2, never used for any change: the honest estimate);
  2. the safety check on the same questions: how many of them it would wrongly take for an
     emergency (each one would hide a FAQ answer);
  3. latency: the matcher alone and a whole bot turn (case store on SQLite, dialogs, safety check,
     rendering), p50/p95/max; the target is p95 < 50 ms per answer inside a running bot;
  4. `inburgerbot answer --jsonl` on 1,000 questions, as a separate process including start-up:
     wall time and CPU time (target < 10 s).

The evaluation code lives in bench/matcher.py (which also measures language detection); this file
runs the part the issue asks for. Run: .venv/bin/python bench/faq_accuracy.py [--errors]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.matcher import (  # noqa: E402
    BLIND_DIR,
    LANGS,
    WordTfidf,
    bot_turn_latencies,
    evaluate,
    load_dev,
    predict_keywords,
    predict_matcher,
    print_accuracy,
    print_latency,
)
from dialogs import matcher, safety  # noqa: E402

TARGET_ACCURACY, TARGET_NONE_RECALL, TARGET_P95_MS, TARGET_BATCH_S = 0.90, 0.80, 50.0, 10.0


def answer_batch(questions: list[tuple[str, str]]) -> tuple[float, float, int]:
    """Wall and CPU seconds of `inburgerbot answer --jsonl` on these (lang, text), and lines out."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "questions.jsonl"
        path.write_text(
            "".join(
                json.dumps({"text": t, "lang": lang}, ensure_ascii=False) + "\n" for lang, t in questions
            ),
            encoding="utf-8",
        )
        env = {**os.environ, "INBURGERBOT_DATA_DIR": tmp}
        env.pop("INBURGERBOT_DATABASE_URL", None)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "inburgerbot", "answer", "--jsonl", str(path)],
            capture_output=True,
            text=True,
            env=env,
            check=True,
            timeout=300,
        )
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu, len(done.stdout.splitlines())


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--errors", action="store_true", help="list the matcher's wrong answers")
    args = parser.parse_args()

    start = time.perf_counter()
    matcher.default_matcher()
    print(f"matcher built in {time.perf_counter() - start:.2f} s")
    tfidf = WordTfidf(matcher.load_examples() + matcher.catalog_examples())
    dev, blind = load_dev(), load_dev(BLIND_DIR)
    ok = True
    for title, questions in (
        ("development set (tuned on)", dev),
        ("second blind set (never used for changes)", blind),
    ):
        results = {
            "matcher (char n-gram kNN)": evaluate(predict_matcher, questions),
            "baseline: word TF-IDF": evaluate(tfidf.predict, questions),
            "baseline: old keywords": evaluate(predict_keywords, questions),
        }
        print_accuracy(results, title)
        ours = results["matcher (char n-gram kNN)"]
        if title.startswith("development"):
            ok &= all(ours[lang].accuracy >= TARGET_ACCURACY for lang in LANGS)
            ok &= ours["all"].none_recall >= TARGET_NONE_RECALL
        if args.errors:
            for lang in LANGS:
                for expected, predicted, text in ours[lang].errors:
                    print(f"  {lang} expected {expected:<28} got {predicted:<28} {text}")

    every = [(lang, text) for q in (dev, blind) for lang, items in q.items() for _, text in items]
    caught = [text for _, text in every if safety.check(text)]
    print(f"\n== Safety check on these {len(every)} questions: {len(caught)} taken for an emergency ==")
    for text in caught:
        print(f"  {text}")

    texts = [text for _, text in every]
    print("\n== Latency ==")
    times = []
    for text in texts:
        t0 = time.perf_counter()
        safety.check(text)
        matcher.understand(text)
        times.append(time.perf_counter() - t0)
    print_latency("safety check + matcher, one question", times)
    turns = asyncio.run(bot_turn_latencies(texts))
    print_latency("whole bot turn (store + dialogs + render)", turns)
    p95 = sorted(turns)[min(len(turns) - 1, int(0.95 * len(turns)))] * 1000
    ok &= p95 < TARGET_P95_MS

    batch = [every[i % len(every)] for i in range(1000)]
    wall, cpu, lines = answer_batch(batch)
    print(
        f"`inburgerbot answer --jsonl` on 1,000 questions ({lines} lines out): {wall:.2f} s wall, "
        f"{cpu:.2f} s CPU, start-up included"
    )
    ok &= wall < TARGET_BATCH_S and lines == 1000
    print(
        f"\ntargets (dev top-1 >= {TARGET_ACCURACY:.0%} per language, "
        f"none recall >= {TARGET_NONE_RECALL:.0%}, bot turn p95 < {TARGET_P95_MS:.0f} ms, "
        f"1,000 answers < {TARGET_BATCH_S:.0f} s): "
        f"{'met' if ok else 'NOT met'}; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )


if __name__ == "__main__":
    main()

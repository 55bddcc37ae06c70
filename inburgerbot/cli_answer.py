"""`inburgerbot answer`: what the bot would answer to a free-text question, as JSON.

    inburgerbot answer "mijn boete??" --json
    inburgerbot answer --jsonl questions.jsonl        # {"text": ..., "lang": ...} per line; "-" = stdin

Needs no database: the safety check, the matcher and the language detector are built once
(about 5 s), then each question takes about a millisecond, so a file of thousands of questions
runs in one process. The fields:

- `topic`: the best topic id, or "none" (also when the safety check answered);
- `confidence`, `confident`: the matcher's probability, and whether the bot answers without asking;
- `candidates`: the topics the bot would offer as "Do you mean…?" when not confident;
- `lang`: the language of the answer: `--lang`/`"lang"` when given, else the detected language,
  else Dutch; `detected_lang` is what the detector found (null when unsure, and when a language
  was given: then the detector does not run);
- `answer` / `answer_nl`: the rendered explainer (or, for `emergency`, the 112 message) in `lang`
  and in Dutch; null when the bot would not answer straight away;
- `emergency`: true when the message signals an emergency, a threat or self-harm.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator
from typing import IO, Any

from dialogs import explainers, language_detect, matcher, safety
from dialogs.reply import Line, Msg
from inburgerbot.settings import Settings
from locales.languages import UnknownLanguageError, normalize_language
from municipalities.config import Municipality, load_municipalities


class AnswerInputError(ValueError):
    """A line of the --jsonl file that is not an object with a `text` string."""


def add_answer_parser(sub: Any, language: Callable[[str], str]) -> None:
    answer = sub.add_parser("answer", help="what the bot answers to a free-text question (JSON)")
    answer.add_argument("text", nargs="?", help="the question (omit with --jsonl)")
    answer.add_argument("--lang", type=language, default=None, help="answer in this language")
    answer.add_argument("--municipality", default=None, help="municipality code (default: the demo)")
    answer.add_argument("--json", action="store_true", help="print JSON (the default for --jsonl)")
    answer.add_argument(
        "--jsonl", metavar="FILE", default=None, help='one {"text", "lang"?} object per line; "-" for stdin'
    )


def _render(lines: list[Line], lang: str) -> str:
    from dialogs.render import render_line

    return "\n\n".join(render_line(line, lang) for line in lines)


def answer(text: str, lang: str | None, municipality: Municipality) -> dict[str, Any]:
    """The bot's answer to one question, as the JSON object `answer` prints."""
    detected_lang = None
    if lang is None:  # a given language is the answer language: no need to guess
        detected = language_detect.detect(text)
        detected_lang = detected.lang if detected.confidence >= language_detect.SURE else None
    shown = lang or detected_lang or "nl"
    signal = safety.check(text)
    if signal is not None:
        lines = list(safety.emergency_reply(municipality, signal).body)
        return {
            "topic": matcher.NONE,
            "confidence": 1.0,
            "confident": True,
            "candidates": [],
            "lang": shown,
            "detected_lang": detected_lang,
            "answer": _render(lines, shown),
            "answer_nl": _render(lines, "nl"),
            "emergency": True,
            "signals": sorted(signal.kinds),
        }
    result = matcher.understand(text)
    text_out = text_nl = None
    if result.topic_id is not None and result.confident:
        title = Msg(explainers.TOPICS_BY_ID[result.topic_id].label)
        lines = [title, *explainers.topic_lines(result.topic_id, municipality)]
        text_out, text_nl = _render(lines, shown), _render(lines, "nl")
    return {
        "topic": result.topic_id or matcher.NONE,
        "confidence": round(result.confidence, 4),
        "confident": result.confident,
        "candidates": [m.topic_id for m in result.candidates] if not result.confident else [],
        "lang": shown,
        "detected_lang": detected_lang,
        "answer": text_out,
        "answer_nl": text_nl,
        "emergency": False,
    }


def _requests(stream: IO[str]) -> Iterator[tuple[int, str, str | None]]:
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise AnswerInputError(f"line {number}: not JSON ({exc.msg})") from exc
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            raise AnswerInputError(f'line {number}: expected an object with a "text" string')
        lang = item.get("lang")
        if lang is not None:
            try:
                lang = normalize_language(str(lang))
            except UnknownLanguageError as exc:
                raise AnswerInputError(f"line {number}: {exc}") from exc
        yield number, item["text"], lang


def run_answer(args: argparse.Namespace, settings: Settings) -> int:
    """Input the user can fix (a bad line, a missing file) prints one line and exits 1."""
    try:
        return _run(args, settings)
    except (AnswerInputError, OSError) as exc:
        print(f"inburgerbot: {exc}", file=sys.stderr)
        return 1


def _run(args: argparse.Namespace, settings: Settings) -> int:
    if (args.text is None) == (args.jsonl is None):
        raise AnswerInputError('give either a question ("TEXT") or --jsonl FILE')
    municipalities = load_municipalities(settings.municipalities_dir)
    code = args.municipality or settings.default_municipality
    if code not in municipalities:
        raise AnswerInputError(f"unknown municipality '{code}'; known: {', '.join(sorted(municipalities))}")
    municipality = municipalities[code]
    if args.text is not None:
        result = answer(args.text, args.lang, municipality)
        if args.json:
            print(json.dumps(result, ensure_ascii=False))
        else:
            maybe = ", ".join(result["candidates"])
            print(result["answer"] or f"(no answer: topic {result['topic']}, maybe {maybe})")
        return 0
    stream = sys.stdin if args.jsonl == "-" else open(args.jsonl, encoding="utf-8")  # a typo fails fast
    matcher.default_matcher()  # built once, before the first line, so every line costs the same
    language_detect.default_detector()
    try:
        out = sys.stdout
        for _, text, lang in _requests(stream):
            out.write(json.dumps(answer(text, lang or args.lang, municipality), ensure_ascii=False) + "\n")
        out.flush()
    finally:
        if stream is not sys.stdin:
            stream.close()
    return 0

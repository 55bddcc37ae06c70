"""`inburgerbot translate`: machine-translate a text, or list the installed language pairs.

    inburgerbot translate --from ar --to nl "TEXT"
    inburgerbot translate --list

The translation goes to standard output and a note that it is machine-made to standard error (so
the output can be piped); `--json` prints both in one object. Problems print one line and exit 1.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Callable

from inburgerbot.settings import Settings
from locales.languages import SUPPORTED
from translation.factory import argos_packages_dir, build_translation_service
from translation.results import LanguagePair, NoTranslation, TranslationResult, TranslationService

EXIT_FAILURE = 1
EXIT_USAGE = 2


def add_translate_parser(
    sub: argparse._SubParsersAction,  # type: ignore[type-arg]
    language: Callable[[str], str],
) -> None:
    """The `translate` subcommand; `language` validates and normalises a language code."""
    cmd = sub.add_parser("translate", help="machine-translate a text offline (Argos Translate)")
    cmd.add_argument("text", nargs="?", help="the text to translate")
    cmd.add_argument("--from", dest="src", type=language, help=f"source language ({' '.join(SUPPORTED)})")
    cmd.add_argument("--to", dest="dst", type=language, help="target language")
    cmd.add_argument("--list", action="store_true", help="list the installed language pairs")
    cmd.add_argument("--json", action="store_true", help="print JSON")


def run_translate(args: argparse.Namespace, settings: Settings) -> int:
    """Run the subcommand; returns the exit code."""
    if not args.list and (args.text is None or args.src is None or args.dst is None):
        return _fail(
            'give --from, --to and a text, e.g. translate --from ar --to nl "…", or use --list', EXIT_USAGE
        )
    if args.list and args.text is not None:
        return _fail("--list takes no text", EXIT_USAGE)
    service = build_translation_service(settings)
    try:
        if args.list:
            return _list(asyncio.run(service.available_pairs()), settings, as_json=args.json)
        result = asyncio.run(service.translate(args.text, args.src, args.dst))
        return _show(result, service, settings, as_json=args.json)
    finally:
        service.close()


def _list(pairs: list[LanguagePair], settings: Settings, *, as_json: bool) -> int:
    if as_json:
        print(json.dumps([{"from": p.src, "to": p.dst, "via": p.via} for p in pairs]))
        return 0
    if not pairs:
        print(f"no translation models installed in {argos_packages_dir(settings)}", file=sys.stderr)
        return 0
    print("\n".join(str(p) for p in pairs))
    return 0


def _show(
    result: TranslationResult, service: TranslationService, settings: Settings, *, as_json: bool
) -> int:
    if isinstance(result, NoTranslation):
        return _fail(_why_not(result, service, settings), EXIT_FAILURE)
    if as_json:
        print(
            json.dumps(
                {
                    "text": result.text,
                    "from": result.src,
                    "to": result.dst,
                    "route": list(result.route),
                    "machine": result.machine,
                },
                ensure_ascii=False,
            )
        )
        return 0
    print(result.text)
    if result.machine:
        print(f"(machine translation {result.pair})", file=sys.stderr)
    return 0


def _why_not(result: NoTranslation, service: TranslationService, settings: Settings) -> str:
    if result.reason == "not_installed":
        return (
            "machine translation is not installed; install the extra: pip install torch==2.13.0 && "
            "pip install -e '.[translate]' (see README, Machine translation)"
        )
    if result.reason == "no_model":
        pairs = asyncio.run(service.available_pairs())
        have = ", ".join(f"{p.src}→{p.dst}" for p in pairs) or "none"
        return (
            f"no translation model for {result.src} → {result.dst} in {argos_packages_dir(settings)} "
            f"(installed: {have})"
        )
    if result.reason == "too_long":
        return "the text is too long to translate at once; split it"
    return f"the translation model for {result.src} → {result.dst} could not translate this text"


def _fail(message: str, code: int) -> int:
    print(f"inburgerbot: {message}", file=sys.stderr)
    return code
